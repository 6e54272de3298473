/**
 * What every verification pipeline shares: the options a verification runs with, the context the coordinator
 * (../verify.server.ts) hands a pipeline, and the small steps several formats take alike (issuer, status after a
 * good signature, the report of a document that is not a usable credential).
 */
import { createHash } from "node:crypto";
import {
  CREDENTIAL_CHECK_IDS,
  decideVerdict,
  type CheckId,
  type CheckResult,
  type VerificationReport,
  type VerifierReport,
} from "../report";
import type { DocumentLoader } from "../document-loader.server";
import { keyUrlsOf, withKeyFetching, type FetchDocument } from "../key-resolver.server";
import { verifyProofs, type ProofFinding } from "../checks/proof.server";
import { checkStatus, type FetchStatusList } from "../checks/status.server";
import { checkIssuer, type TrustRegistry } from "../checks/issuer";
import type { ExpectedHolder } from "../checks/holder.server";
import type { FetchHosted } from "../checks/ob2-hosted.server";
import { asArray, isObject, type JsonObject } from "../checks/util";

export interface VerifyCredentialOptions {
  /** What was verified: a file name, a URL or "pasted text". */
  input: string;
  documentLoader: DocumentLoader;
  now?: Date;
  /** Fetches a status list by URL. Absent → `fetchDocument`; neither → status is "could not check". */
  fetchStatusList?: FetchStatusList;
  /**
   * Fetches JSON by URL: did:web DID documents, HTTPS verification methods (only URLs a proof names as
   * its key), status lists. Absent → such keys are "key-unresolvable" (could not check).
   */
  fetchDocument?: FetchDocument;
  /** Fetches Open Badges 2.0 hosted assertions, BadgeClasses and issuer Profiles, with their HTTP status. */
  fetchHosted?: FetchHosted;
  /** Issuer allow-list; absent → the issuer check says no registry is configured. */
  trustRegistry?: TrustRegistry;
  expectedHolder?: ExpectedHolder;
  /** The challenge Attest issued for a presentation; a presentation signed over another one fails. */
  challenge?: string;
  /** The domain Attest issued for a presentation. */
  domain?: string;
  /**
   * Remembers signatures already verified (see createVerificationCache): a credential seen before,
   * byte for byte, skips its proof check; validity, status, issuer and holder are checked again every time.
   */
  cache?: VerificationCache;
}

/**
 * Verified proofs by the SHA-256 of the credential's exact JSON bytes. Only a "verified" proof finding is
 * kept, and only when every proof's key is self-certifying (did:key, did:jwk: the key is the identifier,
 * nothing to re-fetch). Entries belong to one document loader: a call with another loader bypasses them.
 * Bounded (oldest entries dropped first).
 */
export interface VerificationCache {
  readonly size: number;
  /** Hits, misses and stores since creation. */
  readonly stats: { hits: number; misses: number; stored: number };
  clear(): void;
  /** Internal: used by the verifier. */
  lookup(key: string, loader: DocumentLoader): ProofFinding | undefined;
  /** Internal: used by the verifier. */
  store(key: string, loader: DocumentLoader, finding: ProofFinding): void;
}

/** The fields every report starts with. */
export interface ReportBase {
  input: string;
  credentials: VerifierReport[];
  checkedAt: string;
}

/** What the coordinator hands a pipeline along with the part of the document the pipeline recognised. */
export interface PipelineContext {
  options: VerifyCredentialOptions;
  base: ReportBase;
  now: Date;
  /** How many containers (presentations, CLRs) this document sits in. */
  depth: number;
  /** Verifies a member of a container (a presentation's or a CLR's credential) through the coordinator. */
  verifyMember(document: unknown, options: VerifyCredentialOptions): Promise<VerifierReport>;
}

/**
 * One format's verification. The coordinator asks each pipeline in turn to recognise the document, and the first
 * that does verifies it: adding a format is a pipeline here and, when it arrives in a new way, one resolver.
 */
export interface Pipeline<T> {
  /** The format, in words (for a reader of the coordinator, and tests). */
  readonly format: string;
  /** The part of `document` this pipeline verifies when it is in its format, else null. Decoding only: no
   * cryptography, no network. */
  recognize(document: unknown): T | null;
  verify(input: T, context: PipelineContext): Promise<VerifierReport>;
}

/** Containers inside containers (a CLR in a presentation) are fine; deeper nesting is refused. */
export const MAX_DEPTH = 3;

export function notChecked(id: CheckId, outcome: CheckResult["outcome"], message: string): CheckResult {
  return { id, outcome, code: "not-checked", message };
}

