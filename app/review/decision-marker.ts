/**
 * What a recruiter sees of verifiers' decisions: the latest accept or reject on each credential, and one marker
 * per candidate for the search results. Pure, so the page, the search hit and the tests share one rule.
 */

export interface LatestDecision {
  kind: "accept" | "reject";
  reason: string;
  by: string;
  /** ISO 8601. */
  at: string;
}

export interface CredentialDecision extends LatestDecision {
  credentialId: string;
  achievementName: string | null;
}

/** One candidate's marker on a result card. */
export interface DecisionMarker {
  /** "reject" when any credential's latest decision is a rejection: a rejection must never hide behind an acceptance. */
  kind: "accept" | "reject";
  accepted: number;
  rejected: number;
  /** The decision the marker quotes: the newest rejection, else the newest acceptance. */
  latest: CredentialDecision;
}

/** The marker for one candidate's credentials' latest decisions; null when no credential has one. */
export function toDecisionMarker(decisions: CredentialDecision[]): DecisionMarker | null {
  if (decisions.length === 0) return null;
  const newestFirst = [...decisions].sort((a, b) => b.at.localeCompare(a.at));
  const rejections = newestFirst.filter((d) => d.kind === "reject");
  return {
    kind: rejections.length ? "reject" : "accept",
    accepted: decisions.length - rejections.length,
    rejected: rejections.length,
    latest: rejections[0] ?? newestFirst[0]!,
  };
}
