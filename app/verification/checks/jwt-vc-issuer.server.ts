/**
 * JWT VC issuer metadata (draft-ietf-oauth-sd-jwt-vc, section 4): an https issuer publishes its keys at
 * `https://host/.well-known/jwt-vc-issuer/path`, as `jwks` or a `jwks_uri`. Used for SD-JWT VCs and for VC-JWTs
 * whose issuer is an https URL. Fetched through the injected (safe) fetcher only.
 */
import * as jose from "jose";
import type { FetchDocument } from "../key-resolver.server";
import type { ProofFinding } from "./proof.server";
import { isObject, type JsonObject } from "./util";

/** A key that must have signed, with what a reviewer can check by hand; or the finding that says why there is none. */
export type IssuerKey =
  { key: jose.CryptoKey | Uint8Array | jose.KeyObject; evidence: Record<string, string> } | { finding: ProofFinding };

/** JWT VC issuer metadata: `https://host/.well-known/jwt-vc-issuer/path` names the issuer and its keys. */
export async function keyFromIssuerMetadata(
  issuer: string,
  kid: string | undefined,
  alg: string,
  fetchDocument: FetchDocument | undefined,
): Promise<IssuerKey> {
  const url = new URL(issuer);
  const metadataUrl = `${url.origin}/.well-known/jwt-vc-issuer${url.pathname === "/" ? "" : url.pathname}`;
  if (!fetchDocument) return { finding: { kind: "key-unresolvable", url: metadataUrl } };
  let metadata: unknown;
  try {
    metadata = await fetchDocument(metadataUrl);
    if (isObject(metadata) && typeof metadata.jwks_uri === "string" && metadata.jwks === undefined) {
      metadata = { ...metadata, jwks: await fetchDocument(metadata.jwks_uri) };
    }
  } catch {
    return { finding: { kind: "key-unresolvable", url: metadataUrl } };
  }
  if (!isObject(metadata) || metadata.issuer !== issuer) return { finding: { kind: "issuer-key-mismatch" } };
  const keys = isObject(metadata.jwks) && Array.isArray(metadata.jwks.keys) ? metadata.jwks.keys.filter(isObject) : [];
  const candidates = kid === undefined ? keys : keys.filter((k) => k.kid === kid);
  if (candidates.length !== 1)
    return { finding: { kind: "key-unresolvable", url: `${metadataUrl}${kid ? ` (key ${kid})` : ""}` } };
  const { d: _secret, ...jwk } = candidates[0] as JsonObject;
  try {
    return {
      key: await jose.importJWK(jwk as jose.JWK, alg === "Ed25519" ? "EdDSA" : alg),
      evidence: { Key: `${metadataUrl}${kid ? `#${kid}` : ""}` },
    };
  } catch {
    return { finding: { kind: "unsupported-suite", proofTypes: [`SD-JWT (${alg}) with an unsupported key type`] } };
  }
}
