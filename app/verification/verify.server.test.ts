import { withSkills } from "#app/skills/report-skills";
import { gzipSync } from "node:zlib";
import {
  generateIssuerKey,
  issueOpenBadge,
  signCredential,
  signJwtPresentation,
  signPresentation,
  type SerializedIssuerKey,
} from "#app/demo/issuer.server";
import { createDocumentLoader } from "./document-loader.server";
import { verifyCredential } from "./verify.server";
import type { CheckId, VerificationReport } from "./report";
import { FIXTURE_STATUS_LIST_URL, loadFixture } from "./fixtures/load-fixture.server";

const documentLoader = createDocumentLoader();
const NOW = new Date("2026-01-01T00:00:00Z");
const statusList = loadFixture("dcc-bitstring-status-list-e5WK8CbZ1GjycuPombrj");

/** Serves the fixture status list, as a cache or the network would; records what was asked. */
function fixtureStatusLists() {
  const requested: string[] = [];
  const fetchStatusList = async (url: string) => {
    requested.push(url);
    if (url === FIXTURE_STATUS_LIST_URL) return structuredClone(statusList);
    throw new Error(`no such list ${url}`);
  };
  return { requested, fetchStatusList };
}

function check(report: VerificationReport, id: CheckId) {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check`);
  return found;
}

function verify(document: unknown, options: Partial<Parameters<typeof verifyCredential>[1]> = {}) {
  return verifyCredential(document, { input: "test", documentLoader, now: NOW, ...options }).then(withSkills);
}

describe("verifyCredential on the shared fixtures", () => {
  test.each([
    ["dcc-vc2-obv3-ed25519-didkey-status-valid", "Ed25519Signature2020"],
    ["dcc-vc2-obv3-eddsa-rdfc-didkey-status-valid", "eddsa-rdfc-2022"],
  ] as const)("%s (%s) with its status list → verified", async (name, _suite) => {
    const { requested, fetchStatusList } = fixtureStatusLists();
    const report = await verify(loadFixture(name), { fetchStatusList });

    expect(report.verdict).toBe("verified");
    expect(check(report, "proof")).toMatchObject({ outcome: "pass", code: "signature-valid" });
    expect(check(report, "status")).toMatchObject({ outcome: "pass", code: "not-revoked" });
    expect(requested).toEqual([FIXTURE_STATUS_LIST_URL]);
    expect(report.checks.map((c) => c.id)).toEqual(["format", "proof", "validity", "status", "issuer", "holder"]);
    expect(report.checkedAt).toBe(NOW.toISOString());
    expect(report.input).toBe("test");
  });

  test("the revoked fixture (bit 8 set) → failed / revoked", async () => {
    const report = await verify(loadFixture("dcc-vc2-obv3-ed25519-didkey-revoked"), fixtureStatusLists());
    expect(report.verdict).toBe("failed");
    expect(check(report, "proof").outcome).toBe("pass");
    expect(check(report, "status")).toMatchObject({ outcome: "fail", code: "revoked" });
  });

  test("the expired fixture → failed / expired, and the signature is still reported valid", async () => {
    const report = await verify(loadFixture("dcc-vc2-obv3-ed25519-didkey-expired"));
    expect(report.verdict).toBe("failed");
    expect(check(report, "validity")).toMatchObject({ outcome: "fail", code: "expired" });
    expect(check(report, "validity").message).toContain("1 January 2011");
    expect(check(report, "proof")).toMatchObject({ outcome: "pass" });
  });

  test("a now before validFrom → failed / not-yet-valid, with the date in the sentence", async () => {
    const report = await verify(loadFixture("dcc-vc2-obv3-ed25519-didkey-expired"), {
      now: new Date("2009-06-01T00:00:00Z"),
    });
    expect(report.verdict).toBe("failed");
    expect(check(report, "validity")).toMatchObject({ outcome: "fail", code: "not-yet-valid" });
    expect(check(report, "validity").message).toContain("1 January 2010");
    expect(check(report, "proof").outcome).toBe("pass");
  });

  test("the eddsa skill-alignment fixture → verified, with its alignments as skills", async () => {
    const report = await verify(loadFixture("dcc-vc2-obv3-eddsa-didkey-skill-alignments"));
    expect(report.verdict).toBe("verified");
    expect(check(report, "status")).toMatchObject({ outcome: "not-applicable", code: "no-status" });
    // both alignments point at the same target URL: one skill, keyed by the CTDL CTID
    expect(report.skills.map((s) => s.key)).toEqual(["ctdl:ce-cf4dee18-7cea-443a-b920-158a0762c6bf"]);
    expect(report.skills[0]).toMatchObject({
      label: "Requirements Analysis",
      mapping: "code",
      source: "alignment",
      targetUrl: "https://credentialfinder.org/credential/20229/Requirements_Analysis",
    });
  });

  test("the summary describes the credential as written", async () => {
    const report = await verify(loadFixture("dcc-vc2-obv3-ed25519-didkey-expired"));
    expect(report.summary).toEqual({
      id: "http://example.com/credentials/3527",
      types: ["VerifiableCredential", "OpenBadgeCredential"],
      format: "obv3",
      issuerId: "did:key:z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q",
      issuerName: "Example Corp",
      achievementName: "Teamwork",
      subjectId: "did:example:ebfeb1f712ebc6f1c276e12ec21",
      validFrom: "2010-01-01T00:00:00Z",
      validUntil: "2011-01-01T00:00:00Z",
      securing: "proof",
      issuerNameSource: "credential",
    });
  });

  test("issuer trust is reported beside the verdict: no registry yet", async () => {
    const report = await verify(loadFixture("dcc-vc2-obv3-eddsa-didkey-skill-alignments"));
    expect(check(report, "issuer")).toMatchObject({ outcome: "not-applicable", code: "no-registry" });
  });
});

describe("status lists", () => {
  test("an unreachable list → indeterminate, never fine", async () => {
    const report = await verify(loadFixture("dcc-vc2-obv3-ed25519-didkey-status-valid"), {
      fetchStatusList: async () => {
        throw new Error("ECONNREFUSED");
      },
    });
    expect(report.verdict).toBe("indeterminate");
    expect(check(report, "status")).toMatchObject({ outcome: "indeterminate", code: "status-unreachable" });
  });

  test("no fetcher configured → indeterminate status-unreachable", async () => {
    const report = await verify(loadFixture("dcc-vc2-obv3-ed25519-didkey-status-valid"));
    expect(report.verdict).toBe("indeterminate");
    expect(check(report, "status").code).toBe("status-unreachable");
  });

  test("a list whose own signature fails is not relied on", async () => {
    const forged = structuredClone(statusList);
    // the same list with every bit cleared, re-encoded: the revoked credential would look fine
    forged.credentialSubject.encodedList = `u${gzipSync(new Uint8Array(16 * 1024)).toString("base64url")}`;
    const report = await verify(loadFixture("dcc-vc2-obv3-ed25519-didkey-revoked"), {
      fetchStatusList: async () => forged,
    });
    expect(check(report, "status")).toMatchObject({ outcome: "indeterminate", code: "status-list-unverified" });
    expect(report.verdict).toBe("indeterminate");
  });

  test("a forged credential never makes us fetch its status list", async () => {
    const tampered = loadFixture("dcc-vc2-obv3-ed25519-didkey-status-valid");
    tampered.credentialStatus.statusListCredential = "https://attacker.example/ping";
    const { requested, fetchStatusList } = fixtureStatusLists();
    const report = await verify(tampered, { fetchStatusList });
    expect(report.verdict).toBe("failed");
    expect(requested).toEqual([]);
    expect(check(report, "status")).toMatchObject({ outcome: "indeterminate", code: "not-checked" });
  });

  test("an unsupported status type → indeterminate unsupported-status-type", async () => {
    const key = await demoKey();
    const signed = await signCredential(key, {
      // the undefined-terms context maps otherwise undefined terms (here the status type) to an @vocab
      "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/undefined-terms/v2"],
      type: ["VerifiableCredential"],
      issuer: key.did,
      credentialSubject: { id: "did:example:alice" },
      credentialStatus: { id: "https://status.example.org/1", type: "RevocationList2020Status" },
    });
    const report = await verify(signed, fixtureStatusLists());
    expect(check(report, "proof").outcome).toBe("pass");
    expect(check(report, "status")).toMatchObject({ outcome: "indeterminate", code: "unsupported-status-type" });
  });
});

describe("signatures", () => {
  test("a tampered fixture (achievement name changed) → failed / signature-mismatch", async () => {
    const tampered = loadFixture("dcc-vc2-obv3-eddsa-didkey-skill-alignments");
    tampered.credentialSubject.achievement.name = "Brain surgery";
    const report = await verify(tampered);
    expect(report.verdict).toBe("failed");
    expect(check(report, "proof")).toMatchObject({ outcome: "fail", code: "signature-mismatch" });
    expect(check(report, "format").outcome).toBe("pass");
  });

  test("an unknown proof type → indeterminate / unsupported-suite", async () => {
    const doc = loadFixture("dcc-vc2-obv3-eddsa-didkey-skill-alignments");
    doc.proof = { ...doc.proof, type: "BbsBlsSignature2020" };
    delete doc.proof.cryptosuite;
    const report = await verify(doc);
    expect(report.verdict).toBe("indeterminate");
    expect(check(report, "proof")).toMatchObject({ outcome: "indeterminate", code: "unsupported-suite" });
    expect(check(report, "proof").message).toContain("BbsBlsSignature2020");
  });

  test("an unknown cryptosuite of DataIntegrityProof → indeterminate / unsupported-suite", async () => {
    const doc = loadFixture("dcc-vc2-obv3-eddsa-didkey-skill-alignments");
    doc.proof.cryptosuite = "bbs-2023";
    const report = await verify(doc);
    expect(check(report, "proof")).toMatchObject({ outcome: "indeterminate", code: "unsupported-suite" });
    expect(check(report, "proof").message).toContain("bbs-2023");
  });

  test("a proof made for another purpose (authentication) → failed / wrong-proof-purpose", async () => {
    const doc = loadFixture("dcc-vc2-obv3-eddsa-didkey-skill-alignments");
    doc.proof.proofPurpose = "authentication";
    const report = await verify(doc);
    expect(report.verdict).toBe("failed");
    expect(check(report, "proof")).toMatchObject({ outcome: "fail", code: "wrong-proof-purpose" });
  });

  test("a key that cannot be resolved offline → indeterminate / key-unresolvable", async () => {
    const doc = loadFixture("dcc-vc2-obv3-eddsa-didkey-skill-alignments");
    doc.proof.verificationMethod = "did:web:issuer.example#key-1";
    const report = await verify(doc);
    expect(report.verdict).toBe("indeterminate");
    expect(check(report, "proof")).toMatchObject({ outcome: "indeterminate", code: "key-unresolvable" });
    expect(check(report, "proof").message).toContain("did:web:issuer.example#key-1");
  });

  test("a context Attest does not bundle → indeterminate / context-unavailable", async () => {
    const doc = loadFixture("dcc-vc2-obv3-eddsa-didkey-skill-alignments");
    doc["@context"].push("https://contexts.example.org/custom/v1");
    const report = await verify(doc);
    expect(report.verdict).toBe("indeterminate");
    expect(check(report, "proof")).toMatchObject({ outcome: "indeterminate", code: "context-unavailable" });
  });

  test("a proof block without a signature value → failed / invalid-proof", async () => {
    const doc = loadFixture("dcc-vc2-obv3-ed25519-didkey-status-valid");
    delete doc.proof.proofValue;
    const report = await verify(doc);
    expect(report.verdict).toBe("failed");
    expect(check(report, "proof")).toMatchObject({ outcome: "fail", code: "invalid-proof" });
  });
});

let cachedKey: SerializedIssuerKey | undefined;
async function demoKey() {
  cachedKey ??= await generateIssuerKey({ name: "Test Academy", seed: new Uint8Array(32).fill(7) });
  return cachedKey;
}

async function demoBadge(suite: "eddsa-rdfc-2022" | "Ed25519Signature2020") {
  return issueOpenBadge(await demoKey(), {
    subject: { name: "Ada Lovelace", email: "Ada.Lovelace@example.com" },
    achievement: {
      name: "Python Programming",
      description: "Writes and tests Python programs.",
      achievementType: "Competency",
      alignments: [
        {
          targetName: "Python (computer programming)",
          targetUrl: "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d",
          targetFramework: "ESCO",
        },
        {
          targetName: "Software Developers",
          targetUrl: "https://www.onetonline.org/link/summary/15-1252.00",
          targetCode: "15-1252.00",
          targetFramework: "O*NET-SOC 2019",
        },
      ],
    },
    validFrom: new Date("2025-06-01T00:00:00Z"),
    suite,
  });
}

describe("credentials from the demo issuer", () => {
  test.each(["eddsa-rdfc-2022", "Ed25519Signature2020"] as const)(
    "signed with %s → verified, alignments extracted",
    async (suite) => {
      const report = await verify(await demoBadge(suite), { expectedHolder: { email: "ada.lovelace@example.com" } });
      expect(report.verdict).toBe("verified");
      expect(report.skills.map((s) => s.key)).toEqual([
        "esco:ccd0a1d9-afda-43d9-b901-96344886e14d",
        "onet:15-1252.00",
        "name:python programming",
      ]);
      expect(check(report, "holder")).toMatchObject({ outcome: "pass", code: "holder-match" });
      expect(report.summary).toMatchObject({
        format: "obv3",
        issuerName: "Test Academy",
        achievementType: "Competency",
      });
    },
  );

  test("a tampered demo credential → failed", async () => {
    const badge = await demoBadge("eddsa-rdfc-2022");
    (badge.credentialSubject.achievement as { name: string }).name = "Rocket Science";
    const report = await verify(badge);
    expect(report.verdict).toBe("failed");
    expect(check(report, "proof").code).toBe("signature-mismatch");
  });

  test("another person's email → holder-mismatch, beside a verified verdict", async () => {
    const report = await verify(await demoBadge("eddsa-rdfc-2022"), {
      expectedHolder: { email: "someone.else@example.com" },
    });
    expect(report.verdict).toBe("verified");
    expect(check(report, "holder")).toMatchObject({ outcome: "fail", code: "holder-mismatch" });
  });

  test("no expected holder → holder not applicable", async () => {
    const report = await verify(await demoBadge("eddsa-rdfc-2022"));
    expect(check(report, "holder").outcome).toBe("not-applicable");
  });

  test("two proofs (one per suite): both must verify", async () => {
    const badge = await demoBadge("Ed25519Signature2020");
    const both = await signCredential(await demoKey(), badge, "eddsa-rdfc-2022");
    expect((both.proof as Array<{ type: string }>).map((p) => p.type)).toEqual([
      "Ed25519Signature2020",
      "DataIntegrityProof",
    ]);
    const good = await verify(both);
    expect(good.verdict).toBe("verified");
    expect(check(good, "proof").message).toContain("All 2");

    const oneBad = structuredClone(both) as { proof: Array<{ proofValue: string }> };
    const second = oneBad.proof[1] as { proofValue: string };
    // a different but well-formed signature: the first proof still verifies, which jsonld-signatures alone accepts
    second.proofValue = `z${[...second.proofValue.slice(1)].reverse().join("")}`;
    const report = await verify(oneBad);
    expect(report.verdict).toBe("failed");
    expect(check(report, "proof").code).toBe("signature-mismatch");
  });

  test("a valid proof beside an unsupported one → indeterminate (all proofs must be checked)", async () => {
    const badge = await demoBadge("eddsa-rdfc-2022");
    const withExtra = {
      ...badge,
      proof: [badge.proof, { type: "JsonWebSignature2020", proofPurpose: "assertionMethod", jws: "e30..sig" }],
    };
    const report = await verify(withExtra);
    expect(report.verdict).toBe("indeterminate");
    expect(check(report, "proof").code).toBe("unsupported-suite");
  });

  describe("proof chains (previousProof)", () => {
    async function chained() {
      const first = await signCredential(
        await demoKey(),
        await demoBadge("Ed25519Signature2020").then(({ proof: _p, ...u }) => u),
        "eddsa-rdfc-2022",
        {
          proofId: "urn:uuid:first",
        },
      );
      return signCredential(await demoKey(), first, "eddsa-rdfc-2022", {
        proofId: "urn:uuid:second",
        previousProof: "urn:uuid:first",
      });
    }

    test("a proof signed over the document and the proof before it → verified, both named in the evidence", async () => {
      const document = await chained();
      const report = await verify(document);
      expect(report.verdict).toBe("verified");
      expect(check(report, "proof").message).toContain("All 2");
      expect(check(report, "proof").evidence).toMatchObject({ "Countersigns 2": "urn:uuid:first" });
    });

    test("the earlier proof removed → failed, saying which proof is missing", async () => {
      const document = await chained();
      const report = await verify({ ...document, proof: [(document.proof as unknown[])[1]] });
      expect(report.verdict).toBe("failed");
      expect(check(report, "proof")).toMatchObject({ outcome: "fail", code: "broken-chain" });
      expect(check(report, "proof").message).toContain("urn:uuid:first");
    });

    test("the earlier proof swapped for another valid one with the same id → failed: the chain covered the original", async () => {
      const document = await chained();
      const later = await signCredential(await demoKey(), (({ proof: _p, ...u }) => u)(document), "eddsa-rdfc-2022", {
        proofId: "urn:uuid:first",
        date: new Date("2025-07-01T00:00:00Z"),
      });
      const swapped = { ...document, proof: [later.proof, (document.proof as unknown[])[1]] };
      const report = await verify(swapped);
      expect(report.verdict).toBe("failed");
      expect(check(report, "proof").code).toBe("signature-mismatch");
    });

    test("the credential tampered under a chain → failed", async () => {
      const document = (await chained()) as { credentialSubject: { achievement: { name: string } } };
      document.credentialSubject.achievement.name = "Rocket Science";
      expect((await verify(document)).verdict).toBe("failed");
    });

    test("previousProof references that loop or repeat ids → failed with a sentence", async () => {
      const document = await chained();
      const [first, second] = document.proof as Array<Record<string, unknown>>;
      const looped = await verify({ ...document, proof: [{ ...first, previousProof: "urn:uuid:second" }, second] });
      expect(check(looped, "proof")).toMatchObject({ outcome: "fail", code: "broken-chain" });
      expect(check(looped, "proof").message).toContain("loop");
      const twins = await verify({ ...document, proof: [first, { ...second, id: "urn:uuid:first" }] });
      expect(check(twins, "proof").message).toContain("share the id");
    });
  });

  test("a key that belongs to someone other than the named issuer → failed", async () => {
    const key = await demoKey();
    const other = await generateIssuerKey({ seed: new Uint8Array(32).fill(9) });
    // signed by `other`, but naming `key` as the issuer
    const signed = await signCredential(other, {
      "@context": ["https://www.w3.org/ns/credentials/v2"],
      type: ["VerifiableCredential"],
      issuer: key.did,
      credentialSubject: { id: "did:example:alice" },
    });
    const report = await verify(signed);
    expect(report.verdict).toBe("failed");
    expect(check(report, "proof")).toMatchObject({ outcome: "fail", code: "issuer-key-mismatch" });
  });
});

describe("undefined terms (decision: format fails, naming the fields; proof not checked)", () => {
  test("a VC 1.1 credential with a field no context defines → failed / undefined-terms", async () => {
    const key = await demoKey();
    const signed = await signCredential(key, {
      "@context": ["https://www.w3.org/2018/credentials/v1", "https://w3id.org/security/data-integrity/v2"],
      type: ["VerifiableCredential"],
      issuer: key.did,
      issuanceDate: "2024-01-01T00:00:00Z",
      credentialSubject: { id: "did:example:alice" },
    });
    const clean = await verify(signed);
    expect(clean.verdict).toBe("verified");

    const withUndefined = { ...signed, awardedDate: "2024-01-02", favouriteColour: "green" };
    const report = await verify(withUndefined);
    expect(report.verdict).toBe("failed");
    expect(check(report, "format")).toMatchObject({ outcome: "fail", code: "undefined-terms" });
    expect(check(report, "format").message).toContain("awardedDate");
    expect(check(report, "format").message).toContain("favouriteColour");
    expect(check(report, "proof")).toMatchObject({ outcome: "indeterminate", code: "not-checked" });
  });
});

describe("malformed input never throws", () => {
  test.each([
    ["a string", "not a credential at all"],
    ["an array", [1, 2, 3]],
    ["an empty object", {}],
    ["null", null],
    ["a number", 42],
    ["a JSON-LD document that is not a VC", { "@context": "https://schema.org", "@type": "Person", name: "Ada" }],
    [
      "a VC-shaped object without a type",
      { "@context": ["https://www.w3.org/ns/credentials/v2"], issuer: "did:example:1" },
    ],
  ])("%s → failed format with a sentence", async (_label, input) => {
    const report = await verify(input);
    expect(report.verdict).toBe("failed");
    const format = check(report, "format");
    expect(format.outcome).toBe("fail");
    expect(format.message).toMatch(/^[A-Z].*\.$/);
    expect(report.skills).toEqual([]);
    expect(report.checks).toHaveLength(6);
  });

  test("a credential without a proof → failed / no-proof", async () => {
    const doc = loadFixture("dcc-vc2-obv3-eddsa-didkey-skill-alignments");
    delete doc.proof;
    const report = await verify(doc);
    expect(report.verdict).toBe("failed");
    expect(check(report, "format")).toMatchObject({ outcome: "fail", code: "no-proof" });
  });

  test("a relative identifier inside the credential → failed / invalid-structure, not undefined terms", async () => {
    const doc = loadFixture("dcc-vc2-obv3-eddsa-didkey-skill-alignments");
    doc.credentialSubject.achievement.id = "achievement-1";
    const report = await verify(doc);
    expect(report.verdict).toBe("failed");
    expect(check(report, "format")).toMatchObject({ outcome: "fail", code: "invalid-structure" });
    expect(check(report, "format").message).toContain("achievement-1");
  });

  test("a credential the vc library rejects structurally → failed / invalid-structure", async () => {
    const doc = loadFixture("dcc-vc2-obv3-eddsa-didkey-skill-alignments");
    doc.credentialSubject.id = "not a uri";
    const report = await verify(doc);
    expect(report.verdict).toBe("failed");
    expect(check(report, "format")).toMatchObject({ outcome: "fail", code: "invalid-structure" });
  });
});

describe("text a signature cannot vouch for is refused before verification", () => {
  let issuer: SerializedIssuerKey;
  beforeAll(async () => {
    issuer = await generateIssuerKey({ seed: new Uint8Array(32).fill(3), name: "Text Issuer" });
  });
  const badge = (name: string) =>
    issueOpenBadge(issuer, {
      subject: { name: "Ada", email: "ada@example.org" },
      achievement: { name, description: "d", alignments: [] },
      validFrom: new Date("2025-01-01T00:00:00Z"),
    });

  test("a lone surrogate in place of a signed U+FFFD hashes alike, but is refused with a sentence", async () => {
    const signed = await badge("Data \ufffd Analysis");
    expect((await verify(signed)).verdict).toBe("verified");
    const swapped = JSON.parse(JSON.stringify(signed).replace("Data \ufffd Analysis", "Data \\ud800 Analysis"));
    const report = await verify(swapped);
    expect(report.verdict).toBe("failed");
    expect(check(report, "format")).toMatchObject({ outcome: "fail", code: "invalid-text" });
    expect(check(report, "format").message).toMatch(/not valid Unicode/);
    expect(check(report, "proof").outcome).toBe("indeterminate");
  });

  test("a lone surrogate in a key is refused too", async () => {
    const signed = await badge("Key");
    const report = await verify({ ...signed, ["bad\udc00key"]: "x" });
    expect(check(report, "format")).toMatchObject({ outcome: "fail", code: "invalid-text" });
  });

  test('an own "__proto__" member (unsigned JSON riding along) is refused with a sentence', async () => {
    const signed = await badge("Proto");
    const text = JSON.stringify(signed).replace(
      '"credentialSubject":{',
      '"credentialSubject":{"__proto__":{"name":"Unsigned claim"},',
    );
    const parsed = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed.credentialSubject as object)).toContain("__proto__");
    const report = await verify(parsed);
    expect(report.verdict).toBe("failed");
    expect(check(report, "format")).toMatchObject({ outcome: "fail", code: "unsigned-member" });
    expect(check(report, "format").message).toMatch(/__proto__/);
  });

  test("inside a presentation, the presentation is refused", async () => {
    const signed = await badge("In a presentation");
    const presentation = JSON.parse(
      JSON.stringify({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        type: ["VerifiablePresentation"],
        verifiableCredential: [signed],
      }).replace('"type":["VerifiablePresentation"]', '"__proto__":{},"type":["VerifiablePresentation"]'),
    );
    const report = await verify(presentation);
    expect(check(report, "format")).toMatchObject({ outcome: "fail", code: "unsigned-member" });
  });
});

describe("W3C data model cases the test suites check", () => {
  let issuer: SerializedIssuerKey;
  beforeAll(async () => {
    issuer = await generateIssuerKey({ seed: new Uint8Array(32).fill(5), name: "Suite Issuer" });
  });
  const V2 = "https://www.w3.org/ns/credentials/v2";
  const EXAMPLES = "https://www.w3.org/ns/credentials/examples/v2";
  const sample = () => ({
    "@context": [V2, EXAMPLES],
    id: "http://university.example/credentials/3732",
    type: ["VerifiableCredential", "ExampleDegreeCredential"],
    issuer: issuer.did,
    validFrom: "2010-01-01T00:00:00Z",
    credentialSubject: {
      id: "did:example:ebfeb1f712ebc6f1c276e12ec21",
      degree: { type: "ExampleBachelorDegree", name: "Bachelor of Science and Arts" },
    },
  });

  test("the examples vocabulary is bundled: the suites' valid sample verifies", async () => {
    const report = await verify(await signCredential(issuer, sample()));
    expect(report.verdict).toBe("verified");
  });

  test("a presentation without credentials: its own proof, challenge and domain are checked", async () => {
    const empty = { "@context": [V2], type: ["VerifiablePresentation"], holder: issuer.did };
    const signed = await signPresentation(issuer, empty, { challenge: "c-123", domain: "attest.example" });
    const ok = await verify(signed, { challenge: "c-123", domain: "attest.example" });
    expect(ok.verdict).toBe("verified");
    expect(check(ok, "proof").outcome).toBe("pass");
    const replayed = await verify(signed, { challenge: "c-other", domain: "attest.example" });
    expect(replayed.verdict).toBe("failed");
    const unsigned = await verify(empty);
    expect(unsigned.verdict).toBe("indeterminate");
    expect(check(unsigned, "format").outcome).toBe("pass");
  });

  test.each([
    [
      "credentialSchema without a type",
      { credentialSchema: { id: "https://example.org/schema.json" } },
      "invalid-field",
    ],
    ["refreshService without a type", { refreshService: { id: "https://example.org/refresh" } }, "invalid-field"],
    [
      "relatedResource without a digest",
      { relatedResource: [{ id: "https://example.org/image.png" }] },
      "invalid-related-resource",
    ],
    [
      "relatedResource with a malformed digestSRI",
      { relatedResource: [{ id: "https://example.org/image.png", digestSRI: "sha384-not base64!" }] },
      "invalid-related-resource",
    ],
    [
      "relatedResource listing one id twice",
      {
        relatedResource: [
          { id: "https://example.org/a", digestSRI: "sha256-AAAA" },
          { id: "https://example.org/a", digestSRI: "sha256-BBBB" },
        ],
      },
      "invalid-related-resource",
    ],
  ])("a signed credential with %s is refused with a sentence", async (_label, extra, code) => {
    const report = await verify(await signCredential(issuer, { ...sample(), ...extra }));
    expect(report.verdict).toBe("failed");
    expect(check(report, "format")).toMatchObject({ outcome: "fail", code });
    expect(check(report, "format").message).toMatch(/^The credential's .* is malformed: .*\.$/);
  });

  test("well-formed typed fields and related resources are accepted", async () => {
    const extra = {
      credentialSchema: { id: "https://example.org/schema.json", type: "JsonSchema" },
      relatedResource: [
        {
          id: "https://example.org/image.png",
          digestSRI: "sha384-lVf6O5b9yz1LQg4nK3/1ZsG3B6K2Dp0Wz1h8UHHJ/dPhyPHnQjpnUF2ktfmNsF9a",
        },
      ],
    };
    expect((await verify(await signCredential(issuer, { ...sample(), ...extra }))).verdict).toBe("verified");
  });
});

describe("ecdsa-sd-2023 (selective disclosure)", () => {
  let base: Record<string, unknown>;
  let derived: Record<string, unknown>;
  beforeAll(async () => {
    const vcLib = await import("@digitalbazaar/vc");
    const { DataIntegrityProof } = await import("@digitalbazaar/data-integrity");
    const sd = await import("@digitalbazaar/ecdsa-sd-2023-cryptosuite");
    const EcdsaMultikey = await import("@digitalbazaar/ecdsa-multikey");
    const keyPair = await EcdsaMultikey.generate({ curve: "P-256" });
    const did = `did:key:${keyPair.publicKeyMultibase}`;
    keyPair.id = `${did}#${keyPair.publicKeyMultibase}`;
    keyPair.controller = did;
    const credential = {
      "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
      type: ["VerifiableCredential", "ExampleAchievementCredential"],
      issuer: did,
      validFrom: "2025-01-01T00:00:00Z",
      credentialSubject: { name: "Ada Lovelace", achievement: "Data Analysis", grade: "A" },
    };
    const signSuite = new DataIntegrityProof({
      signer: keyPair.signer(),
      cryptosuite: sd.createSignCryptosuite({ mandatoryPointers: ["/issuer", "/validFrom"] }),
    });
    base = await vcLib.issue({ credential, suite: signSuite, documentLoader });
    const discloseSuite = new DataIntegrityProof({
      cryptosuite: sd.createDiscloseCryptosuite({ selectivePointers: ["/credentialSubject/achievement"] }),
    });
    derived = await vcLib.derive({ verifiableCredential: base, suite: discloseSuite, documentLoader });
  });

  test("a derived proof over what the holder disclosed is verified", async () => {
    expect((derived.credentialSubject as Record<string, unknown>).grade).toBeUndefined();
    const report = await verify(derived);
    expect(report.verdict).toBe("verified");
    expect(check(report, "proof").evidence?.Suite).toBe("DataIntegrityProof (ecdsa-sd-2023)");
  });

  test("the issuer's base proof is refused, as the spec requires of a verifier", async () => {
    const report = await verify(base);
    expect(report.verdict).toBe("failed");
    expect(check(report, "proof")).toMatchObject({ outcome: "fail", code: "base-proof" });
  });

  test("a disclosed value changed after derivation fails", async () => {
    const tampered = structuredClone(derived);
    (tampered.credentialSubject as Record<string, unknown>).achievement = "Brain Surgery";
    const report = await verify(tampered);
    expect(report.verdict).toBe("failed");
    expect(check(report, "proof").outcome).toBe("fail");
  });
});

