import { count, create, insertMultiple, remove, search, type AnyOrama } from "@orama/orama";
import type { CandidateDocument, SearchEngine, SearchResult } from "#search/engine";
// Makes Orama's word lookup linear; without it a common word takes seconds (see the module).
import "#search/orama-radix-fix";
import {
  FACET_FIELDS,
  TEXT_FIELDS,
  compareByDefaultOrder,
  normalizeQuery,
  toFacetCounts,
  toSearchHit,
  type NormalizedQuery,
} from "#search/query";

/**
 * What Orama stores per candidate: the document plus two lower-cased key lists used only for filtering, so that
 * codes match exactly but case-insensitively, as Meilisearch's `=` does.
 * - `filterVerified`: the verified keys.
 * - `filterAny`: verified and claimed keys. With includeClaimed, "k is verified OR k is claimed" for one key is
 *   "k is in filterAny", so the condition stays per key (see shared/docs/search.md, the trap).
 */
interface StoredDocument extends CandidateDocument {
  filterVerified: string[];
  filterAny: string[];
}

const schema = {
  displayName: "string",
  headline: "string",
  verifiedSkillLabels: "string[]",
  claimedSkillLabels: "string[]",
  filterVerified: "enum[]",
  filterAny: "enum[]",
} as const;

/**
 * Boosts roughly mirror the order of Meilisearch's searchableAttributes (displayName, headline, verified labels,
 * claimed labels); the two engines' scores differ anyway, so only the set of hits is part of the contract.
 */
const boost = { displayName: 3, headline: 2, verifiedSkillLabels: 2, claimedSkillLabels: 1 };

/** The full, ordered result of one query (before pagination), kept until the next write. */
interface Matches {
  ordered: StoredDocument[];
  facets: SearchResult["facets"];
}

/** Distinct queries whose full results are kept; paging through one costs a slice. */
const CACHED_QUERIES = 32;

/**
 * An in-memory engine on Orama, for development, tests and single-node deployments. It forgets everything on
 * restart: the indexer rebuilds it from the database.
 *
 * Orama finds the matching documents (inverted index with typo tolerance, indexed array filters); ordering,
 * pagination and facets are computed here because Orama neither sorts nor trims facets of array fields, and
 * because its multi-word matching (`threshold: 0`) wants every word in one field. Here every word must match
 * somewhere, as with Meilisearch's `matchingStrategy: "all"`.
 */
export function createEmbeddedEngine(): SearchEngine {
  let db: AnyOrama = createDatabase();
  /** Every stored document by id: a search without text or filter needs no index. */
  let documents = new Map<string, StoredDocument>();
  const cache = new Map<string, Matches>();
  /** Changes around every write, so that a search that overlapped a write does not cache what it saw. */
  let epoch = 0;

  // Writes run one at a time: an upsert is "remove, then insert", and two upserts of one id interleaved at
  // their awaits would insert it twice (Orama throws DOCUMENT_ALREADY_EXISTS).
  let writes: Promise<unknown> = Promise.resolve();
  function exclusive(write: () => Promise<void>): Promise<void> {
    const run = writes.then(async () => {
      epoch += 1;
      cache.clear();
      try {
        await write();
      } finally {
        epoch += 1;
        cache.clear();
      }
    });
    writes = run.catch(() => undefined);
    return run;
  }

  async function findMatches(query: NormalizedQuery): Promise<Matches> {
    const key = JSON.stringify([query.q, query.verifiedSkills, query.anySkills, query.includeClaimed]);
    const cached = cache.get(key);
    if (cached) {
      // Refresh its place in the least-recently-used order.
      cache.delete(key);
      cache.set(key, cached);
      return cached;
    }
    const startedAt = epoch;
    const ordered = await runQuery(db, documents, query);
    const matches = { ordered, facets: countFacets(ordered) };
    if (epoch === startedAt) {
      cache.set(key, matches);
      if (cache.size > CACHED_QUERIES) cache.delete(cache.keys().next().value as string);
    }
    return matches;
  }

  return {
    name: "embedded",

    async prepare() {
      // The schema is fixed at creation; nothing to do, and calling it again changes nothing.
    },

    upsert(batch) {
      return exclusive(async () => {
        // The last copy of an id wins, as it would in a Meilisearch batch.
        const byId = new Map<string, StoredDocument>();
        for (const document of batch) byId.set(document.id, toStoredDocument(document));
        for (const id of byId.keys()) {
          if (documents.delete(id)) await remove(db, id);
        }
        await insertMultiple(db, [...byId.values()]);
        for (const [id, stored] of byId) documents.set(id, stored);
      });
    },

    remove(ids) {
      return exclusive(async () => {
        for (const id of ids) {
          if (documents.delete(id)) await remove(db, id);
        }
      });
    },

    async search(query) {
      const normalized = normalizeQuery(query);
      const { ordered, facets } = await findMatches(normalized);
      return {
        total: ordered.length,
        hits: ordered.slice(normalized.offset, normalized.offset + normalized.limit).map(toSearchHit),
        facets: structuredClone(facets),
      };
    },

    clear() {
      return exclusive(async () => {
        db = createDatabase();
        documents = new Map();
      });
    },

    close() {
      return exclusive(async () => {
        db = createDatabase();
        documents = new Map();
      });
    },
  };
}

