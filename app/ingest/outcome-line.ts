import type { SubmissionOutcome } from "./submit.server";
import { describeClaimedSkills } from "./receipt";

export type ItemOutcome = "imported" | "duplicate" | "refused" | "failed" | "indeterminate" | "claimed";

/**
 * One line per submitted document, shared by `POST /api/submissions` and `attest import --json`: imported
 * (verified), duplicate, refused (could not be fetched or read), failed (kept, but its skills count as claimed),
 * indeterminate (kept, but a check could not be made: a status list or key out of reach; re-checked later), or
 * claimed (a résumé: kept, its skills recorded as the candidate's claims whatever its signature says).
 */
export function toOutcomeLine(outcome: SubmissionOutcome) {
  if (outcome.status === "rejected") {
    return { source: outcome.source, outcome: "refused" as ItemOutcome, reason: outcome.reason, report: null };
  }
  if (!outcome.duplicate && outcome.report.summary?.format === "ler-rs") {
    const problems = outcome.report.checks
      .filter((c) => c.outcome === "fail" || c.outcome === "indeterminate")
      .map((c) => c.message);
    const reason = [describeClaimedSkills(outcome.report.skills.length), ...problems].join(" ");
    return {
      source: outcome.source,
      outcome: "claimed" as ItemOutcome,
      reason,
      candidateId: outcome.candidateId,
      report: outcome.report,
    };
  }
  const result: ItemOutcome = outcome.duplicate
    ? "duplicate"
    : outcome.verdict === "verified"
      ? "imported"
      : outcome.verdict === "indeterminate"
        ? "indeterminate"
        : "failed";
  const reason =
    result === "failed" || result === "indeterminate"
      ? outcome.report.checks
          .filter((c) => c.outcome === "fail" || c.outcome === "indeterminate")
          .map((c) => c.message)
          .join(" ")
      : null;
  return { source: outcome.source, outcome: result, reason, candidateId: outcome.candidateId, report: outcome.report };
}
