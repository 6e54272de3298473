/**
 * VC-JWT: a credential secured as a compact JWS instead of an embedded proof. Two forms arrive:
 * - VC Data Model 1.1 JWT: the credential is in the `vc` claim; `iss`, `nbf`, `exp`, `jti`, `sub` stand for
 *   issuer, issuanceDate, expirationDate, id and credentialSubject.id (VC-JWT 1.1, "JWT decoding");
 * - VC 2.0 `application/vc+jwt` (VC-JOSE-COSE): the payload is the credential itself, often wrapped in an
 *   `EnvelopedVerifiableCredential` whose id is `data:application/vc+jwt,<jws>`.
 * The signature covers the exact bytes, so no JSON-LD processing is needed to verify it. Keys come from the
 * same document loader as Data Integrity proofs (did:key, did:jwk, pinned or fetched keys).
 */
import * as jose from "jose";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import * as EcdsaMultikey from "@digitalbazaar/ecdsa-multikey";
import type { CheckResult } from "../report";
import type { DocumentLoader } from "../document-loader.server";
import type { ProofFinding } from "./proof.server";
import type { FetchDocument } from "../key-resolver.server";
import { keyFromIssuerMetadata } from "./jwt-vc-issuer.server";
import { asArray, idOf, isObject, type JsonObject } from "./util";

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
export const ENVELOPED_JWT_PREFIX = "data:application/vc+jwt,";
export const ENVELOPED_VP_JWT_PREFIX = "data:application/vp+jwt,";

/** Algorithms Attest verifies, with the key type each needs. RS256 and others are reported as unsupported. */
export const SUPPORTED_ALGORITHMS = new Map([
  ["EdDSA", { kty: "OKP", crv: "Ed25519" }],
  ["Ed25519", { kty: "OKP", crv: "Ed25519" }],
  ["ES256", { kty: "EC", crv: "P-256" }],
]);

export function isCompactJws(text: string): boolean {
  return COMPACT_JWS.test(text.trim());
}

/** The JWS inside an `EnvelopedVerifiableCredential`, or null when `document` is not one. */
export function envelopedJws(document: unknown): string | null {
  if (!isObject(document) || !asArray(document.type).includes("EnvelopedVerifiableCredential")) return null;
  const id = typeof document.id === "string" ? document.id : "";
  if (!id.startsWith(ENVELOPED_JWT_PREFIX)) return null;
  return decodeURIComponent(id.slice(ENVELOPED_JWT_PREFIX.length)).trim();
}

/** The JWS inside an `EnvelopedVerifiablePresentation`, or null when `document` is not one. */
export function envelopedPresentationJws(document: unknown): string | null {
  if (!isObject(document) || !asArray(document.type).includes("EnvelopedVerifiablePresentation")) return null;
  const id = typeof document.id === "string" ? document.id : "";
  if (!id.startsWith(ENVELOPED_VP_JWT_PREFIX)) return null;
  return decodeURIComponent(id.slice(ENVELOPED_VP_JWT_PREFIX.length)).trim();
}

export interface ParsedVpJwt {
  jws: string;
  header: JsonObject;
  payload: JsonObject;
  /** The presentation as the data model sees it (for VC-JWT 1.1, the `vp` claim with `iss` as its holder). */
  presentation: JsonObject;
}

/**
 * A presentation secured as a JWT, or null when the JWS is not one: VC-JWT 1.1 puts it in the `vp` claim (`iss`
 * is the holder, `nonce` the verifier's challenge, `aud` its domain); VC 2.0 (`vp+jwt`) signs the presentation
 * itself as the payload.
 */
export function parseVpJwt(jws: string): ParsedVpJwt | null {
  const [rawHeader, rawPayload] = jws.trim().split(".");
  const header = decodePart(rawHeader);
  const payload = decodePart(rawPayload);
  if (!header || !payload) return null;
  if (isObject(payload.vp)) {
    const presentation: JsonObject = structuredClone(payload.vp);
    if (typeof payload.iss === "string") presentation.holder = payload.iss;
    return { jws: jws.trim(), header, payload, presentation };
  }
  if (asArray(payload.type).includes("VerifiablePresentation"))
    return { jws: jws.trim(), header, payload, presentation: payload };
  return null;
}

