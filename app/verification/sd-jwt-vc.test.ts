/**
 * SD-JWT VC through the one verifier, with credentials issued and presented by the OpenWallet Foundation's own
 * libraries (@sd-jwt/sd-jwt-vc, @sd-jwt/crypto-nodejs, @sd-jwt/jwt-status-list): valid, tampered disclosure, wrong
 * issuer key, expired, revoked and suspended through a Token Status List, key binding right and wrong.
 */
import { withSkills } from "#app/skills/report-skills";
import * as jose from "jose";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { digest, ES256, generateSalt } from "@sd-jwt/crypto-nodejs";
import { createHeaderAndPayload, StatusList } from "@sd-jwt/jwt-status-list";
import { execFileSync } from "node:child_process";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { verifyCommand } from "#app/cli/commands/verify";
import { createDocumentLoader } from "./document-loader.server";
import { verifyCredential } from "./verify.server";
import type { CheckId, VerificationReport } from "./report";

const documentLoader = createDocumentLoader();
const NOW = new Date("2026-06-01T00:00:00Z");
const STATUS_URL = "https://status.example.edu/lists/1";

type Keys = { publicKey: JsonWebKey; privateKey: JsonWebKey };
let issuerKeys: Keys;
let otherKeys: Keys;
let holderKeys: Keys;
let issuerDid: string;

const didJwk = (publicKey: JsonWebKey) =>
  `did:jwk:${Buffer.from(JSON.stringify({ kty: publicKey.kty, crv: publicKey.crv, x: publicKey.x, y: publicKey.y })).toString("base64url")}`;

async function instance(signWith: Keys, options: { kbKeys?: Keys; kid?: string } = {}) {
  return new SDJwtVcInstance({
    signer: await ES256.getSigner(signWith.privateKey),
    signAlg: "ES256",
    hasher: digest,
    hashAlg: "sha-256",
    saltGenerator: generateSalt,
    ...(options.kbKeys ? { kbSigner: await ES256.getSigner(options.kbKeys.privateKey), kbSignAlg: "ES256" } : {}),
  });
}

const claims = (extra: Record<string, unknown> = {}) => ({
  iss: issuerDid,
  vct: "https://credentials.example.edu/course-completion",
  iat: Math.floor(new Date("2026-01-01T00:00:00Z").getTime() / 1000),
  name: "Data Analysis with Python",
  skills: [{ name: "Python", url: "https://example.org/skills/python" }, "SQL"],
  cnf: {
    jwk: {
      kty: holderKeys.publicKey.kty,
      crv: holderKeys.publicKey.crv,
      x: holderKeys.publicKey.x,
      y: holderKeys.publicKey.y,
    },
  },
  ...extra,
});

async function issue(extra: Record<string, unknown> = {}, signWith?: Keys): Promise<string> {
  const sdjwt = await instance(signWith ?? issuerKeys);
  return sdjwt.issue(claims(extra) as never, { _sd: ["name", "skills"] } as never, {
    header: { typ: "dc+sd-jwt", kid: `${issuerDid}#0` },
  });
}

async function present(
  credential: string,
  kb: { nonce: string; aud: string },
  signWith: Keys = holderKeys,
): Promise<string> {
  const sdjwt = await instance(issuerKeys, { kbKeys: signWith });
  return sdjwt.present(credential, { name: true, skills: true } as never, {
    kb: { payload: { iat: Math.floor(NOW.getTime() / 1000), ...kb } },
  });
}

/** A Token Status List JWT signed by `keys`, with `statuses` set (index → value). */
async function statusListToken(statuses: Record<number, number>, keys: Keys = issuerKeys): Promise<string> {
  const list = new StatusList(new Array(1024).fill(0), 2);
  for (const [index, value] of Object.entries(statuses)) list.setStatus(Number(index), value);
  const { header, payload } = createHeaderAndPayload(
    list,
    { iss: issuerDid, sub: STATUS_URL, iat: Math.floor(NOW.getTime() / 1000) - 60 },
    { alg: "ES256", typ: "statuslist+jwt", kid: `${issuerDid}#0` },
  );
  return new jose.SignJWT(payload as jose.JWTPayload)
    .setProtectedHeader(header as jose.JWTHeaderParameters)
    .sign(await jose.importJWK(keys.privateKey as jose.JWK, "ES256"));
}

