import type { CandidateDocument, SearchQuery, SearchSort } from "#search/engine";

/** What every engine does the same way: defaults, validation, facet shape, default order, hit shape. */

export const DEFAULT_LIMIT = 20;

/**
 * Fields whose value counts come back in SearchResult.facets, in this order. "vskillTrusted" counts, per verified
 * skill, the candidates whose skill a registered issuer backs ("Python 12 · 9 from registered issuers").
 */
export const FACET_FIELDS = ["verifiedSkills", "issuers", "formats", "achievementTypes", "vskillTrusted"] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

/** Values kept per facet (Meilisearch's default maxValuesPerFacet). */
export const MAX_FACET_VALUES = 100;

/** Free-text fields, in order of importance. Skill keys are deliberately not searchable: they match only exactly. */
export const TEXT_FIELDS = ["displayName", "headline", "verifiedSkillLabels", "claimedSkillLabels"] as const;

export interface NormalizedQuery {
  /** Trimmed; "" when there is no text query (nothing given, or no letter or digit in it). */
  q: string;
  verifiedSkills: string[];
  anySkills: string[];
  excludedSkills: string[];
  includeClaimed: boolean;
  trustedOnly: boolean;
  issuers: string[];
  achievementTypes: string[];
  formats: string[];
  /** null when not given. */
  verifiedSince: number | null;
  sort: SearchSort;
  limit: number;
  offset: number;
}

/** The facet groups that are any-of filters, and so counted disjunctively (see SearchResult.facets). */
export const DISJUNCTIVE_GROUPS = ["issuers", "formats", "achievementTypes"] as const;
export type DisjunctiveGroup = (typeof DISJUNCTIVE_GROUPS)[number];

const SORTS: readonly SearchSort[] = ["relevance", "verifiedSkillCount", "lastVerifiedAt"];

/**
 * Applies defaults and drops empty skill keys and duplicates (an empty list means "no condition").
 * Throws a RangeError on a negative or fractional limit/offset: callers parse user input first.
 */
export function normalizeQuery(query: SearchQuery): NormalizedQuery {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const offset = query.offset ?? 0;
  if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`Invalid search limit: ${limit}`);
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`Invalid search offset: ${offset}`);
  const sort = query.sort ?? "relevance";
  if (!SORTS.includes(sort)) throw new RangeError(`Invalid search sort: ${String(sort)}`);
  const since = query.verifiedSince;
  if (since !== undefined && !Number.isFinite(since)) throw new RangeError(`Invalid verifiedSince: ${since}`);
  const trustedOnly = query.trustedOnly === true;
  return {
    // A query without a letter or digit ("!!!") is no text query in either engine.
    q: /[\p{L}\p{N}]/u.test(query.q ?? "") ? (query.q ?? "").trim() : "",
    verifiedSkills: uniqueKeys(query.verifiedSkills),
    anySkills: uniqueKeys(query.anySkills),
    excludedSkills: uniqueKeys(query.excludedSkills),
    // A claimed skill is never evidence from a trusted issuer.
    includeClaimed: query.includeClaimed === true && !trustedOnly,
    trustedOnly,
    issuers: uniqueKeys(query.issuers),
    achievementTypes: uniqueKeys(query.achievementTypes),
    formats: uniqueKeys(query.formats),
    verifiedSince: since === undefined ? null : since,
    sort,
    limit,
    offset,
  };
}

function uniqueKeys(keys: string[] | undefined): string[] {
  return [...new Set((keys ?? []).filter((key) => key !== ""))];
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Order without a text query: most verified skills, then most recently verified, then id. */
export function compareByDefaultOrder(
  a: Pick<CandidateDocument, "verifiedSkillCount" | "lastVerifiedAt" | "id">,
  b: Pick<CandidateDocument, "verifiedSkillCount" | "lastVerifiedAt" | "id">,
): number {
  return (
    b.verifiedSkillCount - a.verifiedSkillCount || b.lastVerifiedAt - a.lastVerifiedAt || compareCodeUnits(a.id, b.id)
  );
}

/** With sort "lastVerifiedAt": most recently verified, then most verified skills, then id. */
export function compareByLastVerified(
  a: Pick<CandidateDocument, "verifiedSkillCount" | "lastVerifiedAt" | "id">,
  b: Pick<CandidateDocument, "verifiedSkillCount" | "lastVerifiedAt" | "id">,
): number {
  return (
    b.lastVerifiedAt - a.lastVerifiedAt || b.verifiedSkillCount - a.verifiedSkillCount || compareCodeUnits(a.id, b.id)
  );
}

/** Default number of skill suggestions. */
export const DEFAULT_SUGGESTIONS = 10;

/** Lower-cased words of a label or a typed prefix (letters and digits; everything else separates). */
export function toSuggestWords(text: string): string[] {
  return text
    .toLowerCase()
    .normalize("NFKC")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "");
}

/** Every typed word but the last is a word of the label; the last starts one (Meilisearch's prefix rule). */
export function matchesSuggestPrefix(labelWords: string[], typed: string[]): boolean {
  if (typed.length === 0) return false;
  const last = typed[typed.length - 1];
  for (let i = 0; i < typed.length - 1; i++) {
    if (!labelWords.includes(typed[i])) return false;
  }
  return labelWords.some((word) => word.startsWith(last));
}

/** The label most often shown for a key, ties broken by code-unit order; the key when there is none. */
export function pickMostFrequentLabel(key: string, counts: Iterable<[string, number]>): string {
  let best: string | null = null;
  let bestCount = 0;
  for (const [label, count] of counts) {
    if (count <= 0) continue;
    if (count > bestCount || (count === bestCount && best !== null && label < best)) {
      best = label;
      bestCount = count;
    }
  }
  return best ?? key;
}

/** Counts sorted by count descending then value, trimmed to MAX_FACET_VALUES; the object keeps that order. */
export function toFacetCounts(counts: Iterable<[string, number]>): Record<string, number> {
  const sorted = [...counts]
    .filter(([, count]) => count > 0)
    .sort(([va, ca], [vb, cb]) => cb - ca || compareCodeUnits(va, vb))
    .slice(0, MAX_FACET_VALUES);
  return Object.fromEntries(sorted);
}
