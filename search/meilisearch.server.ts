import {
  Meilisearch,
  type Config,
  type EnqueuedTask,
  type EnqueuedTaskPromise,
  type Filter,
  type Index,
  type SearchParams,
  type Settings,
  type Task,
} from "meilisearch";
import type { CandidateDocument, SearchEngine, SearchQuery, SearchResult } from "#search/engine";
import {
  FACET_FIELDS,
  HIT_FIELDS,
  MAX_FACET_VALUES,
  TEXT_FIELDS,
  normalizeQuery,
  toFacetCounts,
  toSearchHit,
} from "#search/query";

export interface MeilisearchEngineOptions {
  host: string;
  apiKey?: string;
  /** Default "candidates". */
  indexName?: string;
  /** How long to wait for each write task to finish, in ms. Default 60 s (the client's own default is 5 s). */
  taskTimeoutMs?: number;
  /**
   * Meilisearch's pagination.maxTotalHits: how far one can page, and the cap on `total` (Meilisearch counts
   * matches only up to it). Default 1000, Meilisearch's own default; raising it makes deep pages slower.
   */
  maxTotalHits?: number;
  /** Replaces the client's fetch (tests). Receives the request, returns the parsed JSON body. */
  httpClient?: Config["httpClient"];
}

/** Skill keys: filterable, never searchable, never typo-tolerant. */
const CODE_FIELDS = ["verifiedSkills", "claimedSkills", "issuers", "formats", "achievementTypes"] as const;

/** Without a text query: most verified skills first, then most recently verified, then id (as the embedded engine). */
export const DEFAULT_SORT = ["verifiedSkillCount:desc", "lastVerifiedAt:desc", "id:asc"];

/** The index settings, applied by prepare() before any document is written (changing them re-indexes). */
export function meilisearchSettings(maxTotalHits = 1000): Settings {
  return {
    searchableAttributes: [...TEXT_FIELDS],
    filterableAttributes: [...CODE_FIELDS, "verifiedSkillCount", "lastVerifiedAt"],
    sortableAttributes: ["verifiedSkillCount", "lastVerifiedAt", "id"],
    // Codes are not searchable at all; disabling typos on them as well keeps them exact if that ever changes.
    typoTolerance: { disableOnAttributes: [...CODE_FIELDS] },
    faceting: { maxValuesPerFacet: MAX_FACET_VALUES, sortFacetValuesBy: { "*": "count" } },
    pagination: { maxTotalHits },
  };
}

/**
 * A filter value in double quotes. Meilisearch unescapes `\"` and then Rust-style escapes (`\\` → `\`), so
 * backslashes are doubled first and quotes escaped second; anything else (colons, spaces, parentheses, quotes
 * of the other kind, the words AND/OR) is inert inside quotes.
 */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function equals(field: "verifiedSkills" | "claimedSkills", key: string): string {
  return `${field} = ${quoteFilterValue(key)}`;
}

/**
 * The Meilisearch filter for a query's skill conditions, in array form (outer array AND, inner array OR), or
 * undefined when there is none. One condition per key, never a candidate-wide pairing (shared/docs/search.md):
 * - verifiedSkills (all):  `verifiedSkills = "a"`, `verifiedSkills = "b"`
 * - anySkills (any):       [`verifiedSkills = "c"`, `verifiedSkills = "d"`]
 * - includeClaimed:        each key becomes [`verifiedSkills = "k"`, `claimedSkills = "k"`]; the any-list
 *                          becomes one inner array with both conditions for every key.
 */
export function buildMeiliFilter(
  query: Pick<SearchQuery, "verifiedSkills" | "anySkills" | "includeClaimed">,
): Filter | undefined {
  const { verifiedSkills, anySkills, includeClaimed } = normalizeQuery({
    verifiedSkills: query.verifiedSkills,
    anySkills: query.anySkills,
    includeClaimed: query.includeClaimed,
  });
  const forKey = (key: string): string[] =>
    includeClaimed ? [equals("verifiedSkills", key), equals("claimedSkills", key)] : [equals("verifiedSkills", key)];

  const filter: (string | string[])[] = [];
  for (const key of verifiedSkills) {
    const conditions = forKey(key);
    filter.push(conditions.length === 1 ? conditions[0] : conditions);
  }
  if (anySkills.length > 0) filter.push(anySkills.flatMap(forKey));
  return filter.length > 0 ? filter : undefined;
}

/**
 * Page-based parameters, because only they make Meilisearch count matches exhaustively (`totalHits`); offset
 * and limit give an estimate. An offset that is not a multiple of the limit fetches from the start and slices.
 */
export function toMeiliPage(offset: number, limit: number): { page: number; hitsPerPage: number; skip: number } {
  if (limit === 0) return { page: 1, hitsPerPage: 0, skip: 0 };
  if (offset % limit === 0) return { page: offset / limit + 1, hitsPerPage: limit, skip: 0 };
  return { page: 1, hitsPerPage: offset + limit, skip: offset };
}

