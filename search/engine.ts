/**
 * The one search interface. Every engine (embedded Orama, Meilisearch) implements it and passes
 * search/contract.test.ts. The database is the source of truth; an engine holds only what search and
 * display need and can be rebuilt from the database at any time.
 */

/** One document per candidate. See ../shared/docs/search.md for why skills are flat lists. */
export interface CandidateDocument {
  id: string;
  displayName: string;
  email: string;
  headline: string;
  /** Canonical keys of skills backed by at least one credential whose verdict is "verified". */
  verifiedSkills: string[];
  /** Extracted but not (or no longer) verified. Never contains a key that is in verifiedSkills. */
  claimedSkills: string[];
  verifiedSkillLabels: string[];
  claimedSkillLabels: string[];
  issuers: string[];
  formats: string[];
  achievementTypes: string[];
  verifiedSkillCount: number;
  /** Unix seconds of the newest verified credential; 0 when none. */
  lastVerifiedAt: number;
  /**
   * Keys (a subset of verifiedSkills) verified by at least one credential whose issuer is on the trust registry.
   * A per-skill field, so "X and Y, each from a trusted issuer" is one condition per key (search.md, the trap).
   */
  vskillTrusted: string[];
}

/** Every field of a CandidateDocument, in a fixed order (for engines that list fields, and for comparisons). */
export const DOCUMENT_FIELDS = [
  "id",
  "displayName",
  "email",
  "headline",
  "verifiedSkills",
  "claimedSkills",
  "verifiedSkillLabels",
  "claimedSkillLabels",
  "issuers",
  "formats",
  "achievementTypes",
  "verifiedSkillCount",
  "lastVerifiedAt",
  "vskillTrusted",
] as const satisfies ReadonlyArray<keyof CandidateDocument>;

/** Compile-time check that DOCUMENT_FIELDS lists every field of CandidateDocument (a field added to one only fails here). */
type Unlisted = Exclude<keyof CandidateDocument, (typeof DOCUMENT_FIELDS)[number]>;
const everyFieldListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyFieldListed;

/**
 * A copy of a document with exactly the fields of DOCUMENT_FIELDS, whatever else the caller's object carries;
 * arrays are copied, so the copy shares nothing with the caller's object.
 */
export function copyDocument(document: CandidateDocument): CandidateDocument {
  const copy: Record<string, unknown> = {};
  for (const field of DOCUMENT_FIELDS) {
    const value = document[field] ?? (field === "vskillTrusted" ? [] : undefined);
    copy[field] = Array.isArray(value) ? [...value] : value;
  }
  return copy as unknown as CandidateDocument;
}

/** The fields of a SearchHit, for engines that can limit what they return. */
export const HIT_FIELDS = [
  "id",
  "displayName",
  "email",
  "headline",
  "verifiedSkills",
  "claimedSkills",
  "verifiedSkillLabels",
  "claimedSkillLabels",
  "issuers",
  "verifiedSkillCount",
  "lastVerifiedAt",
  // Which verified skills a registered issuer backs: shown on every result and in the CSV (issue 11, finding 6).
  "vskillTrusted",
] as const satisfies ReadonlyArray<(typeof DOCUMENT_FIELDS)[number]>;

/** How results are ordered. "verifiedSkillCount" is the default order used without a text query. */
export type SearchSort = "relevance" | "verifiedSkillCount" | "lastVerifiedAt";

export interface SearchQuery {
  /** Full-text query over names, headlines and skill labels (typo-tolerant). */
  q?: string;
  /** Every one of these keys must be verified for the candidate. */
  verifiedSkills?: string[];
  /** At least one of these keys must be verified. */
  anySkills?: string[];
  /**
   * None of these keys may be verified (with includeClaimed: held at all, verified or claimed). Unlike the
   * conditions above, trustedOnly does not narrow it: a skill from an unregistered issuer still excludes.
   */
  excludedSkills?: string[];
  /** When true, the skill filters above also accept claimed (unverified) skills. */
  includeClaimed?: boolean;
  /**
   * When true, each skill condition above must be met by a credential from a trusted issuer (vskillTrusted),
   * key by key; claimed skills never count (includeClaimed is ignored). With no skill condition, the candidate
   * must hold at least one trusted verified skill.
   */
  trustedOnly?: boolean;
  /** At least one of these issuers (as in CandidateDocument.issuers; case-insensitive). */
  issuers?: string[];
  /** At least one of these achievement types. */
  achievementTypes?: string[];
  /** At least one of these credential formats. */
  formats?: string[];
  /** Only candidates whose newest verified credential is at least this recent (unix seconds, lastVerifiedAt). */
  verifiedSince?: number;
  /**
   * Default "relevance": by text relevance with a text query, by the default order (verifiedSkillCount) without.
   * "verifiedSkillCount": most verified skills, then most recent, then id. "lastVerifiedAt": most recent, then
   * most verified skills, then id. An explicit sort orders text matches too.
   */
  sort?: SearchSort;
  limit?: number;
  offset?: number;
}

/** What a result carries: the document's display fields (no filter-only lists such as formats). */
/** What a search returns per candidate: the document without the fields that exist only to filter and facet. */
export type SearchHit = Pick<CandidateDocument, (typeof HIT_FIELDS)[number]>;

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  /**
   * Counts per value for "verifiedSkills", "issuers", "formats", "achievementTypes", reflecting query + filters.
   * The any-of groups issuers, formats and achievementTypes are disjunctive: a group's counts apply every filter
   * except the group's own, so choosing one issuer still shows how many each other issuer would add. The skill
   * facet applies every filter (skill conditions narrow, per key).
   */
  facets: Record<string, Record<string, number>>;
}

export interface SkillSuggestion {
  key: string;
  label: string;
  count: number;
}

export interface SearchEngine {
  /** "embedded" or "meilisearch", for logs and the start banner. */
  readonly name: string;
  /** Creates the index and applies settings; idempotent. Called before any document is written. */
  prepare(): Promise<void>;
  /** Inserts or replaces documents by id. */
  upsert(documents: CandidateDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  /**
   * Type-ahead over skills held verified by at least one candidate: every word of `prefix` but the last must be a
   * word of the skill's label, the last must start one (case-insensitive). Ordered by count desc, then key.
   * `label` is the label most candidates show for the key (ties: code-unit order); `count` the candidates that
   * hold it verified. A prefix without a letter or digit suggests nothing.
   */
  suggestSkills(prefix: string, limit?: number): Promise<SkillSuggestion[]>;
  /**
   * Stored documents a page at a time, for the consistency check (`attest check-index`): `limit` documents from
   * `offset` in the engine's own storage order (not a ranking), and `total`, how many are stored. The order is
   * stable while nothing is written; a write between two pages may shift it, so a caller confirms anything it
   * finds missing with getDocuments.
   */
  listDocuments(page: { offset: number; limit: number }): Promise<{ total: number; documents: CandidateDocument[] }>;
  /** The stored documents with these ids, in no particular order; ids not in the index are left out. */
  getDocuments(ids: string[]): Promise<CandidateDocument[]>;
  /** Removes every document (used by reindex). */
  clear(): Promise<void>;
  close(): Promise<void>;
}
