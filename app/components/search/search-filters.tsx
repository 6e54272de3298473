import { Link } from "@remix-run/react";
import type { FacetEntry } from "#app/recruiting/find-candidates.server";
import type { CandidateSearchParams } from "#app/recruiting/search-params";
import { FacetGroup } from "./facet-group";

/** How many values a link facet shows before the rest are left to the skill box. */
const FACET_VALUES_SHOWN = 12;

/**
 * The filters of the search form: evidence switches, then skills and roles (links that add them as "must have"),
 * then issuer, type and format (checkboxes, any-of).
 */
export function SearchFilters({
  params,
  facets,
  skillFacet,
  roleFacet,
  registeredSkillCounts,
  href,
}: {
  params: CandidateSearchParams;
  facets: Record<string, Record<string, number>>;
  skillFacet: FacetEntry[];
  roleFacet: FacetEntry[];
  /** Per skill, the candidates a registered issuer backs; null when the policy counts only those already. */
  registeredSkillCounts: Record<string, number> | null;
  href: (change: Partial<CandidateSearchParams>) => string;
}) {
  const submitNow = (event: React.ChangeEvent<HTMLInputElement>) => event.currentTarget.form?.requestSubmit();
  return (
    <>
      <fieldset className="facet">
        <legend>Evidence</legend>
        <label className="inline">
          <input type="checkbox" name="trusted" value="1" defaultChecked={params.trustedOnly} onChange={submitNow} />
          <span>Trusted issuers only</span>
        </label>
        <label className="inline">
          <input type="checkbox" name="claimed" value="1" defaultChecked={params.includeClaimed} onChange={submitNow} />
          <span>Also match claimed (unverified) skills</span>
        </label>
        <label>
          Verified since
          <input type="date" name="since" defaultValue={params.since} onChange={submitNow} />
        </label>
      </fieldset>
      <LinkFacet
        title="Verified skills"
        empty="No verified skills among these results."
        entries={skillFacet}
        registered={registeredSkillCounts}
        params={params}
        href={href}
      />
      <LinkFacet
        title="Role"
        empty="No role among these results."
        entries={roleFacet}
        registered={registeredSkillCounts}
        params={params}
        href={href}
      />
      <FacetGroup title="Issuer" name="issuer" counts={facets.issuers ?? {}} selected={params.issuers} />
      <FacetGroup
        title="Achievement type"
        name="type"
        counts={facets.achievementTypes ?? {}}
        selected={params.achievementTypes}
      />
      <FacetGroup
        title="Format"
        name="format"
        counts={facets.formats ?? {}}
        selected={params.formats}
        labelOf={(v) => v.toUpperCase()}
      />
      <noscript>
        <button type="submit">Apply filters</button>
      </noscript>
    </>
  );
}

function LinkFacet({
  title,
  empty,
  entries,
  registered,
  params,
  href,
}: {
  title: string;
  empty: string;
  entries: FacetEntry[];
  registered: Record<string, number> | null;
  params: CandidateSearchParams;
  href: (change: Partial<CandidateSearchParams>) => string;
}) {
  return (
    <section aria-label={title} className="facet">
      <h2>{title}</h2>
      {entries.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <ul className="facet-list">
          {entries.slice(0, FACET_VALUES_SHOWN).map(({ key, label, count }) => (
            <li key={key}>
              {params.skills.includes(key) ? (
                <strong>{label}</strong>
              ) : (
                <Link to={href({ skills: [...params.skills, key] })}>{label}</Link>
              )}
              <span
                className="muted"
                title={registered ? `${registered[key] ?? 0} of ${count} from registered issuers` : undefined}
              >
                {count}
                {registered ? ` · ${registered[key] ?? 0} registered` : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
