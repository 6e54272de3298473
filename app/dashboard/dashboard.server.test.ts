import type { DatabaseHandle } from "#db/client.server";
import { candidates, credentials, credentialSkills, trustedIssuers, verdictChanges } from "#db/schema/index";
import { listVerifiedSkills } from "#db/queries/candidates.server";
import { testDatabaseKinds } from "#db/test-databases";
import { cliActor } from "#app/audit/audit.server";
import type { CheckResult, Verdict, VerificationReport } from "#app/verification/report";
import { setVerifiedPolicy } from "#app/verification/verified-policy.server";
import {
  bucketStarts,
  countSubmissionsOverTime,
  countTotals,
  countVerdictChanges,
  countVerificationOutcomes,
  getDashboard,
  getOutcomesCached,
  listTopIssuers,
  startOfWeek,
} from "./dashboard.server";

/** Thursday; the week began on Monday 23 November 2026 (UTC). */
const NOW = new Date("2026-11-26T12:00:00Z");
const DAY = 86_400_000;
const ALPHA = "did:web:alpha.example.edu";
const BETA = "did:web:beta.example.org";

type IssuerOutcome = "pass" | "indeterminate" | "not-applicable" | null;

function report(
  verdict: Verdict,
  issuer: IssuerOutcome,
  decisive?: Pick<CheckResult, "id" | "outcome" | "code">,
): VerificationReport {
  const check = (id: CheckResult["id"], outcome: CheckResult["outcome"], code: string): CheckResult => ({
    id,
    outcome,
    code,
    message: "…",
  });
  // A failed holder check comes first: it must never be taken for the reason of a verdict (decision 007).
  const checks = [
    check("holder", "fail", "holder-mismatch"),
    check("format", "pass", "well-formed"),
    check("proof", "pass", "signature-valid"),
  ];
  if (decisive) checks.push(check(decisive.id, decisive.outcome, decisive.code));
  if (issuer)
    checks.push(
      check("issuer", issuer, issuer === "pass" ? "listed" : issuer === "indeterminate" ? "not-listed" : "no-registry"),
    );
  return { input: "test", verdict, checks, credentials: [], skills: [], checkedAt: NOW.toISOString() };
}

