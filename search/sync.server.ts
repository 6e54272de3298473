import type { Database } from "#db/client.server";
import { listCandidateIds, loadCandidatesForIndex } from "#db/queries/candidates.server";
import {
  claimDueOutboxRows,
  deleteOutboxRows,
  lockCandidatesForIndexing,
  postponeOutboxRows,
  releasePostponedOutboxRows,
} from "#db/queries/search-outbox.server";
import { toCandidateDocument } from "#search/documents";
import { WriteRefusedError, type CandidateDocument, type SearchEngine } from "#search/engine";

export interface IndexerDeps {
  db: Database;
  search: SearchEngine;
  now?: () => Date;
  log?: (message: string) => void;
}

export interface DrainResult {
  indexed: number;
  removed: number;
  failed: number;
}

/**
 * Processes one batch of the search outbox: rebuilds each named candidate's document from the database and
 * writes it to the engine. If the engine fails, the rows stay (with backoff) and nothing is lost.
 */
export async function drainOutboxOnce(deps: IndexerDeps, batchSize = 200): Promise<DrainResult> {
  const now = deps.now?.() ?? new Date();
  return deps.db.transaction(async (tx) => {
    const db = tx as unknown as Database;
    const rows = await claimDueOutboxRows(db, now, batchSize);
    if (rows.length === 0) return { indexed: 0, removed: 0, failed: 0 };
    const candidateIds = [...new Set(rows.map((r) => r.candidateId))];
    const rowIds = rows.map((r) => r.id);
    // Before reading them: a drain that has these candidates in hand finishes (its write reaches the engine)
    // before this one reads them, so this one's documents are the newer and are sent after its.
    await lockCandidatesForIndexing(db, candidateIds);
    const loaded = await loadCandidatesForIndex(db, candidateIds);
    const documents = new Map(loaded.map((c) => [c.candidate.id, toCandidateDocument(c)]));
    let refused: RefusedWrites = new Map();
    try {
      await writeToEngine(deps.search, candidateIds, documents);
    } catch (error) {
      // The engine refused the batch (a failed task): perhaps for one document only. Try them one by one, so that
      // one refused document does not hold back the rest.
      if (!(error instanceof WriteRefusedError) || candidateIds.length === 1) {
        const message = errorMessage(error);
        deps.log?.(`search index update failed for ${candidateIds.length} candidate(s), will retry: ${message}`);
        await postponeOutboxRows(db, rowIds, now, message);
        return { indexed: 0, removed: 0, failed: candidateIds.length };
      }
      refused = await writeOneByOne(deps.search, candidateIds, documents);
      if (refused.size > 0) {
        const first = refused.values().next().value as string;
        deps.log?.(
          `search engine refused ${refused.size} of ${candidateIds.length} candidate(s), will retry them: ${first}`,
        );
      }
    }
    await deleteOutboxRows(
      db,
      rows.filter((row) => !refused.has(row.candidateId)).map((row) => row.id),
    );
    // The engine is back (or never left): what earlier failures postponed is due now, not at its own retry time.
    // Before the refused rows below are postponed, so that they keep their backoff.
    if (refused.size < candidateIds.length) await releasePostponedOutboxRows(db, now);
    for (const [candidateId, message] of refused) {
      const ids = rows.filter((row) => row.candidateId === candidateId).map((row) => row.id);
      await postponeOutboxRows(db, ids, now, message);
    }
    const written = candidateIds.filter((id) => !refused.has(id));
    const indexed = written.filter((id) => documents.has(id)).length;
    return { indexed, removed: written.length - indexed, failed: refused.size };
  });
}

/** Candidate id → why the engine refused its document. */
type RefusedWrites = Map<string, string>;

/** Upserts the documents that exist and removes the candidates that are gone. */
async function writeToEngine(search: SearchEngine, candidateIds: string[], documents: Map<string, CandidateDocument>) {
  const gone = candidateIds.filter((id) => !documents.has(id));
  if (documents.size > 0) await search.upsert([...documents.values()]);
  if (gone.length > 0) await search.remove(gone);
}

async function writeOneByOne(
  search: SearchEngine,
  candidateIds: string[],
  documents: Map<string, CandidateDocument>,
): Promise<RefusedWrites> {
  const refused: RefusedWrites = new Map();
  for (const id of candidateIds) {
    const document = documents.get(id);
    try {
      await writeToEngine(search, [id], document ? new Map([[id, document]]) : new Map());
    } catch (error) {
      refused.set(id, errorMessage(error));
    }
  }
  return refused;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Drains until no due row is left (or a batch fails). */
export async function drainOutbox(deps: IndexerDeps): Promise<DrainResult> {
  const total: DrainResult = { indexed: 0, removed: 0, failed: 0 };
  for (;;) {
    const batch = await drainOutboxOnce(deps);
    total.indexed += batch.indexed;
    total.removed += batch.removed;
    total.failed += batch.failed;
    if (batch.failed || batch.indexed + batch.removed === 0) return total;
  }
}

/** Rebuilds the whole index from the database, reporting progress as it goes. */
export async function rebuildIndex(
  deps: IndexerDeps,
  onProgress: (done: number) => void = () => {},
  pageSize = 500,
): Promise<number> {
  await deps.search.prepare();
  await deps.search.clear();
  let done = 0;
  let after: string | null = null;
  for (;;) {
    const ids = await listCandidateIds(deps.db, after, pageSize);
    if (ids.length === 0) return done;
    const loaded = await loadCandidatesForIndex(deps.db, ids);
    await deps.search.upsert(loaded.map(toCandidateDocument));
    done += loaded.length;
    after = ids[ids.length - 1];
    onProgress(done);
  }
}

export interface Indexer {
  /** Asks for a drain soon, e.g. right after a submission commits. */
  nudge(): void;
  /** Drains everything due now; resolves when the outbox is empty or a batch failed. */
  flush(): Promise<DrainResult>;
  stop(): Promise<void>;
}

/** Runs the outbox drain in the background: on every nudge, and on an interval to pick up retries. */
export function startIndexer(deps: IndexerDeps, intervalMs = 1000): Indexer {
  let running: Promise<DrainResult> | null = null;
  let again = false;
  let stopped = false;
  const run = (): Promise<DrainResult> => {
    if (running) {
      again = true;
      return running;
    }
    running = drainOutbox(deps)
      .catch((error) => {
        deps.log?.(`search indexer error: ${error instanceof Error ? error.message : String(error)}`);
        return { indexed: 0, removed: 0, failed: 1 };
      })
      .finally(() => {
        running = null;
        if (again && !stopped) {
          again = false;
          void run();
        }
      });
    return running;
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return {
    nudge: () => void run(),
    flush: async () => {
      if (running) await running;
      return run();
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
