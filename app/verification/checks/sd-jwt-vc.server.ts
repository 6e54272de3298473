/**
 * SD-JWT VC (IETF draft-ietf-oauth-sd-jwt-vc, RFC 9901 SD-JWT): a JWT signed by the issuer, followed by the
 * disclosures the holder chose to reveal and, optionally, a key-binding JWT signed with the holder's key:
 * `<issuer-signed JWT>~<disclosure>~…~<KB-JWT>`.
 *
 * Each part is checked as every other format is (format → proof → validity → status, issuer and holder beside):
 * - format: the JWT's `typ` (`dc+sd-jwt`, or the older `vc+sd-jwt`), `iss` and `vct`, and every disclosure. The
 *   disclosures are processed here by RFC 9901 section 7.1, not by a library: `@sd-jwt/sd-jwt-vc` 0.19 silently
 *   dropped a disclosure that no digest refers to, where the RFC requires the whole SD-JWT to be rejected (an
 *   altered disclosure is exactly such a one);
 * - proof: the issuer's signature, with the key from an `x5c` chain in the header, the issuer's DID, or its JWT VC
 *   issuer metadata (`/.well-known/jwt-vc-issuer`, fetched through the injected, safe fetcher);
 * - validity: `nbf` and `exp`; status: a Token Status List (`status.status_list`), whose token must be signed by
 *   the same issuer; holder: the key-binding JWT against the `cnf` key, its `sd_hash`, and the nonce and audience
 *   when Attest asked for them.
 */
import { createHash, X509Certificate } from "node:crypto";
import { inflateSync } from "node:zlib";
import * as jose from "jose";
import type { CheckResult } from "../report";
import type { DocumentLoader } from "../document-loader.server";
import type { FetchDocument } from "../key-resolver.server";
import type { ProofFinding } from "./proof.server";
import { findVerificationMethod, referencesOf, SUPPORTED_ALGORITHMS, toPublicJwk } from "./jwt.server";
import { keyFromIssuerMetadata, type IssuerKey } from "./jwt-vc-issuer.server";
import { isObject, type JsonObject } from "./util";

const JWS = "[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+";
const SD_JWT = new RegExp(`^${JWS}~(?:[A-Za-z0-9_-]+~)*(?:${JWS})?$`);
const SD_JWT_TYPES = new Set(["dc+sd-jwt", "vc+sd-jwt"]);
/** Inflated Token Status Lists are capped like Bitstring Status Lists: a list is never a zip bomb's victim. */
const MAX_STATUS_LIST_BYTES = 16 * 1024 * 1024;

/** True for text in the SD-JWT compact form (`~`-separated; at least the issuer JWT and one `~`). */
export function isSdJwt(text: string): boolean {
  return text.length < 4_000_000 && SD_JWT.test(text.trim());
}

interface Disclosure {
  encoded: string;
  digest: string;
  salt: string;
  /** Absent for an array element. */
  name?: string;
  value: unknown;
}

export interface ParsedSdJwtVc {
  /** The issuer-signed JWT. */
  jwt: string;
  header: JsonObject;
  payload: JsonObject;
  disclosures: Disclosure[];
  keyBindingJwt?: string;
  /** What the issuer signed with the disclosed claims put back in place (no `_sd`, `_sd_alg`, `cnf` digests). */
  claims: JsonObject;
  /** The SD-JWT up to and including the last `~` before the key-binding JWT, which `sd_hash` covers. */
  presented: string;
}

