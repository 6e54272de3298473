import type { SearchHit } from "#search/engine";
import type { DecisionMarker as Marker, LatestDecision } from "#app/review/decision-marker";
import { formatDate } from "#app/components/format";
import { DecisionBadge } from "#app/components/review/decision-badge";

/**
 * On a result card: what verifiers decided about the candidate's credentials, the newest rejection first (its
 * credential and reason), so a recruiter never shortlists someone whose evidence a verifier turned down unawares.
 * Renders nothing for a hit without decisions (or one that carries no decision data).
 */
export function DecisionMarker({ hit }: { hit: Pick<SearchHit, "id"> & { decision?: Marker | null } }) {
  const marker = hit.decision;
  if (!marker) return null;
  const { latest } = marker;
  const count = marker.kind === "reject" ? marker.rejected : marker.accepted;
  const what = `${count === 1 ? "1 credential" : `${count} credentials`} ${marker.kind === "reject" ? "rejected" : "accepted"} by a verifier`;
  return (
    <p className={`decision-marker ${marker.kind}`} aria-label="Verifiers' decision">
      <DecisionBadge kind={marker.kind} /> <span>{what}</span>
      {marker.kind === "reject" ? (
        <span className="muted small">
          {" "}
          · {latest.achievementName ?? "Untitled credential"}: “{latest.reason}”
        </span>
      ) : null}
    </p>
  );
}

/** On a credential (candidate page): the latest decision and its reason. */
export function CredentialDecisionLine({ decision }: { decision: LatestDecision | null }) {
  if (!decision) return null;
  return (
    <p className={`decision-marker ${decision.kind}`} aria-label="Latest decision">
      <DecisionBadge kind={decision.kind} /> by {decision.by}, {formatDate(decision.at)}: “{decision.reason}”
    </p>
  );
}