/**
 * The holder's signature on a presentation JWT: by a key the holder lists under `authentication`, over the
 * challenge (`nonce`) and domain (`aud`) Attest issued, when it issued them.
 */
export async function verifyPresentationJwtSignature(
  parsed: ParsedVpJwt,
  documentLoader: DocumentLoader,
  expected: { challenge?: string; domain?: string },
): Promise<ProofFinding> {
  const alg = typeof parsed.header.alg === "string" ? parsed.header.alg : "none";
  const kid = typeof parsed.header.kid === "string" ? parsed.header.kid : undefined;
  const evidence: Record<string, string> = { Suite: `JWT (${alg})`, "Key id": kid ?? "none (the holder's first key)" };
  const holder = idOf(parsed.presentation.holder);
  const finding = await (async (): Promise<ProofFinding> => {
    if (!SUPPORTED_ALGORITHMS.has(alg)) return { kind: "unsupported-suite", proofTypes: [`JWT (${alg})`] };
    if (!holder)
      return { kind: "malformed", detail: "the presentation names no holder, so its signer cannot be known" };
    const found = await findVerificationMethod(kid, holder, documentLoader);
    if ("unresolvable" in found) return { kind: "key-unresolvable", url: found.unresolvable };
    evidence.Key = found.url;
    const controllerId = typeof found.controller.id === "string" ? found.controller.id : undefined;
    const listed = referencesOf(found.controller.authentication).some(
      (ref) => ref === found.url || (ref.startsWith("#") && `${controllerId}${ref}` === found.url),
    );
    if (controllerId !== holder || !listed) return { kind: "holder-key-mismatch" };
    const jwk = await toPublicJwk(found.method).catch(() => null);
    if (!jwk) return { kind: "unsupported-suite", proofTypes: [`JWT (${alg}) with an unsupported key type`] };
    try {
      await jose.compactVerify(parsed.jws, await jose.importJWK(jwk, alg === "Ed25519" ? "EdDSA" : alg), {
        algorithms: [alg],
      });
    } catch (error) {
      if (error instanceof jose.errors.JWSSignatureVerificationFailed) return { kind: "signature-mismatch" };
      return { kind: "invalid-proof" };
    }
    const nonce = typeof parsed.payload.nonce === "string" ? parsed.payload.nonce : undefined;
    if (expected.challenge !== undefined && nonce !== expected.challenge)
      return { kind: "challenge-mismatch", expected: expected.challenge, ...(nonce ? { found: nonce } : {}) };
    const audiences = asArray(parsed.payload.aud).filter((a): a is string => typeof a === "string");
    if (expected.domain !== undefined && !audiences.includes(expected.domain))
      return { kind: "domain-mismatch", expected: expected.domain, ...(audiences[0] ? { found: audiences[0] } : {}) };
    return { kind: "verified", proofTypes: [`JWT (${alg})`], signer: holder };
  })();
  return { ...finding, evidence };
}

export interface ParsedVcJwt {
  jws: string;
  header: JsonObject;
  payload: JsonObject;
  /** The credential as the data model sees it (for VC 1.1, rebuilt from the `vc` claim and the JWT claims). */
  credential: JsonObject;
  version: 1 | 2;
  /** JWT `nbf` / `exp` as ISO dates, checked by the validity check beside the credential's own dates. */
  notBefore?: string;
  expires?: string;
}

function decodePart(part: string | undefined): JsonObject | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8"));
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

const secondsToIso = (value: unknown) =>
  typeof value === "number" && Number.isFinite(value)
    ? new Date(value * 1000).toISOString().replace(/\.000Z$/, "Z")
    : undefined;

