import type { DatabaseHandle } from "#db/client.server";
import { testDatabaseKinds } from "#db/test-databases";
import { generateIssuerKey, issueOpenBadge, type SerializedIssuerKey } from "#app/demo/issuer.server";
import { submitItems } from "#app/ingest/submit.server";
import { createVerifier } from "#app/verification/verifier.server";
import { testClock } from "#app/auth/test-helpers";
import { SYSTEM_ACTOR } from "#app/audit/audit.server";
import { eq } from "drizzle-orm";
import { acceptPassedInBulk, BULK_ACCEPT_REASON, recordReview } from "./decisions.server";
import { getDecisionMarkers, getLatestDecisionsOfCandidate } from "./latest-decisions.server";
import { findNextInQueue, listReviewQueue } from "./queue.server";
import { parseQueueQuery, type QueueFilter } from "./queue-params";
import { auditEvents, candidates, credentials } from "#db/schema/index";
import type { VerificationReport } from "#app/verification/report";

async function badgeFor(issuer: SerializedIssuerKey, person: { name: string; email: string }, name: string) {
  return issueOpenBadge(issuer, {
    subject: person,
    achievement: { name, description: `${name}.`, alignments: [] },
    validFrom: new Date("2029-01-01T00:00:00Z"),
  });
}

describe.each(testDatabaseKinds())("the review queue on $name", (kind) => {
  let handle: DatabaseHandle;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    handle = await kind.open();
    const clock = testClock();
    const trusted = await generateIssuerKey({ name: "Listed College" });
    const unlisted = await generateIssuerKey({ name: "Unknown Academy" });
    const verify = createVerifier(clock.now, {
      trustRegistry: async () => ({
        lookup: (id) => (id === trusted.did ? { name: "Listed College", registry: "Test" } : null),
      }),
    });
    const deps = { db: handle.db, verify, now: clock.now };
    const ada = { name: "Ada", email: "ada@example.com" };
    const submit = async (key: string, person: { name: string; email: string }, document: unknown) => {
      clock.advance(60_000);
      const [outcome] = await submitItems(deps, { ...person, consent: true }, [
        { type: "text", text: JSON.stringify(document), source: "paste" },
      ]);
      if (outcome?.status !== "stored") throw new Error(`not stored: ${JSON.stringify(outcome)}`);
      ids[key] = outcome.credentialId;
    };
    // Submitted in this order, a minute apart: the queue shows the oldest first.
    await submit("trusted", ada, await badgeFor(trusted, ada, "Welding"));
    const tampered = await badgeFor(trusted, ada, "Rigging");
    (tampered.credentialSubject.achievement as { name: string }).name = "Master Rigging";
    await submit("failed", ada, tampered);
    const unsupported = await badgeFor(unlisted, ada, "Plumbing");
    (unsupported.proof as unknown as { type: string }).type = "BbsBlsSignature2020";
    await submit("indeterminate", ada, unsupported);
    // Issued to Ada, submitted by Eve.
    await submit("holder", { name: "Eve", email: "eve@example.com" }, await badgeFor(unlisted, ada, "Masonry"));
  });
  afterAll(() => handle?.close());

  const titles = async (filter: QueueFilter, status: "waiting" | "decided" = "waiting") =>
    (await listReviewQueue(handle.db, { status, filter, page: 1 })).items.map((i) => i.credentialId);

  it("lists every undecided credential, the oldest submission first, with its candidate, issuer and verdict", async () => {
    const page = await listReviewQueue(handle.db, { status: "waiting", filter: "all", page: 1 });
    expect(page.items.map((i) => i.credentialId)).toEqual([ids.trusted, ids.failed, ids.indeterminate, ids.holder]);
    expect(page.items[0]).toMatchObject({
      candidateName: "Ada",
      achievementName: "Welding",
      issuer: "Listed College",
      verdict: "verified",
      decision: null,
    });
    expect(page.items[3]).toMatchObject({ candidateName: "Eve", issuer: "Unknown Academy" });
    expect(page.pageCount).toBe(1);
  });

  it("filters by outcome in SQL and counts each filter", async () => {
    expect(await titles("failed")).toEqual([ids.failed]);
    expect(await titles("indeterminate")).toEqual([ids.indeterminate]);
    // The issuer check did not pass: the tampered one names a listed issuer (a forgery can; the verdict says so).
    expect(await titles("untrusted-issuer")).toEqual([ids.indeterminate, ids.holder]);
    expect(await titles("holder-mismatch")).toEqual([ids.holder]);
    const { counts } = await listReviewQueue(handle.db, { status: "waiting", filter: "all", page: 1 });
    expect(counts).toEqual({
      attention: 3,
      all: 4,
      failed: 1,
      indeterminate: 1,
      "untrusted-issuer": 2,
      "holder-mismatch": 1,
      passed: 1,
    });
  });

  it("opens on the credentials that need attention; the rest passed every check", async () => {
    const opened = await listReviewQueue(handle.db, parseQueueQuery(new URLSearchParams()));
    expect(opened.query.filter).toBe("attention");
    expect(opened.items.map((i) => i.credentialId)).toEqual([ids.failed, ids.indeterminate, ids.holder]);
    expect(await titles("passed")).toEqual([ids.trusted]);
  });

  it("decide and next: the next credential waiting under the same filter, wrapping to the first", async () => {
    expect(await findNextInQueue(handle.db, "attention", ids.failed!)).toBe(ids.indeterminate);
    expect(await findNextInQueue(handle.db, "attention", ids.holder!)).toBe(ids.failed);
    expect(await findNextInQueue(handle.db, "passed", ids.trusted!)).toBeNull();
  });

  it("a decision moves a credential to the decided list; a note does not", async () => {
    await recordReview(handle.db, SYSTEM_ACTOR, ids.indeterminate!, {
      kind: "note",
      body: "Asked the issuer which suite this is.",
    });
    expect(await titles("all")).toContain(ids.indeterminate);
    await recordReview(handle.db, SYSTEM_ACTOR, ids.failed!, {
      kind: "reject",
      body: "The achievement name was altered.",
    });
    expect(await titles("all")).toEqual([ids.trusted, ids.indeterminate, ids.holder]);
    const decided = await listReviewQueue(handle.db, { status: "decided", filter: "all", page: 1 });
    expect(decided.items).toEqual([
      expect.objectContaining({
        credentialId: ids.failed,
        decision: expect.objectContaining({
          kind: "reject",
          by: "system",
          reason: "The achievement name was altered.",
        }),
      }),
    ]);
    expect(decided.statusCounts).toEqual({ waiting: 3, decided: 1 });
    expect(await titles("failed", "decided")).toEqual([ids.failed]);
    expect(await titles("holder-mismatch", "decided")).toEqual([]);
  });

  it("bulk acceptance decides only what is still waiting and passed every check, each with its audit entry", async () => {
    const accepted = await acceptPassedInBulk(handle.db, SYSTEM_ACTOR, [
      ids.trusted!,
      ids.holder!,
      ids.failed!,
      "no-such-id",
    ]);
    expect(accepted).toBe(1);
    expect(await titles("passed")).toEqual([]);
    expect(await titles("all")).toEqual([ids.indeterminate, ids.holder]);
    const audit = await handle.db.select().from(auditEvents).where(eq(auditEvents.subjectId, ids.trusted!));
    expect(audit.map((a) => [a.action, a.detail])).toEqual([
      ["decision", expect.objectContaining({ decision: "accept", bulk: true })],
    ]);
    // Accepting again changes nothing: it is decided now.
    expect(await acceptPassedInBulk(handle.db, SYSTEM_ACTOR, [ids.trusted!])).toBe(0);
  });

  it("recruiters see the latest decision per credential and one marker per candidate, a rejection first", async () => {
    const [ada] = await handle.db.select().from(candidates).where(eq(candidates.email, "ada@example.com"));
    const decisions = await getLatestDecisionsOfCandidate(handle.db, ada!.id);
    expect(decisions[ids.failed!]).toMatchObject({
      kind: "reject",
      reason: "The achievement name was altered.",
      achievementName: "Master Rigging",
    });
    expect(decisions[ids.trusted!]).toMatchObject({ kind: "accept", reason: BULK_ACCEPT_REASON });
    expect(decisions[ids.indeterminate!]).toBeUndefined(); // a note is not a decision
    const markers = await getDecisionMarkers(handle.db, [ada!.id, "nobody"]);
    expect(Object.keys(markers)).toEqual([ada!.id]);
    expect(markers[ada!.id]).toMatchObject({
      kind: "reject",
      rejected: 1,
      accepted: 1,
      latest: { credentialId: ids.failed },
    });
    // A later acceptance of the rejected credential replaces the rejection.
    await recordReview(handle.db, SYSTEM_ACTOR, ids.failed!, {
      kind: "accept",
      body: "The issuer confirmed the change.",
    });
    expect((await getDecisionMarkers(handle.db, [ada!.id]))[ada!.id]).toMatchObject({
      kind: "accept",
      accepted: 2,
      rejected: 0,
    });
  });

  it("a page past the end is empty, not an error", async () => {
    const page = await listReviewQueue(handle.db, { status: "waiting", filter: "all", page: 3 });
    expect(page.items).toEqual([]);
    expect(page.pageCount).toBe(1);
  });
});

