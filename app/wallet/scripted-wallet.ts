/**
 * A wallet for tests, built on the holder side of the same libraries (`@openid4vc/openid4vp`'s client, `dcql`'s
 * query matching, `@sd-jwt/sd-jwt-vc`'s presentation with a key-binding JWT): it reads an `openid4vp://` link,
 * fetches and checks the signed request object (the `x5c` certificate must name the host of the response URI),
 * picks credentials with the DCQL query, and posts the answer, encrypted when the request says `direct_post.jwt`.
 * Each step is its own function, so a test can change what a hostile wallet would change.
 */
import { createHash, X509Certificate } from "node:crypto";
import * as jose from "jose";
import { DcqlQuery, type DcqlCredential } from "dcql";
import { SDJwtVcInstance } from "@sd-jwt/sd-jwt-vc";
import { digest, ES256, generateSalt } from "@sd-jwt/crypto-nodejs";
import { Openid4vpClient, type ResolvedOpenid4vpAuthorizationRequest } from "@openid4vc/openid4vp";
import { HashAlgorithm, setGlobalConfig, getGlobalConfig, type CallbackContext, type Jwk } from "@openid4vc/oauth2";

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;
export type KeyPair = { publicKey: JsonWebKey; privateKey: JsonWebKey };

function holderCallbacks(fetch: Fetch): Omit<CallbackContext, "generateRandom" | "clientAuthentication"> {
  return {
    fetch: fetch as CallbackContext["fetch"],
    hash: (data, alg) =>
      new Uint8Array(
        createHash(alg === HashAlgorithm.Sha384 ? "sha384" : alg === HashAlgorithm.Sha512 ? "sha512" : "sha256")
          .update(data)
          .digest(),
      ),
    getX509CertificateMetadata: (certificate) => {
      const names = (new X509Certificate(Buffer.from(certificate, "base64")).subjectAltName ?? "")
        .split(",")
        .map((n) => n.trim());
      return {
        sanDnsNames: names.filter((n) => n.startsWith("DNS:")).map((n) => n.slice(4)),
        sanUriNames: names.filter((n) => n.startsWith("URI:")).map((n) => n.slice(4)),
      };
    },
    verifyJwt: async (signer, { compact }) => {
      if (signer.method !== "x5c") return { verified: false };
      const leaf = new X509Certificate(Buffer.from(signer.x5c[0] as string, "base64"));
      try {
        await jose.compactVerify(compact, leaf.publicKey);
        return { verified: true, signerJwk: leaf.publicKey.export({ format: "jwk" }) as Jwk };
      } catch {
        return { verified: false };
      }
    },
    signJwt: async () => {
      throw new Error("the scripted wallet signs no JWTs through the library");
    },
    encryptJwe: async (encryptor, data) => {
      const key = await jose.importJWK(encryptor.publicJwk as jose.JWK, encryptor.alg);
      const jwe = await new jose.CompactEncrypt(new TextEncoder().encode(data))
        .setProtectedHeader({
          alg: encryptor.alg,
          enc: encryptor.enc,
          ...(encryptor.publicJwk.kid ? { kid: encryptor.publicJwk.kid } : {}),
          ...(encryptor.apv ? { apv: encryptor.apv } : {}),
          ...(encryptor.apu ? { apu: encryptor.apu } : {}),
        })
        .encrypt(key);
      return { jwe, encryptionJwk: encryptor.publicJwk };
    },
    decryptJwe: async () => ({ decrypted: false }),
  };
}

/**
 * Follows an `openid4vp://` link: fetches the request object (POSTing wallet metadata that says whether this wallet
 * encrypts its answers) and checks it as the library does: signature by the `x5c` leaf, the client identifier
 * named by the certificate, the response URI on that host.
 */