/** Decode (without verifying) a VC-JWT. Fails the format check when it is not a JWT carrying a credential. */
export function parseVcJwt(jws: string): { ok: true; parsed: ParsedVcJwt } | { ok: false; check: CheckResult } {
  const fail = (code: string, message: string) => ({
    ok: false as const,
    check: { id: "format" as const, outcome: "fail" as const, code, message },
  });
  const [rawHeader, rawPayload] = jws.trim().split(".");
  const header = decodePart(rawHeader);
  const payload = decodePart(rawPayload);
  if (!header || !payload)
    return fail("invalid-jwt", "This looks like a JSON Web Token, but its header or content is not valid JSON.");

  const notBefore = secondsToIso(payload.nbf);
  const expires = secondsToIso(payload.exp);
  if (isObject(payload.vc)) {
    const credential: JsonObject = structuredClone(payload.vc);
    // VC-JWT 1.1: the registered claims stand for these properties (they win when both are present).
    if (typeof payload.iss === "string") {
      credential.issuer = isObject(credential.issuer) ? { ...credential.issuer, id: payload.iss } : payload.iss;
    }
    if (notBefore) credential.issuanceDate = notBefore;
    if (expires) credential.expirationDate = expires;
    if (typeof payload.jti === "string") credential.id = payload.jti;
    if (typeof payload.sub === "string") {
      // `sub` names the (first) subject; other subjects are left as they are.
      const [first, ...rest] = asArray(credential.credentialSubject);
      const subject = { ...(isObject(first) ? first : {}), id: payload.sub };
      credential.credentialSubject = rest.length > 0 ? [subject, ...rest] : subject;
    }
    return {
      ok: true,
      parsed: {
        jws: jws.trim(),
        header,
        payload,
        credential,
        version: 1,
        ...(notBefore ? { notBefore } : {}),
        ...(expires ? { expires } : {}),
      },
    };
  }
  if (payload["@context"] !== undefined) {
    return {
      ok: true,
      parsed: {
        jws: jws.trim(),
        header,
        payload,
        credential: payload,
        version: 2,
        ...(notBefore ? { notBefore } : {}),
        ...(expires ? { expires } : {}),
      },
    };
  }
  return fail(
    "not-a-credential",
    "This JSON Web Token does not carry a verifiable credential (no `vc` claim and no credential content).",
  );
}

/** A verification method (Multikey or JsonWebKey) as a public JWK. */
export async function toPublicJwk(method: JsonObject): Promise<jose.JWK | null> {
  if (isObject(method.publicKeyJwk)) {
    const { d: _secret, ...jwk } = method.publicKeyJwk as Record<string, unknown>;
    return jwk as jose.JWK;
  }
  const multibase = typeof method.publicKeyMultibase === "string" ? method.publicKeyMultibase : "";
  if (multibase.startsWith("z6Mk"))
    return (await Ed25519Multikey.toJwk({ keyPair: await Ed25519Multikey.from(method) })) as jose.JWK;
  if (multibase.startsWith("zDn"))
    return (await EcdsaMultikey.toJwk({ keyPair: await EcdsaMultikey.from(method) })) as jose.JWK;
  return null;
}

export function referencesOf(value: unknown): string[] {
  return asArray(value)
    .map((v) => idOf(v))
    .filter((v): v is string => v !== undefined);
}

/** Absolute verification method URL for a `kid` (absolute, "#fragment", or absent → the issuer's first assertion key). */
export async function findVerificationMethod(
  kid: string | undefined,
  issuer: string,
  load: DocumentLoader,
): Promise<{ url: string; method: JsonObject; controller: JsonObject } | { unresolvable: string }> {
  const url = kid === undefined ? issuer : kid.startsWith("#") ? `${issuer}${kid}` : kid;
  let document: unknown;
  try {
    document = (await load(url)).document;
  } catch {
    return { unresolvable: url };
  }
  if (!isObject(document)) return { unresolvable: url };
  let method: JsonObject | undefined = document;
  if (!url.includes("#") && (document.verificationMethod !== undefined || document.assertionMethod !== undefined)) {
    // A DID or controller document: the first key it lists for issuing credentials.
    const first = asArray(document.assertionMethod)[0];
    const ref = idOf(first);
    method =
      isObject(first) && (first.publicKeyJwk || first.publicKeyMultibase)
        ? first
        : asArray(document.verificationMethod)
            .filter(isObject)
            .find((m) => m.id === ref || (ref?.startsWith("#") && m.id === `${url}${ref}`));
  }
  if (!method) return { unresolvable: url };
  const methodId =
    typeof method.id === "string" ? (method.id.startsWith("#") ? `${url.split("#")[0]}${method.id}` : method.id) : url;
  const controllerId = typeof method.controller === "string" ? method.controller : (methodId.split("#")[0] as string);
  let controller: unknown;
  try {
    controller = (await load(controllerId)).document;
  } catch {
    return { unresolvable: controllerId };
  }
  if (!isObject(controller)) return { unresolvable: controllerId };
  return { url: methodId, method, controller };
}

