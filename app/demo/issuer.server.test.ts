import { withSkills } from "#app/skills/report-skills";
import { createHash } from "node:crypto";
import { generateIssuerKey, hashEmailIdentity, issueOpenBadge, OB_V3_CONTEXT, VC_V2_CONTEXT } from "./issuer.server";
import { DEMO_ACHIEVEMENTS } from "./catalog";
import { createDocumentLoader } from "#app/verification/document-loader.server";
import { verifyCredential } from "#app/verification/verify.server";

const documentLoader = createDocumentLoader();

describe("generateIssuerKey", () => {
  test("makes an Ed25519 did:key whose JSON form round-trips and still signs", async () => {
    const key = await generateIssuerKey({ name: "Northwind Training" });
    expect(key.did).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/);
    expect(key.verificationMethod).toBe(`${key.did}#${key.publicKeyMultibase}`);
    expect(key).toMatchObject({ type: "Ed25519Multikey", name: "Northwind Training" });

    const stored = JSON.parse(JSON.stringify(key));
    expect(stored).toEqual(key);
    const badge = await issueOpenBadge(stored, {
      subject: { name: "Grace Hopper", email: "grace@example.com" },
      achievement: { name: "Compilers", description: "Builds compilers.", alignments: [] },
    });
    const report = await verifyCredential(badge, { input: "test", documentLoader });
    expect(report.verdict).toBe("verified");
  });

  test("is deterministic for a seed and random without one", async () => {
    const seed = new Uint8Array(32).fill(1);
    expect((await generateIssuerKey({ seed })).did).toBe((await generateIssuerKey({ seed })).did);
    expect((await generateIssuerKey()).did).not.toBe((await generateIssuerKey()).did);
  });
});

describe("issueOpenBadge", () => {
  test.each(["eddsa-rdfc-2022", "Ed25519Signature2020"] as const)(
    "builds an OBv3 credential signed with %s",
    async (suite) => {
      const key = await generateIssuerKey({ name: "Attest Demo Academy", seed: new Uint8Array(32).fill(3) });
      const achievement = DEMO_ACHIEVEMENTS.find((a) => a.slug === "sql-for-analysis");
      if (!achievement) throw new Error("catalog changed");
      const badge = await issueOpenBadge(key, {
        subject: { name: "Alan Turing", email: "Alan.Turing@example.com", did: "did:example:alan" },
        achievement: { ...achievement },
        validFrom: new Date("2025-01-02T03:04:05.678Z"),
        validUntil: new Date("2030-01-01T00:00:00Z"),
        suite,
        salt: "fixed-salt",
        id: "urn:uuid:00000000-0000-4000-8000-000000000001",
      });

      expect(badge["@context"].slice(0, 2)).toEqual([VC_V2_CONTEXT, OB_V3_CONTEXT]);
      expect(badge.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
      expect(badge.id).toBe("urn:uuid:00000000-0000-4000-8000-000000000001");
      expect(badge.issuer).toEqual({ id: key.did, type: ["Profile"], name: "Attest Demo Academy" });
      expect(badge.validFrom).toBe("2025-01-02T03:04:05Z");
      expect(badge.validUntil).toBe("2030-01-01T00:00:00Z");
      expect(badge.credentialSubject).toMatchObject({
        id: "did:example:alan",
        type: ["AchievementSubject"],
        identifier: [
          {
            type: "IdentityObject",
            identityType: "emailAddress",
            hashed: true,
            salt: "fixed-salt",
            identityHash: `sha256$${createHash("sha256").update("alan.turing@example.comfixed-salt").digest("hex")}`,
          },
          { type: "IdentityObject", identityType: "name", hashed: false, identityHash: "Alan Turing" },
        ],
        achievement: {
          id: achievement.id,
          type: ["Achievement"],
          achievementType: "Competency",
          name: "SQL for Data Analysis",
          criteria: { narrative: expect.any(String) },
          alignment: achievement.alignments.map((a) => ({ type: ["Alignment"], ...a })),
        },
      });
      const proof = badge.proof as Record<string, unknown>;
      expect(proof).toMatchObject({ proofPurpose: "assertionMethod", verificationMethod: key.verificationMethod });
      expect(proof.type).toBe(suite === "Ed25519Signature2020" ? "Ed25519Signature2020" : "DataIntegrityProof");

      const report = withSkills(
        await verifyCredential(badge, {
          input: "demo",
          documentLoader,
          now: new Date("2026-01-01T00:00:00Z"),
          expectedHolder: { email: "alan.turing@example.com", did: "did:example:alan" },
        }),
      );
      expect(report.verdict).toBe("verified");
      expect(report.checks.find((c) => c.id === "holder")?.outcome).toBe("pass");
      expect(report.skills.map((s) => s.key)).toEqual([
        "esco:598de5b0-5b58-4ea7-8058-a4bc4d18c742",
        "onet:15-1242.00",
        "name:sql for data analysis",
      ]);
    },
  );

  test("hashEmailIdentity lower-cases and trims the email before hashing", () => {
    expect(hashEmailIdentity(" Ada@Example.COM ", "x")).toBe(hashEmailIdentity("ada@example.com", "x"));
  });
});
