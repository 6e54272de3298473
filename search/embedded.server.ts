import { tokenizer as oramaTokenizer } from "@orama/orama/components";
import { radix } from "@orama/orama/trees";
import type { CandidateDocument, SearchEngine, SearchResult, SkillSuggestion } from "#search/engine";
// Makes Orama's word lookup linear; without it a common word takes seconds (see the module).
import "#search/orama-radix-fix";
import {
  DEFAULT_SUGGESTIONS,
  DISJUNCTIVE_GROUPS,
  FACET_FIELDS,
  TEXT_FIELDS,
  compareByDefaultOrder,
  compareByLastVerified,
  matchesSuggestPrefix,
  normalizeQuery,
  pickMostFrequentLabel,
  toFacetCounts,
  toSearchHit,
  toSuggestWords,
  type DisjunctiveGroup,
  type NormalizedQuery,
} from "#search/query";

type TextField = (typeof TEXT_FIELDS)[number];

/**
 * Per-word weight of a match in each field. Roughly the order of Meilisearch's searchableAttributes; the two
 * engines rank differently anyway, so only the set of hits is part of the contract for text queries.
 */
const BOOST: Record<TextField, number> = { displayName: 3, headline: 2, verifiedSkillLabels: 2, claimedSkillLabels: 1 };
/** A word matched exactly counts fully, as a prefix ("eng" → "engineer") less, with a typo least. */
const EXACT = 1;
const PREFIX = 0.75;
const TYPO = 0.5;

/** Exact-match filter postings, all lower-cased: Meilisearch's `=` is case-insensitive. */
type PostingField = "verified" | "any" | "trusted" | "issuers" | "formats" | "achievementTypes";

/** What the engine keeps per candidate: a private copy, lower-cased filter values, and facet value codes. */
interface StoredDocument extends CandidateDocument {
  /** Verified keys, lower-cased. */
  filterVerified: string[];
  /** Verified and claimed keys, lower-cased: with includeClaimed, "k verified OR k claimed" is "k in filterAny". */
  filterAny: string[];
  filterTrusted: string[];
  filterIssuers: string[];
  filterFormats: string[];
  filterAchievementTypes: string[];
  /** Per FACET_FIELDS entry, the distinct values of that field as dictionary codes. */
  facetCodes: Int32Array[];
}

/** A filter condition: a set of slots (from postings) or a test on the document. */
interface Condition {
  group: DisjunctiveGroup | null;
  slots?: Set<number>;
  test?: (document: StoredDocument) => boolean;
}

/** The documents that match every word of a text query, and their relevance. */
interface TextMatches {
  total: Float64Array;
  matched: number[];
  /** 1 at the slots in `matched`. */
  mask: Uint8Array;
}

/** The full, ordered result of one query (before pagination), kept until the next write. */
interface Matches {
  ordered: StoredDocument[];
  facets: SearchResult["facets"];
}

/** Distinct queries whose full results are kept; paging through one costs a slice (0 in the benchmark). */
const CACHED_QUERIES = 32;
/** Writes of more documents than this rebuild the sorted orders on the next search instead of patching them. */
const INCREMENTAL_ORDER_LIMIT = 2000;
const EMPTY = new Set<number>();
/** Distinct texts whose tokens are remembered. */
const TOKENIZED_TEXTS = 50_000;

/**
 * An in-memory engine for development, tests and single-node deployments. It forgets everything on restart:
 * the indexer rebuilds it from the database.
 *
 * Built from Orama's parts rather than its search(): Orama's tokenizer and radix tree (typo-tolerant, prefix
 * word lookup) give the documents of each query word, and everything else is here, in flat structures:
 * - filters are exact postings (key → set of slots), intersected smallest first;
 * - relevance is bucketed like Meilisearch's ranking rules (per query word, the best field and match kind),
 *   with ties in the default order, so ordering is a bucket pass over a pre-sorted array, not a full sort;
 * - without a text query nothing is scored: the pre-sorted order is filtered;
 * - facets count integer codes into typed arrays.
 * Orama's own search scored every matching document with BM25 and built maps of all of them, which made a word
 * present in every candidate cost about half a second at 100,000 candidates (see bench/search.ts).
 * Every word of a text query must match somewhere, as with Meilisearch's `matchingStrategy: "all"`.
 */
