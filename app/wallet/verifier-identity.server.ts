/**
 * Attest's identity towards wallets (docs/decisions/045-openid4vp.md): a P-256 key and an X.509 certificate naming
 * the host of ATTEST_PUBLIC_URL as a DNS subject alternative name, made once per installation and kept in the
 * database (`settings`), so every instance signs request objects with the same key. The client identifier is then
 * `x509_san_dns:<host>`, and wallets check that the certificate names the host their answer goes to.
 */
// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata polyfill loaded first.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";
import type * as jose from "jose";
import type { Database } from "#db/client.server";
import { getSetting, putSetting } from "#db/queries/settings.server";

export const VERIFIER_IDENTITY_SETTING = "openid4vp.verifier-identity";
/** A certificate lives this long; a new one is made when it is within a month of the end. */
const CERTIFICATE_DAYS = 730;
const RENEW_BEFORE_MS = 30 * 86_400_000;

export interface VerifierIdentity {
  /** `x509_san_dns:<host>`: what wallets put in a key-binding JWT's or a presentation proof's audience. */
  clientId: string;
  hostname: string;
  /** The certificate chain (base64 DER, leaf first) placed in each request object's `x5c` header. */
  x5c: string[];
  /** Signs request objects (ES256). */
  privateJwk: jose.JWK;
  notAfter: string;
}

const SIGNING = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

/**
 * The identity for `publicUrl`, made (and stored) when there is none yet, when the public host changed (the
 * certificate must name the host answers are posted to), or when the certificate is about to end.
 */
export async function loadVerifierIdentity(db: Database, publicUrl: string, now: Date): Promise<VerifierIdentity> {
  const hostname = new URL(publicUrl).hostname;
  const stored = await getSetting<VerifierIdentity>(db, VERIFIER_IDENTITY_SETTING);
  if (stored && stored.hostname === hostname && new Date(stored.notAfter).getTime() - RENEW_BEFORE_MS > now.getTime())
    return stored;
  const identity = await createVerifierIdentity(hostname, now);
  await putSetting(db, VERIFIER_IDENTITY_SETTING, identity);
  return identity;
}

/** A new key and self-signed certificate for `hostname`. */
export async function createVerifierIdentity(hostname: string, now: Date): Promise<VerifierIdentity> {
  const keys = (await crypto.subtle.generateKey(SIGNING, true, ["sign", "verify"])) as CryptoKeyPair;
  const notAfter = new Date(now.getTime() + CERTIFICATE_DAYS * 86_400_000);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(crypto.getRandomValues(new Uint8Array(8)))
      .toString("hex")
      .replace(/^[89a-f]/, "1"),
    name: `CN=Attest verifier for ${hostname.replace(/[,=+<>#;"\\]/g, "")}`,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter,
    keys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.SubjectAlternativeNameExtension([{ type: "dns", value: hostname }]),
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    ],
  });
  const privateJwk = (await crypto.subtle.exportKey("jwk", keys.privateKey)) as jose.JWK;
  return {
    clientId: `x509_san_dns:${hostname}`,
    hostname,
    x5c: [certificate.toString("base64")],
    privateJwk: {
      kty: privateJwk.kty,
      crv: privateJwk.crv,
      x: privateJwk.x,
      y: privateJwk.y,
      d: privateJwk.d,
    } as jose.JWK,
    notAfter: notAfter.toISOString(),
  } as VerifierIdentity;
}
