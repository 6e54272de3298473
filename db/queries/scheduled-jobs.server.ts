import { and, eq, lte, sql } from "drizzle-orm";
import type { Database } from "../client.server";
import { scheduledJobs, type ScheduledJobRow } from "../schema/index";

/**
 * Makes sure the job has a schedule. A new job is first due one interval from now. When the interval changed
 * (ATTEST_RECHECK_HOURS), the next run comes no later than one new interval after the last start.
 */
export async function ensureScheduledJob(
  db: Database,
  name: string,
  intervalSeconds: number,
  now: Date,
): Promise<void> {
  const firstDue = new Date(now.getTime() + intervalSeconds * 1000);
  await db
    .insert(scheduledJobs)
    .values({ name, intervalSeconds, nextDueAt: firstDue })
    .onConflictDoUpdate({
      target: scheduledJobs.name,
      set: {
        intervalSeconds,
        nextDueAt: sql`least(${scheduledJobs.nextDueAt}, coalesce(${scheduledJobs.lastStartedAt}, ${now.toISOString()}::timestamptz) + ${intervalSeconds} * interval '1 second')`,
      },
      setWhere: sql`${scheduledJobs.intervalSeconds} <> ${intervalSeconds}`,
    });
}

/**
 * Claims the job when it is due: moves next_due_at one interval on and counts the run, in one UPDATE. Of several
 * instances claiming at once, PostgreSQL lets exactly one see the row still due (the others wait for its commit
 * and then re-check the condition against the new row). Returns null when the job is not due (or another took it).
 */
export async function claimDueJob(db: Database, name: string, now: Date): Promise<ScheduledJobRow | null> {
  const [claimed] = await db
    .update(scheduledJobs)
    .set({
      nextDueAt: sql`${now.toISOString()}::timestamptz + ${scheduledJobs.intervalSeconds} * interval '1 second'`,
      lastStartedAt: now,
      runs: sql`${scheduledJobs.runs} + 1`,
    })
    .where(and(eq(scheduledJobs.name, name), lte(scheduledJobs.nextDueAt, now)))
    .returning();
  return claimed ?? null;
}

/** Records how a claimed run ended; a failed run is due again after `retrySeconds` (or its interval, if sooner). */
export async function finishJob(
  db: Database,
  name: string,
  outcome: { ok: boolean; summary: string },
  now: Date,
  retrySeconds: number,
): Promise<void> {
  await db
    .update(scheduledJobs)
    .set({
      lastFinishedAt: now,
      lastOutcome: `${outcome.ok ? "ok" : "failed"}: ${outcome.summary}`.slice(0, 1000),
      ...(outcome.ok
        ? {}
        : {
            nextDueAt: sql`least(${scheduledJobs.nextDueAt}, ${now.toISOString()}::timestamptz + ${retrySeconds} * interval '1 second')`,
          }),
    })
    .where(eq(scheduledJobs.name, name));
}

export async function listScheduledJobs(db: Database): Promise<ScheduledJobRow[]> {
  return db.select().from(scheduledJobs).orderBy(scheduledJobs.name);
}
