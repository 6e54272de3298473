/**
 * The one search interface. Every engine (embedded Orama, Meilisearch) implements it and passes
 * search/contract.test.ts. The database is the source of truth; an engine holds only what search and
 * display need and can be rebuilt from the database at any time.
 */

/**
 * The candidate document's fields, the one list: each field's kind, and whether a search hit carries it (the
 * others exist only to filter and facet). The document type, the field lists the engines send and compare, the
 * copies and the hits are all derived from it, so a field is added here and nowhere else.
 */
const FIELDS = {
  id: { kind: "text", hit: true },
  displayName: { kind: "text", hit: true },
  email: { kind: "text", hit: true },
  headline: { kind: "text", hit: true },
  /** Canonical keys of skills backed by at least one credential whose verdict is "verified". */
  verifiedSkills: { kind: "list", hit: true },
  /** Extracted but not (or no longer) verified. Never contains a key that is in verifiedSkills. */
  claimedSkills: { kind: "list", hit: true },
  verifiedSkillLabels: { kind: "list", hit: true },
  claimedSkillLabels: { kind: "list", hit: true },
  issuers: { kind: "list", hit: true },
  formats: { kind: "list", hit: false },
  achievementTypes: { kind: "list", hit: false },
  verifiedSkillCount: { kind: "number", hit: true },
  /** Unix seconds of the newest verified credential; 0 when none. */
  lastVerifiedAt: { kind: "number", hit: true },
  /**
   * Keys (a subset of verifiedSkills) verified by at least one credential whose issuer is on the trust registry.
   * A per-skill field, so "X and Y, each from a trusted issuer" is one condition per key (decision 005). Shown on
   * every result and in the CSV (issue 11, finding 6).
   */
  vskillTrusted: { kind: "list", hit: true },
} as const satisfies Record<string, { kind: "text" | "list" | "number"; hit: boolean }>;

type Field = keyof typeof FIELDS;
type ValueOf<Kind> = Kind extends "text" ? string : Kind extends "list" ? string[] : number;

/** One document per candidate. docs/decisions/005-search-documents.md says why skills are flat lists. */
export type CandidateDocument = { [F in Field]: ValueOf<(typeof FIELDS)[F]["kind"]> };

/** Every field of a CandidateDocument, in a fixed order (for engines that list fields, and for comparisons). */
export const DOCUMENT_FIELDS = Object.keys(FIELDS) as Field[];

type HitField = { [F in Field]: (typeof FIELDS)[F]["hit"] extends true ? F : never }[Field];

/** The fields of a SearchHit, for engines that can limit what they return. */
export const HIT_FIELDS = DOCUMENT_FIELDS.filter((field): field is HitField => FIELDS[field].hit);

/** What a search returns per candidate: the document without the fields that exist only to filter and facet. */
export type SearchHit = Pick<CandidateDocument, HitField>;

/**
 * A copy of `fields` of a document, whatever else the caller's object carries; arrays are copied, so the copy
 * shares nothing with the caller's object. A list missing from a stored document (one written before the field
 * existed) reads as empty.
 */
function copyFields<F extends Field>(document: CandidateDocument, fields: readonly F[]): Pick<CandidateDocument, F> {
  const copy: Record<string, unknown> = {};
  for (const field of fields) {
    const value = document[field];
    copy[field] = FIELDS[field].kind === "list" ? [...((value as string[] | undefined) ?? [])] : value;
  }
  return copy as Pick<CandidateDocument, F>;
}

/** A copy of a document with exactly the fields of DOCUMENT_FIELDS (see copyFields). */
export function copyDocument(document: CandidateDocument): CandidateDocument {
  return copyFields(document, DOCUMENT_FIELDS);
}

/** A fresh hit, so that callers can never mutate what an engine holds. */
export function toSearchHit(document: CandidateDocument): SearchHit {
  return copyFields(document, HIT_FIELDS);
}

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

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  /**
   * Counts per value for "verifiedSkills", "issuers", "formats", "achievementTypes", reflecting query + filters, and
   * "vskillTrusted": per skill key, the matching candidates whose skill a registered issuer backs (issue 11: every
   * verified skill on a facet says whether its issuer is on the trust registry).
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

/**
 * The engine received a write and refused it (Meilisearch: a write task that ended `failed`), as opposed to an
 * engine that could not be reached. The refusal may concern one document of the batch (Meilisearch fails the whole
 * task for it), so the indexer retries the batch's candidates one by one and holds back only those refused again.
 */
export class WriteRefusedError extends Error {
  override readonly name = "WriteRefusedError";
  constructor(
    message: string,
    /** The engine's error code (Meilisearch's `error.code`), when it gave one. */
    readonly code: string | null,
  ) {
    super(message);
  }
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
