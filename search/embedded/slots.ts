import type { CandidateDocument } from "#search/engine";

/** A growable list of slots (with a byte per entry when `withBytes`), in insertion order (ascending slots). */
export class Posting {
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

/** Whether an ascending posting holds `slot` (binary search). */
export function contains(posting: Posting, slot: number): boolean {
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

/** Slots in a reusable buffer: `data[0..length)`. */
export interface SlotList {
  data: Uint32Array;
  length: number;
}

/**
 * What the text, filter and facet parts of the embedded index share, per numeric document slot: the stored
 * documents, which slots are alive, the sort keys, and scratch space for queries (sized to the slots and left
 * zeroed, or stamped, between queries). Slots are appended and never reused; a removed document's slot is dead
 * until the next rebuild.
 */
export class Slots {
  /** A private copy of each live document (hits, removal and rebuilds read it); undefined once dead. */
  documents: (CandidateDocument | undefined)[] = [];
  alive = new Uint8Array(1024);
  skillCount = new Float64Array(1024);
  lastVerified = new Float64Array(1024);
  hasTrusted = new Uint8Array(1024);
  live = 0;
  readonly slotById = new Map<string, number>();

  stamp = new Uint32Array(1024);
  private generation = 0;
  score = new Float64Array(1024);
  best = new Float64Array(1024);
  wordsMatched = new Uint16Array(1024);
  private readonly lists: SlotList[] = [];

  ensureCapacity(size: number): void {
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

  /** A fresh stamp value: a slot is marked when `stamp[slot]` equals it. */
  nextGeneration(): number {
    if (this.generation >= 0xfffffff0) {
      this.stamp.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
  }

  /** Scratch lists 0 and 1 serve text scoring, 2 the filtered result, 3 the disjunctive passes. */
  scratch(which: number): SlotList {
    const list = (this.lists[which] ??= { data: new Uint32Array(0), length: 0 });
    if (list.data.length < this.documents.length) list.data = new Uint32Array(this.alive.length);
    return list;
  }
}
