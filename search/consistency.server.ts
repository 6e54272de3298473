/**
 * Does the search index hold what the database says it should? The database is the source of truth
 * (decision 002); this compares the two, page by page on both sides, and names the candidates that differ.
 * Used by `attest check-index` and by the fault scenarios of the stress scripts.
 */
import { createHash } from "node:crypto";
import { inArray } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { listCandidateIds, loadCandidatesForIndex } from "#db/queries/candidates.server";
import { enqueueCandidateIndexing } from "#db/queries/search-outbox.server";
import { searchOutbox } from "#db/schema/index";
import { toCandidateDocument } from "#search/documents";
import { DOCUMENT_FIELDS, type CandidateDocument, type SearchEngine } from "#search/engine";

export interface IndexConsistency {
  /** Candidates in the database. */
  candidates: number;
  /** Documents in the index. */
  indexed: number;
  /** Candidates with an outbox row not yet applied: the indexer has work to do for them, so they are not compared. */
  pending: number;
  /** In the database, not in the index: a recruiter can never find them. */
  lost: string[];
  /** In the index, not in the database: a deleted or withdrawn candidate who can still be found. */
  orphaned: string[];
  /** In both, but the document differs from the one the database builds now (e.g. a revoked skill still verified). */
  stale: string[];
  /** For each stale id, the fields that differ. */
  staleFields: Record<string, string[]>;
}

export interface ConsistencyDeps {
  db: Database;
  search: SearchEngine;
}

export interface ConsistencyOptions {
  /** Candidates (and documents) read per page. Default 500. */
  pageSize?: number;
  onProgress?: (step: "index" | "database", done: number) => void;
}

/**
 * Compares the database with the search index. Both sides are read a page at a time, so memory grows with the
 * number of candidates only by an id and a 32-byte digest each, never by whole documents.
 *
 * The app keeps running while this reads, so a difference seen during the scan may be a write in flight. Three
 * things keep such writes from being reported:
 * - candidates with an outbox row, read before and again after the scan, are skipped and counted as pending
 *   (a change always commits with its outbox row, and the indexer deletes the row only after writing the index);
 * - each difference is looked at a second time, by id, on both sides (an index page that shifted under a write
 *   may skip a document; the second look finds it);
 * - what still differs, but whose candidate has an outbox row by the end of that second look, is pending too.
 * A change that commits and is indexed entirely between the two reads of the second look can still be reported
 * once; running the check again tells it apart from a real difference.
 */