function createDatabase(): AnyOrama {
  // Orama's own sort indexes are not used (we sort here), so they are not built.
  return create({ schema, sort: { enabled: false } });
}

/** A private copy: callers may reuse or change their objects after upsert. */
function toStoredDocument(document: CandidateDocument): StoredDocument {
  const verified = document.verifiedSkills.map(lowerCase);
  const claimed = document.claimedSkills.map(lowerCase);
  return {
    id: document.id,
    displayName: document.displayName,
    email: document.email,
    headline: document.headline,
    verifiedSkills: [...document.verifiedSkills],
    claimedSkills: [...document.claimedSkills],
    verifiedSkillLabels: [...document.verifiedSkillLabels],
    claimedSkillLabels: [...document.claimedSkillLabels],
    issuers: [...document.issuers],
    formats: [...document.formats],
    achievementTypes: [...document.achievementTypes],
    verifiedSkillCount: document.verifiedSkillCount,
    lastVerifiedAt: document.lastVerifiedAt,
    filterVerified: [...new Set(verified)],
    filterAny: [...new Set([...verified, ...claimed])],
  };
}

function lowerCase(key: string): string {
  return key.toLowerCase();
}

type Where = Record<string, unknown>;

function buildWhere(query: NormalizedQuery): Where | undefined {
  const field = query.includeClaimed ? "filterAny" : "filterVerified";
  const conditions: Where[] = [];
  if (query.verifiedSkills.length > 0) {
    conditions.push({ [field]: { containsAll: query.verifiedSkills.map(lowerCase) } });
  }
  if (query.anySkills.length > 0) {
    conditions.push({ [field]: { containsAny: query.anySkills.map(lowerCase) } });
  }
  if (conditions.length === 0) return undefined;
  return conditions.length === 1 ? conditions[0] : { and: conditions };
}

/**
 * Typos allowed for a query word of this length, as Meilisearch's defaults: none below 5 characters, one from 5,
 * two from 9. (Meilisearch counts a transposition as one typo and a wrong first letter as two; Orama's
 * Levenshtein distance counts a transposition as two. The contract tests rely on neither.)
 */
export function typoBudget(word: string): number {
  const length = [...word].length;
  return length >= 9 ? 2 : length >= 5 ? 1 : 0;
}

/** Orama hands back what was inserted; its generic document type does not know our fields. */
function storedDocument(hit: { document: unknown }): StoredDocument {
  return hit.document as StoredDocument;
}

async function runQuery(
  db: AnyOrama,
  documents: Map<string, StoredDocument>,
  query: NormalizedQuery,
): Promise<StoredDocument[]> {
  const where = buildWhere(query);
  const everything = count(db);
  const words = query.q === "" ? [] : [...new Set(db.tokenizer.tokenize(query.q))];

  if (words.length === 0) {
    // No text query: every candidate that passes the filters, in the default order.
    const matched =
      where === undefined
        ? [...documents.values()]
        : (await search(db, { where, limit: everything })).hits.map(storedDocument);
    return matched.sort(compareByDefaultOrder);
  }

  // One Orama search per word; a candidate must match every word (in any field). Scores add up.
  let combined: Map<string, { document: StoredDocument; score: number }> | null = null;
  for (const word of words) {
    const result = await search(db, {
      term: word,
      properties: [...TEXT_FIELDS],
      tolerance: typoBudget(word),
      boost,
      where,
      limit: everything,
    });
    const next = new Map<string, { document: StoredDocument; score: number }>();
    for (const hit of result.hits) {
      const previous: { document: StoredDocument; score: number } | undefined = combined?.get(hit.id);
      if (combined !== null && previous === undefined) continue;
      next.set(hit.id, { document: storedDocument(hit), score: hit.score + (previous?.score ?? 0) });
    }
    combined = next;
    if (combined.size === 0) return [];
  }
  return [...(combined ?? new Map()).values()]
    .sort((a, b) => b.score - a.score || compareByDefaultOrder(a.document, b.document))
    .map((match) => match.document);
}

function countFacets(matched: StoredDocument[]): SearchResult["facets"] {
  const facets: SearchResult["facets"] = {};
  for (const field of FACET_FIELDS) {
    const counts = new Map<string, number>();
    for (const document of matched) {
      const values = document[field];
      for (let i = 0; i < values.length; i++) {
        const value = values[i];
        // A candidate counts once per value, even if a value were listed twice (no allocation per document).
        if (i > 0 && values.lastIndexOf(value, i - 1) !== -1) continue;
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
    }
    facets[field] = toFacetCounts(counts);
  }
  return facets;
}
