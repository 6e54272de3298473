/** The candidate page's read model: what a recruiter sees of each credential, and that every view is recorded. */
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { testDatabaseKinds } from "#db/test-databases";
import { credentials } from "#db/schema/index";
import { listAuditEvents, type AuditActor } from "#app/audit/audit.server";
import { generateIssuerKey, issueOpenBadge, signCredential } from "#app/demo/issuer.server";
import { submitItems } from "#app/ingest/submit.server";
import { createVerifier } from "#app/verification/verifier.server";
import type { VerificationReport } from "#app/verification/report";
import { getCandidateProfile, toCandidateProfile, viewCandidateProfile } from "./candidate-profile.server";

const NOW = new Date("2030-01-01T09:00:00Z");
const DAY = 24 * 60 * 60 * 1000;
const VIEWER: AuditActor = { id: "staff_1", label: "rec@example.com", from: "192.0.2.7" };
const WELDING = {
  targetName: "Shielded metal arc welding",
  targetUrl: "https://skills.example.org/smaw",
  targetFramework: "Example",
};
const CRANES = {
  targetName: "Tower crane operation",
  targetUrl: "https://skills.example.org/cranes",
  targetFramework: "Example",
};
const RIGGING = { targetName: "Rigging", targetUrl: "https://skills.example.org/rigging", targetFramework: "Example" };