/** Why each check after the format was not run on a document that is not a usable credential. */
const NOT_RUN_ON_UNUSABLE: Record<Exclude<CheckId, "format" | "credentials">, CheckResult> = {
  proof: notChecked(
    "proof",
    "indeterminate",
    "The signature was not checked because the document is not a usable credential.",
  ),
  validity: notChecked(
    "validity",
    "indeterminate",
    "The validity period was not checked because the document is not a usable credential.",
  ),
  status: notChecked(
    "status",
    "indeterminate",
    "The revocation status was not checked because the document is not a usable credential.",
  ),
  issuer: notChecked(
    "issuer",
    "not-applicable",
    "The issuer was not checked because the document is not a usable credential.",
  ),
  holder: notChecked(
    "holder",
    "not-applicable",
    "The holder was not checked because the document is not a usable credential.",
  ),
};

/** The report of a document whose format check failed: every other check says why it was not run. */
export function failedFormatReport(
  base: ReportBase,
  format: CheckResult,
  summary?: VerificationReport["summary"],
): VerifierReport {
  const checks = CREDENTIAL_CHECK_IDS.map((id) => (id === "format" ? format : NOT_RUN_ON_UNUSABLE[id]));
  return { ...base, verdict: decideVerdict(checks), checks, ...(summary ? { summary } : {}) };
}

/** A proof finding, with an unexpected error from a library turned into one ("could not check", with the detail). */
export async function findingOf(run: () => Promise<ProofFinding>): Promise<ProofFinding> {
  try {
    return await run();
  } catch (error) {
    return { kind: "error", detail: error instanceof Error ? error.message : String(error) };
  }
}

/** The loader for one document: offline first, then only the keys its own proofs (or issuer/holder) name. */
export function loaderFor(document: JsonObject, options: VerifyCredentialOptions): DocumentLoader {
  return withKeyFetching(options.documentLoader, options.fetchDocument, keyUrlsOf(document));
}

function selfCertifyingKeys(document: JsonObject): boolean {
  const proofs = asArray(document.proof).filter(isObject);
  return (
    proofs.length > 0 &&
    proofs.every((proof) => {
      const vm = isObject(proof.verificationMethod) ? proof.verificationMethod.id : proof.verificationMethod;
      return typeof vm === "string" && (vm.startsWith("did:key:") || vm.startsWith("did:jwk:"));
    })
  );
}

/** verifyProofs, through the cache when one is given: keyed by the SHA-256 of the document's JSON text. */
export async function cachedVerifyProofs(
  document: JsonObject,
  options: VerifyCredentialOptions,
): Promise<ProofFinding> {
  const cache = options.cache;
  if (!cache || !selfCertifyingKeys(document)) return verifyProofs(document, loaderFor(document, options));
  const key = createHash("sha256").update(JSON.stringify(document)).digest("base64");
  const known = cache.lookup(key, options.documentLoader);
  if (known) return known;
  const finding = await verifyProofs(document, loaderFor(document, options));
  if (finding.kind === "verified") cache.store(key, options.documentLoader, finding);
  return finding;
}

/** The status check of a credential secured by an embedded proof or a JWT. */
export async function runStatusCheck(
  credential: JsonObject,
  proof: CheckResult,
  options: VerifyCredentialOptions,
  now: Date,
): Promise<CheckResult> {
  if (credential.credentialStatus === undefined) {
    return {
      id: "status",
      outcome: "not-applicable",
      code: "no-status",
      message: "The issuer publishes no revocation status for this credential.",
    };
  }
  // Status is checked only after the signature passed, so a forged credential never makes us fetch a URL it chose.
  if (proof.outcome !== "pass") return statusNotCheckedWithoutSignature();
  try {
    return await checkStatus(credential, {
      fetchStatusList: options.fetchStatusList ?? options.fetchDocument,
      verifyListProof: async (list) => (await cachedVerifyProofs(list, options)).kind === "verified",
      now,
    });
  } catch {
    return {
      id: "status",
      outcome: "indeterminate",
      code: "status-error",
      message: "The revocation status could not be checked because of an unexpected error.",
    };
  }
}

export function statusNotCheckedWithoutSignature(): CheckResult {
  return notChecked(
    "status",
    "indeterminate",
    "The revocation status was not checked because the signature could not be confirmed.",
  );
}

