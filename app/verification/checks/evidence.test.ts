import { generateIssuerKey, issueOpenBadge, signJwtCredential, signPresentation } from "#app/demo/issuer.server";
import { createDocumentLoader } from "../document-loader.server";
import { createVerificationCache, verifyCredential } from "../verify.server";
import type { CheckId, VerificationReport } from "../report";

const documentLoader = createDocumentLoader();
const NOW = new Date("2026-01-01T00:00:00Z");
const check = (report: Pick<VerificationReport, "checks">, id: CheckId) => report.checks.find((c) => c.id === id)!;

async function badge(suite?: "eddsa-rdfc-2022" | "Ed25519Signature2020") {
  const issuer = await generateIssuerKey({ name: "Evidence College" });
  const credential = await issueOpenBadge(issuer, {
    subject: { name: "Ada", email: "ada@example.com" },
    achievement: { name: "Welding", description: "Welds.", alignments: [] },
    validFrom: new Date("2025-06-01T00:00:00Z"),
    validUntil: new Date("2027-06-01T00:00:00Z"),
    ...(suite ? { suite } : {}),
  });
  return { issuer, credential };
}

describe("evidence behind each check", () => {
  it("the proof names its suite and key, for a good signature and a forged one alike", async () => {
    const { issuer, credential } = await badge();
    const good = await verifyCredential(credential, { input: "t", documentLoader, now: NOW });
    expect(check(good, "proof").evidence).toMatchObject({
      Suite: "DataIntegrityProof (eddsa-rdfc-2022)",
      Key: issuer.verificationMethod,
      Purpose: "assertionMethod",
    });

    const tampered = structuredClone(credential);
    (tampered.credentialSubject.achievement as { name: string }).name = "Master Welding";
    const forged = await verifyCredential(tampered, { input: "t", documentLoader, now: NOW });
    expect(check(forged, "proof")).toMatchObject({
      outcome: "fail",
      code: "signature-mismatch",
      evidence: { Key: issuer.verificationMethod },
    });
  });

  it("a proof served from the verification cache carries the same evidence", async () => {
    const { credential } = await badge();
    const cache = createVerificationCache();
    const first = await verifyCredential(credential, { input: "t", documentLoader, now: NOW, cache });
    const second = await verifyCredential(credential, { input: "t", documentLoader, now: NOW, cache });
    expect(cache.stats.hits).toBe(1);
    expect(check(second, "proof").evidence).toEqual(check(first, "proof").evidence);
    expect(check(second, "proof").evidence?.Key).toMatch(/^did:key:/);
  });

  it("a JWT names its algorithm, key id and the key it resolved to", async () => {
    const { issuer, credential } = await badge();
    const { proof: _proof, ...unsigned } = credential as unknown as Record<string, unknown>;
    const jws = await signJwtCredential(issuer, unsigned);
    const report = await verifyCredential(jws, { input: "t", documentLoader, now: NOW });
    expect(check(report, "proof")).toMatchObject({
      outcome: "pass",
      evidence: {
        Suite: "JWT (EdDSA)",
        "Key id": issuer.verificationMethod,
        Key: issuer.verificationMethod,
        "Key controller": issuer.did,
      },
    });
  });

  it("a presentation's proof names the holder's key, the challenge and the signer", async () => {
    const { credential } = await badge();
    const holder = await generateIssuerKey({ name: "Ada" });
    const vp = await signPresentation(
      holder,
      {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        type: ["VerifiablePresentation"],
        holder: holder.did,
        verifiableCredential: [credential],
      },
      { challenge: "c-123" },
    );
    const report = await verifyCredential(vp, { input: "t", documentLoader, now: NOW, challenge: "c-123" });
    expect(check(report, "proof").evidence).toMatchObject({
      Key: holder.verificationMethod,
      Purpose: "authentication",
      Challenge: "c-123",
      "Challenge Attest issued": "c-123",
      Signer: holder.did,
    });
  });

  it("validity names the dates compared and the time of the check", async () => {
    const { credential } = await badge();
    const report = await verifyCredential(credential, { input: "t", documentLoader, now: NOW });
    expect(check(report, "validity").evidence).toEqual({
      "Valid from (validFrom)": expect.stringMatching(/^2025-06-01T00:00:00/),
      "Valid until (validUntil)": expect.stringMatching(/^2027-06-01T00:00:00/),
      "Checked at": NOW.toISOString(),
      "Clock tolerance": "5 minutes",
    });
  });

  it("holder says what was compared without repeating the submitter's email", async () => {
    const { credential } = await badge();
    const report = await verifyCredential(credential, {
      input: "t",
      documentLoader,
      now: NOW,
      expectedHolder: { email: "eve@example.com" },
    });
    const holder = check(report, "holder");
    expect(holder).toMatchObject({
      outcome: "fail",
      evidence: {
        Compared: "the submitter's email address",
        "Identifier type": "emailAddress",
        Hashed: "yes (sha256)",
      },
    });
    expect(JSON.stringify(holder.evidence)).not.toContain("eve@example.com");
    expect(JSON.stringify(holder.evidence)).not.toContain("ada@example.com");
  });
});