describe.each(testDatabaseKinds())("a presentation stored whole in the review queue on $name", (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await kind.open();
    await handle.db.insert(candidates).values({
      id: "cand-vp",
      displayName: "Vera",
      email: "vera@example.com",
      consentedAt: new Date(),
      consentTextVersion: "test",
    });
    const issuerCheck = (outcome: "pass" | "fail" | "not-applicable", code: string) => ({
      id: "issuer" as const,
      outcome,
      code,
      message: "…",
    });
    const report = (checks: VerificationReport["checks"], members: VerificationReport[] = []): VerificationReport => ({
      input: "test",
      verdict: "verified",
      checks,
      credentials: members,
      skills: [],
      checkedAt: new Date().toISOString(),
    });
    const listed = report([issuerCheck("pass", "listed")]);
    const unlisted = report([issuerCheck("fail", "not-listed")]);
    const presentation = (...members: VerificationReport[]) =>
      report([issuerCheck("not-applicable", "see-credentials")], members);
    const stored = {
      "vp-listed": presentation(listed, listed),
      "vp-one-unlisted": presentation(listed, unlisted),
      "vp-empty": presentation(),
      "vc-listed": listed,
    };
    for (const [id, body] of Object.entries(stored)) {
      await handle.db.insert(credentials).values({
        id,
        candidateId: "cand-vp",
        rawText: id,
        contentHash: id,
        source: "test",
        format: body.checks[0]?.code === "see-credentials" ? "vp" : "obv3",
        verdict: "verified",
        report: body,
        verifiedAt: new Date(),
      });
    }
  });
  afterAll(() => handle?.close());

  it("counts it as untrusted only when a credential in it is; its own issuer check defers to them", async () => {
    const page = await listReviewQueue(handle.db, { status: "waiting", filter: "untrusted-issuer", page: 1 });
    expect(page.items.map((i) => i.credentialId).sort()).toEqual(["vp-empty", "vp-one-unlisted"]);
  });
});
