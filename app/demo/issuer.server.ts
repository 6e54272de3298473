/**
 * A demo issuer that signs real Open Badges 3.0 credentials with an Ed25519 did:key, so the demo data goes
 * through exactly the same verification as credentials from the outside world.
 * The secret key is part of the serialised form (the demo stores it in its own database): never use a
 * demo issuer key for anything but demo data.
 */
import { createECDH, createHash, randomBytes, randomUUID } from "node:crypto";
import * as jose from "jose";
import jsigs from "jsonld-signatures";
import * as EcdsaMultikey from "@digitalbazaar/ecdsa-multikey";
import { createSignCryptosuite as createEddsaJcs2022 } from "@digitalbazaar/eddsa-jcs-2022-cryptosuite";
import { cryptosuite as ecdsaRdfc2019 } from "@digitalbazaar/ecdsa-rdfc-2019-cryptosuite";
import * as vc from "@digitalbazaar/vc";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { Ed25519Signature2020 } from "@digitalbazaar/ed25519-signature-2020";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite as eddsaRdfc2022 } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import { createDocumentLoader, type DocumentLoader } from "#app/verification/document-loader.server";
import type { DemoAlignment } from "./catalog";

export const VC_V2_CONTEXT = "https://www.w3.org/ns/credentials/v2";
export const OB_V3_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
export const ED25519_2020_CONTEXT = "https://w3id.org/security/suites/ed25519-2020/v1";

/** JSON-serialisable issuer key; round-trips through a database column unchanged. */
export interface SerializedIssuerKey {
  /** Ed25519 (the demo's default) or P-256 (ecdsa-rdfc-2019 and ES256 test fixtures). */
  type: "Ed25519Multikey" | "P256Multikey";
  /** did:key:z6Mk… (or did:key:zDn…, or did:jwk:… when generated with didMethod "jwk") */
  did: string;
  /** did:key:z6Mk…#z6Mk… */
  verificationMethod: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
  /** The issuer name written into credentials' issuer Profile. */
  name: string;
}

export type DemoSuite = "eddsa-rdfc-2022" | "Ed25519Signature2020" | "eddsa-jcs-2022" | "ecdsa-rdfc-2019";

export type { DemoAlignment };

export interface IssueOpenBadgeOptions {
  subject: { name: string; email: string; did?: string };
  achievement: {
    name: string;
    description: string;
    /** e.g. "Competency", "Certificate", "Badge" (OBv3 achievementType vocabulary). */
    achievementType?: string;
    /** Criteria narrative; defaults to a sentence built from the description. */
    criteria?: string;
    /** Stable achievement id (a URL or URN); defaults to a fresh urn:uuid. */
    id?: string;
    /** The badge image: a URL or a data: URL (OBv3 `Image`). */
    image?: string;
    alignments: DemoAlignment[];
  };
  validFrom?: Date;
  validUntil?: Date;
  suite?: DemoSuite;
  /** Credential id; defaults to a fresh urn:uuid. */
  id?: string;
  /** Salt for the hashed email identity; defaults to 16 random bytes. Fixed only in tests. */
  salt?: string;
  /** Issuer name override; defaults to the key's name. */
  issuerName?: string;
}

/** The signed credential as plain JSON (typed only as far as callers read it). */
export interface OpenBadgeCredential {
  "@context": string[];
  id: string;
  type: string[];
  name: string;
  issuer: { id: string; type: string[]; name: string };
  validFrom: string;
  validUntil?: string;
  credentialSubject: Record<string, unknown>;
  proof: Record<string, unknown> | Record<string, unknown>[];
  [key: string]: unknown;
}

let documentLoader: DocumentLoader | undefined;
function getDocumentLoader(): DocumentLoader {
  documentLoader ??= createDocumentLoader();
  return documentLoader;
}

/** Seconds precision, "Z" suffix: the XSD dateTimeStamp form every validator accepts. */
function toDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Generate an issuer key. Ed25519 by default, P-256 with `curve: "P-256"`; a did:key by default, a did:jwk
 * with `didMethod: "jwk"`. Pass `seed` (32 bytes) for a deterministic key, e.g. a fixed test issuer;
 * without it the key is random.
 */
