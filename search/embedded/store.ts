/**
 * The embedded engine's index: documents in numeric slots (./slots), with a text index (./text), filter postings
 * (./filters) and facet counts (./facets) over them. Removal marks a slot dead; the structures are rebuilt
 * (synchronously, in that write) once dead slots outnumber live ones. A write costs its documents' postings plus
 * one merge of any new words into the sorted vocabulary: nothing is re-sorted per query or per write.
 */
import { copyDocument, type CandidateDocument, type SearchResult, type SkillSuggestion } from "#search/engine";
import { DISJUNCTIVE_GROUPS, FACET_FIELDS, compareCodeUnits, type NormalizedQuery } from "#search/query";
import { FacetIndex, emptyFacets } from "./facets";
import { FilterIndex } from "./filters";
import { Slots, type SlotList } from "./slots";
import { TextIndex } from "./text";

/** Removed (or replaced) documents leave dead slots; the index is rebuilt once there are more dead than live. */
const MIN_DEAD_FOR_COMPACTION = 1000;

/** A query's result: total, facets, and the first `top.length` hits in order (all of them when complete). */
export interface MatchResult {
  total: number;
  facets: SearchResult["facets"];
  top: CandidateDocument[];
}

export class EmbeddedIndex {
  private slots = new Slots();
  private text = new TextIndex(this.slots);
  private filters = new FilterIndex(this.slots);
  private facets = new FacetIndex(this.slots);

  /** Live documents `offset` to `offset + limit` in slot order (copies), and how many are live. */
  page(offset: number, limit: number): { total: number; documents: CandidateDocument[] } {
    const documents: CandidateDocument[] = [];
    let skipped = 0;
    for (const document of this.slots.documents) {
      if (document === undefined) continue;
      if (documents.length === limit) break;
      if (skipped < offset) skipped++;
      else documents.push(copyDocument(document));
    }
    return { total: this.slots.live, documents };
  }

  get(ids: string[]): CandidateDocument[] {
    const found: CandidateDocument[] = [];
    for (const id of new Set(ids)) {
      const slot = this.slots.slotById.get(id);
      const document = slot === undefined || this.slots.alive[slot] !== 1 ? undefined : this.slots.documents[slot];
      if (document !== undefined) found.push(copyDocument(document));
    }
    return found;
  }

  write(removeIds: string[], insert: CandidateDocument[]): void {
    for (const id of removeIds) {
      const slot = this.slots.slotById.get(id);
      if (slot !== undefined) this.kill(slot);
    }
    const dead = this.slots.documents.length - this.slots.live;
    if (dead >= MIN_DEAD_FOR_COMPACTION && dead > this.slots.live + insert.length) this.rebuild(insert);
    else for (const document of insert) this.insert(document, true);
    this.text.mergeNewWords();
  }

  /** Starts over from the live documents (and `more`): drops dead slots and words no one holds any more. */
  private rebuild(more: CandidateDocument[]): void {
    const keep = this.slots.documents.filter((document): document is CandidateDocument => document !== undefined);
    const fresh = new EmbeddedIndex();
    for (const document of keep) fresh.insert(document, false);
    for (const document of more) fresh.insert(document, true);
    fresh.text.mergeNewWords();
    ({ slots: this.slots, text: this.text, filters: this.filters, facets: this.facets } = fresh);
  }

  /** `copy`: false only when re-inserting a stored document on rebuild (already private). */
  private insert(input: CandidateDocument, copy: boolean): void {
    const slots = this.slots;
    const slot = slots.documents.length;
    slots.ensureCapacity(slot + 1);
    // A private copy: callers may reuse or change their objects after upsert.
    const document = copy ? copyDocument(input) : input;
    slots.documents.push(document);
    slots.slotById.set(document.id, slot);
    slots.alive[slot] = 1;
    slots.live++;
    slots.skillCount[slot] = document.verifiedSkillCount;
    slots.lastVerified[slot] = document.lastVerifiedAt;
    slots.hasTrusted[slot] = document.vskillTrusted.length > 0 ? 1 : 0;
    this.text.add(document, slot);
    this.filters.add(document, slot);
    this.facets.add(document, slot);
  }

  /** Marks a slot dead: postings keep it until the next rebuild, but every reader skips it. */
  private kill(slot: number): void {
    const slots = this.slots;
    const document = slots.documents[slot] as CandidateDocument;
    slots.alive[slot] = 0;
    slots.live--;
    slots.slotById.delete(document.id);
    slots.documents[slot] = undefined;
    this.facets.remove(document, slot);
  }

  match(query: NormalizedQuery, wanted: number): MatchResult {
    const terms = this.text.queryTerms(query.q);
    let conditions = this.filters.conditions(query);
    // Text first: the text result is shared by the disjunctive facet passes. The conditions outside any
    // any-of group apply in every pass, so when there is a posting among them they narrow the text search.
    let within: SlotList | null = null;
    if (terms.length > 0 && conditions.some((condition) => condition.group === null && condition.postings)) {
      within = this.filters.filter(
        conditions.filter((condition) => condition.group === null),
        null,
        null,
        this.slots.scratch(3),
      );
      conditions = conditions.filter((condition) => condition.group !== null);
    }
    const text = terms.length > 0 ? this.text.score(terms, within) : null;
    try {
      if (text !== null && text.length === 0) return { total: 0, top: [], facets: emptyFacets() };
      const matched = this.filters.filter(conditions, null, text, this.slots.scratch(2));
      const facets = this.facets.count(matched, FACET_FIELDS);
      for (const group of DISJUNCTIVE_GROUPS) {
        if (!conditions.some((condition) => condition.group === group)) continue;
        // The group's own counts: every filter but its own, so its other values stay visible (one extra pass).
        facets[group] = this.facets.count(this.filters.filter(conditions, group, text, this.slots.scratch(3)), [group])[
          group
        ];
      }
      const top = this.select(matched, wanted, query.sort, text !== null);
      return { total: matched.length, top: top.map((slot) => this.slots.documents[slot] as CandidateDocument), facets };
    } finally {
      if (text !== null) for (let i = 0; i < text.length; i++) this.slots.score[text.data[i]] = 0;
    }
  }

  suggest(prefix: string, limit: number): SkillSuggestion[] {
    return this.facets.suggest(prefix, limit);
  }

  /** The first `wanted` of `matched` in the query's order: a bounded heap, never a full sort. */
  private select(matched: SlotList, wanted: number, sort: NormalizedQuery["sort"], byScore: boolean): number[] {
    const m = matched.length;
    const k = Math.min(wanted, m);
    if (k === 0) return [];
    const { score, skillCount, lastVerified, documents } = this.slots;
    const relevance = byScore && sort === "relevance";
    const first = sort === "lastVerifiedAt" ? lastVerified : skillCount;
    const second = sort === "lastVerifiedAt" ? skillCount : lastVerified;
    /** Negative when slot a comes before slot b. */
    const compare = (a: number, b: number): number =>
      (relevance ? score[b] - score[a] : 0) ||
      first[b] - first[a] ||
      second[b] - second[a] ||
      compareCodeUnits((documents[a] as CandidateDocument).id, (documents[b] as CandidateDocument).id);
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
}