describe.each(testDatabaseKinds())("the candidate page on $name", (kind) => {
  let handle: DatabaseHandle;
  let candidateId: string;

  beforeAll(async () => {
    handle = await kind.open();
    const now = () => NOW;
    const issuer = await generateIssuerKey({ name: "Harbour Trade School" });
    const person = { name: "Morgan Quay", email: "morgan@example.com" };
    const badge = (name: string, alignments: (typeof WELDING)[], validUntil?: Date) =>
      issueOpenBadge(issuer, {
        subject: person,
        achievement: { name, description: `${name}.`, alignments },
        validFrom: new Date(NOW.getTime() - 400 * DAY),
        validUntil,
      });
    const clr = await signCredential(issuer, {
      "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
      ],
      id: "urn:uuid:6f0b4f0e-2d1c-4c3a-9e51-1f2e3d4c5b6a",
      type: ["VerifiableCredential", "ClrCredential"],
      name: "Transcript",
      issuer: { id: issuer.did, type: ["Profile"], name: issuer.name },
      validFrom: new Date(NOW.getTime() - 30 * DAY).toISOString(),
      credentialSubject: {
        type: ["ClrSubject"],
        verifiableCredential: [await badge("Welding", [WELDING]), await badge("Cranes", [CRANES])],
      },
    });
    const expired = await badge("Rigging", [RIGGING], new Date(NOW.getTime() - 5 * DAY));
    const outcomes = await submitItems(
      { db: handle.db, verify: createVerifier(now), now },
      { ...person, consent: true },
      [
        { type: "text", text: JSON.stringify(clr), source: "upload:transcript.json" },
        { type: "text", text: JSON.stringify(expired), source: "pasted text" },
      ],
    );
    if (!outcomes.every((o) => o.status === "stored")) throw new Error(JSON.stringify(outcomes).slice(0, 300));
    candidateId = (outcomes[0] as { candidateId: string }).candidateId;
  });
  afterAll(() => handle?.close());

  it("shows each credential's verdict and every top-level check of its stored report, without the evidence or the raw text", async () => {
    const profile = (await getCandidateProfile(handle.db, candidateId))!;
    const stored = await handle.db.select().from(credentials).where(eq(credentials.candidateId, candidateId));
    expect(profile.credentials).toHaveLength(2);
    for (const shown of profile.credentials) {
      const row = stored.find((r) => r.id === shown.id)!;
      const report = row.report as VerificationReport;
      expect(shown.verdict).toBe(row.verdict);
      expect(shown.checks).toEqual(
        report.checks.map(({ id, outcome, code, message }) => ({ id, outcome, code, message })),
      );
    }
    const [clr, rigging] = [
      profile.credentials.find((c) => c.format === "clr")!,
      profile.credentials.find((c) => c.format === "obv3")!,
    ];
    expect(clr).toMatchObject({
      verdict: "verified",
      issuerName: "Harbour Trade School",
      source: "upload:transcript.json",
    });
    expect(clr.checks.map((c) => c.id)).toContain("credentials");
    expect(clr.skills).toEqual(["Shielded metal arc welding", "Tower crane operation"]);
    expect(rigging).toMatchObject({ verdict: "failed", skills: ["Rigging"] });
    expect(rigging.checks.find((c) => c.id === "validity")?.outcome).toBe("fail");
    // Nothing the page does not show: the raw text (its proof), the member reports, the checks' evidence.
    expect(JSON.stringify(profile.credentials)).not.toMatch(/proofValue|"evidence"|"credentialSubject"|"Signed at"/);
    for (const check of profile.credentials.flatMap((c) => c.checks))
      expect(Object.keys(check).sort()).toEqual(["code", "id", "message", "outcome"]);
    expect(new Date(clr.submittedAt).toISOString()).toBe(clr.submittedAt);
  });

  it("lists the CLR's skills as verified and the expired badge's as claimed, each with its evidence", async () => {
    const profile = (await getCandidateProfile(handle.db, candidateId))!;
    expect(profile.verifiedSkills.map((s) => s.label)).toEqual(["Shielded metal arc welding", "Tower crane operation"]);
    expect(profile.claimedSkills.map((s) => s.label)).toEqual(["Rigging"]);
    expect(profile.resumeSkills).toEqual([]);
    const welding = profile.verifiedSkills[0]!;
    expect(welding.evidence).toEqual([
      expect.objectContaining({
        verdict: "verified",
        mapping: "url",
        targetUrl: WELDING.targetUrl,
        selfAsserted: false,
        issuerName: "Harbour Trade School",
      }),
    ]);
    expect(welding.evidence[0]!.credentialId).toBe(profile.credentials.find((c) => c.format === "clr")!.id);
  });

  it("records every view, before it is shown; a missing candidate is not found and records nothing", async () => {
    const viewsOf = async (id: string) =>
      (await listAuditEvents(handle.db, { action: "candidate.view", subjectId: id })).length;
    const page = await viewCandidateProfile(handle.db, candidateId, VIEWER);
    expect(page?.candidate.displayName).toBe("Morgan Quay");
    expect(await viewsOf(candidateId)).toBe(1);
    const [entry] = await listAuditEvents(handle.db, { action: "candidate.view", subjectId: candidateId });
    expect(entry).toMatchObject({
      actor: VIEWER.label,
      actorId: VIEWER.id,
      fromAddress: VIEWER.from,
      subjectType: "candidate",
    });
    await viewCandidateProfile(handle.db, candidateId, VIEWER);
    expect(await viewsOf(candidateId)).toBe(2);

    expect(await viewCandidateProfile(handle.db, "cand_missing", VIEWER)).toBeNull();
    expect(await viewsOf("cand_missing")).toBe(0);
  });

  it("gives each credential its card fields, read from the stored text, the same on the next view", async () => {
    const page = (await viewCandidateProfile(handle.db, candidateId, VIEWER))!;
    const rigging = page.credentials.find((c) => c.achievementName === "Rigging")!;
    expect(rigging.card).toMatchObject({
      kind: "Open Badge 3.0",
      name: "Rigging",
      description: "Rigging.",
      hasImage: false,
    });
    expect(rigging.validUntil).toBe(new Date(NOW.getTime() - 5 * DAY).toISOString().replace(/\.000Z$/, "Z"));
    expect(page.credentials.find((c) => c.format === "clr")?.card.kind).toBe("Comprehensive Learner Record");
    const again = (await viewCandidateProfile(handle.db, candidateId, VIEWER))!;
    expect(again.credentials.map((c) => c.card)).toEqual(page.credentials.map((c) => c.card));
  });

  it("shows nothing when the view cannot be recorded", async () => {
    const failingInsert = new Proxy(handle.db, {
      get: (target, key) =>
        key === "insert"
          ? () => {
              throw new Error("audit trail unavailable");
            }
          : Reflect.get(target, key),
    });
    await expect(viewCandidateProfile(failingInsert, candidateId, VIEWER)).rejects.toThrow("audit trail unavailable");
  });

  it("offers the shortlists by name, newest first", async () => {
    const { ensureShortlist } = await import("#db/queries/shortlists.server");
    await ensureShortlist(handle.db, "list_a", "Crane crew");
    await new Promise((resolve) => setTimeout(resolve, 5));
    await ensureShortlist(handle.db, "list_b", "Welders, Leeds");
    expect((await viewCandidateProfile(handle.db, candidateId, VIEWER))?.shortlists).toEqual([
      "Welders, Leeds",
      "Crane crew",
    ]);
  });
});

describe("issuer trust on the candidate page (issue 11, finding 6)", () => {
  const line = (id: string, issuerOutcome: "pass" | "indeterminate") => ({
    id,
    achievementName: id,
    issuerName: "Some issuer",
    issuerId: "did:key:z6Mk",
    format: "obv3",
    verdict: "verified" as const,
    source: "paste",
    submittedAt: new Date("2026-01-01T00:00:00Z"),
    checks: [{ id: "issuer" as const, outcome: issuerOutcome, message: "…" }],
    skills: [
      {
        skillKey: `skill-${id}`,
        label: `Skill ${id}`,
        mapping: "name",
        framework: null,
        targetUrl: null,
        selfAsserted: false,
      },
    ],
  });
  it("tells a verified skill from a registered issuer apart from one whose issuer is not on the registry", () => {
    const profile = toCandidateProfile({ id: "c", displayName: "C", email: "c@example.com", headline: null }, [
      line("a", "pass"),
      line("b", "indeterminate"),
    ]);
    expect(profile.verifiedSkills.map((s) => [s.label, s.fromRegisteredIssuer])).toEqual([
      ["Skill a", true],
      ["Skill b", false],
    ]);
  });
});
