/** Issue 11, findings 3 to 5: a tampered copy never swallows the genuine credential; re-checks keep every identity
 * the credential was bound to; "could not check" is its own outcome line. */
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "#db/client.server";
import { loadCandidatesForIndex } from "#db/queries/candidates.server";
import { credentials } from "#db/schema/index";
import { testDatabaseKinds } from "#db/test-databases";
import { generateIssuerKey, issueOpenBadge, signCredential } from "#app/demo/issuer.server";
import { recheckCredentials } from "#app/review/recheck.server";
import { createVerifier } from "#app/verification/verifier.server";
import type { VerificationReport } from "#app/verification/report";
import { toOutcomeLine } from "./outcome-line";
import { toReceiptItem } from "./receipt";
import { storeVerifiedCredential, submitItems } from "./submit.server";

describe.each(testDatabaseKinds())("submission integrity on $name", (kind) => {
  let handle: DatabaseHandle;
  let issuer: Awaited<ReturnType<typeof generateIssuerKey>>;
  const now = () => new Date("2026-06-01T12:00:00Z");
  const deps = () => ({ db: handle.db, verify: createVerifier(now), now });
  const details = (email: string) => ({ name: "Gina", email, consent: true as const });
  const text = (value: unknown, source = "pasted text") => ({
    type: "text" as const,
    text: typeof value === "string" ? value : JSON.stringify(value),
    source,
  });

  beforeAll(async () => {
    handle = await kind.open();
    issuer = await generateIssuerKey({ name: "Integrity College" });
  });
  afterAll(() => handle?.close());

  const genuineBadge = (email: string, did?: string) =>
    issueOpenBadge(issuer, {
      subject: { name: "Gina", email, ...(did ? { did } : {}) },
      achievement: {
        name: "Crane Operation",
        description: "Operates cranes.",
        alignments: [{ targetName: "Crane operation", targetUrl: "https://example.org/skills/crane" }],
      },
      validFrom: new Date("2026-01-01T00:00:00Z"),
    });

  it("a tampered copy sent first is stored as a failed version; the genuine one is stored beside it and backs the skill", async () => {
    const genuine = await genuineBadge("gina@example.com");
    const tampered = structuredClone(genuine) as typeof genuine & {
      credentialSubject: { achievement: { name: string } };
    };
    tampered.credentialSubject.achievement.name = "Crane Operation (Master)";

    const [first] = await submitItems(deps(), details("gina@example.com"), [text(tampered)]);
    expect(first).toMatchObject({ status: "stored", verdict: "failed", duplicate: false });
    const [second] = await submitItems(deps(), details("gina@example.com"), [text(genuine)]);
    expect(second).toMatchObject({ status: "stored", verdict: "verified", duplicate: false, otherVersions: 1 });
    if (second.status !== "stored") return;
    expect(toReceiptItem(second).headline).toMatch(/stored beside it as a version of its own/);
    expect(
      await handle.db.select().from(credentials).where(eq(credentials.candidateId, second.candidateId)),
    ).toHaveLength(2);
    const [indexed] = await loadCandidatesForIndex(handle.db, [second.candidateId]);
    expect(indexed.claims.some((claim) => claim.verified)).toBe(true);

    // The same content again, however it is serialised, is a duplicate and stores nothing.
    const [again] = await submitItems(deps(), details("gina@example.com"), [text(JSON.stringify(genuine, null, 4))]);
    expect(again).toMatchObject({ status: "stored", duplicate: true, credentialId: second.credentialId });
    expect(
      await handle.db.select().from(credentials).where(eq(credentials.candidateId, second.candidateId)),
    ).toHaveLength(2);
  });

  it("a re-check compares the DID the credential was bound to at submission, not only the email", async () => {
    const holder = await generateIssuerKey({ name: "Holder" });
    const badge = await genuineBadge("hal@example.com", holder.did);
    const verify = createVerifier(now);
    // As the wallet exchange stores a member of a presentation its holder signed: bound to the email and the DID.
    const report = await verify(badge, {
      input: "wallet",
      expectedHolder: { email: "hal@example.com", did: holder.did },
    });
    const stored = await storeVerifiedCredential(
      deps(),
      details("hal@example.com"),
      { raw: JSON.stringify(badge), source: "wallet (item 1 of 1)" },
      report,
      { holderDid: holder.did },
    );
    if (stored.status !== "stored") throw new Error("not stored");
    const holderCheck = (r: Pick<VerificationReport, "checks">) => r.checks.find((c) => c.id === "holder");
    expect(holderCheck(report)?.evidence?.["Expected DID"]).toBe(holder.did);

    await recheckCredentials({ ...deps(), verify }, { credentialIds: [stored.credentialId] });
    const [after] = await handle.db.select().from(credentials).where(eq(credentials.id, stored.credentialId));
    expect(after.holderBinding).toEqual({ email: "hal@example.com", did: holder.did });
    expect(holderCheck(after.report)?.evidence?.["Expected DID"]).toBe(holder.did);
    expect(holderCheck(after.report)?.outcome).toBe(holderCheck(report)?.outcome);
  });
  it("a credential that matches its holder only by the DID keeps that match after a re-check", async () => {
    const holder = await generateIssuerKey({ name: "Wallet holder" });
    // Issued to the holder's DID alone (no email identifier): only the DID ties it to the candidate.
    const { proof: _proof, ...unsigned } = (await genuineBadge("dee@example.com", holder.did)) as unknown as Record<
      string,
      unknown
    >;
    const { identifier: _identifier, ...didOnly } = unsigned.credentialSubject as Record<string, unknown>;
    const badge = await signCredential(issuer, { ...unsigned, credentialSubject: didOnly });
    const verify = createVerifier(now);
    const report = await verify(badge, {
      input: "wallet",
      expectedHolder: { email: "dee@example.com", did: holder.did },
    });
    const holderCheck = (r: Pick<VerificationReport, "checks">) => r.checks.find((c) => c.id === "holder");
    expect(holderCheck(report)?.outcome).toBe("pass");
    const stored = await storeVerifiedCredential(
      deps(),
      details("dee@example.com"),
      { raw: JSON.stringify(badge), source: "wallet (item 1 of 1)" },
      report,
      { holderDid: holder.did },
    );
    if (stored.status !== "stored") throw new Error("not stored");

    await recheckCredentials({ ...deps(), verify }, { credentialIds: [stored.credentialId] });
    const [after] = await handle.db.select().from(credentials).where(eq(credentials.id, stored.credentialId));
    expect(holderCheck(after.report)?.outcome).toBe("pass");
    expect(holderCheck(after.report)?.evidence?.["Expected DID"]).toBe(holder.did);
  });
});

describe("outcome lines (import and POST /api/submissions)", () => {
  it("say indeterminate where the verifier could not check, apart from failed", () => {
    const report = {
      verdict: "indeterminate",
      checks: [
        {
          id: "status",
          outcome: "indeterminate",
          code: "status-unreachable",
          message: "The status list could not be fetched.",
        },
      ],
      skills: [],
      summary: { format: "obv3" },
    } as unknown as VerificationReport;
    const line = toOutcomeLine({
      status: "stored",
      source: "x",
      candidateId: "c",
      credentialId: "k",
      verdict: "indeterminate",
      report,
      duplicate: false,
      otherVersions: 0,
    });
    expect(line).toMatchObject({ outcome: "indeterminate", reason: "The status list could not be fetched." });
    const failed = toOutcomeLine({
      status: "stored",
      source: "x",
      candidateId: "c",
      credentialId: "k",
      verdict: "failed",
      report: { ...report, verdict: "failed" },
      duplicate: false,
      otherVersions: 0,
    });
    expect(failed.outcome).toBe("failed");
  });
});
