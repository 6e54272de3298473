import { and, asc, count, gt, inArray, lte, sql } from "drizzle-orm";
import type { Database } from "../client.server";
import { searchOutbox } from "../schema/index";

type Executor = Pick<Database, "insert">;

/** Call inside the transaction that changes the candidate, so the index can never miss the change. */
export async function enqueueCandidateIndexing(tx: Executor, candidateIds: string[]): Promise<void> {
  if (candidateIds.length === 0) return;
  await tx.insert(searchOutbox).values(candidateIds.map((candidateId) => ({ candidateId })));
}

export async function countPendingOutbox(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(searchOutbox);
  return Number(row?.n ?? 0);
}

/**
 * Locks a batch of due rows for the rest of the transaction. SKIP LOCKED lets several app instances drain
 * the outbox at once without waiting on, or processing twice, each other's rows.
 */
export async function claimDueOutboxRows(tx: Database, now: Date, limit: number) {
  return tx
    .select()
    .from(searchOutbox)
    .where(lte(searchOutbox.availableAt, now))
    .orderBy(asc(searchOutbox.id))
    .limit(limit)
    .for("update", { skipLocked: true });
}

/** The first key of the two-key advisory locks that serialise indexing per candidate ("idx!" in ASCII). */
const INDEXING_LOCK_CLASS = 0x69647821;

/**
 * Takes a transaction-scoped lock per candidate, waiting for any other drain that holds one: two drains (two
 * instances, or the app and a CLI command) never rebuild the same candidate's document at once. Without it, a
 * drain that read a candidate before a change committed could send its now-stale document to the engine after
 * the drain that read the change sent the fresh one: the engine applies writes in the order it receives them,
 * so the stale one would win, and both outbox rows would be gone (issue 13, the stale document after the
 * database outage). Locks are taken in one order (by key), so two drains cannot deadlock on them; a hash
 * collision only makes two candidates wait for each other.
 */
export async function lockCandidatesForIndexing(tx: Database, candidateIds: string[]): Promise<void> {
  if (candidateIds.length === 0) return;
  await tx.execute(sql`
    select pg_advisory_xact_lock(${INDEXING_LOCK_CLASS}, k)
    from (select distinct hashtext(id) as k from unnest(array[${sql.join(
      candidateIds.map((id) => sql`${id}`),
      sql`, `,
    )}]::text[]) as id order by k) as keys`);
}

export async function deleteOutboxRows(tx: Database, ids: number[]): Promise<void> {
  if (ids.length) await tx.delete(searchOutbox).where(inArray(searchOutbox.id, ids));
}

export const MAX_BACKOFF_SECONDS = 60;

/**
 * Pushes rows back with exponential backoff: 2^attempts seconds, at most a minute (a minute of search outage costs
 * one failed batch per process; a recruiter waits at most that long after the engine is back).
 */
export async function postponeOutboxRows(tx: Database, ids: number[], now: Date, error: string): Promise<void> {
  if (ids.length === 0) return;
  await tx
    .update(searchOutbox)
    .set({
      attempts: sql`${searchOutbox.attempts} + 1`,
      lastError: error.slice(0, 1000),
      availableAt: sql`${now.toISOString()}::timestamptz + least(power(2, ${searchOutbox.attempts} + 1), ${MAX_BACKOFF_SECONDS}) * interval '1 second'`,
    })
    .where(inArray(searchOutbox.id, ids));
}

/**
 * The engine has just accepted a write: rows waiting out a backoff from earlier failures are made due now, so the
 * index catches up at once instead of each row waiting for its own retry time.
 */
export async function releasePostponedOutboxRows(tx: Database, now: Date): Promise<number> {
  // SKIP LOCKED: a row another drain holds is its business, and waiting for it while holding candidate locks
  // that drain may be waiting for would deadlock.
  const postponed = tx
    .select({ id: searchOutbox.id })
    .from(searchOutbox)
    .where(and(gt(searchOutbox.availableAt, now), gt(searchOutbox.attempts, 0)))
    .for("update", { skipLocked: true });
  const released = await tx
    .update(searchOutbox)
    .set({ availableAt: now })
    .where(inArray(searchOutbox.id, postponed))
    .returning({ id: searchOutbox.id });
  return released.length;
}