function decodeJson(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

const digestOf = (text: string) => createHash("sha256").update(text, "ascii").digest("base64url");

type Fail = { ok: false; check: CheckResult };
const formatFail = (code: string, message: string): Fail => ({
  ok: false,
  check: { id: "format", outcome: "fail", code, message },
});

/**
 * Decode an SD-JWT VC and rebuild its disclosed claims, or fail the format check with a sentence. Every
 * disclosure must be referenced by exactly one digest in the signed claims or in another disclosure, and no digest
 * may be referenced twice (RFC 9901, section 7.1); a disclosed name must not replace a plain claim.
 */
export function parseSdJwtVc(text: string): { ok: true; parsed: ParsedSdJwtVc } | Fail {
  const parts = text.trim().split("~");
  const jwt = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  const keyBindingJwt = last === "" ? undefined : last;
  const encodedDisclosures = parts.slice(1, -1);
  const [rawHeader = "", rawPayload = ""] = jwt.split(".");
  const header = decodeJson(rawHeader);
  const payload = decodeJson(rawPayload);
  if (!isObject(header) || !isObject(payload))
    return formatFail("invalid-jwt", "This looks like an SD-JWT, but its header or content is not valid JSON.");
  if (typeof header.typ !== "string" || !SD_JWT_TYPES.has(header.typ)) {
    return formatFail("not-a-credential", 'This SD-JWT is not a verifiable credential: its type is not "dc+sd-jwt".');
  }
  if (typeof payload.iss !== "string" || payload.iss === "")
    return formatFail("missing-issuer", "The credential does not say who issued it (no iss claim).");
  if (typeof payload.vct !== "string" || payload.vct === "")
    return formatFail("not-a-credential", "The SD-JWT VC does not say what kind of credential it is (no vct claim).");
  const sdAlg = payload._sd_alg ?? "sha-256";
  if (sdAlg !== "sha-256")
    return formatFail(
      "unsupported-digest",
      `The credential's disclosures use the digest algorithm ${JSON.stringify(sdAlg).slice(0, 40)}, which Attest does not support.`,
    );

  const byDigest = new Map<string, Disclosure>();
  for (const encoded of encodedDisclosures) {
    const value = decodeJson(encoded);
    const valid =
      Array.isArray(value) &&
      typeof value[0] === "string" &&
      ((value.length === 3 && typeof value[1] === "string") || value.length === 2);
    if (!valid)
      return formatFail(
        "invalid-disclosure",
        "One of the credential's disclosures is not a valid disclosure (a salt, an optional name and a value).",
      );
    const digest = digestOf(encoded);
    if (byDigest.has(digest))
      return formatFail("invalid-disclosure", "The credential repeats a disclosure, which SD-JWT does not allow.");
    const [salt, name, disclosed] = value.length === 3 ? value : [value[0], undefined, value[1]];
    if (name === "_sd" || name === "..." || name === "_sd_alg")
      return formatFail("invalid-disclosure", `A disclosure uses the reserved claim name "${name}".`);
    byDigest.set(digest, {
      encoded,
      digest,
      salt: salt as string,
      ...(name !== undefined ? { name: name as string } : {}),
      value: disclosed,
    });
  }

  const used = new Set<string>();
  let problem: string | null = null;
  const take = (digest: unknown): Disclosure | undefined => {
    if (typeof digest !== "string") {
      problem = "A digest in the credential is not a string.";
      return undefined;
    }
    if (used.has(digest)) {
      problem = "The credential refers to one digest twice, which SD-JWT does not allow.";
      return undefined;
    }
    const disclosure = byDigest.get(digest);
    if (disclosure) used.add(digest);
    return disclosure;
  };
  const unpack = (value: unknown, depth: number): unknown => {
    if (depth > 32 || problem) return value;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      for (const element of value) {
        if (isObject(element) && Object.keys(element).length === 1 && "..." in element) {
          const disclosure = take(element["..."]);
          if (disclosure?.name !== undefined) problem = "An array element's disclosure carries a claim name.";
          else if (disclosure) out.push(unpack(disclosure.value, depth + 1));
          // A digest with no disclosure is undisclosed (or a decoy): it is left out.
        } else out.push(unpack(element, depth + 1));
      }
      return out;
    }
    if (isObject(value)) {
      const out: JsonObject = {};
      for (const [key, child] of Object.entries(value))
        if (key !== "_sd" && key !== "_sd_alg") out[key] = unpack(child, depth + 1) as JsonObject[string];
      if (value._sd !== undefined && !Array.isArray(value._sd))
        problem = "The credential's _sd claim is not a list of digests.";
      for (const digest of Array.isArray(value._sd) ? value._sd : []) {
        const disclosure = take(digest);
        if (!disclosure) continue;
        if (disclosure.name === undefined) problem = "An object's disclosure has no claim name.";
        else if (Object.hasOwn(out, disclosure.name))
          problem = `A disclosure would replace the claim "${disclosure.name.slice(0, 40)}", which SD-JWT does not allow.`;
        else out[disclosure.name] = unpack(disclosure.value, depth + 1) as JsonObject[string];
      }
      return out;
    }
    return value;
  };
  const claims = unpack(payload, 0) as JsonObject;
  if (problem) return formatFail("invalid-disclosure", problem);
  if (used.size !== byDigest.size) {
    return formatFail(
      "tampered-disclosure",
      "A disclosure in the credential is not covered by the issuer's signature (no signed digest refers to it), so the credential was altered.",
    );
  }
  const presented = `${parts.slice(0, -1).join("~")}~`;
  return {
    ok: true,
    parsed: {
      jwt,
      header,
      payload,
      disclosures: [...byDigest.values()],
      ...(keyBindingJwt ? { keyBindingJwt } : {}),
      claims,
      presented,
    },
  };
}