export function createEmbeddedEngine(options: { cachedQueries?: number } = {}): SearchEngine {
  const cachedQueries = options.cachedQueries ?? CACHED_QUERIES;
  let index = new EmbeddedIndex();
  const cache = new Map<string, Matches>();

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

  function findMatches(query: NormalizedQuery): Matches {
    const { limit: _limit, offset: _offset, ...shape } = query;
    const key = JSON.stringify(shape);
    const cached = cache.get(key);
    if (cached) {
      // Refresh its place in the least-recently-used order.
      cache.delete(key);
      cache.set(key, cached);
      return cached;
    }
    const matches = index.match(query);
    if (cachedQueries === 0) return matches;
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
        const byId = new Map<string, CandidateDocument>();
        for (const document of batch) byId.set(document.id, document);
        index.write([...byId.keys()], [...byId.values()]);
      });
    },

    remove(ids) {
      return exclusive(() => index.write([...new Set(ids)], []));
    },

    async search(query) {
      const normalized = normalizeQuery(query);
      const { ordered, facets } = findMatches(normalized);
      return {
        total: ordered.length,
        hits: ordered.slice(normalized.offset, normalized.offset + normalized.limit).map(toSearchHit),
        facets: structuredClone(facets),
      };
    },

    async suggestSkills(prefix, limit = DEFAULT_SUGGESTIONS) {
      if (!Number.isSafeInteger(limit) || limit < 0) throw new RangeError(`Invalid suggestion limit: ${limit}`);
      return index.suggest(prefix, limit);
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

/** Value ↔ integer code for one facet field. Codes are never reused; a value no one holds counts 0. */
class Dictionary {
  readonly codes = new Map<string, number>();
  readonly values: string[] = [];
  encode(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    return code;
  }
}

interface SuggestEntry extends SkillSuggestion {
  words: string[];
}

class EmbeddedIndex {
  private readonly tokenizer = oramaTokenizer.createTokenizer();
  private readonly trees = Object.fromEntries(TEXT_FIELDS.map((field) => [field, new radix.RadixTree()])) as Record<
    TextField,
    radix.RadixTree
  >;
  /** Slot 0 is never used: tree document ids stay truthy. */
  private readonly slots: (StoredDocument | undefined)[] = [undefined];
  private readonly slotById = new Map<string, number>();
  private readonly freeSlots: number[] = [];
  private readonly postings: Record<PostingField, Map<string, Set<number>>> = {
    verified: new Map(),
    any: new Map(),
    trusted: new Map(),
    issuers: new Map(),
    formats: new Map(),
    achievementTypes: new Map(),
  };
  private readonly dictionaries = FACET_FIELDS.map(() => new Dictionary());
  /** Verified skill key → label → candidates showing that label. */
  private readonly skillLabels = new Map<string, Map<string, number>>();

  // Derived, rebuilt lazily after writes (or patched, for small writes).
  private defaultOrder: number[] | null = null;
  private lastVerifiedOrder: number[] | null = null;
  private suggestions: SuggestEntry[] | null = null;

  write(removeIds: string[], insert: CandidateDocument[]): void {
    const incremental = removeIds.length + insert.length <= INCREMENTAL_ORDER_LIMIT;
    if (!incremental) {
      this.defaultOrder = null;
      this.lastVerifiedOrder = null;
    }
    this.suggestions = null;
    for (const id of removeIds) {
      const slot = this.slotById.get(id);
      if (slot !== undefined) this.removeSlot(slot);
    }
    for (const document of insert) this.insert(document);
  }

  private insert(document: CandidateDocument): void {
    const slot = this.freeSlots.pop() ?? this.slots.length;
    const stored = this.toStoredDocument(document);
    this.slots[slot] = stored;
    this.slotById.set(stored.id, slot);
    for (const field of TEXT_FIELDS) {
      for (const word of this.words(stored, field)) this.trees[field].insert(word, slot);
    }
    this.eachPosting(stored, (postings, value) => {
      let set = postings.get(value);
      if (set === undefined) postings.set(value, (set = new Set()));
      set.add(slot);
    });
    stored.verifiedSkills.forEach((key, i) => {
      let labels = this.skillLabels.get(key);
      if (labels === undefined) this.skillLabels.set(key, (labels = new Map()));
      const label = stored.verifiedSkillLabels[i] ?? key;
      labels.set(label, (labels.get(label) ?? 0) + 1);
    });
    if (this.defaultOrder) insertSorted(this.defaultOrder, slot, this.slots, compareByDefaultOrder);
    if (this.lastVerifiedOrder) insertSorted(this.lastVerifiedOrder, slot, this.slots, compareByLastVerified);
  }

  private removeSlot(slot: number): void {
    const stored = this.slots[slot] as StoredDocument;
    if (this.defaultOrder) removeSorted(this.defaultOrder, slot, this.slots, compareByDefaultOrder);
    if (this.lastVerifiedOrder) removeSorted(this.lastVerifiedOrder, slot, this.slots, compareByLastVerified);
    for (const field of TEXT_FIELDS) {
      for (const word of this.words(stored, field)) this.trees[field].removeDocumentByWord(word, slot);
    }
    this.eachPosting(stored, (postings, value) => {
      const set = postings.get(value);
      set?.delete(slot);
      if (set?.size === 0) postings.delete(value);
    });
    stored.verifiedSkills.forEach((key, i) => {
      const labels = this.skillLabels.get(key);
      if (labels === undefined) return;
      const label = stored.verifiedSkillLabels[i] ?? key;
      const left = (labels.get(label) ?? 0) - 1;
      if (left > 0) labels.set(label, left);
      else labels.delete(label);
      if (labels.size === 0) this.skillLabels.delete(key);
    });
    this.slots[slot] = undefined;
    this.slotById.delete(stored.id);
    this.freeSlots.push(slot);
  }

  /** The distinct words of a text field, as Orama tokenizes them (lower-cased, diacritics folded). */
  private words(document: StoredDocument, field: TextField): Set<string> {
    const value = document[field];
    const words = new Set<string>();
    for (const text of typeof value === "string" ? [value] : value) {
      for (const word of this.tokenize(text)) words.add(word);
    }
    return words;
  }

  /**
   * Orama's tokenizer costs about 10 µs a string, and labels, headlines and names repeat across candidates, so
   * results are remembered (bounded: forgotten wholesale when full).
   */
  private readonly tokenized = new Map<string, string[]>();
  private tokenize(text: string): string[] {
    let words = this.tokenized.get(text);
    if (words === undefined) {
      if (this.tokenized.size >= TOKENIZED_TEXTS) this.tokenized.clear();
      words = this.tokenizer.tokenize(text);
      this.tokenized.set(text, words);
    }
    return words;
  }

  private eachPosting(document: StoredDocument, visit: (postings: Map<string, Set<number>>, value: string) => void) {
    const lists: [PostingField, string[]][] = [
      ["verified", document.filterVerified],
      ["any", document.filterAny],
      ["trusted", document.filterTrusted],
      ["issuers", document.filterIssuers],
      ["formats", document.filterFormats],
      ["achievementTypes", document.filterAchievementTypes],
    ];
    for (const [field, values] of lists) {
      for (const value of values) visit(this.postings[field], value);
    }
  }

  /** A private copy: callers may reuse or change their objects after upsert. */
  private toStoredDocument(document: CandidateDocument): StoredDocument {
    const stored: StoredDocument = {
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
      vskillTrusted: [...(document.vskillTrusted ?? [])],
      filterVerified: lowerCaseSet(document.verifiedSkills),
      filterAny: lowerCaseSet([...document.verifiedSkills, ...document.claimedSkills]),
      filterTrusted: lowerCaseSet(document.vskillTrusted ?? []),
      filterIssuers: lowerCaseSet(document.issuers),
      filterFormats: lowerCaseSet(document.formats),
      filterAchievementTypes: lowerCaseSet(document.achievementTypes),
      facetCodes: [],
    };
    stored.facetCodes = FACET_FIELDS.map(
      (field, i) => Int32Array.from(new Set(stored[field]), (value) => this.dictionaries[i].encode(value)),
    );
    return stored;
  }

  private order(compare: typeof compareByDefaultOrder): number[] {
    const live: number[] = [];
    for (let slot = 1; slot < this.slots.length; slot++) if (this.slots[slot] !== undefined) live.push(slot);
    const slots = this.slots as StoredDocument[];
    return live.sort((a, b) => compare(slots[a], slots[b]));
  }

  private sortedSlots(sort: NormalizedQuery["sort"]): number[] {
    if (sort === "lastVerifiedAt") return (this.lastVerifiedOrder ??= this.order(compareByLastVerified));
    return (this.defaultOrder ??= this.order(compareByDefaultOrder));
  }

  match(query: NormalizedQuery): Matches {
    const size = this.slots.length;
    const words = query.q === "" ? [] : [...new Set(this.tokenize(query.q))];
    // Text first: a word lookup is cheap, and the text result is shared by the disjunctive facet passes.
    const scores = words.length > 0 ? this.scoreText(words, size) : null;
    if (scores !== null && scores.matched.length === 0) return { ordered: [], facets: emptyFacets() };

    const conditions = this.conditions(query);
    const matched = this.filter(conditions, null, scores);
    const facets = this.countFacets(matched, FACET_FIELDS);
    for (const group of DISJUNCTIVE_GROUPS) {
      if (!conditions.some((condition) => condition.group === group)) continue;
      // The group's own counts: every filter but its own, so its other values stay visible (one extra pass).
      facets[group] = this.countFacets(this.filter(conditions, group, scores), [group])[group];
    }

    const inResult = new Uint8Array(size);
    for (const slot of matched) inResult[slot] = 1;
    const order = this.sortedSlots(query.sort);
    const slots = this.slots as StoredDocument[];
    const ordered: StoredDocument[] = [];
    if (scores !== null && query.sort === "relevance") {
      // Bucket by score (a handful of distinct values), each bucket already in the default order.
      const buckets = new Map<number, StoredDocument[]>();
      for (const slot of order) {
        if (inResult[slot] === 0) continue;
        const score = scores.total[slot];
        let bucket = buckets.get(score);
        if (bucket === undefined) buckets.set(score, (bucket = []));
        bucket.push(slots[slot]);
      }
      for (const score of [...buckets.keys()].sort((a, b) => b - a)) {
        for (const document of buckets.get(score) as StoredDocument[]) ordered.push(document);
      }
    } else {
      for (const slot of order) if (inResult[slot] === 1) ordered.push(slots[slot]);
    }
    return { ordered, facets };
  }

  /**
   * For each query word, the best weight a document earns in any field (by match kind and field); a document
   * matches when every word matched. Typo budget as Meilisearch's defaults (see typoBudget).
   */
  private scoreText(words: string[], size: number): TextMatches {
    const total = new Float64Array(size);
    const wordsMatched = new Uint8Array(size);
    const best = new Float64Array(size);
    let candidates: number[] = [];
    words.forEach((word, wordIndex) => {
      const touched: number[] = [];
      for (const field of TEXT_FIELDS) {
        const found = this.trees[field].find({ term: word, exact: false, tolerance: typoBudget(word) });
        for (const [matchedWord, ids] of Object.entries(found)) {
          const kind = matchedWord === word ? EXACT : matchedWord.startsWith(word) ? PREFIX : TYPO;
          const weight = BOOST[field] * kind;
          for (const slot of ids as number[]) {
            // Only documents that matched every earlier word are still in the race.
            if (wordsMatched[slot] !== wordIndex) continue;
            if (best[slot] === 0) touched.push(slot);
            if (weight > best[slot]) best[slot] = weight;
          }
        }
      }
      for (const slot of touched) {
        wordsMatched[slot] = wordIndex + 1;
        total[slot] += best[slot];
        best[slot] = 0;
      }
      candidates = touched;
    });
    const mask = new Uint8Array(size);
    for (const slot of candidates) mask[slot] = 1;
    return { total, matched: candidates, mask };
  }

  private conditions(query: NormalizedQuery): Condition[] {
    const field: PostingField = query.trustedOnly ? "trusted" : query.includeClaimed ? "any" : "verified";
    const conditions: Condition[] = [];
    for (const key of query.verifiedSkills) {
      conditions.push({ group: null, slots: this.postings[field].get(lowerCase(key)) ?? EMPTY });
    }
    if (query.anySkills.length > 0) conditions.push({ group: null, slots: this.union(field, query.anySkills) });
    if (query.trustedOnly && query.verifiedSkills.length === 0 && query.anySkills.length === 0) {
      conditions.push({ group: null, test: (document) => document.vskillTrusted.length > 0 });
    }
    if (query.issuers.length > 0) conditions.push({ group: "issuers", slots: this.union("issuers", query.issuers) });
    if (query.formats.length > 0) conditions.push({ group: "formats", slots: this.union("formats", query.formats) });
    if (query.achievementTypes.length > 0) {
      conditions.push({ group: "achievementTypes", slots: this.union("achievementTypes", query.achievementTypes) });
    }
    const since = query.verifiedSince;
    if (since !== null) conditions.push({ group: null, test: (document) => document.lastVerifiedAt >= since });
    return conditions;
  }

  private union(field: PostingField, values: string[]): Set<number> {
    const sets = values.map((value) => this.postings[field].get(lowerCase(value))).filter((set) => set !== undefined);
    if (sets.length === 1) return sets[0];
    const union = new Set<number>();
    for (const set of sets) for (const slot of set) union.add(slot);
    return union;
  }

  /** The slots that pass every condition except those of `excluded`, and the text query when there is one. */
  private filter(conditions: Condition[], excluded: DisjunctiveGroup | null, text: TextMatches | null): number[] {
    const active = conditions.filter((condition) => excluded === null || condition.group !== excluded);
    const sets = active.flatMap((condition) => (condition.slots ? [condition.slots] : [])).sort((a, b) => a.size - b.size);
    const tests = active.flatMap((condition) => (condition.test ? [condition.test] : []));
    const slots = this.slots;
    // Walk the smallest source of candidates: the text matches or the smallest posting.
    let source: Iterable<number>;
    let rest = sets;
    let mask: Uint8Array | null = null;
    if (text !== null && (sets.length === 0 || text.matched.length <= sets[0].size)) {
      source = text.matched;
    } else if (sets.length > 0) {
      source = sets[0];
      rest = sets.slice(1);
      mask = text?.mask ?? null;
    } else {
      source = this.sortedSlots("verifiedSkillCount");
    }
    const out: number[] = [];
    outer: for (const slot of source) {
      if (mask !== null && mask[slot] === 0) continue;
      for (const set of rest) if (!set.has(slot)) continue outer;
      if (tests.length > 0) {
        const document = slots[slot] as StoredDocument;
        for (const test of tests) if (!test(document)) continue outer;
      }
      out.push(slot);
    }
    return out;
  }

  private countFacets(matched: number[], fields: readonly (typeof FACET_FIELDS)[number][]): SearchResult["facets"] {
    const facets: SearchResult["facets"] = {};
    const slots = this.slots as StoredDocument[];
    for (const field of fields) {
      const i = FACET_FIELDS.indexOf(field);
      const dictionary = this.dictionaries[i];
      const counts = new Int32Array(dictionary.values.length);
      for (const slot of matched) {
        const codes = slots[slot].facetCodes[i];
        for (let j = 0; j < codes.length; j++) counts[codes[j]] += 1;
      }
      const entries: [string, number][] = [];
      counts.forEach((count, code) => {
        if (count > 0) entries.push([dictionary.values[code], count]);
      });
      facets[field] = toFacetCounts(entries);
    }
    return facets;
  }

  suggest(prefix: string, limit: number): SkillSuggestion[] {
    const typed = toSuggestWords(prefix);
    if (typed.length === 0 || limit === 0) return [];
    this.suggestions ??= [...this.skillLabels]
      .map(([key, labels]) => {
        const label = pickMostFrequentLabel(key, labels);
        let count = 0;
        for (const n of labels.values()) count += n;
        return { key, label, count, words: toSuggestWords(label) };
      })
      .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const out: SkillSuggestion[] = [];
    for (const entry of this.suggestions) {
      if (!matchesSuggestPrefix(entry.words, typed)) continue;
      out.push({ key: entry.key, label: entry.label, count: entry.count });
      if (out.length === limit) break;
    }
    return out;
  }
}

function emptyFacets(): SearchResult["facets"] {
  return Object.fromEntries(FACET_FIELDS.map((field) => [field, {}]));
}

function lowerCase(key: string): string {
  return key.toLowerCase();
}

function lowerCaseSet(values: string[]): string[] {
  return [...new Set(values.map(lowerCase))];
}

/** Index of the first element of `order` that does not sort before `slot`'s document. */
function lowerBound(
  order: number[],
  slot: number,
  slots: (StoredDocument | undefined)[],
  compare: typeof compareByDefaultOrder,
): number {
  const document = slots[slot] as StoredDocument;
  let low = 0;
  let high = order.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(slots[order[mid]] as StoredDocument, document) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

function insertSorted(order: number[], slot: number, slots: (StoredDocument | undefined)[], compare: typeof compareByDefaultOrder) {
  order.splice(lowerBound(order, slot, slots, compare), 0, slot);
}

function removeSorted(order: number[], slot: number, slots: (StoredDocument | undefined)[], compare: typeof compareByDefaultOrder) {
  // The order ends in the id, so a document has exactly one place.
  const at = lowerBound(order, slot, slots, compare);
  if (order[at] === slot) order.splice(at, 1);
  else order.splice(order.indexOf(slot), 1);
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