export async function generateIssuerKey(
  options: { name?: string; seed?: Uint8Array; curve?: "Ed25519" | "P-256"; didMethod?: "key" | "jwk" } = {},
): Promise<SerializedIssuerKey> {
  const name = options.name ?? "Attest Demo Academy";
  let publicKeyMultibase: string;
  let secretKeyMultibase: string | undefined;
  let publicJwk: Record<string, unknown>;
  if (options.curve === "P-256") {
    // WebCrypto cannot derive P-256 keys from a seed; a hashed seed is a valid private scalar (with
    // overwhelming probability), and node's ECDH derives its public point.
    const secret = options.seed ? createHash("sha256").update(options.seed).digest() : randomBytes(32);
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(secret);
    const point = ecdh.getPublicKey();
    publicJwk = {
      kty: "EC",
      crv: "P-256",
      x: point.subarray(1, 33).toString("base64url"),
      y: point.subarray(33).toString("base64url"),
    };
    const keyPair = await EcdsaMultikey.fromJwk({
      jwk: { ...publicJwk, d: secret.toString("base64url") },
      secretKey: true,
    });
    ({ publicKeyMultibase, secretKeyMultibase } = keyPair);
  } else {
    const keyPair = await Ed25519Multikey.generate(options.seed ? { seed: options.seed } : {});
    ({ publicKeyMultibase, secretKeyMultibase } = keyPair);
    publicJwk = await Ed25519Multikey.toJwk({ keyPair });
  }
  if (!secretKeyMultibase) throw new Error("Key generation returned no secret key.");
  const type = options.curve === "P-256" ? "P256Multikey" : "Ed25519Multikey";
  if (options.didMethod === "jwk") {
    const { d: _secret, ...jwk } = publicJwk;
    const did = `did:jwk:${Buffer.from(JSON.stringify(jwk)).toString("base64url")}`;
    return { type, did, verificationMethod: `${did}#0`, publicKeyMultibase, secretKeyMultibase, name };
  }
  const did = `did:key:${publicKeyMultibase}`;
  return {
    type,
    did,
    verificationMethod: `${did}#${publicKeyMultibase}`,
    publicKeyMultibase,
    secretKeyMultibase,
    name,
  };
}

async function importKeyPair(key: SerializedIssuerKey) {
  const serialized = {
    "@context": "https://w3id.org/security/multikey/v1",
    type: "Multikey",
    id: key.verificationMethod,
    controller: key.did,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  };
  return key.type === "P256Multikey" ? EcdsaMultikey.from(serialized) : Ed25519Multikey.from(serialized);
}

async function importSigner(key: SerializedIssuerKey) {
  return (await importKeyPair(key)).signer();
}

/** "sha256$" + hex(sha256(email + salt)), the Open Badges hashed identity; the email is lower-cased first. */
export function hashEmailIdentity(email: string, salt: string): string {
  return `sha256$${createHash("sha256")
    .update(email.trim().toLowerCase() + salt, "utf8")
    .digest("hex")}`;
}