describe("presentations secured as JWTs", () => {
  let issuer: SerializedIssuerKey;
  let holder: SerializedIssuerKey;
  let other: SerializedIssuerKey;
  let credential: Record<string, unknown>;
  beforeAll(async () => {
    [issuer, holder, other] = await Promise.all(
      [1, 2, 3].map((n) => generateIssuerKey({ seed: new Uint8Array(32).fill(20 + n), name: `Key ${n}` })),
    );
    credential = await issueOpenBadge(issuer, {
      subject: { name: "Ada", email: "ada@example.org", did: holder.did },
      achievement: { name: "Python", description: "d", alignments: [] },
      validFrom: new Date("2025-01-01T00:00:00Z"),
    });
  });
  const presentation = () => ({
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    type: ["VerifiablePresentation"],
    verifiableCredential: [credential],
  });

  test.each([1, 2] as const)(
    "version %i: the holder's JWT over Attest's challenge and domain is verified, holder proven",
    async (version) => {
      const jwt = await signJwtPresentation(holder, presentation(), {
        challenge: "c-1",
        domain: "attest.example",
        version,
      });
      const report = await verify(jwt, { challenge: "c-1", domain: "attest.example" });
      expect(report.verdict).toBe("verified");
      expect(report.summary?.format).toBe("vp");
      expect(check(report, "holder")).toMatchObject({ outcome: "pass", code: "holder-match" });
      expect(report.credentials).toHaveLength(1);
    },
  );

  test("an enveloped presentation is the JWT it carries", async () => {
    const jwt = await signJwtPresentation(holder, presentation(), { challenge: "c-1" });
    const enveloped = {
      "@context": ["https://www.w3.org/ns/credentials/v2"],
      type: "EnvelopedVerifiablePresentation",
      id: `data:application/vp+jwt,${jwt}`,
    };
    expect((await verify(enveloped, { challenge: "c-1" })).verdict).toBe("verified");
  });

  test.each([
    ["another challenge (a replay)", { challenge: "c-0", domain: "attest.example" }, "challenge-mismatch"],
    ["another audience", { challenge: "c-1", domain: "elsewhere.example" }, "domain-mismatch"],
  ])("a JWT over %s fails", async (_label, signed, code) => {
    const jwt = await signJwtPresentation(holder, presentation(), { ...signed, version: 1 });
    const report = await verify(jwt, { challenge: "c-1", domain: "attest.example" });
    expect(report.verdict).toBe("failed");
    expect(check(report, "proof")).toMatchObject({ outcome: "fail", code });
  });

  test("signed by someone else than the holder it names: fails, and proves no holder", async () => {
    const jwt = await signJwtPresentation(other, presentation(), { challenge: "c-1", version: 1 });
    const [header, payload, signature] = jwt.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const renamed = `${header}.${Buffer.from(JSON.stringify({ ...claims, iss: holder.did })).toString("base64url")}.${signature}`;
    const report = await verify(renamed, { challenge: "c-1" });
    expect(report.verdict).toBe("failed");
    expect(check(report, "holder").outcome).not.toBe("pass");
  });
});

