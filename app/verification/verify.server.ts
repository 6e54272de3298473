/**
 * The verification use case for one credential: format → proof → validity → status, plus issuer and holder
 * reported beside the verdict. The clock, the network (status lists) and the document loader are injected.
 */
import { extractSkills } from "#app/skills/extract";
import { decideVerdict, type CheckResult, type VerificationReport } from "./report";
import type { DocumentLoader } from "./document-loader.server";
import { checkFormat } from "./checks/format";
import { toProofCheck, verifyProofs, type ProofFinding } from "./checks/proof.server";
import { checkValidity } from "./checks/validity";
import { checkStatus, type FetchStatusList } from "./checks/status.server";
import { checkIssuer } from "./checks/issuer";
import { checkHolder, type ExpectedHolder } from "./checks/holder.server";
import { summarizeCredential } from "./summary";
import { isObject, type JsonObject } from "./checks/util";

export interface VerifyCredentialOptions {
  /** What was verified: a file name, a URL or "pasted text". */
  input: string;
  documentLoader: DocumentLoader;
  now?: Date;
  /** Fetches a status list credential by URL. Absent → status is reported as "could not check". */
  fetchStatusList?: FetchStatusList;
  expectedHolder?: ExpectedHolder;
}

function notChecked(id: CheckResult["id"], outcome: CheckResult["outcome"], message: string): CheckResult {
  return { id, outcome, code: "not-checked", message };
}

/**
 * Undefined terms — a decision: JSON-LD safe mode (used by the vc library for every proof) refuses to
 * canonicalise a credential whose fields its contexts do not define, so the signature cannot be checked,
 * and such fields would never be covered by it anyway. Other validators silently drop those fields and
 * report "verified"; Attest instead fails the *format* check with code "undefined-terms", naming the
 * fields, and reports the proof as not checked. The person sees exactly why, and no unsigned field is
 * ever shown as verified.
 */
function formatCheckAfterProof(finding: ProofFinding): CheckResult {
  if (finding.kind === "undefined-terms") {
    const listed = finding.terms.length > 0 ? ` (${finding.terms.slice(0, 8).join(", ")}${finding.terms.length > 8 ? ", …" : ""})` : "";
    return {
      id: "format",
      outcome: "fail",
      code: "undefined-terms",
      message: `The credential contains fields that its vocabulary does not define${listed}, so they cannot be covered by its signature.`,
    };
  }
  if (finding.kind === "malformed") {
    return {
      id: "format",
      outcome: "fail",
      code: "invalid-structure",
      message: `The credential is not well-formed: ${finding.detail.replace(/\.$/, "")}.`,
    };
  }
  return { id: "format", outcome: "pass", code: "well-formed", message: "The document is a well-formed verifiable credential." };
}

async function runStatusCheck(
  credential: JsonObject,
  proof: CheckResult,
  options: VerifyCredentialOptions,
  now: Date,
): Promise<CheckResult> {
  if (credential.credentialStatus === undefined) {
    return { id: "status", outcome: "not-applicable", code: "no-status", message: "The issuer publishes no revocation status for this credential." };
  }
  // Status is checked only after the signature passed, so a forged credential never makes us fetch a URL it chose.
  if (proof.outcome !== "pass") {
    return notChecked("status", "indeterminate", "The revocation status was not checked because the signature could not be confirmed.");
  }
  try {
    return await checkStatus(credential, {
      fetchStatusList: options.fetchStatusList,
      verifyListProof: async (list) => (await verifyProofs(list, options.documentLoader)).kind === "verified",
      now,
    });
  } catch {
    return { id: "status", outcome: "indeterminate", code: "status-error", message: "The revocation status could not be checked because of an unexpected error." };
  }
}

/**
 * Verify one credential and report on it. Never throws for bad input: anything that is not a credential
 * yields a report whose format check failed, with a sentence saying why.
 */
export async function verifyCredential(document: unknown, options: VerifyCredentialOptions): Promise<VerificationReport> {
  const now = options.now ?? new Date();
  const base = { input: options.input, credentials: [], checkedAt: now.toISOString() };
  const summary = isObject(document) ? summarizeCredential(document) : undefined;

  const format = checkFormat(document);
  if (!format.ok) {
    const checks: CheckResult[] = [
      format.check,
      notChecked("proof", "indeterminate", "The signature was not checked because the document is not a usable credential."),
      notChecked("validity", "indeterminate", "The validity period was not checked because the document is not a usable credential."),
      notChecked("status", "indeterminate", "The revocation status was not checked because the document is not a usable credential."),
      notChecked("issuer", "not-applicable", "The issuer was not checked because the document is not a usable credential."),
      notChecked("holder", "not-applicable", "The holder was not checked because the document is not a usable credential."),
    ];
    return { ...base, verdict: decideVerdict(checks), checks, skills: [], ...(summary ? { summary } : {}) };
  }

  const credential = format.credential;
  let finding: ProofFinding;
  try {
    finding = await verifyProofs(credential, options.documentLoader);
  } catch (error) {
    finding = { kind: "error", detail: error instanceof Error ? error.message : String(error) };
  }
  const proof = toProofCheck(finding);
  const checks: CheckResult[] = [
    formatCheckAfterProof(finding),
    proof,
    checkValidity(credential, now),
    await runStatusCheck(credential, proof, options, now),
    checkIssuer(),
    checkHolder(credential, options.expectedHolder),
  ];
  return {
    ...base,
    verdict: decideVerdict(checks),
    checks,
    skills: extractSkills(credential),
    ...(summary ? { summary } : {}),
  };
}
