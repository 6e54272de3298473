import { Link } from "@remix-run/react";
import type { SearchHit } from "#search/engine";
import { formatDate } from "#app/components/format";
import { SkillChips } from "#app/components/skill-chips";
import { DecisionMarker } from "#app/components/decision-marker";


/** One candidate in the results: verified skills apart from claimed ones, issuers, and how fresh the evidence is. */
export function ResultCard({ hit }: { hit: SearchHit }) {
  return (
    <li className="panel result">
      <h3>
        <Link to={`/candidates/${hit.id}`}>{hit.displayName}</Link>
      </h3>
      {hit.headline ? <p className="muted headline">{hit.headline}</p> : null}
      <DecisionMarker hit={hit} />
      <SkillChips verified={hit.verifiedSkillLabels} claimed={hit.claimedSkillLabels} registered={registeredLabels(hit)} />
      <p className="muted small">
        {hit.issuers.length ? `Verified by ${hit.issuers.join(", ")}` : "No verified credential"}
        {hit.lastVerifiedAt ? ` · last verified ${formatDate(hit.lastVerifiedAt)}` : ""}
      </p>
    </li>
  );
}

/** Labels of the hit's verified skills that a registered issuer backs (vskillTrusted holds their keys). */
export function registeredLabels(hit: Pick<SearchHit, "verifiedSkills" | "verifiedSkillLabels" | "vskillTrusted">): Set<string> {
  const trusted = new Set(hit.vskillTrusted ?? []);
  return new Set(hit.verifiedSkills.flatMap((key, i) => (trusted.has(key) ? [hit.verifiedSkillLabels[i] ?? key] : [])));
}