export async function checkIndexConsistency(
  deps: ConsistencyDeps,
  options: ConsistencyOptions = {},
): Promise<IndexConsistency> {
  const pageSize = options.pageSize ?? 500;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`Invalid page size: ${pageSize}`);
  const pending = await pendingCandidateIds(deps.db);

  // The index side: id → digest of the stored document.
  const indexed = new Map<string, string>();
  for (let offset = 0; ; offset += pageSize) {
    const page = await deps.search.listDocuments({ offset, limit: pageSize });
    for (const document of page.documents) indexed.set(document.id, digest(document));
    options.onProgress?.("index", indexed.size);
    if (page.documents.length < pageSize) break;
  }

  // The database side, in id order, each candidate's document built as the indexer would build it now.
  const suspects = new Set<string>();
  const seen = new Set<string>();
  let candidates = 0;
  let after: string | null = null;
  for (;;) {
    const ids = await listCandidateIds(deps.db, after, pageSize);
    if (ids.length === 0) break;
    after = ids[ids.length - 1];
    candidates += ids.length;
    for (const loaded of await loadCandidatesForIndex(deps.db, ids)) {
      const id = loaded.candidate.id;
      seen.add(id);
      if (indexed.get(id) !== digest(toCandidateDocument(loaded))) suspects.add(id);
    }
    // Deleted between the two queries: it is the index's job to drop it, and the outbox says so.
    for (const id of ids) if (!seen.has(id)) suspects.add(id);
    options.onProgress?.("database", candidates);
  }
  for (const id of indexed.keys()) if (!seen.has(id)) suspects.add(id);
  for (const id of await pendingCandidateIds(deps.db)) pending.add(id);

  const result: IndexConsistency = {
    candidates,
    indexed: indexed.size,
    pending: 0,
    lost: [],
    orphaned: [],
    stale: [],
    staleFields: {},
  };
  const toConfirm = [...suspects].filter((id) => !pending.has(id));
  for (let start = 0; start < toConfirm.length; start += pageSize) {
    const batch = toConfirm.slice(start, start + pageSize);
    const stored = new Map((await deps.search.getDocuments(batch)).map((document) => [document.id, document]));
    const built = new Map(
      (await loadCandidatesForIndex(deps.db, batch)).map((loaded) => [
        loaded.candidate.id,
        toCandidateDocument(loaded),
      ]),
    );
    const pendingNow = await pendingCandidateIds(deps.db, batch);
    for (const id of batch) {
      if (pendingNow.has(id)) {
        pending.add(id);
        continue;
      }
      const inIndex = stored.get(id);
      const inDatabase = built.get(id);
      if (inDatabase && !inIndex) result.lost.push(id);
      else if (inIndex && !inDatabase) result.orphaned.push(id);
      else if (inIndex && inDatabase) {
        const fields = differingFields(inIndex, inDatabase);
        if (fields.length > 0) {
          result.stale.push(id);
          result.staleFields[id] = fields;
        }
      }
    }
  }
  result.pending = pending.size;
  for (const list of [result.lost, result.orphaned, result.stale]) list.sort();
  return result;
}

export function isConsistent(result: IndexConsistency): boolean {
  return result.lost.length === 0 && result.orphaned.length === 0 && result.stale.length === 0;
}

/**
 * Asks the indexer to fix every difference found: one outbox row per candidate, in one transaction. The indexer
 * rebuilds each document from the database, or removes it when the candidate is gone (decision 002), so the
 * repair goes through the one path that writes the index. Returns how many rows were written.
 */
export async function enqueueRepairs(db: Database, result: IndexConsistency): Promise<number> {
  const ids = [...new Set([...result.lost, ...result.orphaned, ...result.stale])];
  if (ids.length === 0) return 0;
  await db.transaction(async (tx) => {
    for (let start = 0; start < ids.length; start += 1000)
      await enqueueCandidateIndexing(tx, ids.slice(start, start + 1000));
  });
  return ids.length;
}

/**
 * `check-index --repair` and the admin page's button: makes the index again (with its settings) when it was
 * deleted, or applies the settings again, then enqueues a repair per difference. Returns how many were enqueued.
 */
export async function repairIndex(deps: ConsistencyDeps, result: IndexConsistency): Promise<number> {
  if (isConsistent(result)) return 0;
  await deps.search.prepare();
  return enqueueRepairs(deps.db, result);
}

/** Candidates with an outbox row (due or backing off after a failure); only among `among` when given. */
async function pendingCandidateIds(db: Database, among?: string[]): Promise<Set<string>> {
  if (among !== undefined && among.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ candidateId: searchOutbox.candidateId })
    .from(searchOutbox)
    .where(among ? inArray(searchOutbox.candidateId, among) : undefined);
  return new Set(rows.map((row) => row.candidateId));
}

/** The compared fields in a fixed order; a field the index left out counts as different from any value. */
function canonical(document: CandidateDocument): string {
  return JSON.stringify(DOCUMENT_FIELDS.map((field) => document[field] ?? null));
}

function digest(document: CandidateDocument): string {
  return createHash("sha256").update(canonical(document)).digest("base64");
}

function differingFields(stored: CandidateDocument, built: CandidateDocument): string[] {
  return DOCUMENT_FIELDS.filter(
    (field) => JSON.stringify(stored[field] ?? null) !== JSON.stringify(built[field] ?? null),
  );
}
