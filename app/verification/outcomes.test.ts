/** One fixture per outcome (app/verification/fixtures/outcomes/, generated from seeded test keys). */
import { withSkills } from "#app/skills/report-skills";
import { readFileSync } from "node:fs";
import { createDocumentLoader } from "./document-loader.server";
import { verifyCredential, type VerifyCredentialOptions } from "./verify.server";
import type { CheckId, VerificationReport } from "./report";
import { createTrustRegistry, parseDccRegistry } from "./trust-registry";
import { didWebToUrl } from "./key-resolver.server";
import {
  CHALLENGE,
  DID_WEB_URL,
  DOMAIN,
  EDTECH_LIST_URL,
  HOLDER_EMAIL,
  OB2_ASSERTION_URL,
  OB2_BADGE_URL,
  OB2_ISSUER_URL,
  REVOCATION_LIST_URL,
  SUSPENSION_LIST_URL,
  TEST_NOW,
} from "./fixtures/generate-outcomes.server";

const read = (name: string): any => {
  const text = readFileSync(new URL(`./fixtures/outcomes/${name}`, import.meta.url), "utf8");
  return name.endsWith(".json") ? JSON.parse(text) : text.trim();
};

/** What the network would serve, by URL; anything else is unreachable. Records each request. */
function network(extra: Record<string, unknown> = {}) {
  const served: Record<string, unknown> = {
    [REVOCATION_LIST_URL]: read("status-list-revocation.json"),
    [SUSPENSION_LIST_URL]: read("status-list-suspension.json"),
    [EDTECH_LIST_URL]: read("revocation-list-1edtech.json"),
    [DID_WEB_URL]: read("did-web-issuer.json"),
    ...extra,
  };
  const requested: string[] = [];
  const fetchDocument = async (url: string) => {
    requested.push(url);
    if (url in served) return structuredClone(served[url]);
    throw new Error(`unreachable: ${url}`);
  };
  return { requested, fetchDocument };
}

const documentLoader = createDocumentLoader();
const NOW = new Date(TEST_NOW);

function verify(document: unknown, options: Partial<VerifyCredentialOptions> = {}) {
  return verifyCredential(document, {
    input: "test",
    documentLoader,
    now: NOW,
    fetchDocument: network().fetchDocument,
    ...options,
  }).then(withSkills);
}