export async function resolveRequest(
  link: string,
  fetch: Fetch,
  options: { encrypt?: boolean } = {},
): Promise<ResolvedOpenid4vpAuthorizationRequest> {
  const url = new URL(link);
  if (new URL(url.searchParams.get("request_uri") ?? "").protocol === "http:")
    setGlobalConfig({ ...getGlobalConfig(), allowInsecureUrls: true });
  const client = new Openid4vpClient({ callbacks: holderCallbacks(fetch) });
  const parsed = client.parseOpenid4vpAuthorizationRequest({ authorizationRequest: link });
  return client.resolveOpenId4vpAuthorizationRequest({
    authorizationRequestPayload: parsed.params,
    wallet: {
      metadata: {
        response_modes_supported: options.encrypt ? ["direct_post", "direct_post.jwt"] : ["direct_post"],
      } as never,
    },
  });
}

/** The DCQL credential query ids that the wallet's credentials satisfy (the holder side of `dcql`). */
export function matchingQueryIds(
  resolved: ResolvedOpenid4vpAuthorizationRequest,
  credentials: DcqlCredential[],
): string[] {
  const query = DcqlQuery.parse(resolved.dcql?.query as DcqlQuery.Input);
  const result = DcqlQuery.query(query, credentials);
  return Object.entries(result.credential_matches)
    .filter(([, match]) => match.success)
    .map(([id]) => id);
}

/** An SD-JWT VC as DCQL sees it in a wallet. */
export function sdJwtVcForDcql(vct: string, claims: Record<string, unknown>): DcqlCredential {
  return { credential_format: "dc+sd-jwt", vct, claims, cryptographic_holder_binding: true } as DcqlCredential;
}

/** Presents an SD-JWT VC with every disclosure and a key-binding JWT signed by `holderKeys` over `nonce` and `aud`. */
export async function presentSdJwtVc(
  credential: string,
  holderKeys: KeyPair,
  kb: { nonce: string; aud: string; iat?: number },
): Promise<string> {
  const instance = new SDJwtVcInstance({
    hasher: digest,
    hashAlg: "sha-256",
    saltGenerator: generateSalt,
    kbSigner: await ES256.getSigner(holderKeys.privateKey),
    kbSignAlg: "ES256",
  });
  // Top-level claims; a disclosed array or object brings its members along in these tests' credentials.
  const disclose = Object.fromEntries(
    (await instance.presentableKeys(credential)).filter((key) => !key.includes(".")).map((key) => [key, true]),
  );
  return instance.present(credential, disclose as never, {
    kb: { payload: { iat: kb.iat ?? Math.floor(Date.now() / 1000), nonce: kb.nonce, aud: kb.aud } },
  });
}

/** Posts `vp_token` to the request's response URI, encrypted to the verifier's key when it asked for `direct_post.jwt`. */
export async function submitAnswer(
  resolved: ResolvedOpenid4vpAuthorizationRequest,
  vpToken: Record<string, Array<string | Record<string, unknown>>>,
  fetch: Fetch,
): Promise<Response> {
  const client = new Openid4vpClient({ callbacks: holderCallbacks(fetch) });
  const request = resolved.authorizationRequestPayload as Parameters<
    typeof client.createOpenid4vpAuthorizationResponse
  >[0]["authorizationRequestPayload"];
  const encrypted = request.response_mode === "direct_post.jwt";
  const response = await client.createOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: request,
    authorizationResponsePayload: { vp_token: vpToken as never },
    ...(encrypted
      ? {
          jarm: {
            encryption: { nonce: "scripted-wallet" },
            serverMetadata: {
              authorization_signing_alg_values_supported: [],
              authorization_encryption_alg_values_supported: ["ECDH-ES"],
              authorization_encryption_enc_values_supported: ["A128GCM", "A256GCM"],
            },
          },
        }
      : {}),
  });
  const submitted = await client.submitOpenid4vpAuthorizationResponse({
    authorizationRequestPayload: request as { response_uri?: string },
    authorizationResponsePayload: response.authorizationResponsePayload,
    ...(response.jarm ? { jarm: { responseJwt: response.jarm.responseJwt } } : {}),
  });
  return submitted.response;
}