describe("VC 2.0 secured with JOSE (vc+jwt) from an https issuer", () => {
  const issuerUrl = "https://university.example/issuer";
  const metadataUrl = "https://university.example/.well-known/jwt-vc-issuer/issuer";
  let jwt: string;
  let publicJwk: Record<string, unknown>;
  beforeAll(async () => {
    const jose = await import("jose");
    const { privateKey, publicKey } = await jose.generateKeyPair("ES256");
    publicJwk = { ...(await jose.exportJWK(publicKey)), kid: "key-1" };
    const credential = {
      "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
      type: ["VerifiableCredential", "ExampleDegreeCredential"],
      issuer: issuerUrl,
      validFrom: "2025-01-01T00:00:00Z",
      credentialSubject: { id: "did:example:learner", degree: { name: "Bachelor of Science" } },
    };
    jwt = await new jose.CompactSign(new TextEncoder().encode(JSON.stringify(credential)))
      .setProtectedHeader({ alg: "ES256", typ: "vc+jwt", kid: "key-1" })
      .sign(privateKey);
  });

  test("its key comes from the issuer's JWT VC issuer metadata, through the injected fetcher", async () => {
    const fetched: string[] = [];
    const report = await verify(jwt, {
      fetchDocument: async (url: string) => {
        fetched.push(url);
        if (url === metadataUrl) return { issuer: issuerUrl, jwks: { keys: [publicJwk] } };
        throw new Error(`unexpected ${url}`);
      },
    });
    expect(report.verdict).toBe("verified");
    expect(fetched).toEqual([metadataUrl]);
    expect(check(report, "proof").evidence?.Key).toBe(`${metadataUrl}#key-1`);
  });

  test("metadata naming another issuer is not this issuer's key; no fetcher means could not check", async () => {
    const impostor = await verify(jwt, {
      fetchDocument: async () => ({ issuer: "https://evil.example", jwks: { keys: [publicJwk] } }),
    });
    expect(check(impostor, "proof")).toMatchObject({ outcome: "fail", code: "issuer-key-mismatch" });
    const offline = await verify(jwt);
    expect(check(offline, "proof").outcome).toBe("indeterminate");
  });
});

