import type { Database } from "#db/client.server";
import { listVerifiedSkills } from "#db/queries/candidates.server";
import { staleWhileRevalidate } from "#db/stale-while-revalidate";
import { listShortlistNames } from "#db/queries/shortlists.server";
import { listShortlistsHolding, summarizeSkillEvidence } from "#db/queries/search-annotations.server";
import type { SearchHit, SearchQuery, SearchResult } from "#search/engine";
import { isOccupationKey, mergeNearDuplicates, toDisplayLabel } from "#app/skills/display";
import { explainHit, searchedSkillKeys, type ResultCardView } from "./explain-results";
import type { Services } from "#app/services.server";
import { getVerifiedPolicy, type VerifiedPolicy } from "#app/verification/verified-policy.server";
import { listAliases } from "#db/queries/skill-aliases.server";
import {
  rankSkillOptions,
  resolveSkillText,
  type SkillCatalog,
  type SkillOptionMatch,
  type SkillResolution,
} from "#app/skills/resolve";
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
  /** Label of every skill key shown on the page (filters, facets, hits), in the display case style. */
  skillLabels: Record<string, string>;
  /**
   * Per skill of the skill facet, how many of its candidates a registered issuer backs ("Python 12 · 9 from
   * registered issuers"); null under the registered-issuers policy, where the facet counts only those already.
   */
  registeredSkillCounts: Record<string, number> | null;
  /** One per hit, in order: why it matched (explain-results.ts). */
  cards: ResultCardView[];
  /** The verified-skill facet split in two: skills, and occupations as roles; near duplicates merged. */
  skillFacet: FacetEntry[];
  roleFacet: FacetEntry[];
  /** Every shortlist's name, for the bulk "add to shortlist". */
  shortlistNames: string[];
}

export interface FacetEntry {
  key: string;
  label: string;
  count: number;
}

/**
 * The pick list of verified skills, aggregated in SQL over every credential. At 100,000 candidates that query
 * takes seconds, so it is served from memory and refreshed in the background when older than 30 seconds
 * (stale-while-revalidate). Search results are never cached, and names the list does not know yet are resolved
 * through the engine (resolveSkill).
 */
const skillOptionsByPolicy: Record<VerifiedPolicy, (db: Database, nowMs?: number) => Promise<SkillOption[]>> = {
  "any-issuer": staleWhileRevalidate((db) => listVerifiedSkills(db, { registeredOnly: false }), 30_000),
  "registered-issuers": staleWhileRevalidate((db) => listVerifiedSkills(db, { registeredOnly: true }), 30_000),
};

/** The pick list as the admin's "verified means" policy counts it (each policy has its own cached list). */
export function getSkillOptions(db: Database, policy: VerifiedPolicy, nowMs?: number): Promise<SkillOption[]> {
  return skillOptionsByPolicy[policy](db, nowMs);
}