export interface SdJwtKeyContext {
  documentLoader: DocumentLoader;
  /** Fetches JSON by URL (JWT VC issuer metadata, its JWKS). Absent → an https issuer's key cannot be resolved. */
  fetchDocument?: FetchDocument;
}

type KeyFound = IssuerKey;

/** The public key that must have signed a JWT from `issuer`: from `x5c`, a DID, or the issuer's metadata. */
async function resolveIssuerKey(
  header: JsonObject,
  issuer: string,
  alg: string,
  context: SdJwtKeyContext,
): Promise<KeyFound> {
  const kid = typeof header.kid === "string" ? header.kid : undefined;
  if (Array.isArray(header.x5c) && header.x5c.length > 0) return keyFromX5c(header.x5c, issuer);
  if (issuer.startsWith("did:")) {
    const found = await findVerificationMethod(kid, issuer, context.documentLoader);
    if ("unresolvable" in found) return { finding: { kind: "key-unresolvable", url: found.unresolvable } };
    const controllerId = typeof found.controller.id === "string" ? found.controller.id : undefined;
    const listed = referencesOf(found.controller.assertionMethod).some(
      (ref) => ref === found.url || (ref.startsWith("#") && `${controllerId}${ref}` === found.url),
    );
    if (controllerId !== issuer || !listed) return { finding: { kind: "issuer-key-mismatch" } };
    const jwk = await toPublicJwk(found.method).catch(() => null);
    if (!jwk)
      return { finding: { kind: "unsupported-suite", proofTypes: [`SD-JWT (${alg}) with an unsupported key type`] } };
    return { key: await jose.importJWK(jwk, alg === "Ed25519" ? "EdDSA" : alg), evidence: { Key: found.url } };
  }
  if (issuer.startsWith("https://")) return keyFromIssuerMetadata(issuer, kid, alg, context.fetchDocument);
  return { finding: { kind: "key-unresolvable", url: issuer } };
}

