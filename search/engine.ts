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
}

export interface SearchQuery {
  /** Full-text query over names, headlines and skill labels (typo-tolerant). */
  q?: string;
  /** Every one of these keys must be verified for the candidate. */
  verifiedSkills?: string[];
  /** At least one of these keys must be verified. */
  anySkills?: string[];
  /** When true, the skill filters above also accept claimed (unverified) skills. */
  includeClaimed?: boolean;
  limit?: number;
  offset?: number;
}

export interface SearchHit {
  id: string;
  displayName: string;
  email: string;
  headline: string;
  verifiedSkills: string[];
  claimedSkills: string[];
  verifiedSkillLabels: string[];
  claimedSkillLabels: string[];
  issuers: string[];
  verifiedSkillCount: number;
  lastVerifiedAt: number;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  /** Counts per value for "verifiedSkills", "issuers", "formats", "achievementTypes", reflecting query + filters. */
  facets: Record<string, Record<string, number>>;
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
  /** Removes every document (used by reindex). */
  clear(): Promise<void>;
  close(): Promise<void>;
}
