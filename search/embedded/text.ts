/**
 * The embedded engine's text index: Orama's tokenizer splits the text (so both engines see the same words), and
 * the vocabulary is a word → posting map (slots and the best field weight, in typed arrays). A query word is first
 * expanded to the vocabulary words it matches (exactly, as a prefix, or within its typo budget: a bounded
 * Levenshtein over the words of nearby lengths, pre-filtered by a character signature), and only then are
 * postings read. Every word of a text query must match somewhere, as with Meilisearch's `matchingStrategy: "all"`.
 */
import { tokenizer as oramaTokenizer } from "@orama/orama/components";
import type { CandidateDocument } from "#search/engine";
import { TEXT_FIELDS, compareCodeUnits } from "#search/query";
import { Posting, type SlotList, type Slots } from "./slots";

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

/** Distinct texts whose tokens are remembered. */
export const TOKENIZED_TEXTS = 50_000;

/** A vocabulary word and where it occurs. */
interface Word {
  text: string;
  /** Slots holding the word, and per slot the best BOOST of a field that contains it. */
  posting: Posting;
  /** A 32-bit set of (hashed) characters, to rule out typo matches cheaply. */
  signature: number;
}

export class TextIndex {
  private readonly tokenizer = oramaTokenizer.createTokenizer();
  private readonly vocabulary = new Map<string, Word>();
  /** Vocabulary words in code-unit order, for prefix ranges. */
  private sortedWords: Word[] = [];
  /** Words added by the write in progress, not yet in sortedWords. */
  private newWords: Word[] = [];
  /** Vocabulary words by length, for typo matching. */
  private readonly wordsByLength: Word[][] = [];

  constructor(private readonly slots: Slots) {}

  /**
   * Indexes a document's text: each distinct word once, with the best weight of the fields it occurs in. Slots
   * only grow, so a word already seen in this document is the last entry of its posting.
   */
  add(document: CandidateDocument, slot: number): void {
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
  }

  /** Merges the words added since the last call into the sorted vocabulary (once per write, not per word). */
  mergeNewWords(): void {
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
  tokenize(text: string): string[] {
    let words = this.tokenized.get(text);
    if (words === undefined) {
      if (this.tokenized.size >= TOKENIZED_TEXTS) this.tokenized.clear();
      words = this.tokenizer.tokenize(text);
      this.tokenized.set(text, words);
    }
    return words;
  }

  /** A query's words: each once, at its last place, so the query's last word stays last (it alone is a prefix). */
  queryTerms(q: string): string[] {
    if (q === "") return [];
    const terms = [...new Set([...this.tokenize(q)].reverse())].reverse();
    if (terms.length > 65_000) terms.length = 65_000;
    return terms;
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
          if (
            bitCount(termSignature & ~word.signature) > budget ||
            bitCount(word.signature & ~termSignature) > budget
          ) {
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
   * matches when every word matched. Leaves the total in the slots' `score` (zero elsewhere; the caller resets
   * it) and returns the matched slots (a scratch list). With `within` (live slots), only those can match: a
   * posting much longer than the candidates left is then probed per candidate (postings are ascending) instead
   * of scanned.
   */
  score(terms: string[], within: SlotList | null): SlotList {
    const { score, best, wordsMatched, alive } = this.slots;
    // A document is still in the race for word w when wordsMatched is base + w.
    const base = within === null ? 0 : 1;
    let candidates: SlotList;
    if (within === null) {
      candidates = this.slots.scratch(0);
      candidates.length = 0;
    } else {
      candidates = within;
      for (let i = 0; i < within.length; i++) wordsMatched[within.data[i]] = 1;
    }
    for (let wordIndex = 0; wordIndex < terms.length; wordIndex++) {
      const level = base + wordIndex;
      const restricted = level > 0;
      const touched = this.slots.scratch(wordIndex % 2 === 0 ? 1 : 0);
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