/** An `x5c` chain: the leaf's key signs; each certificate must be signed by the next; the leaf must name the issuer. */
function keyFromX5c(chain: unknown[], issuer: string): KeyFound {
  let certificates: X509Certificate[];
  try {
    certificates = chain.map((der) => {
      if (typeof der !== "string") throw new Error("not a string");
      return new X509Certificate(Buffer.from(der, "base64"));
    });
  } catch {
    return { finding: { kind: "invalid-proof" } };
  }
  for (let i = 0; i + 1 < certificates.length; i++) {
    if (!(certificates[i] as X509Certificate).verify((certificates[i + 1] as X509Certificate).publicKey))
      return { finding: { kind: "invalid-proof" } };
  }
  const leaf = certificates[0] as X509Certificate;
  const names = (leaf.subjectAltName ?? "").split(",").map((n) => n.trim());
  let host = "";
  try {
    host = new URL(issuer).hostname;
  } catch {
    // A non-URL issuer can only match a URI name exactly.
  }
  if (!names.includes(`URI:${issuer}`) && !(host && names.includes(`DNS:${host}`)))
    return { finding: { kind: "issuer-key-mismatch" } };
  return {
    key: leaf.publicKey,
    evidence: {
      Key: `X.509 certificate ${leaf.subject.replace(/\n/g, ", ")}`,
      "Certificate issuer": leaf.issuer.replace(/\n/g, ", "),
    },
  };
}

async function verifySignedJwt(
  jwt: string,
  header: JsonObject,
  issuer: string,
  context: SdJwtKeyContext,
  evidence: Record<string, string>,
): Promise<ProofFinding> {
  const alg = typeof header.alg === "string" ? header.alg : "none";
  const proofType = `SD-JWT (${alg})`;
  evidence.Suite = proofType;
  if (!SUPPORTED_ALGORITHMS.has(alg)) return { kind: "unsupported-suite", proofTypes: [proofType] };
  const found = await resolveIssuerKey(header, issuer, alg, context);
  if ("finding" in found) return found.finding;
  Object.assign(evidence, found.evidence);
  try {
    await jose.compactVerify(jwt, found.key, { algorithms: [alg] });
  } catch (error) {
    if (error instanceof jose.errors.JWSSignatureVerificationFailed) return { kind: "signature-mismatch" };
    if (error instanceof jose.errors.JOSEError) return { kind: "invalid-proof" };
    return { kind: "error", detail: error instanceof Error ? error.message : String(error) };
  }
  return { kind: "verified", proofTypes: [proofType] };
}

/** The issuer's signature over the SD-JWT's JWT. */
export async function verifySdJwtSignature(parsed: ParsedSdJwtVc, context: SdJwtKeyContext): Promise<ProofFinding> {
  const evidence: Record<string, string> = {};
  const finding = await verifySignedJwt(parsed.jwt, parsed.header, parsed.payload.iss as string, context, evidence);
  return { ...finding, evidence };
}

/** `nbf`, `exp` (and `iat`) as the ISO dates the validity check reads. */
export function sdJwtValidityDates(payload: JsonObject): { validFrom?: string; validUntil?: string } {
  const iso = (value: unknown) =>
    typeof value === "number" && Number.isFinite(value)
      ? new Date(value * 1000).toISOString().replace(/\.000Z$/, "Z")
      : undefined;
  const validFrom = iso(payload.nbf) ?? iso(payload.iat);
  const validUntil = iso(payload.exp);
  return { ...(validFrom ? { validFrom } : {}), ...(validUntil ? { validUntil } : {}) };
}

/** Fetches a Token Status List token by URL (a JWT as text, or pinned). */
export type FetchStatusToken = (url: string) => Promise<unknown>;

/**
 * Token Status List: the credential's `status.status_list` names a list (a JWT signed by the same issuer) and an
 * index; the status there is 0 (valid), 1 (invalid: revoked) or 2 (suspended). Checked only after the signature
 * passed, like every status check, so a forged credential never makes Attest fetch a URL it chose.
 */
