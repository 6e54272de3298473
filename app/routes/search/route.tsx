import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation, useNavigate, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useId, useRef, useState } from "react";
import { ActiveFilters } from "#app/components/search/active-filters";
import { BulkActions } from "#app/components/search/bulk-actions";
import { CsrfInput } from "#app/components/csrf-input";
import { FiltersPanel } from "#app/components/search/filters-panel";
import { ResultCard } from "#app/components/search/result-card";
import { SearchFilters } from "#app/components/search/search-filters";
import { SaveSearch } from "#app/components/search/save-search";
import { SkillInput } from "#app/components/search/skill-input";
import { describeSearch } from "#app/recruiting/describe-search";
import { findCandidates, loadSkillCatalog, resolveSkill } from "#app/recruiting/find-candidates.server";
import { getSavedSearchFor } from "#app/recruiting/saved-searches.server";
import { addManyToShortlist, bulkShortlistSchema } from "#app/recruiting/shortlists.server";
import {
  PAGE_SIZE,
  SKILL_MODES,
  parseCandidateSearchParams,
  parseSkillMode,
  toSearchQueryString,
  withSkill,
  type CandidateSearchParams,
  type SkillMode,
} from "#app/recruiting/search-params";
import { toDisplayLabel } from "#app/skills/display";
import { requireStaffUser } from "#app/auth/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "recruiter");
  const url = new URL(request.url);
  const params = parseCandidateSearchParams(url);
  const typedSkill = url.searchParams.get("addSkill")?.trim().slice(0, 200) ?? "";
  const resolution = typedSkill
    ? await resolveSkill(context.services, typedSkill, await loadSkillCatalog(context.services))
    : null;
  // A resolved skill goes into the URL as its canonical key: the search stays a stable, shareable link.
  if (resolution?.status === "resolved")
    throw redirect(
      `/search${toSearchQueryString(withSkill(params, resolution.key, parseSkillMode(url.searchParams.get("mode"))))}`,
    );
  const [search, savedAs] = await Promise.all([
    findCandidates(context.services, params),
    getSavedSearchFor(context.services, user.id, params),
  ]);
  if (resolution?.status !== "miss") return json({ ...search, savedAs, miss: null });
  // A skill nobody can name shows no results rather than the unfiltered list, which would look as if it applied.
  const miss = {
    typed: resolution.typed,
    suggestions: resolution.suggestions.map((s) => ({
      key: s.key,
      label: toDisplayLabel(s.label),
      candidates: s.candidates,
    })),
  };
  return json({
    ...search,
    result: { ...search.result, total: 0, hits: [], facets: {} },
    cards: search.cards.slice(0, 0),
    skillFacet: search.skillFacet.slice(0, 0),
    roleFacet: search.roleFacet.slice(0, 0),
    savedAs,
    miss,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  await requireStaffUser(request, context.services, "recruiter");
  const form = await request.formData();
  const parsed = bulkShortlistSchema.safeParse({
    shortlist: form.get("shortlist") ?? "",
    candidates: form.getAll("candidate"),
  });
  if (!parsed.success)
    return json({ error: parsed.error.issues[0]?.message ?? "Check the form.", added: null }, { status: 400 });
  const added = await addManyToShortlist(context.services.db, parsed.data);
  return json({ error: null, added: { ...added, name: parsed.data.shortlist } });
}

const sortLabels = {
  relevance: "Best match",
  verifiedSkillCount: "Most verified skills",
  lastVerifiedAt: "Most recently verified",
};

export default function SearchPage() {
  const {
    params,
    result,
    skillOptions,
    skillLabels,
    registeredSkillCounts,
    cards,
    skillFacet,
    roleFacet,
    shortlistNames,
    savedAs,
    miss,
  } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const location = useLocation();
  const submit = useSubmit();
  const sortId = useId();
  const debounce = useRef<ReturnType<typeof setTimeout>>();
  const [mode, setMode] = useState<SkillMode>("all");
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => () => clearTimeout(debounce.current), []);
  useEffect(() => setSelected(new Set()), [location.search]);
  const query = toSearchQueryString(params);
  const href = (change: Partial<CandidateSearchParams>) =>
    `/search${toSearchQueryString({ ...params, page: 1, ...change })}`;
  const labelOf = (key: string) => skillLabels[key] ?? key;
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const activeFilters =
    [params.trustedOnly, params.includeClaimed, params.since !== ""].filter(Boolean).length +
    params.issuers.length +
    params.formats.length +
    params.achievementTypes.length +
    params.skills.length +
    params.anySkills.length +
    params.excludedSkills.length;
  const backQuery = `?back=${encodeURIComponent(`/search${query}`)}`;

  return (
    <>
      <div className="search-head">
        <h1>Search candidates by verified skill</h1>
        <SaveSearch
          key={query}
          query={toSearchQueryString({ ...params, page: 1 })}
          defaultName={describeSearch(params, labelOf)}
          savedAs={savedAs}
        />
      </div>
      <Form
        method="get"
        role="search"
        aria-label="Candidates"
        onChange={(event) => {
          // Search as you type in the text box; the skill box has its own suggestions.
          const target = event.target as HTMLInputElement;
          if (target.name !== "q") return;
          clearTimeout(debounce.current);
          debounce.current = setTimeout(() => submit(target.form, { replace: true }), 250);
        }}
      >
        <div className="search-form">
          <label>
            Name, headline or skill text
            <input type="search" name="q" defaultValue={params.q} />
          </label>
          <div className="skill-row">
            <label>
              Add as
              <select value={mode} onChange={(e) => setMode(e.currentTarget.value as SkillMode)}>
                {Object.entries(SKILL_MODES).map(([value, { label }]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <SkillInput
              initialOptions={skillOptions
                .slice(0, 12)
                .map((s) => ({ key: s.key, label: toDisplayLabel(s.label), count: s.candidates }))}
              initialText={miss?.typed ?? ""}
              resetKey={location.key}
              mode={mode}
              onPick={(key) => navigate(`/search${toSearchQueryString(withSkill(params, key, mode))}`)}
            />
          </div>
          <div className="form-end">
            <button type="submit">Search</button>
          </div>
        </div>
        {params.skills.map((s) => (
          <input key={s} type="hidden" name="skill" value={s} />
        ))}
        {params.anySkills.map((s) => (
          <input key={s} type="hidden" name="any" value={s} />
        ))}
        {params.excludedSkills.map((s) => (
          <input key={s} type="hidden" name="not" value={s} />
        ))}

        {miss ? (
          <div className="notice warn" role="status">
            <p>No skill matches “{miss.typed}”, so no candidate is shown.</p>
            {miss.suggestions.length ? (
              <p>
                Did you mean{" "}
                {miss.suggestions.map((s, i) => (
                  <span key={s.key}>
                    {i ? ", " : ""}
                    <Link to={`/search${toSearchQueryString(withSkill(params, s.key, mode))}`}>{s.label}</Link> (
                    {s.candidates})
                  </span>
                ))}
                ?
              </p>
            ) : (
              <p>
                Check the spelling, or <Link to={href({ q: miss.typed })}>search “{miss.typed}” as text</Link>.
              </p>
            )}
          </div>
        ) : null}
        <ActiveFilters params={params} labelOf={labelOf} href={href} />

        <div className="search-layout">
          <FiltersPanel active={activeFilters} resetKey={location.search}>
            <SearchFilters
              params={params}
              facets={result.facets}
              skillFacet={skillFacet}
              roleFacet={roleFacet}
              registeredSkillCounts={registeredSkillCounts}
              href={href}
            />
          </FiltersPanel>

          <section aria-labelledby="results-heading" aria-busy={navigation.state !== "idle"}>
            <h2 id="results-heading" className="visually-hidden">
              Results
            </h2>
            <div className="results-bar">
              <p className="muted" aria-live="polite">
                {result.total === 1 ? "1 candidate" : `${result.total} candidates`}
                {params.skills.length ? ` with every chosen skill ${params.includeClaimed ? "held" : "verified"}` : ""}
              </p>
              <a className="chip" href={`/search/export${query}`} download>
                Export CSV
              </a>
              <div className="sort">
                <label htmlFor={sortId}>Sort</label>
                <select
                  id={sortId}
                  name="sort"
                  defaultValue={params.sort}
                  onChange={(e) => e.currentTarget.form?.requestSubmit()}
                >
                  {Object.entries(sortLabels).map(([value, label]) => (
                    <option key={value} value={value}>
                      {label}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            {cards.length === 0 ? (
              <div className="panel empty">
                <p>No candidate matches this search.</p>
                <p>
                  {miss
                    ? "Pick one of the skills above, or correct the text in the skill box."
                    : "Remove a filter, or check the spelling of the text."}
                </p>
              </div>
            ) : (
              <>
                <div className="select-all">
                  <label className="inline">
                    <input
                      type="checkbox"
                      checked={cards.every((c) => selected.has(c.id))}
                      onChange={(e) =>
                        setSelected(e.currentTarget.checked ? new Set(cards.map((c) => c.id)) : new Set())
                      }
                    />
                    <span>Select all on this page</span>
                  </label>
                  <BulkActions selected={selected.size} shortlistNames={shortlistNames} actionUrl={`/search${query}`} />
                </div>
                <ul className="results" aria-label="Candidates found">
                  {cards.map((card) => (
                    <ResultCard
                      key={card.id}
                      card={card}
                      decision={result.hits.find((hit) => hit?.id === card.id)?.decision ?? null}
                      profileHref={`/candidates/${card.id}${backQuery}`}
                      selected={selected.has(card.id)}
                      onSelect={(on) =>
                        setSelected((current) => {
                          const next = new Set(current);
                          if (on) next.add(card.id);
                          else next.delete(card.id);
                          return next;
                        })
                      }
                    />
                  ))}
                </ul>
              </>
            )}
            {pages > 1 ? (
              <nav aria-label="Pages" className="chips pager">
                {params.page > 1 ? (
                  <Link className="chip" to={href({ page: params.page - 1 })}>
                    ← Previous
                  </Link>
                ) : null}
                <span className="muted">
                  Page {params.page} of {pages}
                </span>
                {params.page < pages ? (
                  <Link className="chip" to={href({ page: params.page + 1 })}>
                    Next →
                  </Link>
                ) : null}
              </nav>
            ) : null}
          </section>
        </div>
      </Form>
      <form id="bulk-actions" method="post" action="/search/export">
        <CsrfInput />
      </form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Search candidates · Attest" }];