/** Runs a recruiter's search against the search engine; the database only supplies the skill pick list. */
export async function findCandidates(
  services: Pick<Services, "db" | "search">,
  params: CandidateSearchParams,
): Promise<CandidateSearch> {
  const policy = await getVerifiedPolicy(services.db);
  const [found, skillOptions] = await Promise.all([
    services.search.search({
      ...toEngineQuery(params, policy),
      limit: PAGE_SIZE,
      offset: (params.page - 1) * PAGE_SIZE,
    }),
    getSkillOptions(services.db, policy),
  ]);
  const registeredCounts = found.facets.vskillTrusted ?? {};
  // Under "registered issuers only" a skill is verified only where a registered issuer backs it, so the skill facet
  // counts those (a candidate may match through another skill and hold this one from an unregistered issuer).
  const result =
    policy === "registered-issuers"
      ? { ...found, facets: { ...found.facets, verifiedSkills: registeredCounts } }
      : found;
  // Hits carry each key's label (verifiedSkillLabels[i] labels verifiedSkills[i]) and are always current;
  // the pick list fills in keys that no hit on this page holds.
  const labels = new Map(skillOptions.map((s) => [s.key, s.label]));
  for (const hit of result.hits) {
    hit.verifiedSkills.forEach((key, i) => labels.set(key, hit.verifiedSkillLabels[i] ?? key));
    hit.claimedSkills.forEach((key, i) => labels.has(key) || labels.set(key, hit.claimedSkillLabels[i] ?? key));
  }
  const keys = [
    ...params.skills,
    ...params.anySkills,
    ...params.excludedSkills,
    ...Object.keys(result.facets.verifiedSkills ?? {}),
  ];
  const skillLabels = Object.fromEntries(keys.map((key) => [key, toDisplayLabel(labels.get(key) ?? key)]));
  const facet = mergeNearDuplicates(
    Object.entries(result.facets.verifiedSkills ?? {}).map(([key, count]) => ({
      key,
      label: skillLabels[key] ?? key,
      count,
    })),
  );
  const decisions = await getDecisionMarkers(
    services.db,
    result.hits.map((hit) => hit.id),
  );
  return {
    params,
    result: { ...result, hits: result.hits.map((hit) => ({ ...hit, decision: decisions[hit.id] ?? null })) },
    skillOptions,
    skillLabels,
    registeredSkillCounts: policy === "registered-issuers" ? null : registeredCounts,
    cards: await explainHits(services.db, result.hits, params),
    skillFacet: facet
      .filter((entry) => !isOccupationKey(entry.key))
      .map(({ key, label, count }) => ({ key, label, count })),
    roleFacet: facet
      .filter((entry) => isOccupationKey(entry.key))
      .map(({ key, label, count }) => ({ key, label, count })),
    shortlistNames: await listShortlistNames(services.db),
  };
}

/** The result cards of one page: the evidence behind the searched skills and the shortlists, in two queries. */
async function explainHits(db: Database, hits: SearchHit[], params: CandidateSearchParams): Promise<ResultCardView[]> {
  const ids = hits.map((hit) => hit.id);
  const [evidence, holding] = await Promise.all([
    summarizeSkillEvidence(db, ids, searchedSkillKeys(params)),
    listShortlistsHolding(db, ids),
  ]);
  return hits.map((hit) =>
    explainHit(hit, params, {
      evidence: new Map(evidence.filter((e) => e.candidateId === hit.id).map((e) => [e.skillKey, e])),
      shortlists: holding.filter((h) => h.candidateId === hit.id).map(({ id, name }) => ({ id, name })),
    }),
  );
}

/**
 * The ids of the candidates a search matches, most recently verified first, at most `limit` of them, and how many
 * match in all. The same engine query as the results page (the "verified means" policy included), so a saved
 * search counts exactly the candidates its page would list.
 */
export async function findMatchingCandidateIds(
  services: Pick<Services, "db" | "search">,
  params: CandidateSearchParams,
  limit: number,
  /** Read once by a caller that asks for several searches. */
  policy?: VerifiedPolicy,
): Promise<{ total: number; ids: string[] }> {
  const found = await services.search.search({
    ...toEngineQuery(params, policy ?? (await getVerifiedPolicy(services.db))),
    // Membership does not depend on the order; when more than `limit` match, the most recent are the ones kept.
    sort: "lastVerifiedAt",
    limit,
    offset: 0,
  });
  return { total: found.total, ids: found.hits.map((hit) => hit.id) };
}

/** The engine's query; under the "registered issuers only" policy every search is a trusted-only one. */
function toEngineQuery(params: CandidateSearchParams, policy: VerifiedPolicy): SearchQuery {
  return {
    q: params.q || undefined,
    verifiedSkills: params.skills,
    anySkills: params.anySkills,
    excludedSkills: params.excludedSkills,
    includeClaimed: params.includeClaimed,
    trustedOnly: params.trustedOnly || policy === "registered-issuers",
    issuers: params.issuers,
    formats: params.formats,
    achievementTypes: params.achievementTypes,
    verifiedSince: params.since ? Math.floor(Date.parse(params.since) / 1000) : undefined,
    sort: params.sort,
  };
}