export async function checkSdJwtStatus(
  parsed: ParsedSdJwtVc,
  context: SdJwtKeyContext & { fetchStatusToken?: FetchStatusToken; now: Date },
): Promise<CheckResult> {
  const reference =
    isObject(parsed.claims.status) && isObject(parsed.claims.status.status_list)
      ? parsed.claims.status.status_list
      : null;
  if (!reference)
    return {
      id: "status",
      outcome: "not-applicable",
      code: "no-status",
      message: "The issuer publishes no revocation status for this credential.",
    };
  const { idx, uri } = reference;
  const evidence: Record<string, string> = { "Status list": String(uri), Index: String(idx) };
  const unreachable = (message: string): CheckResult => ({
    id: "status",
    outcome: "indeterminate",
    code: "status-unreachable",
    message,
    evidence,
  });
  if (typeof uri !== "string" || !Number.isSafeInteger(idx) || (idx as number) < 0) {
    return {
      id: "status",
      outcome: "fail",
      code: "invalid-status",
      message: "The credential's status entry is malformed (it needs a list URL and a whole-number index).",
      evidence,
    };
  }
  if (!context.fetchStatusToken)
    return unreachable(
      "The revocation status could not be checked: Attest was not allowed to fetch the issuer's status list.",
    );
  let token: unknown;
  try {
    token = await context.fetchStatusToken(uri);
  } catch {
    return unreachable(
      "The revocation status could not be checked because the issuer's status list could not be fetched.",
    );
  }
  const text = typeof token === "string" ? token.trim() : "";
  const [rawHeader = "", rawPayload = ""] = text.split(".");
  const header = decodeJson(rawHeader);
  const payload = decodeJson(rawPayload);
  if (!isObject(header) || !isObject(payload) || header.typ !== "statuslist+jwt" || !isObject(payload.status_list)) {
    return {
      id: "status",
      outcome: "indeterminate",
      code: "status-list-unverified",
      message: "The issuer's status list is not a Token Status List, so the status could not be checked.",
      evidence,
    };
  }
  if (payload.sub !== uri) {
    return {
      id: "status",
      outcome: "indeterminate",
      code: "status-list-unverified",
      message: "The status list served at that address says it is another list, so it could not be trusted.",
      evidence,
    };
  }
  const signed = await verifySignedJwt(text, header, parsed.payload.iss as string, context, {});
  if (signed.kind !== "verified") {
    return {
      id: "status",
      outcome: "indeterminate",
      code: "status-list-unverified",
      message: "The status list is not signed by the credential's issuer, so the status could not be trusted.",
      evidence,
    };
  }
  const expiry = typeof payload.exp === "number" ? payload.exp * 1000 : Number.POSITIVE_INFINITY;
  if (expiry < context.now.getTime()) {
    return {
      id: "status",
      outcome: "indeterminate",
      code: "status-list-expired",
      message: "The issuer's status list has expired, so the status could not be checked.",
      evidence,
    };
  }
  const bits = payload.status_list.bits;
  const lst = payload.status_list.lst;
  if (![1, 2, 4, 8].includes(bits as number) || typeof lst !== "string") {
    return {
      id: "status",
      outcome: "indeterminate",
      code: "status-list-unverified",
      message: "The issuer's status list is malformed, so the status could not be checked.",
      evidence,
    };
  }
  let list: Buffer;
  try {
    list = inflateSync(Buffer.from(lst, "base64url"), { maxOutputLength: MAX_STATUS_LIST_BYTES });
  } catch {
    return {
      id: "status",
      outcome: "indeterminate",
      code: "status-list-unverified",
      message:
        "The issuer's status list could not be decoded (or is far larger than any real list), so the status could not be checked.",
      evidence,
    };
  }
  const position = (idx as number) * (bits as number);
  const byte = list[Math.floor(position / 8)];
  if (byte === undefined)
    return {
      id: "status",
      outcome: "fail",
      code: "invalid-status",
      message: "The credential's status index is outside the issuer's status list.",
      evidence,
    };
  // Token Status List: statuses are packed from the least significant bit of each byte.
  const status = (byte >> (position % 8)) & ((1 << (bits as number)) - 1);
  evidence.Status = String(status);
  if (status === 0)
    return {
      id: "status",
      outcome: "pass",
      code: "not-revoked",
      message: "The issuer's status list says this credential is valid (not revoked or suspended).",
      evidence,
    };
  if (status === 1)
    return {
      id: "status",
      outcome: "fail",
      code: "revoked",
      message: "The issuer has revoked this credential.",
      evidence,
    };
  if (status === 2)
    return {
      id: "status",
      outcome: "fail",
      code: "suspended",
      message: "The issuer has suspended this credential.",
      evidence,
    };
  return {
    id: "status",
    outcome: "indeterminate",
    code: "unknown-status",
    message: `The issuer's status list gives this credential a status (${status}) that Attest does not know.`,
    evidence,
  };
}

