import { asc, sql } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { getSetting } from "#db/queries/settings.server";
import { candidates, settings } from "#db/schema/index";
import { recordAudit, SYSTEM_ACTOR, type AuditActor } from "#app/audit/audit.server";
import { eraseCandidate } from "./erasure.server";

const DAY = 86_400_000;
const RETENTION_DAYS = "retention.days";
/** The longest period an admin can set: 100 years, so a typo cannot overflow a date. */
export const MAX_RETENTION_DAYS = 36_500;

/** The retention period in days, or null when it is off (the default: nothing is deleted on a timer). */
export async function getRetentionDays(db: Database): Promise<number | null> {
  const days = await getSetting<number>(db, RETENTION_DAYS);
  return typeof days === "number" && days > 0 ? days : null;
}

/** Sets (or, with null, turns off) the retention period, and records who did it in the same transaction. */
export async function setRetentionDays(db: Database, actor: AuditActor, days: number | null): Promise<void> {
  if (days !== null && (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS)) {
    throw new Error(`A retention period is a whole number of days from 1 to ${MAX_RETENTION_DAYS}, or off.`);
  }
  const previous = await getRetentionDays(db);
  // 0 stands for "off": a JSON null would be stored as SQL NULL, which the column refuses.
  const value = days ?? 0;
  await db.transaction(async (tx) => {
    await tx
      .insert(settings)
      .values({ key: RETENTION_DAYS, value })
      .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
    await recordAudit(tx, actor, "retention.set", { type: "settings", id: RETENTION_DAYS }, { days, previous });
  });
}

/**
 * A candidate's last activity: their newest credential or submission, or when their record was created or last
 * updated (a returning candidate refreshes it). Candidates quiet since before `cutoff` are past the period.
 */
const lastActivity = sql`greatest(
  ${candidates.createdAt},
  ${candidates.updatedAt},
  (select max(c.submitted_at) from credentials c where c.candidate_id = ${candidates.id}),
  (select max(s.created_at) from submissions s where s.candidate_id = ${candidates.id})
)`;

/** The one rule for "past the period": the job erases by it and the page counts by it, so the two never disagree. */
const inactiveSince = (cutoff: Date) => sql`${lastActivity} < ${cutoff.toISOString()}::timestamptz`;

/** The moment before which a candidate's last activity puts them past a period of `days`. */
export const retentionCutoff = (now: Date, days: number) => new Date(now.getTime() - days * DAY);

/** Ids of candidates whose last activity is older than `cutoff`, oldest id first. */
export async function listCandidatesInactiveSince(db: Database, cutoff: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: candidates.id })
    .from(candidates)
    .where(inactiveSince(cutoff))
    .orderBy(asc(candidates.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export interface RetentionDeps {
  db: Database;
  now: () => Date;
  onCommitted?: () => void;
  log?: (message: string) => void;
}

export type RetentionRun = { status: "off" } | { status: "done"; days: number; cutoff: Date; erased: number };

/**
 * Erases every candidate whose last activity is older than the retention period, one transaction each (each with
 * its tombstone), a batch at a time. Does nothing while retention is off.
 */
export async function runRetention(
  deps: RetentionDeps,
  options: { actor?: AuditActor; batchSize?: number } = {},
): Promise<RetentionRun> {
  const days = await getRetentionDays(deps.db);
  if (days === null) return { status: "off" };
  const cutoff = retentionCutoff(deps.now(), days);
  const actor = options.actor ?? SYSTEM_ACTOR;
  let erased = 0;
  for (;;) {
    const ids = await listCandidatesInactiveSince(deps.db, cutoff, options.batchSize ?? 200);
    if (ids.length === 0) break;
    for (const id of ids) {
      if (await eraseCandidate({ db: deps.db }, id, { actor, reason: "retention" })) erased++;
    }
  }
  if (erased) {
    deps.onCommitted?.();
    deps.log?.(`retention: erased ${erased} candidate(s) inactive since before ${cutoff.toISOString()}`);
  }
  return { status: "done", days, cutoff, erased };
}

/**
 * How many candidates a period of `days` would erase now (by the job's own rule): the retention page says so
 * before an admin saves a period. Read-only.
 */
export async function countCandidatesPastPeriod(db: Database, now: Date, days: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(candidates)
    .where(inactiveSince(retentionCutoff(now, days)));
  return row?.n ?? 0;
}