/** Issuer check, and the display name: the registry's when the issuer is listed, never folded into the verdict. */
export function issuerCheckAndSummary(summary: VerificationReport["summary"], options: VerifyCredentialOptions) {
  const issuerId = summary?.issuerId;
  const issuer = checkIssuer(issuerId, options.trustRegistry);
  const entry = issuerId && options.trustRegistry ? options.trustRegistry.lookup(issuerId) : null;
  if (!summary) return { issuer, summary };
  if (entry) return { issuer, summary: { ...summary, issuerName: entry.name, issuerNameSource: "registry" as const } };
  return { issuer, summary: summary.issuerName ? { ...summary, issuerNameSource: "credential" as const } : summary };
}

/**
 * Undefined terms — a decision: JSON-LD safe mode (used by the vc library for every proof) refuses to
 * canonicalise a credential whose fields its contexts do not define, so the signature cannot be checked,
 * and such fields would never be covered by it anyway. Other validators silently drop those fields and
 * report "verified"; Attest instead fails the *format* check with code "undefined-terms", naming the
 * fields, and reports the proof as not checked. The person sees exactly why, and no unsigned field is
 * ever shown as verified.
 */
export function formatCheckAfterProof(
  finding: ProofFinding,
  noun: "credential" | "presentation" = "credential",
): CheckResult {
  if (finding.kind === "undefined-terms") {
    const listed =
      finding.terms.length > 0
        ? ` (${finding.terms.slice(0, 8).join(", ")}${finding.terms.length > 8 ? ", …" : ""})`
        : "";
    return {
      id: "format",
      outcome: "fail",
      code: "undefined-terms",
      message: `The ${noun} contains fields that its vocabulary does not define${listed}, so they cannot be covered by its signature.`,
    };
  }
  if (finding.kind === "malformed") {
    return {
      id: "format",
      outcome: "fail",
      code: "invalid-structure",
      message: `The ${noun} is not well-formed: ${finding.detail.replace(/\.$/, "")}.`,
    };
  }
  return {
    id: "format",
    outcome: "pass",
    code: "well-formed",
    message: `The document is a well-formed verifiable ${noun}.`,
  };
}

/** The container's "credentials" check: the worst member verdict, counted. */
export function membersCheck(members: VerifierReport[], container: "CLR" | "presentation"): CheckResult {
  const failed = members.filter((m) => m.verdict === "failed").length;
  const unknown = members.filter((m) => m.verdict === "indeterminate").length;
  const total = members.length;
  if (total === 0) {
    return {
      id: "credentials",
      outcome: "not-applicable",
      code: "no-credentials",
      message: `The ${container} contains no credentials.`,
    };
  }
  if (failed > 0) {
    return {
      id: "credentials",
      outcome: "fail",
      code: "credential-failed",
      message: `${failed} of the ${total} credentials in this ${container} failed verification.`,
    };
  }
  if (unknown > 0) {
    return {
      id: "credentials",
      outcome: "indeterminate",
      code: "credential-indeterminate",
      message: `${unknown} of the ${total} credentials in this ${container} could not be fully checked.`,
    };
  }
  return {
    id: "credentials",
    outcome: "pass",
    code: "all-verified",
    message:
      total === 1
        ? `The credential in this ${container} is verified.`
        : `All ${total} credentials in this ${container} are verified.`,
  };
}

/** Why each check after the format was not run on a document Attest stopped checking. */
const NOT_RUN_WHEN_STOPPED: Record<Exclude<CheckId, "format" | "credentials">, CheckResult> = {
  proof: notChecked(
    "proof",
    "indeterminate",
    "The signature was not checked because checking the document was stopped.",
  ),
  validity: notChecked(
    "validity",
    "indeterminate",
    "The validity period was not checked because checking the document was stopped.",
  ),
  status: notChecked(
    "status",
    "indeterminate",
    "The revocation status was not checked because checking the document was stopped.",
  ),
  issuer: notChecked(
    "issuer",
    "not-applicable",
    "The issuer was not checked because checking the document was stopped.",
  ),
  holder: notChecked(
    "holder",
    "not-applicable",
    "The holder was not checked because checking the document was stopped.",
  ),
};

/**
 * The report of a document Attest could not finish checking (it went over its computing budget, or the thread
 * checking it stopped): "could not check", never pass or fail, with `reason` saying why in a sentence.
 */
export function stoppedReport(base: ReportBase, code: string, reason: string): VerifierReport {
  const format: CheckResult = { id: "format", outcome: "indeterminate", code, message: reason };
  const checks = CREDENTIAL_CHECK_IDS.map((id) => (id === "format" ? format : NOT_RUN_WHEN_STOPPED[id]));
  return { ...base, verdict: decideVerdict(checks), checks };
}