/** Sign an Open Badges 3.0 credential (VC 2.0 envelope) for a demo candidate. */
export async function issueOpenBadge(
  key: SerializedIssuerKey,
  options: IssueOpenBadgeOptions,
): Promise<OpenBadgeCredential> {
  const suiteName = options.suite ?? "eddsa-rdfc-2022";
  const salt = options.salt ?? randomBytes(16).toString("hex");
  const { subject, achievement } = options;

  const credential: Record<string, unknown> = {
    "@context": [VC_V2_CONTEXT, OB_V3_CONTEXT, ...(suiteName === "Ed25519Signature2020" ? [ED25519_2020_CONTEXT] : [])],
    id: options.id ?? `urn:uuid:${randomUUID()}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: achievement.name,
    issuer: { id: key.did, type: ["Profile"], name: options.issuerName ?? key.name },
    validFrom: toDateTime(options.validFrom ?? new Date()),
    ...(options.validUntil ? { validUntil: toDateTime(options.validUntil) } : {}),
    credentialSubject: {
      ...(subject.did ? { id: subject.did } : {}),
      type: ["AchievementSubject"],
      identifier: [
        {
          type: "IdentityObject",
          identityType: "emailAddress",
          hashed: true,
          identityHash: hashEmailIdentity(subject.email, salt),
          salt,
        },
        { type: "IdentityObject", identityType: "name", hashed: false, identityHash: subject.name },
      ],
      achievement: {
        id: achievement.id ?? `urn:uuid:${randomUUID()}`,
        type: ["Achievement"],
        ...(achievement.achievementType ? { achievementType: achievement.achievementType } : {}),
        name: achievement.name,
        description: achievement.description,
        criteria: { narrative: achievement.criteria ?? `Awarded for demonstrating: ${achievement.description}` },
        ...(achievement.image ? { image: { id: achievement.image, type: "Image" } } : {}),
        ...(achievement.alignments.length > 0
          ? {
              alignment: achievement.alignments.map((a) => ({
                type: ["Alignment"],
                targetName: a.targetName,
                targetUrl: a.targetUrl,
                ...(a.targetDescription ? { targetDescription: a.targetDescription } : {}),
                ...(a.targetCode ? { targetCode: a.targetCode } : {}),
                ...(a.targetFramework ? { targetFramework: a.targetFramework } : {}),
                ...(a.targetType ? { targetType: a.targetType } : {}),
              })),
            }
          : {}),
      },
    },
  };

  return (await signCredential(key, credential, suiteName)) as OpenBadgeCredential;
}

/**
 * Add a proof to any credential with the issuer key (the issuer must already be `key.did`). A credential
 * that already has proofs gets one more: each proof covers the document without proofs (a proof set).
 * Ed25519Signature2020 requires its suite context in the credential's @context.
 */
export async function signCredential(
  key: SerializedIssuerKey,
  credential: Record<string, unknown>,
  suiteName: DemoSuite = "eddsa-rdfc-2022",
  /** `proofId` names the new proof; `previousProof` chains it to earlier proofs by their ids (Data Integrity suites only). */
  options: { date?: Date; proofId?: string; previousProof?: string | string[] } = {},
): Promise<Record<string, unknown>> {
  const signer = await importSigner(key);
  const suite = createSuite(suiteName, signer, options.date);
  if (options.proofId) (suite as unknown as { proof: Record<string, unknown> }).proof = { id: options.proofId };
  if (options.previousProof) return addChainedProof(credential, suite, options.previousProof);
  return vc.issue({ credential: structuredClone(credential), suite, documentLoader: getDocumentLoader() });
}

/**
 * Add a proof that chains to earlier ones (VC Data Integrity 1.0, "Add Proof", step 4): it signs the document
 * together with the proofs its `previousProof` names, so none of them can be removed unnoticed. jsonld-signatures
 * signs every proof over the document without its proofs (a proof set), hence the suite is called directly.
 */
async function addChainedProof(
  credential: Record<string, unknown>,
  suite: ReturnType<typeof createSuite>,
  previousProof: string | string[],
): Promise<Record<string, unknown>> {
  const existing = ([] as unknown[]).concat(credential.proof ?? []) as Array<Record<string, unknown>>;
  const wanted = new Set(([] as string[]).concat(previousProof));
  const matching = existing.filter((proof) => typeof proof.id === "string" && wanted.has(proof.id));
  if (matching.length !== wanted.size) throw new Error("previousProof names a proof the credential does not carry");
  const { proof: _proofs, ...unsecured } = structuredClone(credential);
  const template = suite as unknown as { proof?: Record<string, unknown> };
  template.proof = { ...template.proof, previousProof };
  const proof = await (
    suite as unknown as { createProof(o: Record<string, unknown>): Promise<Record<string, unknown>> }
  ).createProof({
    document: { ...unsecured, proof: matching },
    purpose: new vc.CredentialIssuancePurpose(),
    proofSet: existing,
    documentLoader: getDocumentLoader(),
  });
  return { ...unsecured, proof: [...existing, proof] };
}

type Signer = Awaited<ReturnType<typeof importSigner>>;

function createSuite(suiteName: DemoSuite, signer: Signer, date?: Date) {
  const dated = date ? { date: toDateTime(date) } : {};
  switch (suiteName) {
    case "Ed25519Signature2020":
      return new Ed25519Signature2020({ signer, ...dated });
    case "eddsa-jcs-2022":
      return new DataIntegrityProof({ signer, cryptosuite: createEddsaJcs2022(), ...dated });
    case "ecdsa-rdfc-2019":
      return new DataIntegrityProof({ signer, cryptosuite: ecdsaRdfc2019, ...dated });
    default:
      return new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022, ...dated });
  }
}

/**
 * Sign a presentation as its holder (proof purpose "authentication"), over the verifier's challenge and
 * optional domain. Used for test fixtures; the demo's candidates do not hold wallets.
 */
export async function signPresentation(
  key: SerializedIssuerKey,
  presentation: Record<string, unknown>,
  options: { challenge: string; domain?: string; suite?: DemoSuite; date?: Date },
): Promise<Record<string, unknown>> {
  const signer = await importSigner(key);
  const suite = createSuite(options.suite ?? "eddsa-rdfc-2022", signer, options.date);
  const purpose = new jsigs.purposes.AuthenticationProofPurpose({
    challenge: options.challenge,
    ...(options.domain ? { domain: options.domain } : {}),
  });
  return jsigs.sign(structuredClone(presentation), { suite, purpose, documentLoader: getDocumentLoader() });
}

/**
 * Sign a credential as a VC-JWT: version 1 puts it in the `vc` claim with iss/nbf/exp/jti/sub (VC-JWT 1.1);
 * version 2 signs the credential itself as the payload (`typ: vc+jwt`, VC-JOSE-COSE). EdDSA for Ed25519
 * keys, ES256 for P-256 keys.
 */
export async function signJwtCredential(
  key: SerializedIssuerKey,
  credential: Record<string, unknown>,
  options: { version?: 1 | 2 } = {},
): Promise<string> {
  const { privateKey, alg } = await importJwtKey(key);
  const dateSeconds = (value: unknown) =>
    typeof value === "string" ? Math.floor(new Date(value).getTime() / 1000) : undefined;
  let payload: Record<string, unknown>;
  if ((options.version ?? 2) === 1) {
    const subject = credential.credentialSubject as Record<string, unknown> | undefined;
    const nbf = dateSeconds(credential.issuanceDate ?? credential.validFrom);
    const exp = dateSeconds(credential.expirationDate ?? credential.validUntil);
    payload = {
      vc: credential,
      iss: typeof credential.issuer === "string" ? credential.issuer : (credential.issuer as { id: string }).id,
      ...(nbf !== undefined ? { nbf } : {}),
      ...(exp !== undefined ? { exp } : {}),
      ...(typeof credential.id === "string" ? { jti: credential.id } : {}),
      ...(typeof subject?.id === "string" ? { sub: subject.id } : {}),
    };
  } else {
    payload = credential;
  }
  return new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg, kid: key.verificationMethod, typ: (options.version ?? 2) === 1 ? "JWT" : "vc+jwt" })
    .sign(privateKey);
}

/** The key as a JOSE private key, with the algorithm it signs with. */
async function importJwtKey(key: SerializedIssuerKey) {
  const keyPair = await importKeyPair(key);
  const jwk =
    key.type === "P256Multikey"
      ? await EcdsaMultikey.toJwk({ keyPair, secretKey: true })
      : await Ed25519Multikey.toJwk({ keyPair, secretKey: true });
  const alg = key.type === "P256Multikey" ? "ES256" : "EdDSA";
  // ed25519-multikey exports the 64-byte secret (seed ‖ public key); a JWK's `d` is the 32-byte seed.
  if (jwk.kty === "OKP" && typeof jwk.d === "string")
    jwk.d = Buffer.from(jwk.d, "base64url").subarray(0, 32).toString("base64url");
  return { privateKey: await jose.importJWK(jwk as jose.JWK, alg), alg };
}

/**
 * Sign a presentation as its holder, as a JWT: version 1 puts it in the `vp` claim with `iss` (the holder),
 * `nonce` (the verifier's challenge) and `aud` (its domain), as VC-JWT 1.1 does; version 2 signs the presentation
 * itself (`typ: vp+jwt`) with the same `nonce` and `aud` claims. Used for test fixtures.
 */
export async function signJwtPresentation(
  key: SerializedIssuerKey,
  presentation: Record<string, unknown>,
  options: { challenge?: string; domain?: string; version?: 1 | 2 } = {},
): Promise<string> {
  const { privateKey, alg } = await importJwtKey(key);
  const claims = {
    ...(options.challenge !== undefined ? { nonce: options.challenge } : {}),
    ...(options.domain !== undefined ? { aud: options.domain } : {}),
  };
  const payload =
    (options.version ?? 2) === 1
      ? { vp: presentation, iss: key.did, ...claims }
      : { ...presentation, holder: key.did, ...claims };
  return new jose.CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg, kid: key.verificationMethod, typ: (options.version ?? 2) === 1 ? "JWT" : "vp+jwt" })
    .sign(privateKey);
}

/** Wrap a VC 2.0 JWT as an EnvelopedVerifiableCredential, as presentations and CLRs carry it. */
export function envelopeJwt(jws: string): Record<string, unknown> {
  return { "@context": [VC_V2_CONTEXT], id: `data:application/vc+jwt,${jws}`, type: "EnvelopedVerifiableCredential" };
}
