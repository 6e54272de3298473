/**
 * The embedded engine's filters: exact postings (value → ascending slots), all lower-cased as Meilisearch's `=`
 * is case-insensitive, intersected smallest first (generation stamps, or binary search when few candidates are
 * left). One condition per skill key, never a candidate-wide pairing (docs/decisions/005-search-documents.md).
 */
import type { CandidateDocument } from "#search/engine";
import type { DisjunctiveGroup, NormalizedQuery } from "#search/query";
import { Posting, contains, type SlotList, type Slots } from "./slots";

/** Exact-match filter postings: verified skills, verified or claimed ones, trusted ones, and the any-of groups. */
type PostingField = "verified" | "any" | "trusted" | "issuers" | "formats" | "achievementTypes";

/** A filter: slots in the union of postings, or a per-slot test. `group`: its any-of group, if any. */
export interface Condition {
  group: DisjunctiveGroup | null;
  postings?: Posting[];
  size?: number;
  test?: (slot: number) => boolean;
}

function postingMaps(): Record<PostingField, Map<string, Posting>> {
  return {
    verified: new Map(),
    any: new Map(),
    trusted: new Map(),
    issuers: new Map(),
    formats: new Map(),
    achievementTypes: new Map(),
  };
}

export class FilterIndex {
  private readonly postings = postingMaps();
  /** The same postings by each value as written (a cache for writes). */
  private readonly rawPostings = postingMaps();

  constructor(private readonly slots: Slots) {}

  /** Indexes a document's filter values (the last-entry check drops values that differ only in case). */
  add(document: CandidateDocument, slot: number): void {
    this.addPostings("verified", document.verifiedSkills, slot);
    this.addPostings("any", document.verifiedSkills, slot);
    this.addPostings("any", document.claimedSkills, slot);
    this.addPostings("trusted", document.vskillTrusted, slot);
    this.addPostings("issuers", document.issuers, slot);
    this.addPostings("formats", document.formats, slot);
    this.addPostings("achievementTypes", document.achievementTypes, slot);
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

  /** The query's filter conditions (text aside). */
  conditions(query: NormalizedQuery): Condition[] {
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
      for (const posting of union(null, query.includeClaimed ? "any" : "verified", query.excludedSkills).postings ??
        []) {
        for (let i = 0; i < posting.length; i++) excluded.add(posting.slots[i] as number);
      }
      conditions.push({ group: null, test: (slot) => !excluded.has(slot) });
    }
    if (query.trustedOnly && query.verifiedSkills.length === 0 && query.anySkills.length === 0) {
      const hasTrusted = this.slots.hasTrusted;
      conditions.push({ group: null, test: (slot) => hasTrusted[slot] === 1 });
    }
    if (query.issuers.length > 0) conditions.push(union("issuers", "issuers", query.issuers));
    if (query.formats.length > 0) conditions.push(union("formats", "formats", query.formats));
    if (query.achievementTypes.length > 0) {
      conditions.push(union("achievementTypes", "achievementTypes", query.achievementTypes));
    }
    const since = query.verifiedSince;
    if (since !== null) {
      const lastVerified = this.slots.lastVerified;
      conditions.push({ group: null, test: (slot) => lastVerified[slot] >= since });
    }
    return conditions;
  }

  /**
   * Writes into `out` the live slots that pass every condition except those of `excluded`, and the text query
   * when there is one (its matches are the slots with a positive score).
   */
  filter(conditions: Condition[], excluded: DisjunctiveGroup | null, text: SlotList | null, out: SlotList): SlotList {
    const active = conditions.filter((condition) => excluded === null || condition.group !== excluded);
    const sets = active
      .filter((condition) => condition.postings !== undefined)
      .sort((a, b) => (a.size ?? 0) - (b.size ?? 0));
    const tests = active.flatMap((condition) => (condition.test ? [condition.test] : []));
    const { alive, stamp, score } = this.slots;
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
      const generation = postings.length > 1 ? this.slots.nextGeneration() : 0;
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
      const size = this.slots.documents.length;
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
        const generation = this.slots.nextGeneration();
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
}
