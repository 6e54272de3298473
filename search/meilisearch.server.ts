import { createHash } from "node:crypto";
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
import {
  copyDocument,
  DOCUMENT_FIELDS,
  HIT_FIELDS,
  toSearchHit,
  WriteRefusedError,
  type CandidateDocument,
  type SearchEngine,
  type SearchQuery,
  type SearchResult,
  type SkillSuggestion,
} from "#search/engine";
import {
  DEFAULT_SUGGESTIONS,
  DISJUNCTIVE_GROUPS,
  FACET_FIELDS,
  MAX_FACET_VALUES,
  TEXT_FIELDS,
  compareCodeUnits,
  normalizeQuery,
  pickMostFrequentLabel,
  toFacetCounts,
  toSuggestWords,
  type DisjunctiveGroup,
  type NormalizedQuery,
} from "#search/query";
import { createKeepAliveTransport } from "#search/meilisearch-transport.server";

export interface MeilisearchEngineOptions {
  host: string;
  apiKey?: string;
  /** Default "candidates". */
  indexName?: string;
  /** How long to wait for each write task to finish, in ms. Default 60 s (the client's own default is 5 s). */
  taskTimeoutMs?: number;
  /**
   * Meilisearch's pagination.maxTotalHits: how far one can page, and the cap on `total` (Meilisearch counts
   * matches only up to it). Default DEFAULT_MAX_TOTAL_HITS, so totals are true as on the embedded engine.
   */
  maxTotalHits?: number;
  /** Replaces the client's fetch (tests). Receives the request, returns the parsed JSON body. */
  httpClient?: Config["httpClient"];
}

/** Skill keys: filterable, never searchable, never typo-tolerant. */
const CODE_FIELDS = [
  "verifiedSkills",
  "claimedSkills",
  "vskillTrusted",
  "issuers",
  "formats",
  "achievementTypes",
] as const;

/** Without a text query: most verified skills first, then most recently verified, then id (as the embedded engine). */
export const DEFAULT_SORT = ["verifiedSkillCount:desc", "lastVerifiedAt:desc", "id:asc"];
/** sort: "lastVerifiedAt" (as compareByLastVerified). */
export const LAST_VERIFIED_SORT = ["lastVerifiedAt:desc", "verifiedSkillCount:desc", "id:asc"];

/**
 * "sort" first: an explicitly requested sort orders text matches too (as in the embedded engine); without a
 * sort parameter the rule does nothing and relevance decides.
 */
export const RANKING_RULES = ["sort", "words", "typo", "proximity", "attribute", "exactness"];

/**
 * Meilisearch's own default maxTotalHits is 1,000: a recruiter would read "1,000 candidates" at 100,000 where the
 * embedded engine gives the true count. Past any realistic candidate count instead; what counting costs at
 * 100,000 candidates is measured by `npm run bench -- search` (docs/scaling.md).
 */
export const DEFAULT_MAX_TOTAL_HITS = 100_000_000;

/** The index settings, applied by prepare() before any document is written (changing them re-indexes). */
export function meilisearchSettings(maxTotalHits = DEFAULT_MAX_TOTAL_HITS): Settings {
  return {
    searchableAttributes: [...TEXT_FIELDS],
    // id: to read back the previous version of written documents (skill suggestion counts).
    filterableAttributes: [...CODE_FIELDS, "verifiedSkillCount", "lastVerifiedAt", "id"],
    sortableAttributes: ["verifiedSkillCount", "lastVerifiedAt", "id"],
    // Codes are not searchable at all; disabling typos on them as well keeps them exact if that ever changes.
    typoTolerance: { disableOnAttributes: [...CODE_FIELDS] },
    faceting: { maxValuesPerFacet: MAX_FACET_VALUES, sortFacetValuesBy: { "*": "count" } },
    pagination: { maxTotalHits },
    rankingRules: RANKING_RULES,
    // Cheaper writes (upsert → findable, issue 13): no facet search (type-ahead has its own skills index), and
    // word proximity by attribute instead of by word position, which spares Meilisearch its largest database
    // (word pairs and their distances). Text ranking is not part of the contract; the hit sets are unchanged.
    facetSearch: false,
    proximityPrecision: "byAttribute",
  };
}