function check(report: VerificationReport, id: CheckId) {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check`);
  return found;
}

describe("one fixture per outcome", () => {
  test.each([
    ["valid-eddsa-rdfc-2022.json", "verified", { proof: "signature-valid", status: "not-revoked" }],
    ["valid-ed25519-signature-2020.json", "verified", { proof: "signature-valid" }],
    ["valid-eddsa-jcs-2022.json", "verified", { proof: "signature-valid" }],
    ["valid-ecdsa-rdfc-2019-p256.json", "verified", { proof: "signature-valid" }],
    ["valid-did-jwk.json", "verified", { proof: "signature-valid" }],
    ["valid-did-web.json", "verified", { proof: "signature-valid" }],
    ["valid-two-proofs.json", "verified", { proof: "signature-valid" }],
    ["valid-vc1.json", "verified", { proof: "signature-valid" }],
    ["tampered-achievement-name.json", "failed", { proof: "signature-mismatch", status: "not-checked" }],
    ["wrong-key.json", "failed", { proof: "issuer-key-mismatch" }],
    ["unsupported-suite.json", "indeterminate", { proof: "unsupported-suite" }],
    ["unresolvable-key-did-web.json", "indeterminate", { proof: "key-unresolvable" }],
    ["expired.json", "failed", { proof: "signature-valid", validity: "expired" }],
    ["not-yet-valid.json", "failed", { validity: "not-yet-valid" }],
    ["revoked.json", "failed", { status: "revoked" }],
    ["suspended.json", "failed", { status: "suspended" }],
    ["status-unreachable.json", "indeterminate", { proof: "signature-valid", status: "status-unreachable" }],
    ["revoked-1edtech.json", "failed", { proof: "signature-valid", status: "revoked" }],
    ["undefined-terms.json", "failed", { format: "undefined-terms", proof: "not-checked" }],
    ["clr-valid.json", "verified", { proof: "signature-valid", credentials: "all-verified" }],
    ["clr-one-tampered-member.json", "failed", { proof: "signature-valid", credentials: "credential-failed" }],
    ["jwt-vc1-eddsa.jwt", "verified", { proof: "signature-valid" }],
    ["jwt-vc2-es256-did-jwk.jwt", "verified", { proof: "signature-valid" }],
    ["enveloped-vc2-jwt.json", "verified", { proof: "signature-valid" }],
    ["jwt-bad-signature.jwt", "failed", { proof: "signature-mismatch" }],
    ["jwt-expired.jwt", "failed", { proof: "signature-valid", validity: "expired" }],
  ] as const)("%s → %s", async (name, verdict, codes) => {
    const report = await verify(read(name));
    for (const [id, code] of Object.entries(codes)) expect(check(report, id as CheckId).code, id).toBe(code);
    expect(report.verdict).toBe(verdict);
    for (const c of report.checks) expect(c.message).toMatch(/^[A-Z0-9].*\.$/);
  });

  test("tampering with any signed field class fails the signature", async () => {
    const valid = read("valid-eddsa-rdfc-2022.json");
    const mutations: Array<[string, (d: any) => void]> = [
      ["subject claim", (d) => (d.credentialSubject.achievement.description = "Something else.")],
      ["alignment (a skill)", (d) => (d.credentialSubject.achievement.alignment[0].targetName = "Surgery")],
      ["holder identity", (d) => (d.credentialSubject.identifier[0].salt = "other")],
      ["issuer name", (d) => (d.issuer.name = "Harvard")],
      ["validity date", (d) => (d.validFrom = "2024-06-01T00:00:00Z")],
      ["status entry", (d) => (d.credentialStatus.statusListIndex = "7")],
      // (AchievementCredential would not do: the OBv3 context makes it an alias of OpenBadgeCredential, the same signed IRI)
      ["type", (d) => (d.type[1] = "EndorsementCredential")],
      ["id", (d) => (d.id = "urn:uuid:99999999-9999-4999-8999-999999999999")],
      ["proof options (created)", (d) => (d.proof.created = "2020-01-01T00:00:00Z")],
      ["added field", (d) => (d.name = "Renamed")],
    ];
    for (const [label, mutate] of mutations) {
      const doc = structuredClone(valid);
      mutate(doc);
      const report = await verify(doc);
      expect(report.verdict, label).toBe("failed");
      expect(check(report, "proof").code, label).toBe("signature-mismatch");
    }
  });

  test("the CLR's members each get a report; the tampered one is named", async () => {
    const report = await verify(read("clr-one-tampered-member.json"), { input: "clr.json" });
    expect(report.credentials.map((r) => [r.input, r.verdict])).toEqual([
      ["clr.json › credential 1", "verified"],
      ["clr.json › credential 2", "failed"],
    ]);
    expect(check(report.credentials[1] as VerificationReport, "proof").code).toBe("signature-mismatch");
    expect(check(report, "credentials").message).toBe("1 of the 2 credentials in this CLR failed verification.");
    expect(report.summary?.format).toBe("clr");
  });

  test("an unreachable did:web host is indeterminate, with a sentence that explains did:web", async () => {
    const report = await verify(read("valid-did-web.json"), { fetchDocument: undefined });
    expect(check(report, "proof")).toMatchObject({ outcome: "indeterminate", code: "key-unresolvable" });
    expect(check(report, "proof").message).toContain("published on the issuer's own website");
  });

  test("did:web is fetched at its did.json URL, and HTTPS is fetched only for keys", async () => {
    const { requested, fetchDocument } = network();
    await verify(read("valid-did-web.json"), { fetchDocument });
    expect(requested).toEqual([DID_WEB_URL]);
    expect(didWebToUrl("did:web:example.com:users:alice#key-1")).toBe("https://example.com/users/alice/did.json");
    expect(didWebToUrl("did:web:example.com%3A8443")).toBe("https://example.com:8443/.well-known/did.json");
    expect(didWebToUrl("did:web:example.com:..")).toBeNull();
  });

  test("a credential naming a custom context never makes us fetch that context", async () => {
    const doc = read("valid-eddsa-rdfc-2022.json");
    doc["@context"].push("https://contexts.attest.test/custom.json");
    const { requested, fetchDocument } = network();
    const report = await verify(doc, { fetchDocument });
    expect(check(report, "proof").code).toBe("context-unavailable");
    expect(requested).toEqual([]);
  });
});

describe("presentations", () => {
  test("the holder's proof with Attest's challenge → verified; members bound to the holder by DID", async () => {
    const report = await verify(read("vp-valid.json"), { challenge: CHALLENGE, domain: DOMAIN, input: "vp.json" });
    expect(report.verdict).toBe("verified");
    expect(check(report, "proof").code).toBe("signature-valid");
    expect(check(report, "holder").code).toBe("holder-match");
    expect(check(report, "credentials").code).toBe("all-verified");
    expect(report.credentials).toHaveLength(1);
    expect(check(report.credentials[0] as VerificationReport, "holder")).toMatchObject({
      outcome: "pass",
      code: "holder-match",
    });
    expect(report.summary?.format).toBe("vp");
    expect(report.skills.map((s) => s.key)).toContain("esco:ccd0a1d9-afda-43d9-b901-96344886e14d");
  });

  test("a wrong challenge fails the presentation's proof, with its own code", async () => {
    const report = await verify(read("vp-wrong-challenge.json"), { challenge: CHALLENGE, domain: DOMAIN });
    expect(report.verdict).toBe("failed");
    expect(check(report, "proof")).toMatchObject({ outcome: "fail", code: "challenge-mismatch" });
    // the member credential is still reported on its own
    expect(report.credentials[0]?.verdict).toBe("verified");
  });

  test("a wrong domain fails; no challenge issued → the holder's signature is still checked", async () => {
    expect(
      check(await verify(read("vp-valid.json"), { challenge: CHALLENGE, domain: "evil.example" }), "proof").code,
    ).toBe("domain-mismatch");
    expect((await verify(read("vp-valid.json"))).verdict).toBe("verified");
  });

  test("a presentation tampered after signing fails its proof", async () => {
    const vp = read("vp-valid.json");
    vp.holder = "did:example:mallory";
    const report = await verify(vp, { challenge: CHALLENGE });
    expect(report.verdict).toBe("failed");
    expect(check(report, "proof").outcome).toBe("fail");
  });

  test("an unsigned presentation is as good as its members, with no holder binding", async () => {
    const { proof: _proof, ...unsigned } = read("vp-valid.json");
    const report = await verify(unsigned);
    expect(check(report, "proof").code).toBe("unsigned-presentation");
    expect(check(report, "holder").outcome).toBe("not-applicable");
    expect(report.verdict).toBe("verified");
    const challenged = await verify(unsigned, { challenge: CHALLENGE });
    expect(check(challenged, "proof").code).toBe("challenge-mismatch");
  });
});

describe("Open Badges 2.0 hosted assertions", () => {
  const hosted = (assertion: unknown, status = 200) => {
    const requested: string[] = [];
    const served: Record<string, unknown> = {
      [OB2_ASSERTION_URL]: assertion,
      [OB2_BADGE_URL]: read("ob2-badgeclass.json"),
      [OB2_ISSUER_URL]: read("ob2-issuer.json"),
    };
    const fetchHosted = async (url: string) => {
      requested.push(url);
      if (url === OB2_ASSERTION_URL && status !== 200) return { status, json: null };
      return url in served ? { status: 200, json: structuredClone(served[url]) } : { status: 404, json: null };
    };
    return { requested, fetchHosted };
  };

  test("re-fetched assertion, BadgeClass and issuer → verified; the hashed recipient matches the email", async () => {
    const { requested, fetchHosted } = hosted(read("ob2-assertion.json"));
    const report = await verify(read("ob2-assertion.json"), { fetchHosted, expectedHolder: { email: HOLDER_EMAIL } });
    expect(report.verdict).toBe("verified");
    expect(check(report, "proof").code).toBe("hosted-verified");
    expect(check(report, "holder").code).toBe("holder-match");
    expect(requested).toEqual([OB2_ASSERTION_URL, OB2_BADGE_URL, OB2_ISSUER_URL]);
    expect(report.summary).toMatchObject({
      format: "ob2",
      issuerName: "Badge Test Issuer",
      achievementName: "Python Basics",
    });
    expect(report.skills.map((s) => s.key)).toContain("onet:15-1252.00");
  });

  test("HTTP 410 → failed / revoked", async () => {
    const report = await verify(read("ob2-assertion.json"), { fetchHosted: hosted(null, 410).fetchHosted });
    expect(report.verdict).toBe("failed");
    expect(check(report, "status")).toMatchObject({ outcome: "fail", code: "revoked" });
  });

  test("revoked: true → failed / revoked, with the reason", async () => {
    const report = await verify(read("ob2-assertion.json"), {
      fetchHosted: hosted(read("ob2-assertion-revoked.json")).fetchHosted,
    });
    expect(check(report, "status")).toMatchObject({ outcome: "fail", code: "revoked" });
    expect(check(report, "status").message).toContain("Awarded in error");
  });

  test("a submitted copy that differs from the hosted one → failed / hosted-mismatch; another email → holder-mismatch", async () => {
    const altered = { ...read("ob2-assertion.json"), issuedOn: "2019-01-01T00:00:00Z" };
    expect(
      check(await verify(altered, { fetchHosted: hosted(read("ob2-assertion.json")).fetchHosted }), "proof").code,
    ).toBe("hosted-mismatch");
    const other = await verify(read("ob2-assertion.json"), {
      fetchHosted: hosted(read("ob2-assertion.json")).fetchHosted,
      expectedHolder: { email: "eve@example.com" },
    });
    expect(check(other, "holder").code).toBe("holder-mismatch");
  });

  test("an unreachable server → indeterminate", async () => {
    const report = await verify(read("ob2-assertion.json"), {
      fetchHosted: async () => Promise.reject(new Error("ECONNREFUSED")),
    });
    expect(report.verdict).toBe("indeterminate");
    expect(check(report, "proof").code).toBe("hosted-unreachable");
  });
});

describe("trust registry", () => {
  const registry = createTrustRegistry(parseDccRegistry(read("registry-dcc.json"), "Attest Test Registry"));

  test("a listed issuer → pass, and the display name comes from the registry", async () => {
    const report = await verify(read("valid-eddsa-jcs-2022.json"), { trustRegistry: registry });
    expect(check(report, "issuer")).toMatchObject({ outcome: "pass", code: "listed" });
    expect(check(report, "issuer").message).toContain("Attest Test Registry");
    expect(report.summary).toMatchObject({
      issuerName: "Attest Test Academy (registered)",
      issuerNameSource: "registry",
    });
  });

  test("an unlisted issuer → indeterminate not-listed, beside a verified verdict", async () => {
    const report = await verify(read("valid-did-jwk.json"), { trustRegistry: registry });
    expect(check(report, "issuer")).toMatchObject({ outcome: "indeterminate", code: "not-listed" });
    expect(report.verdict).toBe("verified");
    expect(report.summary).toMatchObject({ issuerName: "Attest JWK College", issuerNameSource: "credential" });
  });

  test("parseDccRegistry skips malformed entries and never throws", () => {
    expect(parseDccRegistry(read("registry-dcc.json"), "R")).toHaveLength(2);
    expect(
      parseDccRegistry(
        { registry: { "did:example:1": { url: "x" }, "did:example:2": { name: "Two" }, "did:example:3": "junk" } },
        "R",
      ),
    ).toEqual([{ issuerId: "did:example:2", name: "Two", registry: "R" }]);
    for (const junk of [null, [], "x", { registry: [] }, {}]) expect(parseDccRegistry(junk, "R")).toEqual([]);
  });
});