/**
 * Verify the JWS. The key must belong to the issuer (its controller is the issuer and lists it under
 * `assertionMethod`), as @digitalbazaar/vc requires for Data Integrity proofs: a valid signature by
 * someone else's key proves nothing about the named issuer.
 */
export async function verifyJwtSignature(
  parsed: ParsedVcJwt,
  documentLoader: DocumentLoader,
  fetchDocument?: FetchDocument,
): Promise<ProofFinding> {
  const alg = typeof parsed.header.alg === "string" ? parsed.header.alg : "none";
  const kid = typeof parsed.header.kid === "string" ? parsed.header.kid : undefined;
  // What a reviewer can check by hand: the algorithm, the key id the token names, and the key it resolved to.
  const evidence: Record<string, string> = { Suite: `JWT (${alg})`, "Key id": kid ?? "none (the issuer's first key)" };
  const finding = await checkJwtSignature(parsed, documentLoader, alg, kid, evidence, fetchDocument);
  return { ...finding, evidence };
}

async function checkJwtSignature(
  parsed: ParsedVcJwt,
  documentLoader: DocumentLoader,
  alg: string,
  kid: string | undefined,
  evidence: Record<string, string>,
  fetchDocument?: FetchDocument,
): Promise<ProofFinding> {
  const proofType = `JWT (${alg})`;
  const expectedKey = SUPPORTED_ALGORITHMS.get(alg);
  if (!expectedKey) return { kind: "unsupported-suite", proofTypes: [proofType] };
  const issuer = idOf(parsed.credential.issuer);
  if (!issuer) return { kind: "malformed", detail: "the token names no issuer" };
  // An https issuer whose kid is not a URL of its own: the key comes from the issuer's JWT VC issuer metadata.
  if (issuer.startsWith("https://") && (kid === undefined || !/^[a-z][a-z0-9+.-]*:/i.test(kid))) {
    const found = await keyFromIssuerMetadata(issuer, kid, alg, fetchDocument);
    if ("finding" in found) return found.finding;
    Object.assign(evidence, found.evidence);
    try {
      await jose.compactVerify(parsed.jws, found.key, { algorithms: [alg] });
    } catch (error) {
      return error instanceof jose.errors.JWSSignatureVerificationFailed
        ? { kind: "signature-mismatch" }
        : { kind: "invalid-proof" };
    }
    return { kind: "verified", proofTypes: [proofType] };
  }

  const found = await findVerificationMethod(kid, issuer, documentLoader);
  if ("unresolvable" in found) return { kind: "key-unresolvable", url: found.unresolvable };
  const { url, method, controller } = found;
  evidence.Key = url;
  const controllerId = typeof controller.id === "string" ? controller.id : undefined;
  if (controllerId) evidence["Key controller"] = controllerId;
  const listed = referencesOf(controller.assertionMethod).some(
    (ref) => ref === url || (ref.startsWith("#") && `${controllerId}${ref}` === url),
  );
  if (controllerId !== issuer || !listed) return { kind: "issuer-key-mismatch" };

  let jwk: jose.JWK | null;
  try {
    jwk = await toPublicJwk(method);
  } catch {
    jwk = null;
  }
  if (!jwk) return { kind: "unsupported-suite", proofTypes: [`${proofType} with an unsupported key type`] };
  if (jwk.kty !== expectedKey.kty || jwk.crv !== expectedKey.crv) return { kind: "invalid-proof" };

  try {
    const key = await jose.importJWK(jwk, alg === "Ed25519" ? "EdDSA" : alg);
    await jose.compactVerify(parsed.jws, key, { algorithms: [alg] });
  } catch (error) {
    if (error instanceof jose.errors.JWSSignatureVerificationFailed) return { kind: "signature-mismatch" };
    if (error instanceof jose.errors.JOSEError) return { kind: "invalid-proof" };
    return { kind: "error", detail: error instanceof Error ? error.message : String(error) };
  }
  return { kind: "verified", proofTypes: [proofType] };
}
