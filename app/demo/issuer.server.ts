/**
 * A demo issuer that signs real Open Badges 3.0 credentials with an Ed25519 did:key, so the demo data goes
 * through exactly the same verification as credentials from the outside world.
 * The secret key is part of the serialised form (the demo stores it in its own database): never use a
 * demo issuer key for anything but demo data.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
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
  type: "Ed25519Multikey";
  /** did:key:z6Mk… */
  did: string;
  /** did:key:z6Mk…#z6Mk… */
  verificationMethod: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
  /** The issuer name written into credentials' issuer Profile. */
  name: string;
}

export type DemoSuite = "eddsa-rdfc-2022" | "Ed25519Signature2020";

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
 * Generate an Ed25519 did:key issuer. Pass `seed` (32 bytes) for a deterministic key, e.g. a fixed
 * test issuer; without it the key is random.
 */
export async function generateIssuerKey(options: { name?: string; seed?: Uint8Array } = {}): Promise<SerializedIssuerKey> {
  const keyPair = await Ed25519Multikey.generate(options.seed ? { seed: options.seed } : {});
  const { publicKeyMultibase, secretKeyMultibase } = keyPair;
  if (!secretKeyMultibase) throw new Error("Key generation returned no secret key.");
  const did = `did:key:${publicKeyMultibase}`;
  return {
    type: "Ed25519Multikey",
    did,
    verificationMethod: `${did}#${publicKeyMultibase}`,
    publicKeyMultibase,
    secretKeyMultibase,
    name: options.name ?? "Attest Demo Academy",
  };
}

async function importSigner(key: SerializedIssuerKey) {
  const keyPair = await Ed25519Multikey.from({
    "@context": "https://w3id.org/security/multikey/v1",
    type: "Multikey",
    id: key.verificationMethod,
    controller: key.did,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  });
  return keyPair.signer();
}

/** "sha256$" + hex(sha256(email + salt)), the Open Badges hashed identity; the email is lower-cased first. */
export function hashEmailIdentity(email: string, salt: string): string {
  return `sha256$${createHash("sha256").update(email.trim().toLowerCase() + salt, "utf8").digest("hex")}`;
}

/** Sign an Open Badges 3.0 credential (VC 2.0 envelope) for a demo candidate. */
export async function issueOpenBadge(key: SerializedIssuerKey, options: IssueOpenBadgeOptions): Promise<OpenBadgeCredential> {
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
): Promise<Record<string, unknown>> {
  const signer = await importSigner(key);
  const suite =
    suiteName === "Ed25519Signature2020"
      ? new Ed25519Signature2020({ signer })
      : new DataIntegrityProof({ signer, cryptosuite: eddsaRdfc2022 });
  return vc.issue({ credential: structuredClone(credential), suite, documentLoader: getDocumentLoader() });
}
