import type { SubmissionOutcome } from "./submit.server";

export type ItemOutcome = "imported" | "duplicate" | "refused" | "failed";

/**
 * One line per submitted document, shared by `POST /api/submissions` and `attest import --json`: imported
 * (verified), duplicate, refused (could not be fetched or read) or failed (kept, but its skills count as claimed).
 */
export function toOutcomeLine(outcome: SubmissionOutcome) {
  if (outcome.status === "rejected") {
    return { source: outcome.source, outcome: "refused" as ItemOutcome, reason: outcome.reason, report: null };
  }
  const result: ItemOutcome = outcome.duplicate ? "duplicate" : outcome.verdict === "verified" ? "imported" : "failed";
  const reason =
    result === "failed"
      ? outcome.report.checks.filter((c) => c.outcome === "fail" || c.outcome === "indeterminate").map((c) => c.message).join(" ")
      : null;
  return { source: outcome.source, outcome: result, reason, candidateId: outcome.candidateId, report: outcome.report };
}

