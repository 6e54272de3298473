import { DECISIVE_CHECKS, type VerificationReport } from "#app/verification/report";

/** The VC-API verification response, plus Attest's whole report. */
export interface VcApiVerificationResult {
  verified: boolean;
  /** Ids of the checks that passed, as VC-API lists them. */
  checks: string[];
  /** Findings that did not decide the verdict (a holder mismatch on a verified credential, an unlisted issuer). */
  warnings: string[];
  /** Why the answer is not "verified": the failed checks, or the checks that could not be done. Empty when verified. */
  errors: string[];
  report: VerificationReport;
}

export function toVcApiResult(report: VerificationReport): VcApiVerificationResult {
  const sentence = (c: VerificationReport["checks"][number]) => `${c.id}: ${c.message}`;
  const verified = report.verdict === "verified";
  const problems = report.checks.filter((c) => c.outcome === "fail" || c.outcome === "indeterminate");
  // A "could not check" answer is not verified either, and its reason belongs in errors, where clients look;
  // on a verified answer nothing is an error, and what did not decide the verdict is a warning.
  const reasons = verified
    ? []
    : problems.filter((c) => DECISIVE_CHECKS.has(c.id) && (c.outcome === "fail" || report.verdict === "indeterminate"));
  return {
    verified,
    checks: report.checks.filter((c) => c.outcome === "pass").map((c) => c.id),
    warnings: problems.filter((c) => !reasons.includes(c)).map(sentence),
    errors: reasons.map(sentence),
    report,
  };
}

/**
 * VC-API answers 200 for a verified credential and 400 otherwise; Attest does the same, and a credential that
 * could not be fully checked is not verified either.
 */
export function vcApiStatus(result: VcApiVerificationResult): number {
  return result.verified ? 200 : 400;
}
