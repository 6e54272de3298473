import type { Database } from "#db/client.server";
import { listVerifiedSkills } from "#db/queries/candidates.server";
import { staleWhileRevalidate } from "#db/stale-while-revalidate";
import type { SearchHit, SearchQuery, SearchResult } from "#search/engine";
import type { Services } from "#app/services.server";
import { getVerifiedPolicy, type VerifiedPolicy } from "#app/verification/verified-policy.server";
import type { DecisionMarker } from "#app/review/decision-marker";
import { getDecisionMarkers } from "#app/review/latest-decisions.server";
import { toCsv } from "./csv";
import { PAGE_SIZE, type CandidateSearchParams } from "./search-params";

export interface SkillOption {
  key: string;
  label: string;
  candidates: number;
}

/** A search hit with what the database adds for its card: verifiers' latest decision on the candidate (or null). */
export type CandidateHit = SearchHit & { decision: DecisionMarker | null };

export interface CandidateSearch {
  params: CandidateSearchParams;
  result: Omit<SearchResult, "hits"> & { hits: CandidateHit[] };
  skillOptions: SkillOption[];
  /** Label of every skill key shown on the page (filters, facets, hits). */
  skillLabels: Record<string, string>;
}

/**
 * The pick list of verified skills, aggregated in SQL over every credential. At 100,000 candidates that query
 * takes seconds, so it is served from memory and refreshed in the background when older than 30 seconds
 * (stale-while-revalidate). Search results are never cached, and names the list does not know yet are resolved
 * through the engine (resolveSkill).
 */
export const getSkillOptions: (db: Database) => Promise<SkillOption[]> = staleWhileRevalidate(listVerifiedSkills, 30_000);

/** Runs a recruiter's search against the search engine; the database only supplies the skill pick list. */
export async function findCandidates(
  services: Pick<Services, "db" | "search">,
  params: CandidateSearchParams,
): Promise<CandidateSearch> {
  const policy = await getVerifiedPolicy(services.db);
  const [result, skillOptions] = await Promise.all([
    services.search.search({ ...toEngineQuery(params, policy), limit: PAGE_SIZE, offset: (params.page - 1) * PAGE_SIZE }),
    getSkillOptions(services.db),
  ]);
  // Hits carry each key's label (verifiedSkillLabels[i] labels verifiedSkills[i]) and are always current;
  // the pick list fills in keys that no hit on this page holds.
  const labels = new Map(skillOptions.map((s) => [s.key, s.label]));
  for (const hit of result.hits) {
    hit.verifiedSkills.forEach((key, i) => labels.set(key, hit.verifiedSkillLabels[i] ?? key));
    hit.claimedSkills.forEach((key, i) => labels.has(key) || labels.set(key, hit.claimedSkillLabels[i] ?? key));
  }
  const keys = [...params.skills, ...params.anySkills, ...Object.keys(result.facets.verifiedSkills ?? {})];
  const decisions = await getDecisionMarkers(services.db, result.hits.map((hit) => hit.id));
  return {
    params,
    result: { ...result, hits: result.hits.map((hit) => ({ ...hit, decision: decisions[hit.id] ?? null })) },
    skillOptions,
    skillLabels: Object.fromEntries(keys.map((key) => [key, labels.get(key) ?? key])),
  };
}

/** The engine's query; under the "registered issuers only" policy every search is a trusted-only one. */
function toEngineQuery(params: CandidateSearchParams, policy: VerifiedPolicy): SearchQuery {
  return {
    q: params.q || undefined,
    verifiedSkills: params.skills,
    anySkills: params.anySkills,
    includeClaimed: params.includeClaimed,
    trustedOnly: params.trustedOnly || policy === "registered-issuers",
    issuers: params.issuers,
    formats: params.formats,
    achievementTypes: params.achievementTypes,
    verifiedSince: params.since ? Math.floor(Date.parse(params.since) / 1000) : undefined,
    sort: params.sort,
  };
}

/**
 * The key for what a recruiter typed in the skill box: from the pick list, else from the search engine's own
 * skills (always current, while the pick list may be up to 30 seconds old). Null when nothing matches.
 */
export async function resolveSkill(
  services: Pick<Services, "search">,
  typed: string,
  options: SkillOption[],
): Promise<string | null> {
  const known = resolveSkillInput(typed, options);
  if (known || !typed.trim()) return known;
  const fresh = await services.search.suggestSkills(typed.trim(), 20);
  return resolveSkillInput(typed, fresh.map((s) => ({ key: s.key, label: s.label, candidates: s.count })));
}

/**
 * Turns what a recruiter typed in the skill box into a canonical key: an exact key, else a skill whose label
 * matches ignoring case. Returns null when nothing matches, so the page can say so instead of guessing.
 */
export function resolveSkillInput(typed: string, options: SkillOption[]): string | null {
  const wanted = typed.trim().toLowerCase();
  if (!wanted) return null;
  const match =
    options.find((o) => o.key.toLowerCase() === wanted) ?? options.find((o) => o.label.toLowerCase() === wanted);
  return match?.key ?? null;
}

/** Every hit of a search (up to 1,000) as CSV, with verified and claimed skills apart. */
export async function exportSearchCsv(services: Pick<Services, "db" | "search">, params: CandidateSearchParams) {
  const result = await services.search.search({
    ...toEngineQuery(params, await getVerifiedPolicy(services.db)),
    limit: 1000,
    offset: 0,
  });
  return toCsv(
    ["name", "email", "headline", "verified skills", "verified skills from registered issuers", "claimed skills", "issuers", "last verified", "profile"],
    result.hits.map((h) => [
      h.displayName,
      h.email,
      h.headline,
      h.verifiedSkillLabels.join("; "),
      h.verifiedSkills.flatMap((key, i) => (h.vskillTrusted?.includes(key) ? [h.verifiedSkillLabels[i] ?? key] : [])).join("; "),
      h.claimedSkillLabels.join("; "),
      h.issuers.join("; "),
      h.lastVerifiedAt ? new Date(h.lastVerifiedAt * 1000).toISOString().slice(0, 10) : "",
      `/candidates/${h.id}`,
    ]),
  );
}