/** The client resolves even for a failed task: check the status ourselves. */
async function settle(step: string, pending: EnqueuedTaskPromise, timeout: number): Promise<Task> {
  const task = await pending.waitTask({ timeout });
  if (task.status !== "succeeded") throw taskError(step, task);
  return task;
}

function taskError(step: string, task: Task): Error {
  const reason = task.error ? `${task.error.code}: ${task.error.message}` : "no error given";
  return new Error(`Meilisearch ${step} (task ${task.uid}) ${task.status}: ${reason}`);
}

/** Documents per request: keeps each payload far below Meilisearch's default 100 MB limit. */
const BATCH_SIZE = 1000;

/** Meilisearch over HTTP with the official client. Settings are applied in prepare(); every write waits. */
export function createMeilisearchEngine(options: MeilisearchEngineOptions): SearchEngine {
  const indexName = options.indexName ?? "candidates";
  const timeout = options.taskTimeoutMs ?? 60_000;
  const client = new Meilisearch({
    host: options.host,
    apiKey: options.apiKey,
    httpClient: options.httpClient,
  });
  const index: Index<CandidateDocument> = client.index<CandidateDocument>(indexName);

  return {
    name: "meilisearch",

    async prepare() {
      const created = await client.createIndex(indexName, { primaryKey: "id" }).waitTask({ timeout });
      if (created.status !== "succeeded") {
        if (created.error?.code !== "index_already_exists") throw taskError("index creation", created);
        const existing = await client.getRawIndex(indexName);
        if (existing.primaryKey === null) {
          await settle("primary key update", client.updateIndex(indexName, { primaryKey: "id" }), timeout);
        } else if (existing.primaryKey !== "id") {
          throw new Error(`Meilisearch index ${indexName} has primary key ${existing.primaryKey}, expected id`);
        }
      }
      await settle("settings update", index.updateSettings(meilisearchSettings(options.maxTotalHits)), timeout);
    },

    async upsert(documents) {
      // Enqueue every batch, then wait for each: Meilisearch processes them in order and may merge them.
      // addDocuments replaces whole documents, so a skill that lost its verification leaves verifiedSkills.
      const pending: Promise<EnqueuedTask>[] = [];
      for (let start = 0; start < documents.length; start += BATCH_SIZE) {
        pending.push(index.addDocuments(documents.slice(start, start + BATCH_SIZE).map(toIndexedDocument)));
      }
      for (const enqueued of await Promise.all(pending)) {
        const task = await client.tasks.waitForTask(enqueued.taskUid, { timeout });
        if (task.status !== "succeeded") throw taskError("document upsert", task);
      }
    },

    async remove(ids) {
      if (ids.length === 0) return;
      await settle("document deletion", index.deleteDocuments([...new Set(ids)]), timeout);
    },

    async search(query) {
      const normalized = normalizeQuery(query);
      const { page, hitsPerPage, skip } = toMeiliPage(normalized.offset, normalized.limit);
      const params = {
        filter: buildMeiliFilter(normalized),
        facets: [...FACET_FIELDS],
        attributesToRetrieve: [...HIT_FIELDS],
        // Every query word must match somewhere, as in the embedded engine.
        matchingStrategy: "all",
        page,
        hitsPerPage,
        ...(normalized.q === "" ? { sort: DEFAULT_SORT } : {}),
      } satisfies SearchParams;
      const response = await index.search<CandidateDocument, typeof params>(
        normalized.q === "" ? null : normalized.q,
        params,
      );
      const facets: SearchResult["facets"] = {};
      for (const field of FACET_FIELDS) {
        facets[field] = toFacetCounts(Object.entries(response.facetDistribution?.[field] ?? {}));
      }
      return {
        total: response.totalHits,
        hits: response.hits.slice(skip).map(toSearchHit),
        facets,
      };
    },

    async clear() {
      await settle("clearing documents", index.deleteAllDocuments(), timeout);
    },

    async close() {
      // The client holds no connection of its own.
    },
  };
}

/** Only the fields of the contract go to the index, whatever else the caller's objects carry. */
function toIndexedDocument(document: CandidateDocument): CandidateDocument {
  return {
    id: document.id,
    displayName: document.displayName,
    email: document.email,
    headline: document.headline,
    verifiedSkills: document.verifiedSkills,
    claimedSkills: document.claimedSkills,
    verifiedSkillLabels: document.verifiedSkillLabels,
    claimedSkillLabels: document.claimedSkillLabels,
    issuers: document.issuers,
    formats: document.formats,
    achievementTypes: document.achievementTypes,
    verifiedSkillCount: document.verifiedSkillCount,
    lastVerifiedAt: document.lastVerifiedAt,
  };
}