/**
 * The `skills` index behind suggestSkills: one document per skill key held verified by someone, with the number
 * of candidates holding it and how many show each label. Chosen over facet search on the candidates index because
 * facet search matches only the start of a value (a key), never a word inside a label.
 */
export function skillsIndexSettings(): Settings {
  return {
    searchableAttributes: ["label"],
    filterableAttributes: ["key"],
    sortableAttributes: ["count", "key"],
    // Type-ahead is a plain prefix match, as in the embedded engine.
    typoTolerance: { enabled: false },
    rankingRules: RANKING_RULES,
  };
}

export interface SkillDocument {
  /** sha256 of the key: keys contain characters a document id may not. */
  id: string;
  key: string;
  label: string;
  count: number;
  labels: Array<{ label: string; count: number }>;
}

/**
 * A filter value in double quotes. Meilisearch unescapes `\"` and then Rust-style escapes (`\\` → `\`), so
 * backslashes are doubled first and quotes escaped second; anything else (colons, spaces, parentheses, quotes
 * of the other kind, the words AND/OR) is inert inside quotes.
 */
export function quoteFilterValue(value: string): string {
  return `"${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

function equals(field: string, key: string): string {
  return `${field} = ${quoteFilterValue(key)}`;
}

/**
 * The Meilisearch filter for a query's conditions, in array form (outer array AND, inner array OR), or undefined
 * when there is none. One condition per key, never a candidate-wide pairing (docs/decisions/005-search-documents.md):
 * - verifiedSkills (all):  `verifiedSkills = "a"`, `verifiedSkills = "b"`
 * - anySkills (any):       [`verifiedSkills = "c"`, `verifiedSkills = "d"`]
 * - includeClaimed:        each key becomes [`verifiedSkills = "k"`, `claimedSkills = "k"`]; the any-list
 *                          becomes one inner array with both conditions for every key.
 * - excludedSkills:        `NOT verifiedSkills = "k"` per key (and `NOT claimedSkills = "k"` with includeClaimed);
 *                          NOT also keeps documents without the field, which is what "does not hold k" means.
 * - trustedOnly:           `vskillTrusted = "k"` per key (claimed never counts); with no key, `vskillTrusted IS NOT EMPTY`.
 * - issuers/formats/achievementTypes: one inner array each; verifiedSince: `lastVerifiedAt >= n`.
 * `except` leaves one any-of group out, for its disjunctive facet counts.
 */
export function buildMeiliFilter(query: SearchQuery, except?: DisjunctiveGroup): Filter | undefined {
  const normalized = normalizeQuery({ ...query, limit: undefined, offset: undefined, sort: undefined });
  const { verifiedSkills, anySkills, includeClaimed, trustedOnly } = normalized;
  const forKey = (key: string): string[] =>
    trustedOnly
      ? [equals("vskillTrusted", key)]
      : includeClaimed
        ? [equals("verifiedSkills", key), equals("claimedSkills", key)]
        : [equals("verifiedSkills", key)];

  const filter: (string | string[])[] = [];
  for (const key of verifiedSkills) {
    const conditions = forKey(key);
    filter.push(conditions.length === 1 ? conditions[0] : conditions);
  }
  if (anySkills.length > 0) filter.push(anySkills.flatMap(forKey));
  if (trustedOnly && verifiedSkills.length === 0 && anySkills.length === 0) filter.push("vskillTrusted IS NOT EMPTY");
  for (const key of normalized.excludedSkills) {
    filter.push(`NOT ${equals("verifiedSkills", key)}`);
    if (includeClaimed) filter.push(`NOT ${equals("claimedSkills", key)}`);
  }
  for (const group of DISJUNCTIVE_GROUPS) {
    if (group === except || normalized[group].length === 0) continue;
    filter.push(normalized[group].map((value) => equals(group, value)));
  }
  if (normalized.verifiedSince !== null) filter.push(`lastVerifiedAt >= ${normalized.verifiedSince}`);
  return filter.length > 0 ? filter : undefined;
}

function sortFor(query: NormalizedQuery): string[] | undefined {
  if (query.sort === "lastVerifiedAt") return LAST_VERIFIED_SORT;
  if (query.sort === "verifiedSkillCount" || query.q === "") return DEFAULT_SORT;
  return undefined;
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

function taskError(step: string, task: Task): WriteRefusedError {
  const reason = task.error ? `${task.error.code}: ${task.error.message}` : "no error given";
  return new WriteRefusedError(
    `Meilisearch ${step} (task ${task.uid}) ${task.status}: ${reason}`,
    task.error?.code ?? null,
  );
}

/** Meilisearch's answer for an index that does not exist (deleted under the app), however the client wrapped it. */
export function isIndexNotFound(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ((cause.cause as { code?: unknown } | undefined)?.code === "index_not_found") return true;
  }
  return false;
}

/** How often a write polls its task. The client's default is 50 ms. */
const TASK_POLL_MS = 5;

/** Documents per request: keeps each payload far below Meilisearch's default 100 MB limit. */
const BATCH_SIZE = 1000;

/** Meilisearch over HTTP with the official client. Settings are applied in prepare(); every write waits. */
export function createMeilisearchEngine(options: MeilisearchEngineOptions): SearchEngine {
  const indexName = options.indexName ?? "candidates";
  const skillsIndexName = `${indexName}_skills`;
  const timeout = options.taskTimeoutMs ?? 60_000;
  const transport = options.httpClient ? null : createKeepAliveTransport();
  const client = new Meilisearch({
    host: options.host,
    apiKey: options.apiKey,
    httpClient: options.httpClient ?? transport?.request,
    // Tasks on a small batch finish in a few ms: short polls keep upsert → findable near that, not 50 ms steps.
    defaultWaitOptions: { interval: TASK_POLL_MS },
  });
  const index: Index<CandidateDocument> = client.index<CandidateDocument>(indexName);
  const skillsIndex: Index<SkillDocument> = client.index<SkillDocument>(skillsIndexName);

  async function createIndex(name: string): Promise<void> {
    const created = await client.createIndex(name, { primaryKey: "id" }).waitTask({ timeout });
    if (created.status === "succeeded") return;
    if (created.error?.code !== "index_already_exists") throw taskError("index creation", created);
    const existing = await client.getRawIndex(name);
    if (existing.primaryKey === null) {
      await settle("primary key update", client.updateIndex(name, { primaryKey: "id" }), timeout);
    } else if (existing.primaryKey !== "id") {
      throw new Error(`Meilisearch index ${name} has primary key ${existing.primaryKey}, expected id`);
    }
  }

  /** Verified (key, label) pairs of the stored versions of these ids, before a write replaces them. */
  async function storedSkills(
    ids: string[],
  ): Promise<Array<Pick<CandidateDocument, "verifiedSkills" | "verifiedSkillLabels">>> {
    const found: Array<Pick<CandidateDocument, "verifiedSkills" | "verifiedSkillLabels">> = [];
    for (let start = 0; start < ids.length; start += BATCH_SIZE) {
      const batch = ids.slice(start, start + BATCH_SIZE);
      const page = await index.getDocuments({
        filter: `id IN [${batch.map(quoteFilterValue).join(", ")}]`,
        fields: ["id", "verifiedSkills", "verifiedSkillLabels"],
        limit: batch.length,
      });
      found.push(...page.results);
    }
    return found;
  }

  /** Applies label-count changes to the skills index: read the affected skills, add the deltas, write back. */
  async function applySkillDeltas(deltas: Map<string, Map<string, number>>): Promise<void> {
    const keys = [...deltas.keys()];
    const upserts: SkillDocument[] = [];
    const deletions: string[] = [];
    for (let start = 0; start < keys.length; start += BATCH_SIZE) {
      const batch = keys.slice(start, start + BATCH_SIZE);
      const page = await skillsIndex.getDocuments({
        filter: `key IN [${batch.map(quoteFilterValue).join(", ")}]`,
        limit: batch.length,
      });
      const current = new Map(page.results.map((skill) => [skill.key, skill]));
      for (const key of batch) {
        const labels = new Map((current.get(key)?.labels ?? []).map(({ label, count }) => [label, count]));
        for (const [label, delta] of deltas.get(key) ?? []) labels.set(label, (labels.get(label) ?? 0) + delta);
        const skill = toSkillDocument(key, labels);
        if (skill === null) deletions.push(skillDocumentId(key));
        else upserts.push(skill);
      }
    }
    if (upserts.length > 0) await settle("skills upsert", skillsIndex.addDocuments(upserts), timeout);
    if (deletions.length > 0) await settle("skills deletion", skillsIndex.deleteDocuments(deletions), timeout);
  }

  async function prepareIndexes(): Promise<void> {
    await createIndex(indexName);
    await settle("settings update", index.updateSettings(meilisearchSettings(options.maxTotalHits)), timeout);
    await createIndex(skillsIndexName);
    await settle("skills settings update", skillsIndex.updateSettings(skillsIndexSettings()), timeout);
  }

  // Writes run one at a time in this process: each reads the stored versions of its documents first.
  let writes: Promise<unknown> = Promise.resolve();
  function exclusive(write: () => Promise<void>): Promise<void> {
    const run = writes.then(write);
    writes = run.catch(() => undefined);
    return run;
  }

  // The skills index follows the candidates in the background: a candidate write adds its label-count changes
  // here and returns once its own task succeeded (nothing waits for type-ahead counts), and one flush applies
  // everything gathered since the last (fewer tasks in Meilisearch's queue under load). A flush that fails puts
  // its changes back and is tried again a second later. suggestSkills waits for the flush, so this process reads
  // its own writes; another instance sees them one flush later.
  let pendingDeltas = new Map<string, Map<string, number>>();
  let flushing: Promise<void> | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let closed = false;
  function flushSkills(): Promise<void> {
    if (flushing !== null) return flushing.then(() => (pendingDeltas.size > 0 ? flushSkills() : undefined));
    if (pendingDeltas.size === 0) return Promise.resolve();
    const deltas = pendingDeltas;
    pendingDeltas = new Map();
    flushing = applySkillDeltas(deltas)
      .catch(() => {
        mergeDeltas(pendingDeltas, deltas);
        if (closed) return;
        retryTimer ??= setTimeout(() => {
          retryTimer = null;
          void flushSkills();
        }, 1000);
        retryTimer.unref();
      })
      .finally(() => {
        flushing = null;
      });
    return flushing;
  }

  async function writeCandidates(documents: CandidateDocument[], removeIds: string[]): Promise<void> {
    const byId = new Map(documents.map((document) => [document.id, document]));
    const touched = [...new Set([...byId.keys(), ...removeIds])];
    let before: Awaited<ReturnType<typeof storedSkills>> = [];
    try {
      before = touched.length > 0 ? await storedSkills(touched) : [];
    } catch (error) {
      if (!isIndexNotFound(error)) throw error;
      // The index was deleted under the app: make it again with its settings (a document write alone would make
      // one without them, where filters fail). check-index --repair then refills what was in it.
      await prepareIndexes();
    }
    if (documents.length > 0) {
      // Enqueue every batch, then wait for each: Meilisearch processes them in order and may merge them.
      // addDocuments replaces whole documents, so a skill that lost its verification leaves verifiedSkills.
      const pending: Promise<EnqueuedTask>[] = [];
      for (let start = 0; start < documents.length; start += BATCH_SIZE) {
        pending.push(index.addDocuments(documents.slice(start, start + BATCH_SIZE).map(toIndexedDocument)));
      }
      for (const enqueued of await Promise.all(pending)) {
        const task = await client.tasks.waitForTask(enqueued.taskUid, { timeout, interval: TASK_POLL_MS });
        if (task.status !== "succeeded") throw taskError("document upsert", task);
      }
    }
    if (removeIds.length > 0) {
      await settle("document deletion", index.deleteDocuments(removeIds), timeout);
    }
    const deltas = skillDeltas(before, [...byId.values()]);
    if (deltas.size > 0) {
      mergeDeltas(pendingDeltas, deltas);
      void flushSkills();
    }
  }

  return {
    name: "meilisearch",

    prepare: prepareIndexes,

    upsert(documents) {
      if (documents.length === 0) return Promise.resolve();
      return exclusive(() => writeCandidates(documents, []));
    },

    remove(ids) {
      if (ids.length === 0) return Promise.resolve();
      return exclusive(() => writeCandidates([], [...new Set(ids)]));
    },

    async search(query) {
      const normalized = normalizeQuery(query);
      const { page, hitsPerPage, skip } = toMeiliPage(normalized.offset, normalized.limit);
      const sort = sortFor(normalized);
      const params = {
        filter: buildMeiliFilter(query),
        facets: [...FACET_FIELDS],
        attributesToRetrieve: [...HIT_FIELDS],
        // Every query word must match somewhere, as in the embedded engine.
        matchingStrategy: "all",
        page,
        hitsPerPage,
        ...(sort ? { sort } : {}),
      } satisfies SearchParams;
      const q = normalized.q === "" ? null : normalized.q;
      // Disjunctive facets: one extra query per active any-of group, without that group's own filter.
      const groups = DISJUNCTIVE_GROUPS.filter((group) => normalized[group].length > 0);
      let response: Awaited<ReturnType<typeof index.search<CandidateDocument, typeof params>>>;
      const groupFacets = new Map<DisjunctiveGroup, Record<string, number>>();
      if (groups.length === 0) {
        response = await index.search<CandidateDocument, typeof params>(q, params);
      } else {
        const { results } = await client.multiSearch({
          queries: [
            { indexUid: indexName, q, ...params },
            ...groups.map((group) => ({
              indexUid: indexName,
              q,
              filter: buildMeiliFilter(query, group),
              facets: [group],
              matchingStrategy: "all" as const,
              limit: 0,
            })),
          ],
        });
        response = results[0] as unknown as typeof response;
        groups.forEach((group, i) => groupFacets.set(group, results[i + 1].facetDistribution?.[group] ?? {}));
      }
      const facets: SearchResult["facets"] = {};
      for (const field of FACET_FIELDS) {
        const distribution = groupFacets.get(field as DisjunctiveGroup) ?? response.facetDistribution?.[field] ?? {};
        facets[field] = toFacetCounts(Object.entries(distribution));
      }
      return {
        total: response.totalHits,
        hits: response.hits.slice(skip).map(toSearchHit),
        facets,
      };
    },

    async suggestSkills(prefix, limit = DEFAULT_SUGGESTIONS): Promise<SkillSuggestion[]> {
      if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`Invalid suggestion limit: ${limit}`);
      const words = toSuggestWords(prefix);
      if (words.length === 0 || limit === 0) return [];
      // This process's own writes first. A flush that failed (a dropped connection, say) is tried once more here;
      // if that fails too, suggest from what is there and leave the rest to the background retry.
      await writes;
      for (let attempt = 0; attempt < 2 && (flushing !== null || pendingDeltas.size > 0); attempt++) {
        while (flushing !== null) await flushing;
        await flushSkills();
      }
      const response = await skillsIndex.search(words.join(" "), {
        sort: ["count:desc", "key:asc"],
        matchingStrategy: "all",
        limit,
        attributesToRetrieve: ["key", "label", "count"],
      });
      // Meilisearch's own string order may not be code-unit order: settle ties as the embedded engine does.
      return response.hits
        .map(({ key, label, count }) => ({ key, label, count }))
        .sort((a, b) => b.count - a.count || compareCodeUnits(a.key, b.key));
    },

    async listDocuments({ offset, limit }) {
      if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(limit) || limit < 0) {
        throw new RangeError(`Invalid page: offset ${offset}, limit ${limit}`);
      }
      // The documents API pages in Meilisearch's internal order, with an exact total (search would cap it at
      // maxTotalHits).
      try {
        const page = await index.getDocuments({ offset, limit, fields: [...DOCUMENT_FIELDS] });
        return { total: page.total, documents: page.results.map(toIndexedDocument) };
      } catch (error) {
        // A deleted index holds nothing: check-index then reports every candidate as lost.
        if (isIndexNotFound(error)) return { total: 0, documents: [] };
        throw error;
      }
    },

    async getDocuments(ids) {
      const unique = [...new Set(ids)];
      const found: CandidateDocument[] = [];
      try {
        for (let start = 0; start < unique.length; start += BATCH_SIZE) {
          const batch = unique.slice(start, start + BATCH_SIZE);
          const page = await index.getDocuments({
            filter: `id IN [${batch.map(quoteFilterValue).join(", ")}]`,
            fields: [...DOCUMENT_FIELDS],
            limit: batch.length,
          });
          found.push(...page.results.map(toIndexedDocument));
        }
      } catch (error) {
        if (isIndexNotFound(error)) return [];
        throw error;
      }
      return found;
    },

    clear() {
      return exclusive(async () => {
        // No flush may be in flight while the skills are deleted (it would write back what it read before): wait
        // for the one running and any that a finished one started, then drop what is still pending.
        while (flushing !== null) await flushing;
        pendingDeltas = new Map();
        await settle("clearing documents", index.deleteAllDocuments(), timeout);
        await settle("clearing skills", skillsIndex.deleteAllDocuments(), timeout);
      });
    },

    async close() {
      await writes;
      closed = true;
      if (retryTimer !== null) clearTimeout(retryTimer);
      await flushSkills();
      transport?.close();
    },
  };
}

function skillDocumentId(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

function toSkillDocument(key: string, labels: Map<string, number>): SkillDocument | null {
  const kept = [...labels].filter(([, count]) => count > 0).sort(([a], [b]) => compareCodeUnits(a, b));
  const count = kept.reduce((sum, [, n]) => sum + n, 0);
  if (count === 0) return null;
  return {
    id: skillDocumentId(key),
    key,
    label: pickMostFrequentLabel(key, kept),
    count,
    labels: kept.map(([label, n]) => ({ label, count: n })),
  };
}

/** Adds `more` into `into` (per key and label), dropping what sums to zero. */
function mergeDeltas(into: Map<string, Map<string, number>>, more: Map<string, Map<string, number>>): void {
  for (const [key, labels] of more) {
    let target = into.get(key);
    if (target === undefined) into.set(key, (target = new Map()));
    for (const [label, delta] of labels) {
      const sum = (target.get(label) ?? 0) + delta;
      if (sum === 0) target.delete(label);
      else target.set(label, sum);
    }
    if (target.size === 0) into.delete(key);
  }
}

/** Per key and label, how many candidates gained (+) or lost (−) it as a verified skill. */
export function skillDeltas(
  before: Array<Pick<CandidateDocument, "verifiedSkills" | "verifiedSkillLabels">>,
  after: Array<Pick<CandidateDocument, "verifiedSkills" | "verifiedSkillLabels">>,
): Map<string, Map<string, number>> {
  const deltas = new Map<string, Map<string, number>>();
  const add = (documents: typeof before, sign: number) => {
    for (const document of documents) {
      (document.verifiedSkills ?? []).forEach((key, i) => {
        const label = document.verifiedSkillLabels?.[i] ?? key;
        let labels = deltas.get(key);
        if (labels === undefined) deltas.set(key, (labels = new Map()));
        labels.set(label, (labels.get(label) ?? 0) + sign);
      });
    }
  };
  add(before, -1);
  add(after, 1);
  for (const [key, labels] of deltas) {
    for (const [label, delta] of labels) if (delta === 0) labels.delete(label);
    if (labels.size === 0) deltas.delete(key);
  }
  return deltas;
}

/** Only the fields of the contract go to the index, whatever else the caller's objects carry. */
function toIndexedDocument(document: CandidateDocument): CandidateDocument {
  return copyDocument(document);
}