/** The skills the skill box knows: the pick list (verified skills, with counts) and the admin's alias table. */
export async function loadSkillCatalog(services: Pick<Services, "db">): Promise<SkillCatalog> {
  const policy = await getVerifiedPolicy(services.db);
  const [skills, aliases] = await Promise.all([getSkillOptions(services.db, policy), listAliases(services.db)]);
  return { skills, aliases: aliases.map((a) => ({ text: a.aliasText, key: a.skillKey, label: a.label })) };
}

/**
 * What a recruiter typed in the skill box, resolved (app/skills/resolve.ts) against the catalog and, when that
 * misses, again with the search engine's own current skills added (the pick list may be up to 30 seconds old).
 */
export async function resolveSkill(
  services: Pick<Services, "search">,
  typed: string,
  catalog: SkillCatalog,
): Promise<SkillResolution> {
  const first = resolveSkillText(typed, catalog);
  if (first.status === "resolved" || !typed.trim()) return first;
  const fresh = await services.search.suggestSkills(typed.trim(), 20);
  if (fresh.length === 0) return first;
  const skills = [...catalog.skills, ...fresh.map((s) => ({ key: s.key, label: s.label, candidates: s.count }))];
  return resolveSkillText(typed, { ...catalog, skills });
}

/** The type-ahead's options: the catalog's ranked matches, topped up with the engine's current skills. */
export async function suggestSkillOptions(
  services: Pick<Services, "db" | "search">,
  typed: string,
  limit = 10,
): Promise<SkillOptionMatch[]> {
  const [catalog, fresh] = await Promise.all([loadSkillCatalog(services), services.search.suggestSkills(typed, limit)]);
  const known = new Set(catalog.skills.map((s) => s.key));
  const skills = [
    ...catalog.skills,
    ...fresh.filter((s) => !known.has(s.key)).map((s) => ({ key: s.key, label: s.label, candidates: s.count })),
  ];
  return rankSkillOptions(typed, { ...catalog, skills }, limit);
}

/** Every hit of a search (up to 1,000) as CSV, with verified and claimed skills apart. */
export async function exportSearchCsv(services: Pick<Services, "db" | "search">, params: CandidateSearchParams) {
  const result = await services.search.search({
    ...toEngineQuery(params, await getVerifiedPolicy(services.db)),
    limit: 1000,
    offset: 0,
  });
  return toResultsCsv(result.hits);
}

/** The most a recruiter can tick and export at once (five pages of results and then some). */
export const MAX_SELECTED = 200;

/**
 * The candidates a recruiter ticked on the results, as the same CSV as a whole search, in the order given.
 * Read from the index, which holds what the results showed; ids it does not hold (erased since) are left out.
 */
export async function exportSelectedCsv(services: Pick<Services, "search">, candidateIds: string[]) {
  const ids = [...new Set(candidateIds)].slice(0, MAX_SELECTED);
  const documents = new Map((await services.search.getDocuments(ids)).map((d) => [d.id, d]));
  return toResultsCsv(ids.flatMap((id) => (documents.has(id) ? [documents.get(id)!] : [])));
}

function toResultsCsv(hits: SearchHit[]) {
  return toCsv(
    [
      "name",
      "email",
      "headline",
      "verified skills",
      "verified skills from registered issuers",
      "claimed skills",
      "issuers",
      "last verified",
      "profile",
    ],
    hits.map((h) => [
      h.displayName,
      h.email,
      h.headline,
      h.verifiedSkillLabels.join("; "),
      h.verifiedSkills
        .flatMap((key, i) => (h.vskillTrusted?.includes(key) ? [h.verifiedSkillLabels[i] ?? key] : []))
        .join("; "),
      h.claimedSkillLabels.join("; "),
      h.issuers.join("; "),
      h.lastVerifiedAt ? new Date(h.lastVerifiedAt * 1000).toISOString().slice(0, 10) : "",
      `/candidates/${h.id}`,
    ]),
  );
}
