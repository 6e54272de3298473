import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { FacetGroup } from "#app/components/search/facet-group";
import { ResultCard } from "#app/components/search/result-card";
import { SkillInput } from "#app/components/search/skill-input";
import { findCandidates, resolveSkill } from "#app/recruiting/find-candidates.server";
import {
  PAGE_SIZE,
  parseCandidateSearchParams,
  toSearchQueryString,
  type CandidateSearchParams,
} from "#app/recruiting/search-params";
import { requireStaffUser } from "#app/auth/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "recruiter");
  const url = new URL(request.url);
  const params = parseCandidateSearchParams(url);
  const search = await findCandidates(context.services, params);
  const typedSkill = url.searchParams.get("addSkill")?.trim() ?? "";
  const key = typedSkill ? await resolveSkill(context.services, typedSkill, search.skillOptions) : null;
  if (key) {
    // Put the canonical key in the URL so the search is a stable, shareable link.
    const skills = params.skills.includes(key) ? params.skills : [...params.skills, key];
    throw redirect(`/search${toSearchQueryString({ ...params, skills, page: 1 })}`);
  }
  return json({ ...search, unknownSkill: typedSkill || null });
}

const sortLabels = { relevance: "Best match", verifiedSkillCount: "Most verified skills", lastVerifiedAt: "Most recently verified" };

