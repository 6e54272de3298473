import type { VerificationReport } from "#app/verification/report";

/** What the candidate sees about one submitted item: plain words, no internal detail. */
export interface ReceiptItem {
  source: string;
  tone: "ok" | "bad" | "warn";
  headline: string;
  reasons: string[];
  /** Present when the credential was stored. */
  credentialId?: string;
}

type Outcome =
  | { status: "rejected"; source: string; reason: string }
  | { status: "stored"; source: string; credentialId: string; report: VerificationReport; duplicate: boolean };

export function toReceiptItem(outcome: Outcome): ReceiptItem {
  if (outcome.status === "rejected") {
    return { source: outcome.source, tone: "bad", headline: "Not accepted", reasons: [outcome.reason] };
  }
  const { report } = outcome;
  const problems = report.checks
    .filter((c) => c.outcome === "fail" || c.outcome === "indeterminate")
    .filter((c) => c.id !== "issuer" && c.id !== "holder")
    .map((c) => c.message);
  const already = outcome.duplicate ? " You had already submitted this credential; it was not stored twice." : "";
  const name = report.summary?.achievementName ? `“${report.summary.achievementName}”` : "The credential";
  switch (report.verdict) {
    case "verified":
      return {
        source: outcome.source,
        tone: "ok",
        headline: `${name} verified.${already}`,
        reasons: [],
        credentialId: outcome.credentialId,
      };
    case "failed":
      return {
        source: outcome.source,
        tone: "bad",
        headline: `${name} did not verify.${already}`,
        reasons: problems,
        credentialId: outcome.credentialId,
      };
    case "indeterminate":
      return {
        source: outcome.source,
        tone: "warn",
        headline: `${name} could not be fully checked yet; it is kept and will be reviewed.${already}`,
        reasons: problems,
        credentialId: outcome.credentialId,
      };
  }
}