export interface KeyBindingExpectation {
  /** The nonce Attest issued; a key-binding JWT over another one is refused. */
  nonce?: string;
  /** Attest's own identifier as the audience. */
  audience?: string;
  /** Refuse a credential presented without key binding (an OpenID4VP answer must prove the holder). */
  required?: boolean;
}

/** The holder check: a key-binding JWT signed with the `cnf` key, over this very presentation (`sd_hash`). */
export async function checkKeyBinding(
  parsed: ParsedSdJwtVc,
  expected: KeyBindingExpectation,
  now: Date,
): Promise<CheckResult> {
  const fail = (code: string, message: string): CheckResult => ({ id: "holder", outcome: "fail", code, message });
  const cnf = isObject(parsed.payload.cnf) && isObject(parsed.payload.cnf.jwk) ? parsed.payload.cnf.jwk : null;
  if (!parsed.keyBindingJwt) {
    if (expected.required)
      return fail(
        "no-key-binding",
        "The credential was presented without proof that the sender holds its key (no key-binding JWT).",
      );
    return {
      id: "holder",
      outcome: "not-applicable",
      code: "no-holder-binding",
      message: cnf
        ? "The credential is bound to a holder's key, but no key-binding proof came with it, so it does not show who sent it."
        : "The credential is not bound to a holder's key.",
    };
  }
  if (!cnf) return fail("holder-mismatch", "A key-binding proof came with a credential that names no holder key.");
  const [rawHeader = ""] = parsed.keyBindingJwt.split(".");
  const header = decodeJson(rawHeader);
  if (
    !isObject(header) ||
    header.typ !== "kb+jwt" ||
    typeof header.alg !== "string" ||
    !SUPPORTED_ALGORITHMS.has(header.alg)
  ) {
    return fail(
      "invalid-key-binding",
      "The key-binding proof is malformed or uses an algorithm Attest does not support.",
    );
  }
  let payload: jose.JWTPayload;
  try {
    const { d: _secret, ...publicJwk } = cnf;
    const key = await jose.importJWK(publicJwk as jose.JWK, header.alg === "Ed25519" ? "EdDSA" : header.alg);
    ({ payload } = await jose.jwtVerify(parsed.keyBindingJwt, key, {
      algorithms: [header.alg],
      currentDate: now,
      clockTolerance: 300,
    }));
  } catch {
    return fail("holder-mismatch", "The key-binding proof was not signed with the key the credential is bound to.");
  }
  if (payload.sd_hash !== digestOf(parsed.presented))
    return fail("invalid-key-binding", "The key-binding proof was made for other disclosures than the ones presented.");
  if (typeof payload.iat !== "number")
    return fail("invalid-key-binding", "The key-binding proof does not say when it was made.");
  if (expected.nonce !== undefined && payload.nonce !== expected.nonce)
    return fail(
      "challenge-mismatch",
      "The key-binding proof answers another request (its nonce is not the one Attest issued), so it may be a replay.",
    );
  if (expected.audience !== undefined && payload.aud !== expected.audience)
    return fail("domain-mismatch", "The key-binding proof was made for another verifier (its audience is not Attest).");
  return {
    id: "holder",
    outcome: "pass",
    code: "holder-match",
    message: "The person who presented the credential holds the key it was issued to.",
  };
}