export default function SearchPage() {
  const { params, result, skillOptions, skillLabels, registeredSkillCounts, unknownSkill } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const debounce = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(debounce.current), []);
  const href = (change: Partial<CandidateSearchParams>) => `/search${toSearchQueryString({ ...params, page: 1, ...change })}`;
  const labelOf = (key: string) => skillLabels[key] ?? key;
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const facets = result.facets;
  const chips: Array<{ label: string; to: string }> = [
    ...params.skills.map((k) => ({ label: `${labelOf(k)}`, to: href({ skills: params.skills.filter((s) => s !== k) }) })),
    ...params.anySkills.map((k) => ({ label: `any: ${labelOf(k)}`, to: href({ anySkills: params.anySkills.filter((s) => s !== k) }) })),
    ...params.issuers.map((v) => ({ label: `issuer: ${v}`, to: href({ issuers: params.issuers.filter((s) => s !== v) }) })),
    ...params.formats.map((v) => ({ label: `format: ${v}`, to: href({ formats: params.formats.filter((s) => s !== v) }) })),
    ...params.achievementTypes.map((v) => ({ label: `type: ${v}`, to: href({ achievementTypes: params.achievementTypes.filter((s) => s !== v) }) })),
    ...(params.since ? [{ label: `verified since ${params.since}`, to: href({ since: "" }) }] : []),
    ...(params.trustedOnly ? [{ label: "trusted issuers only", to: href({ trustedOnly: false }) }] : []),
    ...(params.includeClaimed ? [{ label: "claimed skills count", to: href({ includeClaimed: false }) }] : []),
  ];

  return (
    <>
      <h1>Search candidates by verified skill</h1>
      <Form method="get" className="search-grid" role="search" onChange={(event) => {
        // Search as you type in the text box; other controls submit at once.
        const target = event.target as HTMLInputElement;
        if (target.name !== "q" && target.name !== "addSkill") return;
        if (target.name === "q") {
          clearTimeout(debounce.current);
          debounce.current = setTimeout(() => submit(target.form, { replace: true }), 250);
        }
      }}>
        <div className="search-form">
          <label>
            Name, headline or skill text
            <input type="search" name="q" defaultValue={params.q} />
          </label>
          <SkillInput initialOptions={skillOptions.slice(0, 50).map((s) => ({ ...s, count: s.candidates }))} />
          <div className="form-end">
            <button type="submit">Search</button>
          </div>
        </div>
        {params.skills.map((s) => <input key={s} type="hidden" name="skill" value={s} />)}
        {params.anySkills.map((s) => <input key={s} type="hidden" name="any" value={s} />)}

        {unknownSkill ? (
          <p className="notice warn" role="status">
            No candidate holds a verified skill called “{unknownSkill}”. Pick one from the list.
          </p>
        ) : null}
        {chips.length ? (
          <div className="chips" aria-label="Active filters">
            {chips.map((chip) => (
              <Link key={chip.label} className="chip filter" to={chip.to} aria-label={`Remove filter ${chip.label}`}>
                {chip.label} ✕
              </Link>
            ))}
            <Link to="/search" className="chip">Clear all</Link>
          </div>
        ) : null}

        <div className="search-layout">
          <aside className="panel" aria-label="Filters">
            <fieldset className="facet">
              <legend>Evidence</legend>
              <label className="inline">
                <input type="checkbox" name="trusted" value="1" defaultChecked={params.trustedOnly} onChange={(e) => e.currentTarget.form?.requestSubmit()} />
                <span>Trusted issuers only</span>
              </label>
              <label className="inline">
                <input type="checkbox" name="claimed" value="1" defaultChecked={params.includeClaimed} onChange={(e) => e.currentTarget.form?.requestSubmit()} />
                <span>Also match claimed (unverified) skills</span>
              </label>
              <label>
                Verified since
                <input type="date" name="since" defaultValue={params.since} onChange={(e) => e.currentTarget.form?.requestSubmit()} />
              </label>
            </fieldset>
            <section aria-label="Verified skills" className="facet">
              <h2>Verified skills</h2>
              {Object.keys(facets.verifiedSkills ?? {}).length === 0 ? (
                <p className="muted">No verified skills among these results.</p>
              ) : (
                <ul className="facet-list">
                  {Object.entries(facets.verifiedSkills ?? {}).slice(0, 15).map(([key, n]) => (
                    <li key={key}>
                      {params.skills.includes(key) ? <strong>{labelOf(key)}</strong> : <Link to={href({ skills: [...params.skills, key] })}>{labelOf(key)}</Link>}
                      <span className="muted" title={registeredSkillCounts ? `${registeredSkillCounts[key] ?? 0} of ${n} from registered issuers` : undefined}>
                        {n}
                        {registeredSkillCounts ? ` · ${registeredSkillCounts[key] ?? 0} registered` : null}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <FacetGroup title="Issuer" name="issuer" counts={facets.issuers ?? {}} selected={params.issuers} />
            <FacetGroup title="Achievement type" name="type" counts={facets.achievementTypes ?? {}} selected={params.achievementTypes} />
            <FacetGroup title="Format" name="format" counts={facets.formats ?? {}} selected={params.formats} labelOf={(v) => v.toUpperCase()} />
            <noscript><button type="submit">Apply filters</button></noscript>
          </aside>

          <section aria-label="Results" aria-live="polite" aria-busy={navigation.state !== "idle"}>
            <div className="results-bar">
              <p className="muted">
                {result.total === 1 ? "1 candidate" : `${result.total} candidates`}
                {params.skills.length ? ` with every chosen skill ${params.includeClaimed ? "held" : "verified"}` : ""}
              </p>
              <a className="chip" href={`/search/export${toSearchQueryString({ ...params, page: 1 })}`} download>
                Export CSV
              </a>
              <label className="inline">
                Sort
                <select name="sort" defaultValue={params.sort} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
                  {Object.entries(sortLabels).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
                </select>
              </label>
            </div>
            {result.hits.length === 0 ? (
              <div className="panel empty">
                <p>No candidate matches this search.</p>
                <p>Remove a filter, or check the spelling of the text.</p>
              </div>
            ) : (
              <ul className="results">{result.hits.map((hit) => <ResultCard key={hit.id} hit={hit} />)}</ul>
            )}
            {pages > 1 ? (
              <nav aria-label="Pages" className="chips pager">
                {params.page > 1 ? <Link className="chip" to={href({ page: params.page - 1 })}>← Previous</Link> : null}
                <span className="muted">Page {params.page} of {pages}</span>
                {params.page < pages ? <Link className="chip" to={href({ page: params.page + 1 })}>Next →</Link> : null}
              </nav>
            ) : null}
          </section>
        </div>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Search candidates · Attest" }];