describe("signed Open Badges 2.0 assertions (RS256)", () => {
  const site = "https://issuer.example.edu";
  let jws: (assertion: Record<string, unknown>) => Promise<string>;
  let served: Map<string, unknown>;
  const assertion = (overrides: Record<string, unknown> = {}) => ({
    "@context": "https://w3id.org/openbadges/v2",
    type: "Assertion",
    id: "urn:uuid:2f1e0c3a-1b2c-4d5e-8f90-a1b2c3d4e5f6",
    recipient: { type: "email", hashed: false, identity: "ada@example.org" },
    badge: `${site}/badges/python`,
    issuedOn: "2025-01-01T00:00:00Z",
    verification: { type: "SignedBadge", creator: `${site}/keys/1` },
    ...overrides,
  });
  const fetchHosted = async (url: string) =>
    served.has(url) ? { status: 200, json: structuredClone(served.get(url)) } : { status: 404, json: null };

  beforeAll(async () => {
    const jose = await import("jose");
    const { privateKey, publicKey } = await jose.generateKeyPair("RS256");
    jws = async (payload) =>
      new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader({ alg: "RS256" })
        .sign(privateKey);
    served = new Map<string, unknown>([
      [
        `${site}/keys/1`,
        {
          "@context": "https://w3id.org/openbadges/v2",
          type: "CryptographicKey",
          id: `${site}/keys/1`,
          owner: `${site}/issuer`,
          publicKeyPem: await jose.exportSPKI(publicKey),
        },
      ],
      [
        `${site}/badges/python`,
        {
          "@context": "https://w3id.org/openbadges/v2",
          type: "BadgeClass",
          id: `${site}/badges/python`,
          name: "Python",
          issuer: `${site}/issuer`,
          alignment: [{ targetName: "Python", targetUrl: "https://example.org/skills/python" }],
        },
      ],
      [
        `${site}/issuer`,
        {
          "@context": "https://w3id.org/openbadges/v2",
          type: "Profile",
          id: `${site}/issuer`,
          name: "Example College",
          publicKey: `${site}/keys/1`,
          revocationList: `${site}/revocations`,
        },
      ],
      [
        `${site}/revocations`,
        {
          type: "RevocationList",
          id: `${site}/revocations`,
          revokedAssertions: [
            { id: "urn:uuid:99999999-1b2c-4d5e-8f90-a1b2c3d4e5f6", revocationReason: "Issued in error" },
          ],
        },
      ],
    ]);
  });

  test("signed by the key its issuer's profile lists, not revoked → verified, with the BadgeClass's skills", async () => {
    const report = await verify(await jws(assertion()), { fetchHosted, expectedHolder: { email: "ada@example.org" } });
    expect(report.verdict).toBe("verified");
    expect(check(report, "proof")).toMatchObject({ outcome: "pass", code: "signature-valid" });
    expect(check(report, "status")).toMatchObject({ outcome: "pass", code: "not-revoked" });
    expect(check(report, "holder").outcome).toBe("pass");
    expect(report.summary).toMatchObject({ format: "ob2", securing: "jwt", issuerId: `${site}/issuer` });
    expect(report.skills.map((s) => s.label)).toContain("Python");
  });

  test("named on the issuer's revocation list → failed / revoked, with the reason", async () => {
    const report = await verify(await jws(assertion({ id: "urn:uuid:99999999-1b2c-4d5e-8f90-a1b2c3d4e5f6" })), {
      fetchHosted,
    });
    expect(check(report, "status")).toMatchObject({ outcome: "fail", code: "revoked" });
    expect(check(report, "status").message).toContain("Issued in error");
  });

  test("a changed payload under the original signature → signature mismatch", async () => {
    const [header, , signature] = (await jws(assertion())).split(".");
    const forged = `${header}.${Buffer.from(JSON.stringify(assertion({ badge: `${site}/badges/python`, issuedOn: "2020-01-01T00:00:00Z" }))).toString("base64url")}.${signature}`;
    const report = await verify(forged, { fetchHosted });
    expect(check(report, "proof")).toMatchObject({ outcome: "fail", code: "signature-mismatch" });
  });

  test("a key the issuer's profile does not list → issuer-key mismatch; nothing fetchable → could not check", async () => {
    const withoutKey = new Map(served);
    withoutKey.set(`${site}/issuer`, { ...(served.get(`${site}/issuer`) as object), publicKey: `${site}/keys/other` });
    const report = await verify(await jws(assertion()), {
      fetchHosted: async (url) =>
        withoutKey.has(url) ? { status: 200, json: withoutKey.get(url) } : { status: 404, json: null },
    });
    expect(check(report, "proof")).toMatchObject({ outcome: "fail", code: "issuer-key-mismatch" });
    expect((await verify(await jws(assertion()))).verdict).toBe("indeterminate");
  });
});