function check(report: VerificationReport, id: CheckId) {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no ${id} check`);
  return found;
}

const verify = (document: unknown, options: Partial<Parameters<typeof verifyCredential>[1]> = {}) =>
  verifyCredential(document, { input: "test", documentLoader, now: NOW, ...options }).then(withSkills);

beforeAll(async () => {
  [issuerKeys, otherKeys, holderKeys] = await Promise.all([
    ES256.generateKeyPair(),
    ES256.generateKeyPair(),
    ES256.generateKeyPair(),
  ]);
  issuerDid = didJwk(issuerKeys.publicKey);
});

describe("SD-JWT VC", () => {
  test("a valid credential is verified, with the same checks as every format and skills from its claims", async () => {
    const report = await verify(await issue());
    expect(report.verdict).toBe("verified");
    expect(report.checks.map((c) => c.id)).toEqual(["format", "proof", "validity", "status", "issuer", "holder"]);
    expect(check(report, "proof")).toMatchObject({ outcome: "pass", code: "signature-valid" });
    expect(check(report, "holder")).toMatchObject({ outcome: "not-applicable" });
    expect(report.summary).toMatchObject({
      securing: "sd-jwt",
      issuerId: issuerDid,
      types: ["https://credentials.example.edu/course-completion"],
    });
    expect(report.skills.map((s) => s.label)).toEqual(expect.arrayContaining(["Python", "SQL"]));
  });

  test("a tampered disclosure is refused (the library's own verifier once dropped it silently)", async () => {
    const credential = await issue();
    const [jwt, ...rest] = credential.split("~");
    const disclosures = rest.filter(Boolean);
    const target = disclosures.findIndex((d) => Buffer.from(d, "base64url").toString().includes("Data Analysis"));
    const [salt] = JSON.parse(Buffer.from(disclosures[target]!, "base64url").toString()) as [string];
    disclosures[target] = Buffer.from(JSON.stringify([salt, "name", "Brain Surgery"])).toString("base64url");
    const report = await verify(`${jwt}~${disclosures.join("~")}~`);
    expect(report.verdict).toBe("failed");
    expect(check(report, "format")).toMatchObject({ outcome: "fail", code: "tampered-disclosure" });
    expect(check(report, "format").message).toMatch(/not covered by the issuer's signature/);
  });

  test("an added disclosure no digest refers to is refused", async () => {
    const extra = Buffer.from(JSON.stringify(["c2FsdA", "admin", true])).toString("base64url");
    const report = await verify(`${await issue()}${extra}~`);
    expect(check(report, "format")).toMatchObject({ outcome: "fail", code: "tampered-disclosure" });
  });

  test("signed by another key than the issuer's → the signature does not match", async () => {
    const report = await verify(await issue({}, otherKeys));
    expect(report.verdict).toBe("failed");
    expect(check(report, "proof")).toMatchObject({ outcome: "fail", code: "signature-mismatch" });
  });

  test("expired → failed / expired", async () => {
    const report = await verify(await issue({ exp: Math.floor(new Date("2026-03-01T00:00:00Z").getTime() / 1000) }));
    expect(report.verdict).toBe("failed");
    expect(check(report, "validity")).toMatchObject({ outcome: "fail", code: "expired" });
  });

  test.each([
    [0, "pass", "not-revoked", "verified"],
    [1, "fail", "revoked", "failed"],
    [2, "fail", "suspended", "failed"],
  ] as const)("Token Status List status %i → %s (%s)", async (value, outcome, code, verdict) => {
    const token = await statusListToken({ 7: value });
    const requested: string[] = [];
    const report = await verify(await issue({ status: { status_list: { idx: 7, uri: STATUS_URL } } }), {
      fetchStatusList: async (url) => {
        requested.push(url);
        return token;
      },
    });
    expect(check(report, "status")).toMatchObject({ outcome, code });
    expect(report.verdict).toBe(verdict);
    expect(requested).toEqual([STATUS_URL]);
  });

  test("a status list signed by someone else cannot say anything: could not check", async () => {
    const token = await statusListToken({ 7: 0 }, otherKeys);
    const report = await verify(await issue({ status: { status_list: { idx: 7, uri: STATUS_URL } } }), {
      fetchStatusList: async () => token,
    });
    expect(check(report, "status")).toMatchObject({ outcome: "indeterminate", code: "status-list-unverified" });
    expect(report.verdict).toBe("indeterminate");
  });

  test("key binding: the holder's KB-JWT over Attest's nonce and audience → holder proven", async () => {
    const presented = await present(await issue(), { nonce: "n-1", aud: "https://attest.example" });
    const report = await verify(presented, { challenge: "n-1", domain: "https://attest.example" });
    expect(check(report, "holder")).toMatchObject({ outcome: "pass", code: "holder-match" });
    expect(report.verdict).toBe("verified");
  });

  test.each([
    ["signed by another key", { nonce: "n-1", aud: "https://attest.example" }, "other", "holder-mismatch"],
    ["over another nonce (a replay)", { nonce: "n-0", aud: "https://attest.example" }, "holder", "challenge-mismatch"],
    ["for another audience", { nonce: "n-1", aud: "https://elsewhere.example" }, "holder", "domain-mismatch"],
  ] as const)("key binding %s → holder fails", async (_label, kb, signer, code) => {
    const presented = await present(await issue(), kb, signer === "other" ? otherKeys : holderKeys);
    const report = await verify(presented, { challenge: "n-1", domain: "https://attest.example" });
    expect(check(report, "holder")).toMatchObject({ outcome: "fail", code });
  });

  test("no key binding where Attest asked for one → holder fails", async () => {
    const report = await verify(await issue(), { challenge: "n-1" });
    expect(check(report, "holder")).toMatchObject({ outcome: "fail", code: "no-key-binding" });
  });

  test("an https issuer's key comes from its JWT VC issuer metadata, fetched through the injected fetcher", async () => {
    const issuer = "https://university.example/issuer";
    const kid = "key-1";
    const jwk = { ...issuerKeys.publicKey, kid };
    const sdjwt = await instance(issuerKeys);
    const credential = await sdjwt.issue(claims({ iss: issuer }) as never, { _sd: ["name"] } as never, {
      header: { typ: "dc+sd-jwt", kid },
    });
    const fetched: string[] = [];
    const fetchDocument = async (url: string) => {
      fetched.push(url);
      if (url === "https://university.example/.well-known/jwt-vc-issuer/issuer")
        return { issuer, jwks: { keys: [jwk] } };
      throw new Error(`unexpected ${url}`);
    };
    const report = await verify(credential, { fetchDocument });
    expect(check(report, "proof").outcome).toBe("pass");
    expect(fetched).toEqual(["https://university.example/.well-known/jwt-vc-issuer/issuer"]);
    // Metadata that names another issuer is not this issuer's key.
    const impostor = await verify(credential, {
      fetchDocument: async () => ({ issuer: "https://evil.example", jwks: { keys: [jwk] } }),
    });
    expect(check(impostor, "proof")).toMatchObject({ outcome: "fail", code: "issuer-key-mismatch" });
  });

  test("sd_hash binds the KB-JWT to the disclosures presented", async () => {
    const presented = await present(await issue(), { nonce: "n-1", aud: "a" });
    const parts = presented.split("~");
    // Drop one disclosure but keep the KB-JWT: the hash no longer matches.
    const fewer = [parts[0], ...parts.slice(2)].join("~");
    const report = await verify(fewer, { challenge: "n-1", domain: "a" });
    expect(check(report, "holder")).toMatchObject({ outcome: "fail", code: "invalid-key-binding" });
  });
});

describe("attest verify on an SD-JWT VC file", () => {
  test("--pin serves the Token Status List (a JWT file) and the JSON line reports the revocation", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "attest-sdjwt-"));
    try {
      writeFileSync(
        path.join(dir, "credential.sd-jwt"),
        await issue({ status: { status_list: { idx: 3, uri: STATUS_URL } } }),
      );
      writeFileSync(path.join(dir, "list.jwt"), await statusListToken({ 3: 1 }));
      const lines: string[] = [];
      const log = vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
      const code = await verifyCommand([
        "--json",
        "--now",
        NOW.toISOString(),
        "--pin",
        `${STATUS_URL}=${path.join(dir, "list.jwt")}`,
        path.join(dir, "credential.sd-jwt"),
      ]).finally(() => log.mockRestore());
      expect(code).toBe(1);
      const report = JSON.parse(lines[0] as string) as VerificationReport;
      expect(report.verdict).toBe("failed");
      expect(check(report, "proof").outcome).toBe("pass");
      expect(check(report, "status")).toMatchObject({ outcome: "fail", code: "revoked" });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("an SD-JWT VC whose key comes in an x5c chain", () => {
  /** A self-signed P-256 certificate naming `san`, made with openssl; its private key as a JWK. */
  function certificate(san: string) {
    const dir = mkdtempSync(path.join(tmpdir(), "attest-x5c-"));
    try {
      execFileSync(
        "openssl",
        [
          "req",
          "-x509",
          "-newkey",
          "ec",
          "-pkeyopt",
          "ec_paramgen_curve:P-256",
          "-nodes",
          "-keyout",
          path.join(dir, "key.pem"),
          "-out",
          path.join(dir, "cert.pem"),
          "-days",
          "3650",
          "-subj",
          "/CN=Test University",
          "-addext",
          `subjectAltName=${san}`,
        ],
        { stdio: "ignore" },
      );
      const der = new X509Certificate(readFileSync(path.join(dir, "cert.pem"))).raw.toString("base64");
      const privateJwk = createPrivateKey(readFileSync(path.join(dir, "key.pem"))).export({
        format: "jwk",
      }) as JsonWebKey;
      return { der, privateJwk };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const issuer = "https://university.example/issuer";
  async function issueWithX5c(san: string) {
    const { der, privateJwk } = certificate(san);
    const sdjwt = await instance({ privateKey: privateJwk, publicKey: {} });
    return sdjwt.issue(claims({ iss: issuer }) as never, { _sd: ["name"] } as never, {
      header: { typ: "dc+sd-jwt", x5c: [der] },
    });
  }

  test("a leaf certificate naming the issuer signs: verified, with the certificate as evidence", async () => {
    const report = await verify(await issueWithX5c(`URI:${issuer}`));
    expect(check(report, "proof")).toMatchObject({ outcome: "pass" });
    expect(check(report, "proof").evidence?.Key).toMatch(/X\.509 certificate .*Test University/);
  });

  test("a certificate for another name is not the issuer's key", async () => {
    const report = await verify(await issueWithX5c("DNS:elsewhere.example"));
    expect(check(report, "proof")).toMatchObject({ outcome: "fail", code: "issuer-key-mismatch" });
  });
});
