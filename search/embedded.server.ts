import { tokenizer as oramaTokenizer } from "@orama/orama/components";
import { copyDocument, type CandidateDocument, type SearchEngine, type SearchResult, type SkillSuggestion } from "#search/engine";
import {
  DEFAULT_SUGGESTIONS,
  DISJUNCTIVE_GROUPS,
  FACET_FIELDS,
  MAX_FACET_VALUES,
  TEXT_FIELDS,
  compareCodeUnits,
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
type FacetField = (typeof FACET_FIELDS)[number];

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

/** What the engine keeps per candidate: a private copy (hits, removal and rebuilds read it). */
type StoredDocument = CandidateDocument;

/** Distinct queries whose results are kept until the next write; paging within the kept hits costs a slice. */
const CACHED_QUERIES = 32;
/** Distinct texts whose tokens are remembered. */
const TOKENIZED_TEXTS = 50_000;
/** Removed (or replaced) documents leave dead slots; the index is rebuilt once there are more dead than live. */
const MIN_DEAD_FOR_COMPACTION = 1000;

/** A kept result: total, facets, and the first `top.length` hits in order (all of them when complete). */
interface CachedResult {
  total: number;
  facets: SearchResult["facets"];
  top: StoredDocument[];
}

/**
 * An in-memory engine for development, tests and single-node deployments. It forgets everything on restart:
 * the indexer rebuilds it from the database.
 *
 * Orama's tokenizer splits the text (so both engines see the same words); everything else is flat structures
 * keyed by numeric document slots:
 * - the vocabulary is a word → posting map (slots and the best field weight, in typed arrays); a query word is
 *   first expanded to the vocabulary words it matches (exactly, as a prefix, or within its typo budget: a
 *   bounded Levenshtein over the words of nearby lengths, pre-filtered by a character signature), and only
 *   then are postings read;
 * - filters are exact postings (key → ascending slots), intersected smallest first (generation stamps, or
 *   binary search when few candidates are left); the conditions that apply in every pass (skills, trust, date)
 *   are applied before the text, which then only probes their survivors;
 * - hits are a top-k selection (a bounded heap) in the requested order, never a full sort;
 * - facets count integer codes; when most candidates match, the complement is counted and subtracted from
 *   running totals kept at write time.
 * Every word of a text query must match somewhere, as with Meilisearch's `matchingStrategy: "all"`.
 * Removal marks a slot dead; the structures are rebuilt (synchronously, in that write) once dead slots outnumber
 * live ones. A write costs its documents' postings plus one merge of any new words into the sorted vocabulary:
 * nothing is re-sorted per query or per write.
 */
export function createEmbeddedEngine(options: { cachedQueries?: number } = {}): SearchEngine {
  const cachedQueries = options.cachedQueries ?? CACHED_QUERIES;
  let index = new EmbeddedIndex();
  const cache = new Map<string, CachedResult>();

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

  function findMatches(query: NormalizedQuery): CachedResult {
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

/** A growable list of slots (with a byte per entry when `withBytes`), in insertion order (ascending slots). */
class Posting {
  slots: Uint32Array;
  bytes: Uint8Array | null;
  length = 0;
  constructor(withBytes: boolean) {
    this.slots = new Uint32Array(4);
    this.bytes = withBytes ? new Uint8Array(4) : null;
  }
  push(slot: number, byte = 0): void {
    if (this.length === this.slots.length) {
      const slots = new Uint32Array(this.length * 2);
      slots.set(this.slots);
      this.slots = slots;
      if (this.bytes !== null) {
        const bytes = new Uint8Array(this.length * 2);
        bytes.set(this.bytes);
        this.bytes = bytes;
      }
    }
    this.slots[this.length] = slot;
    if (this.bytes !== null) this.bytes[this.length] = byte;
    this.length++;
  }
}

/** Value ↔ integer code for one facet field, with the number of live documents holding each value. */
class Dictionary {
  readonly codes = new Map<string, number>();
  readonly values: string[] = [];
  counts = new Int32Array(16);
  encode(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
      if (code >= this.counts.length) {
        const counts = new Int32Array(this.counts.length * 2);
        counts.set(this.counts);
        this.counts = counts;
      }
    }
    return code;
  }
}

/** A growable flat array of facet codes, `offsets[slot]..offsets[slot + 1]` per slot (slots are appended). */
class CodeColumn {
  codes = new Int32Array(1024);
  offsets = new Uint32Array(1024);
  /** Call once per slot, in slot order. */
  append(slot: number, codes: number[]): void {
    if (slot + 2 > this.offsets.length) this.offsets = grow32(this.offsets, slot + 2);
    const start = this.offsets[slot];
    if (start + codes.length > this.codes.length) {
      const next = new Int32Array(Math.max(this.codes.length * 2, start + codes.length));
      next.set(this.codes);
      this.codes = next;
    }
    for (let i = 0; i < codes.length; i++) this.codes[start + i] = codes[i];
    this.offsets[slot + 1] = start + codes.length;
  }
}

function grow32(array: Uint32Array, atLeast: number): Uint32Array<ArrayBuffer> {
  const next = new Uint32Array(Math.max(array.length * 2, atLeast));
  next.set(array);
  return next;
}

/** A vocabulary word and where it occurs. */
interface Word {
  text: string;
  /** Slots holding the word, and per slot the best BOOST of a field that contains it. */
  posting: Posting;
  /** A 32-bit set of (hashed) characters, to rule out typo matches cheaply. */
  signature: number;
}

/** A filter: slots in the union of postings, or a per-slot test. */
interface Condition {
  group: DisjunctiveGroup | null;
  postings?: Posting[];
  size?: number;
  test?: (slot: number) => boolean;
}

/** Slots in a reusable buffer: `data[0..length)`. */
interface SlotList {
  data: Uint32Array;
  length: number;
}

/** Whether an ascending posting holds `slot` (binary search). */
function contains(posting: Posting, slot: number): boolean {
  const { slots } = posting;
  let low = 0;
  let high = posting.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (slots[mid] < slot) low = mid + 1;
    else high = mid;
  }
  return low < posting.length && slots[low] === slot;
}

interface SuggestEntry extends SkillSuggestion {
  words: string[];
}

class EmbeddedIndex {
  private readonly tokenizer = oramaTokenizer.createTokenizer();

  // Per slot. Slots are appended and never reused; a removed document's slot is dead until the next rebuild.
  private documents: (StoredDocument | undefined)[] = [];
  private alive = new Uint8Array(1024);
  private skillCount = new Float64Array(1024);
  private lastVerified = new Float64Array(1024);
  private hasTrusted = new Uint8Array(1024);
  private live = 0;
  private readonly slotById = new Map<string, number>();

  private readonly vocabulary = new Map<string, Word>();
  /** Vocabulary words in code-unit order, for prefix ranges. */
  private sortedWords: Word[] = [];
  /** Words added by the write in progress, not yet in sortedWords. */
  private newWords: Word[] = [];
  /** Vocabulary words by length, for typo matching. */
  private readonly wordsByLength: Word[][] = [];

  private readonly postings: Record<PostingField, Map<string, Posting>> = {
    verified: new Map(),
    any: new Map(),
    trusted: new Map(),
    issuers: new Map(),
    formats: new Map(),
    achievementTypes: new Map(),
  };
  /** The same postings by each value as written (a cache for writes). */
  private readonly rawPostings: Record<PostingField, Map<string, Posting>> = {
    verified: new Map(),
    any: new Map(),
    trusted: new Map(),
    issuers: new Map(),
    formats: new Map(),
    achievementTypes: new Map(),
  };
  private readonly dictionaries = FACET_FIELDS.map(() => new Dictionary());
  private readonly columns = FACET_FIELDS.map(() => new CodeColumn());
  /** Verified skill key → label → candidates showing that label. */
  private readonly skillLabels = new Map<string, Map<string, number>>();
  private suggestions: SuggestEntry[] | null = null;

  // Scratch space for queries, sized to the slots and left zeroed (or stamped) between queries.
  private stamp = new Uint32Array(1024);
  private generation = 0;
  private score = new Float64Array(1024);
  private best = new Float64Array(1024);
  private wordsMatched = new Uint16Array(1024);
  private readonly lists: SlotList[] = [];

  /** Live documents `offset` to `offset + limit` in slot order (copies), and how many are live. */
  page(offset: number, limit: number): { total: number; documents: CandidateDocument[] } {
    const documents: CandidateDocument[] = [];
    let skipped = 0;
    for (const document of this.documents) {
      if (document === undefined) continue;
      if (documents.length === limit) break;
      if (skipped < offset) skipped++;
      else documents.push(toStoredDocument(document));
    }
    return { total: this.live, documents };
  }

  get(ids: string[]): CandidateDocument[] {
    const found: CandidateDocument[] = [];
    for (const id of new Set(ids)) {
      const slot = this.slotById.get(id);
      const document = slot === undefined || this.alive[slot] !== 1 ? undefined : this.documents[slot];
      if (document !== undefined) found.push(toStoredDocument(document));
    }
    return found;
  }

  write(removeIds: string[], insert: CandidateDocument[]): void {
    this.suggestions = null;
    for (const id of removeIds) {
      const slot = this.slotById.get(id);
      if (slot !== undefined) this.kill(slot);
    }
    const dead = this.documents.length - this.live;
    if (dead >= MIN_DEAD_FOR_COMPACTION && dead > this.live + insert.length) this.rebuild(insert);
    else for (const document of insert) this.insert(document, true);
    this.mergeNewWords();
  }

  private mergeNewWords(): void {
    if (this.newWords.length === 0) return;
    const added = this.newWords.sort((a, b) => compareCodeUnits(a.text, b.text));
    const old = this.sortedWords;
    const merged: Word[] = new Array(old.length + added.length);
    let i = 0;
    let j = 0;
    let k = 0;
    while (i < old.length && j < added.length) merged[k++] = old[i].text < added[j].text ? old[i++] : added[j++];
    while (i < old.length) merged[k++] = old[i++];
    while (j < added.length) merged[k++] = added[j++];
    this.sortedWords = merged;
    this.newWords = [];
  }

  /** Starts over from the live documents (and `more`): drops dead slots and words no one holds any more. */
  private rebuild(more: CandidateDocument[]): void {
    const keep = this.documents.filter((document): document is StoredDocument => document !== undefined);
    const fresh = new EmbeddedIndex();
    for (const document of keep) fresh.insert(document, false);
    for (const document of more) fresh.insert(document, true);
    fresh.mergeNewWords();
    Object.assign(this, fresh);
  }

  private ensureCapacity(size: number): void {
    if (size <= this.alive.length) return;
    const capacity = Math.max(size, this.alive.length * 2);
    const grow = <T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(array: T): T => {
      const next = new (array.constructor as new (n: number) => T)(capacity);
      next.set(array);
      return next;
    };
    this.alive = grow(this.alive);
    this.skillCount = grow(this.skillCount);
    this.lastVerified = grow(this.lastVerified);
    this.hasTrusted = grow(this.hasTrusted);
    this.stamp = grow(this.stamp);
    this.score = grow(this.score);
    this.best = grow(this.best);
    this.wordsMatched = grow(this.wordsMatched);
  }

  /**
   * `copy`: false only when re-inserting a stored document on rebuild (already private).
   */
  private insert(input: CandidateDocument, copy: boolean): void {
    const slot = this.documents.length;
    this.ensureCapacity(slot + 1);
    const document = copy ? toStoredDocument(input) : input;
    this.documents.push(document);
    this.slotById.set(document.id, slot);
    this.alive[slot] = 1;
    this.live++;
    this.skillCount[slot] = document.verifiedSkillCount;
    this.lastVerified[slot] = document.lastVerifiedAt;
    const { vskillTrusted: trusted, formats, achievementTypes } = document;
    this.hasTrusted[slot] = trusted.length > 0 ? 1 : 0;

    // Text: each distinct word once, with the best weight of the fields it occurs in. Slots only grow, so a
    // word already seen in this document is the last entry of its posting.
    for (const field of TEXT_FIELDS) {
      const value = document[field];
      const boost = BOOST[field];
      for (const text of typeof value === "string" ? [value] : value) {
        for (const token of this.tokenize(text)) {
          const posting = this.word(token).posting;
          const last = posting.length - 1;
          if (last >= 0 && posting.slots[last] === slot) {
            const bytes = posting.bytes as Uint8Array;
            if (bytes[last] < boost) bytes[last] = boost;
          } else {
            posting.push(slot, boost);
          }
        }
      }
    }

    // Filters (the same last-entry check drops values that differ only in case).
    this.addPostings("verified", document.verifiedSkills, slot);
    this.addPostings("any", document.verifiedSkills, slot);
    this.addPostings("any", document.claimedSkills, slot);
    this.addPostings("trusted", trusted, slot);
    this.addPostings("issuers", document.issuers, slot);
    this.addPostings("formats", formats, slot);
    this.addPostings("achievementTypes", achievementTypes, slot);

    // Facets.
    this.addCodes(0, document.verifiedSkills, slot);
    this.addCodes(1, document.issuers, slot);
    this.addCodes(2, formats, slot);
    this.addCodes(3, achievementTypes, slot);

    document.verifiedSkills.forEach((key, i) => {
      let labels = this.skillLabels.get(key);
      if (labels === undefined) this.skillLabels.set(key, (labels = new Map()));
      const label = document.verifiedSkillLabels[i] ?? key;
      labels.set(label, (labels.get(label) ?? 0) + 1);
    });
  }

  private addPostings(field: PostingField, values: readonly string[], slot: number): void {
    const postings = this.postings[field];
    const byRaw = this.rawPostings[field];
    for (const value of values) {
      // Values repeat in their own spelling: skip lower-casing (a new string to hash) for those seen before.
      let posting = byRaw.get(value);
      if (posting === undefined) {
        const key = value.toLowerCase();
        posting = postings.get(key);
        if (posting === undefined) postings.set(key, (posting = new Posting(false)));
        byRaw.set(value, posting);
      }
      if (posting.length === 0 || posting.slots[posting.length - 1] !== slot) posting.push(slot);
    }
  }

  /** `field`: the index in FACET_FIELDS. */
  private addCodes(field: number, values: readonly string[], slot: number): void {
    const dictionary = this.dictionaries[field];
    const codes: number[] = [];
    for (const value of values) {
      const code = dictionary.encode(value);
      if (codes.includes(code)) continue;
      codes.push(code);
      dictionary.counts[code] += 1;
    }
    this.columns[field].append(slot, codes);
  }

  /** Marks a slot dead: postings keep it until the next rebuild, but every reader skips it. */
  private kill(slot: number): void {
    const document = this.documents[slot] as StoredDocument;
    this.alive[slot] = 0;
    this.live--;
    this.slotById.delete(document.id);
    this.documents[slot] = undefined;
    this.columns.forEach((column, i) => {
      const counts = this.dictionaries[i].counts;
      for (let j = column.offsets[slot]; j < column.offsets[slot + 1]; j++) counts[column.codes[j]] -= 1;
    });
    document.verifiedSkills.forEach((key, i) => {
      const labels = this.skillLabels.get(key);
      if (labels === undefined) return;
      const label = document.verifiedSkillLabels[i] ?? key;
      const left = (labels.get(label) ?? 0) - 1;
      if (left > 0) labels.set(label, left);
      else labels.delete(label);
      if (labels.size === 0) this.skillLabels.delete(key);
    });
  }

  private word(text: string): Word {
    let word = this.vocabulary.get(text);
    if (word === undefined) {
      word = { text, posting: new Posting(true), signature: signature(text) };
      this.vocabulary.set(text, word);
      // Merged into the sorted list at the end of the write (one pass, however many new words).
      this.newWords.push(word);
      (this.wordsByLength[text.length] ??= []).push(word);
    }
    return word;
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

  /**
   * The vocabulary words a query word matches, with the kind of match: itself (EXACT), words it starts
   * (PREFIX, only `asPrefix`: the query's last word), and words within its typo budget (TYPO; Levenshtein
   * distance, as Orama's tree lookup).
   */
  private expand(term: string, asPrefix: boolean): [Word, number][] {
    const out: [Word, number][] = [];
    const seen = new Set<Word>();
    if (asPrefix) {
      // Prefix range in the sorted vocabulary (includes the word itself).
      let low = 0;
      let high = this.sortedWords.length;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (this.sortedWords[mid].text < term) low = mid + 1;
        else high = mid;
      }
      for (let i = low; i < this.sortedWords.length; i++) {
        const word = this.sortedWords[i];
        if (!word.text.startsWith(term)) break;
        out.push([word, word.text === term ? EXACT : PREFIX]);
        seen.add(word);
      }
    } else {
      const exact = this.vocabulary.get(term);
      if (exact !== undefined) {
        out.push([exact, EXACT]);
        seen.add(exact);
      }
    }
    const budget = typoBudget(term);
    if (budget > 0) {
      const termSignature = signature(term);
      const codes = toCodes(term);
      for (let length = Math.max(1, term.length - budget); length <= term.length + budget; length++) {
        for (const word of this.wordsByLength[length] ?? []) {
          if (seen.has(word)) continue;
          if (bitCount(termSignature & ~word.signature) > budget || bitCount(word.signature & ~termSignature) > budget) {
            continue;
          }
          if (withinDistance(codes, word.text, budget)) out.push([word, TYPO]);
        }
      }
    }
    return out;
  }

  /**
   * For each query word, the best weight a document earns from any matching vocabulary word; a document
   * matches when every word matched. Leaves the total in `this.score` (zero elsewhere; match() resets it) and
   * returns the matched slots (a scratch list). With `within` (live slots), only those can match: a posting much
   * longer than the candidates left is then probed per candidate (postings are ascending) instead of scanned.
   */
  private scoreText(terms: string[], within: SlotList | null): SlotList {
    const { score, best, wordsMatched, alive } = this;
    // A document is still in the race for word w when wordsMatched is base + w.
    const base = within === null ? 0 : 1;
    let candidates: SlotList;
    if (within === null) {
      candidates = this.scratch(0);
      candidates.length = 0;
    } else {
      candidates = within;
      for (let i = 0; i < within.length; i++) wordsMatched[within.data[i]] = 1;
    }
    for (let wordIndex = 0; wordIndex < terms.length; wordIndex++) {
      const level = base + wordIndex;
      const restricted = level > 0;
      const touched = this.scratch(wordIndex % 2 === 0 ? 1 : 0);
      const out = touched.data;
      const { data: racing, length: left } = candidates;
      let count = 0;
      // Only the last word is still being typed, so only it matches as a prefix (as Meilisearch does): "data
      // engineer" must not find every "database engineer".
      for (const [word, kind] of this.expand(terms[wordIndex], wordIndex === terms.length - 1)) {
        const { slots, bytes, length } = word.posting;
        const boosts = bytes as Uint8Array;
        if (restricted && left * (Math.log2(length + 1) + 2) < length) {
          for (let c = 0; c < left; c++) {
            const slot = racing[c];
            let low = 0;
            let high = length;
            while (low < high) {
              const mid = (low + high) >>> 1;
              if (slots[mid] < slot) low = mid + 1;
              else high = mid;
            }
            if (low === length || slots[low] !== slot) continue;
            const weight = boosts[low] * kind;
            if (best[slot] === 0) out[count++] = slot;
            if (weight > best[slot]) best[slot] = weight;
          }
          continue;
        }
        for (let i = 0; i < length; i++) {
          const slot = slots[i];
          // Only live documents that matched every earlier word are still in the race.
          if (wordsMatched[slot] !== level || alive[slot] === 0) continue;
          const weight = boosts[i] * kind;
          if (best[slot] === 0) out[count++] = slot;
          if (weight > best[slot]) best[slot] = weight;
        }
      }
      touched.length = count;
      for (let i = 0; i < count; i++) {
        const slot = out[i];
        wordsMatched[slot] = level + 1;
        score[slot] += best[slot];
        best[slot] = 0;
      }
      // Documents that dropped out keep a partial score and count: reset them.
      for (let i = 0; i < left; i++) {
        const slot = racing[i];
        if (wordsMatched[slot] === level) {
          wordsMatched[slot] = 0;
          score[slot] = 0;
        }
      }
      candidates = touched;
      if (count === 0) break;
    }
    for (let i = 0; i < candidates.length; i++) wordsMatched[candidates.data[i]] = 0;
    return candidates;
  }

  /** Scratch lists 0 and 1 serve text scoring, 2 the filtered result, 3 the disjunctive passes. */
  private scratch(which: number): SlotList {
    const list = (this.lists[which] ??= { data: new Uint32Array(0), length: 0 });
    if (list.data.length < this.documents.length) list.data = new Uint32Array(this.alive.length);
    return list;
  }

  match(query: NormalizedQuery, wanted: number): CachedResult {
    // Each word once, at its last place: the query's last word stays last (it alone matches as a prefix).
    const terms = query.q === "" ? [] : [...new Set([...this.tokenize(query.q)].reverse())].reverse();
    if (terms.length > 65_000) terms.length = 65_000;
    let conditions = this.conditions(query);
    // Text first: the text result is shared by the disjunctive facet passes. The conditions outside any
    // any-of group apply in every pass, so when there is a posting among them they narrow the text search.
    let within: SlotList | null = null;
    if (terms.length > 0 && conditions.some((condition) => condition.group === null && condition.postings)) {
      within = this.filter(
        conditions.filter((condition) => condition.group === null),
        null,
        null,
        this.scratch(3),
      );
      conditions = conditions.filter((condition) => condition.group !== null);
    }
    const text = terms.length > 0 ? this.scoreText(terms, within) : null;
    try {
      if (text !== null && text.length === 0) return { total: 0, top: [], facets: emptyFacets() };
      const matched = this.filter(conditions, null, text, this.scratch(2));
      const facets = this.countFacets(matched, FACET_FIELDS);
      for (const group of DISJUNCTIVE_GROUPS) {
        if (!conditions.some((condition) => condition.group === group)) continue;
        // The group's own counts: every filter but its own, so its other values stay visible (one extra pass).
        facets[group] = this.countFacets(this.filter(conditions, group, text, this.scratch(3)), [group])[group];
      }
      const top = this.select(matched, wanted, query.sort, text !== null);
      return { total: matched.length, top: top.map((slot) => this.documents[slot] as StoredDocument), facets };
    } finally {
      if (text !== null) for (let i = 0; i < text.length; i++) this.score[text.data[i]] = 0;
    }
  }

  /** The first `wanted` of `matched` in the query's order: a bounded heap, never a full sort. */
  private select(matched: SlotList, wanted: number, sort: NormalizedQuery["sort"], byScore: boolean): number[] {
    const m = matched.length;
    const k = Math.min(wanted, m);
    if (k === 0) return [];
    const { score, skillCount, lastVerified, documents } = this;
    const relevance = byScore && sort === "relevance";
    const first = sort === "lastVerifiedAt" ? lastVerified : skillCount;
    const second = sort === "lastVerifiedAt" ? skillCount : lastVerified;
    /** Negative when slot a comes before slot b. */
    const compare = (a: number, b: number): number =>
      (relevance ? score[b] - score[a] : 0) ||
      first[b] - first[a] ||
      second[b] - second[a] ||
      compareCodeUnits((documents[a] as StoredDocument).id, (documents[b] as StoredDocument).id);
    const data = matched.data;
    if (k === m) return Array.from(data.subarray(0, m)).sort(compare);
    // A max-heap (by order) of the best k so far: its root is the worst of them.
    const heap = Array.from(data.subarray(0, k));
    const down = (from: number) => {
      let at = from;
      const slot = heap[at];
      for (;;) {
        const left = 2 * at + 1;
        if (left >= k) break;
        const right = left + 1;
        const worse = right < k && compare(heap[right], heap[left]) > 0 ? right : left;
        if (compare(heap[worse], slot) <= 0) break;
        heap[at] = heap[worse];
        at = worse;
      }
      heap[at] = slot;
    };
    for (let i = (k >>> 1) - 1; i >= 0; i--) down(i);
    // The root's keys, to reject most slots without calling compare.
    let rootScore = relevance ? score[heap[0]] : 0;
    let rootFirst = first[heap[0]];
    for (let i = k; i < m; i++) {
      const slot = data[i];
      if (relevance) {
        const s = score[slot];
        if (s < rootScore || (s === rootScore && first[slot] < rootFirst)) continue;
      } else if (first[slot] < rootFirst) continue;
      if (compare(slot, heap[0]) < 0) {
        heap[0] = slot;
        down(0);
        rootScore = relevance ? score[heap[0]] : 0;
        rootFirst = first[heap[0]];
      }
    }
    return heap.sort(compare);
  }

  private conditions(query: NormalizedQuery): Condition[] {
    const field: PostingField = query.trustedOnly ? "trusted" : query.includeClaimed ? "any" : "verified";
    const conditions: Condition[] = [];
    const union = (group: DisjunctiveGroup | null, from: PostingField, values: string[]): Condition => {
      const postings = [
        ...new Set(
          values
            .map((value) => this.postings[from].get(value.toLowerCase()))
            .filter((posting): posting is Posting => posting !== undefined),
        ),
      ];
      return { group, postings, size: postings.reduce((sum, p) => sum + p.length, 0) };
    };
    for (const key of query.verifiedSkills) conditions.push(union(null, field, [key]));
    if (query.anySkills.length > 0) conditions.push(union(null, field, query.anySkills));
    if (query.excludedSkills.length > 0) {
      const excluded = new Set<number>();
      for (const posting of union(null, query.includeClaimed ? "any" : "verified", query.excludedSkills).postings ?? []) {
        for (let i = 0; i < posting.length; i++) excluded.add(posting.slots[i]);
      }
      conditions.push({ group: null, test: (slot) => !excluded.has(slot) });
    }
    if (query.trustedOnly && query.verifiedSkills.length === 0 && query.anySkills.length === 0) {
      const hasTrusted = this.hasTrusted;
      conditions.push({ group: null, test: (slot) => hasTrusted[slot] === 1 });
    }
    if (query.issuers.length > 0) conditions.push(union("issuers", "issuers", query.issuers));
    if (query.formats.length > 0) conditions.push(union("formats", "formats", query.formats));
    if (query.achievementTypes.length > 0) {
      conditions.push(union("achievementTypes", "achievementTypes", query.achievementTypes));
    }
    const since = query.verifiedSince;
    if (since !== null) {
      const lastVerified = this.lastVerified;
      conditions.push({ group: null, test: (slot) => lastVerified[slot] >= since });
    }
    return conditions;
  }

  private nextGeneration(): number {
    if (this.generation >= 0xfffffff0) {
      this.stamp.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
  }

  /**
   * Writes into `out` the live slots that pass every condition except those of `excluded`, and the text query
   * when there is one (its matches are the slots with a positive score).
   */
  private filter(conditions: Condition[], excluded: DisjunctiveGroup | null, text: SlotList | null, out: SlotList): SlotList {
    const active = conditions.filter((condition) => excluded === null || condition.group !== excluded);
    const sets = active.filter((condition) => condition.postings !== undefined).sort((a, b) => (a.size ?? 0) - (b.size ?? 0));
    const tests = active.flatMap((condition) => (condition.test ? [condition.test] : []));
    const { alive, stamp, score } = this;
    const data = out.data;
    let n = 0;
    // Start from the smallest source of candidates: the text matches, the smallest filter, or every live slot.
    let rest = sets;
    if (text !== null && (sets.length === 0 || text.length <= (sets[0].size ?? 0))) {
      data.set(text.data.subarray(0, text.length));
      n = text.length;
    } else if (sets.length > 0) {
      rest = sets.slice(1);
      const postings = sets[0].postings as Posting[];
      const generation = postings.length > 1 ? this.nextGeneration() : 0;
      const needsText = text !== null;
      for (const posting of postings) {
        const { slots, length } = posting;
        for (let i = 0; i < length; i++) {
          const slot = slots[i];
          if (alive[slot] === 0 || (needsText && score[slot] === 0)) continue;
          if (generation !== 0) {
            if (stamp[slot] === generation) continue;
            stamp[slot] = generation;
          }
          data[n++] = slot;
        }
      }
    } else {
      const size = this.documents.length;
      for (let slot = 0; slot < size; slot++) if (alive[slot] === 1) data[n++] = slot;
    }
    for (const condition of rest) {
      if (n === 0) break;
      const postings = condition.postings as Posting[];
      let kept = 0;
      if (n * 16 < (condition.size ?? 0)) {
        // Few candidates: look each up in the (ascending) postings.
        for (let i = 0; i < n; i++) {
          const slot = data[i];
          if (postings.some((posting) => contains(posting, slot))) data[kept++] = slot;
        }
      } else {
        const generation = this.nextGeneration();
        for (const posting of postings) {
          const { slots, length } = posting;
          for (let i = 0; i < length; i++) stamp[slots[i]] = generation;
        }
        for (let i = 0; i < n; i++) {
          const slot = data[i];
          if (stamp[slot] === generation) data[kept++] = slot;
        }
      }
      n = kept;
    }
    if (tests.length > 0) {
      let kept = 0;
      for (let i = 0; i < n; i++) {
        const slot = data[i];
        if (tests.every((test) => test(slot))) data[kept++] = slot;
      }
      n = kept;
    }
    out.length = n;
    return out;
  }

  private countFacets(matched: SlotList, fields: readonly FacetField[]): SearchResult["facets"] {
    const facets: SearchResult["facets"] = {};
    const { data, length } = matched;
    // Everything matches: the running totals are the answer. Most match: count the others and subtract.
    const all = length === this.live;
    const complement = !all && length * 2 > this.live;
    let generation = 0;
    if (complement) {
      generation = this.nextGeneration();
      for (let i = 0; i < length; i++) this.stamp[data[i]] = generation;
    }
    const { stamp, alive } = this;
    const size = this.documents.length;
    for (const field of fields) {
      const i = FACET_FIELDS.indexOf(field);
      const dictionary = this.dictionaries[i];
      const { codes, offsets } = this.columns[i];
      const values = dictionary.values.length;
      let counts: Int32Array;
      if (all) {
        counts = dictionary.counts;
      } else if (complement) {
        counts = dictionary.counts.slice(0, values);
        for (let slot = 0; slot < size; slot++) {
          if (alive[slot] === 0 || stamp[slot] === generation) continue;
          for (let j = offsets[slot]; j < offsets[slot + 1]; j++) counts[codes[j]] -= 1;
        }
      } else {
        counts = new Int32Array(values);
        for (let s = 0; s < length; s++) {
          const slot = data[s];
          for (let j = offsets[slot]; j < offsets[slot + 1]; j++) counts[codes[j]] += 1;
        }
      }
      facets[field] = toFacetCounts(topEntries(counts, values, dictionary.values));
    }
    return facets;
  }

  /** The words of a label, remembered across writes (the suggestion list is rebuilt after each one). */
  private readonly labelWords = new Map<string, string[]>();

  suggest(prefix: string, limit: number): SkillSuggestion[] {
    const typed = toSuggestWords(prefix);
    if (typed.length === 0 || limit === 0) return [];
    this.suggestions ??= [...this.skillLabels]
      .map(([key, labels]) => {
        const label = pickMostFrequentLabel(key, labels);
        let count = 0;
        for (const n of labels.values()) count += n;
        let words = this.labelWords.get(label);
        if (words === undefined) {
          if (this.labelWords.size >= TOKENIZED_TEXTS) this.labelWords.clear();
          this.labelWords.set(label, (words = toSuggestWords(label)));
        }
        return { key, label, count, words };
      })
      .sort((a, b) => b.count - a.count || compareCodeUnits(a.key, b.key));
    const out: SkillSuggestion[] = [];
    for (const entry of this.suggestions) {
      if (!matchesSuggestPrefix(entry.words, typed)) continue;
      out.push({ key: entry.key, label: entry.label, count: entry.count });
      if (out.length === limit) break;
    }
    return out;
  }
}

/** A private copy: callers may reuse or change their objects after upsert. */
function toStoredDocument(document: CandidateDocument): StoredDocument {
  return copyDocument(document);
}

/**
 * The values whose count is among the MAX_FACET_VALUES largest (ties at the threshold included, for
 * toFacetCounts to order and trim), without building and sorting an entry per value.
 */
function topEntries(counts: Int32Array, size: number, values: string[]): [string, number][] {
  let nonZero = 0;
  for (let code = 0; code < size; code++) if (counts[code] > 0) nonZero++;
  let threshold = 1;
  if (nonZero > MAX_FACET_VALUES) {
    const sorted = new Int32Array(nonZero);
    let n = 0;
    for (let code = 0; code < size; code++) if (counts[code] > 0) sorted[n++] = counts[code];
    sorted.sort();
    threshold = sorted[nonZero - MAX_FACET_VALUES];
  }
  const entries: [string, number][] = [];
  for (let code = 0; code < size; code++) if (counts[code] >= threshold) entries.push([values[code], counts[code]]);
  return entries;
}

function emptyFacets(): SearchResult["facets"] {
  return Object.fromEntries(FACET_FIELDS.map((field) => [field, {}]));
}

/** A 32-bit set of the word's characters (hashed): each typo adds or removes at most one of them. */
function signature(word: string): number {
  let bits = 0;
  for (let i = 0; i < word.length; i++) bits |= 1 << (word.charCodeAt(i) & 31);
  return bits;
}

function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function toCodes(word: string): Uint16Array {
  const codes = new Uint16Array(word.length);
  for (let i = 0; i < word.length; i++) codes[i] = word.charCodeAt(i);
  return codes;
}

const rowA = new Int32Array(256);
const rowB = new Int32Array(256);

/** Levenshtein distance (UTF-16 code units, as Orama) between `term` and `word` is at most `budget`. */
function withinDistance(term: Uint16Array, word: string, budget: number): boolean {
  const m = term.length;
  const n = word.length;
  if (Math.abs(m - n) > budget) return false;
  if (n + 1 > rowA.length) return slowDistance(term, word) <= budget;
  let previous = rowA;
  let current = rowB;
  for (let j = 0; j <= n; j++) previous[j] = j;
  for (let i = 1; i <= m; i++) {
    current[0] = i;
    let rowMin = i;
    const c = term[i - 1];
    for (let j = 1; j <= n; j++) {
      const cost = c === word.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j - 1] + cost, previous[j] + 1, current[j - 1] + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > budget) return false;
    [previous, current] = [current, previous];
  }
  return previous[n] <= budget;
}

function slowDistance(term: Uint16Array, word: string): number {
  let previous = Array.from({ length: word.length + 1 }, (_, j) => j);
  for (let i = 1; i <= term.length; i++) {
    const current = [i];
    for (let j = 1; j <= word.length; j++) {
      const cost = term[i - 1] === word.charCodeAt(j - 1) ? 0 : 1;
      current[j] = Math.min(previous[j - 1] + cost, previous[j] + 1, current[j - 1] + 1);
    }
    previous = current;
  }
  return previous[word.length];
}

/**
 * Typos allowed for a query word of this length, as Meilisearch's defaults: none below 5 characters, one from 5,
 * two from 9. (Meilisearch counts a transposition as one typo and a wrong first letter as two; this engine's
 * Levenshtein distance counts a transposition as two. The contract tests rely on neither.)
 */
export function typoBudget(word: string): number {
  const length = [...word].length;
  return length >= 9 ? 2 : length >= 5 ? 1 : 0;
}
