import { toSearchHit, type SearchEngine } from "#search/engine";
import { DEFAULT_SUGGESTIONS, normalizeQuery, type NormalizedQuery } from "#search/query";
import { EmbeddedIndex, type MatchResult } from "./store";

/** Distinct queries whose results are kept until the next write; paging within the kept hits costs a slice. */
const CACHED_QUERIES = 32;

/**
 * An in-memory engine for development, tests and single-node deployments. It forgets everything on restart:
 * the indexer rebuilds it from the database.
 *
 * The index (./store) keeps documents in numeric slots with flat structures over them: the text index (./text),
 * exact filter postings (./filters) and facet counts (./facets). Hits are a top-k selection (a bounded heap) in
 * the requested order, never a full sort. Results of recent queries are kept until the next write.
 */
export function createEmbeddedEngine(options: { cachedQueries?: number } = {}): SearchEngine {
  const cachedQueries = options.cachedQueries ?? CACHED_QUERIES;
  let index = new EmbeddedIndex();
  const cache = new Map<string, MatchResult>();

  // Writes run one at a time, and each applies synchronously, so a search (also synchronous) never sees half
  // of one. Callers may still start several upserts at once; the last one wins, as in a Meilisearch queue.
  let writes: Promise<unknown> = Promise.resolve();
  function exclusive(write: () => void): Promise<void> {
    const run = writes.then(() => {
      cache.clear();
      write();
    });
    writes = run.catch(() => undefined);
    return run;
  }

  function findMatches(query: NormalizedQuery): MatchResult {
    const wanted = query.offset + query.limit;
    if (cachedQueries === 0) return index.match(query, wanted);
    const { limit: _limit, offset: _offset, ...shape } = query;
    const key = JSON.stringify(shape);
    const cached = cache.get(key);
    if (cached && (cached.top.length >= wanted || cached.top.length === cached.total)) {
      // Refresh its place in the least-recently-used order.
      cache.delete(key);
      cache.set(key, cached);
      return cached;
    }
    // Keep a few pages beyond the one asked for, so that paging on rarely recomputes.
    const matches = index.match(query, Math.max(wanted, 100, 2 * (cached?.top.length ?? 0)));
    cache.delete(key);
    cache.set(key, matches);
    if (cache.size > cachedQueries) cache.delete(cache.keys().next().value as string);
    return matches;
  }

  return {
    name: "embedded",

    async prepare() {
      // Nothing to set up, and calling it again changes nothing.
    },

    upsert(batch) {
      return exclusive(() => {
        // The last copy of an id wins, as it would in a Meilisearch batch.
        const byId = new Map(batch.map((document) => [document.id, document]));
        index.write([...byId.keys()], [...byId.values()]);
      });
    },

    remove(ids) {
      return exclusive(() => index.write([...new Set(ids)], []));
    },

    async search(query) {
      const normalized = normalizeQuery(query);
      const { total, top, facets } = findMatches(normalized);
      return {
        total,
        hits: top.slice(normalized.offset, normalized.offset + normalized.limit).map(toSearchHit),
        facets: cachedQueries === 0 ? facets : structuredClone(facets),
      };
    },

    async suggestSkills(prefix, limit = DEFAULT_SUGGESTIONS) {
      if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`Invalid suggestion limit: ${limit}`);
      return index.suggest(prefix, limit);
    },

    async listDocuments({ offset, limit }) {
      if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(limit) || limit < 0) {
        throw new RangeError(`Invalid page: offset ${offset}, limit ${limit}`);
      }
      return index.page(offset, limit);
    },

    async getDocuments(ids) {
      return index.get(ids);
    },

    clear() {
      return exclusive(() => {
        index = new EmbeddedIndex();
      });
    },

    close() {
      return exclusive(() => {
        index = new EmbeddedIndex();
      });
    },
  };
}