describe.each(testDatabaseKinds())("dashboard aggregates on $name", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await kind.open();
  });
  afterAll(() => handle?.close());

  it("shows zeros and empty lists on an empty database", async () => {
    const dashboard = await getDashboard(handle.db, { now: NOW, period: "day" });
    expect(dashboard.totals).toEqual({ candidates: 0, credentials: 0, verifiedCredentials: 0 });
    expect(dashboard.submissions.buckets).toHaveLength(30);
    expect(dashboard.submissions.buckets.every((b) => b.verified + b.failed + b.indeterminate === 0)).toBe(true);
    expect(dashboard.policy).toBe("any-issuer");
    expect(dashboard.outcomes).toEqual({
      verified: 0,
      unregistered: 0,
      failed: [],
      indeterminate: [],
      trust: { trusted: 0, untrusted: 0, "no-registry": 0, "not-checked": 0 },
    });
    expect(dashboard.topSkills).toEqual([]);
    expect(dashboard.topIssuers).toEqual([]);
    expect(dashboard.changes).toMatchObject({ since: "2026-11-23T00:00:00.000Z", sinceMonday: [] });
    expect(dashboard.changes.weekly).toHaveLength(8);
    expect(dashboard.demoInvitationPath).toBeNull();
  });

  describe("on a small known dataset", () => {
    beforeAll(async () => {
      const { db } = handle;
      await db.insert(candidates).values(
        ["c1", "c2", "c3"].map((id) => ({
          id,
          displayName: id,
          email: `${id}@example.com`,
          consentedAt: NOW,
          consentTextVersion: "t",
        })),
      );
      await db.insert(trustedIssuers).values({ issuerId: ALPHA, name: "Alpha College", registry: "test" });
      const rows: [string, string, Verdict, VerificationReport, string | null, Date][] = [
        ["k1", "c1", "verified", report("verified", "pass"), ALPHA, new Date(NOW.getTime() - 3_600_000)],
        // 23:30 UTC the day before: counted on the 25th whatever the server's time zone.
        ["k2", "c1", "verified", report("verified", "indeterminate"), BETA, new Date("2026-11-25T23:30:00Z")],
        [
          "k3",
          "c2",
          "failed",
          report("failed", "pass", { id: "proof", outcome: "fail", code: "signature-mismatch" }),
          ALPHA,
          new Date("2026-11-20T08:00:00Z"),
        ],
        [
          "k4",
          "c2",
          "failed",
          report("failed", "pass", { id: "status", outcome: "fail", code: "revoked" }),
          ALPHA,
          new Date(NOW.getTime() - 40 * DAY),
        ],
        [
          "k5",
          "c3",
          "indeterminate",
          report("indeterminate", "not-applicable", {
            id: "status",
            outcome: "indeterminate",
            code: "status-unreachable",
          }),
          BETA,
          new Date("2026-11-26T00:00:00Z"),
        ],
        ["k6", "c3", "verified", report("verified", "pass"), ALPHA, new Date(NOW.getTime() - 200 * DAY)],
        [
          "k7",
          "c3",
          "failed",
          report("failed", null, { id: "format", outcome: "fail", code: "invalid-structure" }),
          null,
          new Date("2026-11-10T12:00:00Z"),
        ],
      ];
      await db.insert(credentials).values(
        rows.map(([id, candidateId, verdict, r, issuerId, submittedAt]) => ({
          id,
          candidateId,
          verdict,
          report: r,
          issuerId,
          issuerName: issuerId === BETA ? "Beta Academy" : "Alpha (as the credential says)",
          rawText: "{}",
          contentHash: id,
          source: "test",
          format: "obv3",
          verifiedAt: submittedAt,
          submittedAt,
        })),
      );
      const change = (credentialId: string, toVerdict: Verdict, reason: string | null, changedAt: string) => ({
        credentialId,
        fromVerdict: toVerdict === "verified" ? "failed" : "verified",
        toVerdict,
        reason,
        changedAt: new Date(changedAt),
      });
      await db.insert(verdictChanges).values([
        change("k4", "failed", "revoked", "2026-11-24T10:00:00Z"),
        change("k3", "failed", "revoked", "2026-11-25T10:00:00Z"),
        change("k7", "failed", "expired", "2026-11-23T00:00:00Z"), // the first instant of the week counts
        change("k1", "verified", null, "2026-11-25T11:00:00Z"),
        change("k6", "failed", "revoked", "2026-11-22T23:59:59Z"), // Sunday: last week
        change("k6", "failed", "expired", "2026-09-01T00:00:00Z"), // before the eight weeks
      ]);
    });

    it("counts credentials received per day in UTC, by current verdict, with the days in between", async () => {
      const days = await countSubmissionsOverTime(handle.db, { now: NOW, period: "day", policy: "any-issuer" });
      expect(days).toHaveLength(30);
      expect(days[0].start).toBe("2026-10-28");
      expect(days.at(-1)).toEqual({ start: "2026-11-26", verified: 1, failed: 0, indeterminate: 1, unregistered: 0 });
      expect(days.at(-2)).toEqual({ start: "2026-11-25", verified: 1, failed: 0, indeterminate: 0, unregistered: 0 });
      expect(days.find((d) => d.start === "2026-11-20")).toEqual({
        start: "2026-11-20",
        verified: 0,
        failed: 1,
        indeterminate: 0,
        unregistered: 0,
      });
      expect(days.reduce((n, d) => n + d.verified + d.failed + d.indeterminate, 0)).toBe(5); // k4 and k6 are older
    });

    it("counts per week from Monday over twelve weeks", async () => {
      const weeks = await countSubmissionsOverTime(handle.db, { now: NOW, period: "week", policy: "any-issuer" });
      expect(weeks).toHaveLength(12);
      expect(weeks.at(-1)).toEqual({ start: "2026-11-23", verified: 2, failed: 0, indeterminate: 1, unregistered: 0 });
      expect(weeks.at(-2)).toEqual({ start: "2026-11-16", verified: 0, failed: 1, indeterminate: 0, unregistered: 0 });
      expect(weeks.find((w) => w.start === "2026-10-12")).toEqual({
        start: "2026-10-12",
        verified: 0,
        failed: 1,
        indeterminate: 0,
        unregistered: 0,
      });
      expect(weeks.reduce((n, w) => n + w.verified + w.failed + w.indeterminate, 0)).toBe(6); // k6 is older
    });

    it("gives verified, failures by the decisive check's code, could-not-check by reason, and issuer trust", async () => {
      expect(await countVerificationOutcomes(handle.db, "any-issuer")).toEqual({
        verified: 3,
        unregistered: 0,
        failed: [
          { reason: "invalid-structure", count: 1 },
          { reason: "revoked", count: 1 },
          { reason: "signature-mismatch", count: 1 },
        ],
        indeterminate: [{ reason: "status-unreachable", count: 1 }],
        trust: { trusted: 4, untrusted: 1, "no-registry": 1, "not-checked": 1 },
      });
    });

    it("ranks issuers by verified credentials, named by the trust registry when listed", async () => {
      expect(await listTopIssuers(handle.db, "any-issuer")).toEqual([
        { issuerId: ALPHA, name: "Alpha College", credentials: 2, trusted: true },
        { issuerId: BETA, name: "Beta Academy", credentials: 1, trusted: false },
      ]);
    });

    it("counts verdict changes since Monday 00:00 UTC, and per week", async () => {
      const changes = await countVerdictChanges(handle.db, { now: NOW });
      expect(changes.since).toBe("2026-11-23T00:00:00.000Z");
      expect(changes.sinceMonday).toEqual([
        { toVerdict: "failed", reason: "revoked", count: 2 },
        { toVerdict: "failed", reason: "expired", count: 1 },
        { toVerdict: "verified", reason: "unknown", count: 1 },
      ]);
      expect(changes.weekly.map((w) => w.start)).toEqual(
        bucketStarts(NOW, "week", 8).map((d) => d.toISOString().slice(0, 10)),
      );
      expect(changes.weekly.at(-1)).toEqual({ start: "2026-11-23", verified: 1, failed: 3, indeterminate: 0 });
      expect(changes.weekly.at(-2)).toEqual({ start: "2026-11-16", verified: 0, failed: 1, indeterminate: 0 });
      expect(changes.weekly.reduce((n, w) => n + w.verified + w.failed + w.indeterminate, 0)).toBe(5);
    });

    it("counts a valid signature from an unregistered issuer apart, not as verified, under the registered-issuers policy", async () => {
      // k2 is the one verified credential whose issuer (Beta) is not on the registry.
      const policy = "registered-issuers";
      const days = await countSubmissionsOverTime(handle.db, { now: NOW, period: "day", policy });
      expect(days.at(-2)).toEqual({ start: "2026-11-25", verified: 0, failed: 0, indeterminate: 0, unregistered: 1 });
      expect(days.at(-1)).toEqual({ start: "2026-11-26", verified: 1, failed: 0, indeterminate: 1, unregistered: 0 });
      const outcomes = await countVerificationOutcomes(handle.db, policy);
      expect(outcomes).toMatchObject({ verified: 2, unregistered: 1 });
      // Failures, could-not-check and issuer trust do not depend on what "verified" means.
      const asBefore = await countVerificationOutcomes(handle.db, "any-issuer");
      expect({ ...outcomes, verified: 0, unregistered: 0 }).toEqual({ ...asBefore, verified: 0, unregistered: 0 });
      expect(await listTopIssuers(handle.db, policy)).toEqual([
        { issuerId: ALPHA, name: "Alpha College", credentials: 2, trusted: true },
      ]);
      expect(await countTotals(handle.db, policy)).toEqual({ candidates: 3, credentials: 7, verifiedCredentials: 2 });
      expect(await countTotals(handle.db, "any-issuer")).toEqual({
        candidates: 3,
        credentials: 7,
        verifiedCredentials: 3,
      });
    });

    it("applies the admin's policy to the whole dashboard, top skills included", async () => {
      const { db } = handle;
      const skill = (credentialId: string, candidateId: string, key: string) =>
        ({
          credentialId,
          candidateId,
          skillKey: key,
          label: key.slice(5),
          mapping: "name",
          source: "alignment",
        }) as const;
      // Welding: c1 from Alpha (registered) and from Beta; Rigging: c1 from Beta only; Masonry: c3 from Alpha.
      await db
        .insert(credentialSkills)
        .values([
          skill("k1", "c1", "name:welding"),
          skill("k2", "c1", "name:welding"),
          skill("k2", "c1", "name:rigging"),
          skill("k6", "c3", "name:masonry"),
        ]);
      // Under the default policy (read directly: the dashboard's default-policy list was cached on the empty database).
      const anyIssuer = await listVerifiedSkills(db, { registeredOnly: false });
      expect(anyIssuer.map((s) => [s.key, s.candidates])).toEqual([
        ["name:masonry", 1],
        ["name:rigging", 1],
        ["name:welding", 1],
      ]);
      await setVerifiedPolicy(db, cliActor(), "registered-issuers");
      try {
        const dashboard = await getDashboard(db, { now: NOW, period: "week" });
        expect(dashboard.policy).toBe("registered-issuers");
        expect(dashboard.totals.verifiedCredentials).toBe(2);
        expect(dashboard.submissions.buckets.at(-1)).toEqual({
          start: "2026-11-23",
          verified: 1,
          failed: 0,
          indeterminate: 1,
          unregistered: 1,
        });
        expect(dashboard.outcomes).toMatchObject({ verified: 2, unregistered: 1 });
        expect(dashboard.topIssuers.map((i) => i.issuerId)).toEqual([ALPHA]);
        expect(dashboard.topSkills).toEqual([
          { key: "name:masonry", label: "masonry", candidates: 1 },
          { key: "name:welding", label: "welding", candidates: 1 },
        ]);
      } finally {
        await setVerifiedPolicy(db, cliActor(), "any-issuer");
      }
    });

    it("serves the outcomes stale for 30 seconds, then refreshes them in the background", async () => {
      // Well after the empty-database test cached its figures: this call starts a refresh.
      const t0 = new Date(NOW.getTime() + 3_600_000);
      const current = await countVerificationOutcomes(handle.db, "any-issuer");
      await vi.waitFor(async () => expect(await getOutcomesCached(handle.db, t0, "any-issuer")).toEqual(current));
      await handle.db.insert(credentials).values({
        id: "k8",
        candidateId: "c1",
        verdict: "verified",
        report: report("verified", "pass"),
        issuerId: ALPHA,
        rawText: "{}",
        contentHash: "k8",
        source: "test",
        format: "obv3",
        verifiedAt: NOW,
        submittedAt: NOW,
      });
      expect(await getOutcomesCached(handle.db, new Date(t0.getTime() + 10_000), "any-issuer")).toEqual(current);
      const later = new Date(t0.getTime() + 31_000);
      expect((await getOutcomesCached(handle.db, later, "any-issuer")).verified).toBe(3); // the stale answer; a refresh started
      await vi.waitFor(async () => expect((await getOutcomesCached(handle.db, later, "any-issuer")).verified).toBe(4));
    });
  });
});

it("starts weeks on Monday, in UTC", () => {
  expect(startOfWeek(new Date("2026-11-23T00:00:00Z")).toISOString()).toBe("2026-11-23T00:00:00.000Z");
  expect(startOfWeek(new Date("2026-11-29T23:59:59Z")).toISOString()).toBe("2026-11-23T00:00:00.000Z");
  expect(startOfWeek(new Date("2026-11-30T00:00:00Z")).toISOString()).toBe("2026-11-30T00:00:00.000Z");
});
