import { Link } from "@remix-run/react";
import { formatDate } from "#app/components/format";
import type { ResultCardView } from "#app/recruiting/explain-results";
import { DecisionMarker } from "#app/components/decision-marker";
import type { DecisionMarker as Marker } from "#app/review/decision-marker";

/** Skills after the matched ones: enough to judge a candidate at a glance, the rest on their page. */
const MORE_SKILLS_SHOWN = 5;

/**
 * One candidate in the results: a box to tick for bulk actions, the searched skills first with their evidence,
 * roles apart from skills, then the rest. `profileHref` carries the search, so the profile's "Back to search"
 * returns to it.
 */
export function ResultCard({
  card,
  decision,
  profileHref,
  selected,
  onSelect,
}: {
  card: ResultCardView;
  /** Verifiers' latest decision on the candidate's credentials, when there is one. */
  decision?: Marker | null;
  profileHref: string;
  selected: boolean;
  onSelect: (selected: boolean) => void;
}) {
  const more = card.otherSkills.slice(MORE_SKILLS_SHOWN);
  return (
    <li className="panel result" aria-labelledby={`result-${card.id}`}>
      <div className="result-head">
        <input
          type="checkbox"
          name="candidate"
          value={card.id}
          form="bulk-actions"
          checked={selected}
          onChange={(event) => onSelect(event.currentTarget.checked)}
          aria-label={`Select ${card.displayName}`}
        />
        <h3 id={`result-${card.id}`}>
          <Link to={profileHref}>{card.displayName}</Link>
        </h3>
      </div>
      {card.headline ? <p className="muted headline">{card.headline}</p> : null}
      <DecisionMarker hit={{ id: card.id, decision }} />
      {card.matched.length ? (
        <ul className="matched" aria-label="Matched skills">
          {card.matched.map((skill) => (
            <li key={skill.key} className={skill.verified ? "chip matched" : "chip matched claimed"}>
              <strong>
                {skill.verified ? "✓ " : ""}
                {skill.label}
              </strong>
              <span className="evidence-line">{skill.evidence}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {card.roles.length ? (
        <p className="small roles">
          <span className="muted">Role:</span> {card.roles.join(" · ")}
        </p>
      ) : null}
      {card.otherSkills.length || card.claimed.length ? (
        <ul className="chips" aria-label={card.matched.length ? "Other skills" : "Skills"}>
          {card.otherSkills.slice(0, MORE_SKILLS_SHOWN).map((skill) => (
            <li
              key={skill.label}
              className={skill.registered ? "chip verified" : "chip verified unregistered"}
              title={
                skill.registered
                  ? "Verified, from a registered issuer"
                  : "Verified signature; the issuer is not on the trust registry"
              }
            >
              ✓ {skill.label}
            </li>
          ))}
          {more.length ? (
            <li className="chip more" title={more.map((s) => s.label).join(", ")}>
              +{more.length} more
            </li>
          ) : null}
          {card.claimed.slice(0, 3).map((label) => (
            <li
              key={`c-${label}`}
              className="chip claimed"
              title="Claimed: no credential backing it passed verification"
            >
              {label} (claimed)
            </li>
          ))}
        </ul>
      ) : card.matched.length ? null : (
        <p className="muted small">No skills extracted.</p>
      )}
      <p className="muted small">
        {card.issuers.length ? `Verified by ${card.issuers.join(", ")}` : "No verified credential"}
        {card.lastVerifiedAt ? ` · last verified ${formatDate(card.lastVerifiedAt)}` : ""}
      </p>
      {card.shortlists.length ? (
        <p className="small on-shortlists">
          <span className="muted">On shortlists:</span>{" "}
          {card.shortlists.map((list, i) => (
            <span key={list.id}>
              {i ? ", " : ""}
              <Link to={`/shortlists/${list.id}`}>{list.name}</Link>
            </span>
          ))}
        </p>
      ) : null}
    </li>
  );
}
