/**
 * The embedded engine's facets and skill suggestions. Facets count integer codes per slot; when most candidates
 * match, the complement is counted and subtracted from running totals kept at write time. Suggestions come from
 * the verified skills' labels, counted at write time.
 */
import type { CandidateDocument, SearchResult, SkillSuggestion } from "#search/engine";
import {
  FACET_FIELDS,
  MAX_FACET_VALUES,
  compareCodeUnits,
  matchesSuggestPrefix,
  pickMostFrequentLabel,
  toFacetCounts,
  toSuggestWords,
} from "#search/query";
import type { SlotList, Slots } from "./slots";
import { TOKENIZED_TEXTS } from "./text";

type FacetField = (typeof FACET_FIELDS)[number];

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

interface SuggestEntry extends SkillSuggestion {
  words: string[];
}

export class FacetIndex {
  private readonly dictionaries = FACET_FIELDS.map(() => new Dictionary());
  private readonly columns = FACET_FIELDS.map(() => new CodeColumn());
  /** Verified skill key → label → candidates showing that label. */
  private readonly skillLabels = new Map<string, Map<string, number>>();
  private suggestions: SuggestEntry[] | null = null;
  /** The words of a label, remembered across writes (the suggestion list is rebuilt after each one). */
  private readonly labelWords = new Map<string, string[]>();

  constructor(private readonly slots: Slots) {}

  /** Counts a document's facet values and skill labels. Call once per slot, in slot order. */
  add(document: CandidateDocument, slot: number): void {
    this.suggestions = null;
    this.addCodes(0, document.verifiedSkills, slot);
    this.addCodes(1, document.issuers, slot);
    this.addCodes(2, document.formats, slot);
    this.addCodes(3, document.achievementTypes, slot);
    this.addCodes(4, document.vskillTrusted, slot);
    document.verifiedSkills.forEach((key, i) => {
      let labels = this.skillLabels.get(key);
      if (labels === undefined) this.skillLabels.set(key, (labels = new Map()));
      const label = document.verifiedSkillLabels[i] ?? key;
      labels.set(label, (labels.get(label) ?? 0) + 1);
    });
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

  /** Takes a dead slot's document out of the running totals and the skill labels. */
  remove(document: CandidateDocument, slot: number): void {
    this.suggestions = null;
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

  /** Value counts of `fields` over the matched slots. */
  count(matched: SlotList, fields: readonly FacetField[]): SearchResult["facets"] {
    const facets: SearchResult["facets"] = {};
    const { data, length } = matched;
    // Everything matches: the running totals are the answer. Most match: count the others and subtract.
    const all = length === this.slots.live;
    const complement = !all && length * 2 > this.slots.live;
    let generation = 0;
    if (complement) {
      generation = this.slots.nextGeneration();
      for (let i = 0; i < length; i++) this.slots.stamp[data[i]] = generation;
    }
    const { stamp, alive } = this.slots;
    const size = this.slots.documents.length;
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

export function emptyFacets(): SearchResult["facets"] {
  return Object.fromEntries(FACET_FIELDS.map((field) => [field, {}]));
}
