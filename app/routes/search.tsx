import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { SkillChips } from "#app/components/skill-chips";
import {
  findCandidates,
  PAGE_SIZE,
  parseCandidateSearchParams,
  resolveSkillInput,
} from "#app/recruiting/find-candidates.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const params = parseCandidateSearchParams(url);
  const search = await findCandidates(context.services, params);
  const typedSkill = url.searchParams.get("addSkill")?.trim() ?? "";
  if (typedSkill) {
    const key = resolveSkillInput(typedSkill, search.skillOptions);
    if (key) {
      // Put the canonical key in the URL so the search is a stable, shareable link.
      url.searchParams.delete("addSkill");
      url.searchParams.delete("page");
      if (!params.skills.includes(key)) url.searchParams.append("skill", key);
      throw redirect(`${url.pathname}?${url.searchParams}`);
    }
  }
  return json({ ...search, unknownSkill: typedSkill || null });
}

export default function SearchPage() {
  const { params, result, skillOptions, skillLabels, unknownSkill } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const formRef = useRef<HTMLFormElement>(null);
  const debounce = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(debounce.current), []);
  const withParams = (change: (p: URLSearchParams) => void) => {
    const next = new URLSearchParams();
    if (params.q) next.set("q", params.q);
    params.skills.forEach((s) => next.append("skill", s));
    change(next);
    return `?${next}`;
  };
  const facetCounts = result.facets.verifiedSkills ?? {};
  const labelOf = (key: string) => skillLabels[key] ?? skillOptions.find((s) => s.key === key)?.label ?? key;
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));

  return (
    <>
      <h1>Search candidates by verified skill</h1>
      <Form method="get" ref={formRef} className="search-form" role="search">
        <label>
          Name, headline or skill text
          <input
            type="search"
            name="q"
            defaultValue={params.q}
            onChange={(event) => {
              clearTimeout(debounce.current);
              const form = event.currentTarget.form;
              debounce.current = setTimeout(() => submit(form, { replace: true }), 250);
            }}
          />
        </label>
        <label>
          Verified skill
          <input type="text" name="addSkill" list="skill-options" placeholder="Type or pick a skill" autoComplete="off" />
          <datalist id="skill-options">
            {skillOptions.map((s) => (
              <option key={s.key} value={s.label} />
            ))}
          </datalist>
        </label>
        {params.skills.map((s) => (
          <input key={s} type="hidden" name="skill" value={s} />
        ))}
        <div style={{ alignSelf: "end" }}>
          <button type="submit">Search</button>
        </div>
      </Form>
      {unknownSkill ? (
        <p className="notice warn" role="status">
          No candidate holds a verified skill called “{unknownSkill}”. Pick one from the list.
        </p>
      ) : null}
      {params.skills.length ? (
        <div className="chips" aria-label="Active skill filters">
          {params.skills.map((key) => (
            <Link key={key} className="chip filter" to={withParams((p) => p.delete("skill", key))} aria-label={`Remove filter ${labelOf(key)}`}>
              {labelOf(key)} ✕
            </Link>
          ))}
          <Link to="/search" className="chip">Clear all</Link>
        </div>
      ) : null}
      <div className="search-layout">
        <aside className="panel" aria-label="Verified skills">
          <h2 style={{ marginTop: 0 }}>Verified skills</h2>
          {Object.keys(facetCounts).length === 0 ? (
            <p className="muted">No verified skills among these results.</p>
          ) : (
            <ul className="facet-list">
              {Object.entries(facetCounts).map(([key, n]) => (
                <li key={key}>
                  {params.skills.includes(key) ? (
                    <strong>{labelOf(key)}</strong>
                  ) : (
                    <Link to={withParams((p) => p.append("skill", key))}>{labelOf(key)}</Link>
                  )}
                  <span className="muted">{n}</span>
                </li>
              ))}
            </ul>
          )}
        </aside>
        <section aria-live="polite" aria-busy={navigation.state !== "idle"}>
          <p className="muted">
            {result.total === 1 ? "1 candidate" : `${result.total} candidates`}
            {params.skills.length ? " with every chosen skill verified" : ""}
          </p>
          {result.hits.length === 0 ? (
            <div className="panel empty">
              <p>No candidate matches this search.</p>
              <p>Remove a filter, or check the spelling of the text.</p>
            </div>
          ) : (
            <ul className="results">
              {result.hits.map((hit) => (
                <li key={hit.id} className="panel result">
                  <h3>
                    <Link to={`/candidates/${hit.id}`}>{hit.displayName}</Link>
                  </h3>
                  {hit.headline ? <p className="muted" style={{ margin: "0.1rem 0 0.4rem" }}>{hit.headline}</p> : null}
                  <SkillChips verified={hit.verifiedSkillLabels} claimed={hit.claimedSkillLabels} />
                  <p className="muted" style={{ margin: 0, fontSize: "0.85rem" }}>
                    {hit.issuers.length ? `Issued by ${hit.issuers.join(", ")}` : "No issuer"}
                    {hit.lastVerifiedAt ? ` · last verified ${new Date(hit.lastVerifiedAt * 1000).toLocaleDateString("en-GB")}` : ""}
                  </p>
                </li>
              ))}
            </ul>
          )}
          {pages > 1 ? (
            <nav aria-label="Pages" className="chips" style={{ marginTop: "1rem" }}>
              {params.page > 1 ? <Link className="chip" to={withParams((p) => p.set("page", String(params.page - 1)))}>← Previous</Link> : null}
              <span className="muted">Page {params.page} of {pages}</span>
              {params.page < pages ? <Link className="chip" to={withParams((p) => p.set("page", String(params.page + 1)))}>Next →</Link> : null}
            </nav>
          ) : null}
        </section>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Search candidates · Attest" }];
