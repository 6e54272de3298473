import type { VerificationReport } from "#app/verification/report";

/** The VC-API verification response, plus Attest's whole report. */
export interface VcApiVerificationResult {
  verified: boolean;
  /** Ids of the checks that passed, as VC-API lists them. */
  checks: string[];
  /** Checks that could not be done, each as a sentence: "could not check" is never an error, nor a pass. */
  warnings: string[];
  errors: string[];
  report: VerificationReport;
}

export function toVcApiResult(report: VerificationReport): VcApiVerificationResult {
  const sentence = (c: VerificationReport["checks"][number]) => `${c.id}: ${c.message}`;
  return {
    verified: report.verdict === "verified",
    checks: report.checks.filter((c) => c.outcome === "pass").map((c) => c.id),
    warnings: report.checks.filter((c) => c.outcome === "indeterminate").map(sentence),
    errors: report.checks.filter((c) => c.outcome === "fail").map(sentence),
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
