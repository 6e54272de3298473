/**
 * The verification queue: credentials waiting for a person's decision, oldest submission first, filtered by what
 * the verifier found. Every filter is a SQL condition over the stored report (JSONB containment works the same on
 * PGlite and PostgreSQL), so counts and pages come from the database, never from reports loaded into memory.
 */
import { and, asc, desc, eq, gt, inArray, isNotNull, isNull, ne, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { candidates, credentialReviews, credentials } from "#db/schema/index";
import {
  QUEUE_FILTERS,
  QUEUE_PAGE_SIZE,
  type QueueFilter,
  type QueueItem,
  type QueueQuery,
  type QueueStatus,
} from "./queue-params";

export type { QueueItem };

export interface QueuePage {
  query: QueueQuery;
  items: QueueItem[];
  /** Credentials per outcome filter, within the status shown. */
  counts: Record<QueueFilter, number>;
  /** Credentials per status, whatever the filter. */
  statusCounts: Record<QueueStatus, number>;
  pageCount: number;
}

const DECISION_KINDS = ["accept", "reject"] as const;

/** Credentials with at least one accept or reject row: joined once, so a row's status is one column test. */
function decidedCredentials(db: Database) {
  return db
    .selectDistinct({ credentialId: credentialReviews.credentialId })
    .from(credentialReviews)
    .where(inArray(credentialReviews.kind, [...DECISION_KINDS]))
    .as("decided");
}

const failed = sql`${credentials.verdict} = 'failed'`;
const indeterminate = sql`${credentials.verdict} = 'indeterminate'`;
const holderMismatch = sql`${credentials.report} -> 'checks' @> '[{"id":"holder","outcome":"fail"}]'::jsonb`;

/** The SQL condition behind each outcome filter. */
const FILTER_CONDITIONS: Record<Exclude<QueueFilter, "attention" | "passed">, SQL> = {
  all: sql`true`,
  failed,
  indeterminate,
  // Not "pass": unlisted, no registry configured, or not checked. A presentation stored whole (one that arrived as
  // a JWT) has no issuer of its own ("see-credentials"): it is trusted when every credential in it is.
  "untrusted-issuer": sql`not (
    ${credentials.report} -> 'checks' @> '[{"id":"issuer","outcome":"pass"}]'::jsonb
    or (
      ${credentials.report} -> 'checks' @> '[{"id":"issuer","code":"see-credentials"}]'::jsonb
      and jsonb_array_length(${credentials.report} -> 'credentials') > 0
      and not exists (
        select 1 from jsonb_array_elements(${credentials.report} -> 'credentials') as member
        where not (member -> 'checks' @> '[{"id":"issuer","outcome":"pass"}]'::jsonb)
      )
    )
  )`,
  "holder-mismatch": holderMismatch,
};

/** Any problem a person should look at: what the queue opens on. */
const needsAttention = sql`(${failed} or ${indeterminate} or ${FILTER_CONDITIONS["untrusted-issuer"]} or ${holderMismatch})`;

/** Every filter's condition; "passed" is exactly "verified and needs no attention", so bulk acceptance skips nothing odd. */
export const QUEUE_CONDITIONS: Record<QueueFilter, SQL> = {
  ...FILTER_CONDITIONS,
  attention: needsAttention,
  passed: sql`(${credentials.verdict} = 'verified' and not ${needsAttention})`,
};

/** One page of the queue, with the counts its filter links show. */
export async function listReviewQueue(db: Database, query: QueueQuery): Promise<QueuePage> {
  const decided = decidedCredentials(db);
  const isDecided = isNotNull(decided.credentialId);
  const inStatus = query.status === "decided" ? isDecided : isNull(decided.credentialId);

  const countColumns = Object.fromEntries(
    QUEUE_FILTERS.map((f) => [
      f,
      sql<number>`count(*) filter (where ${inStatus} and ${QUEUE_CONDITIONS[f]})`.mapWith(Number),
    ]),
  ) as Record<QueueFilter, SQL.Aliased<number> | SQL<number>>;
  const [totals] = await db
    .select({
      ...countColumns,
      waiting: sql<number>`count(*) filter (where ${isNull(decided.credentialId)})`.mapWith(Number),
      decided: sql<number>`count(*) filter (where ${isDecided})`.mapWith(Number),
    })
    .from(credentials)
    .leftJoin(decided, eq(decided.credentialId, credentials.id));
  const counts = Object.fromEntries(QUEUE_FILTERS.map((f) => [f, Number(totals?.[f] ?? 0)])) as Record<
    QueueFilter,
    number
  >;

  const latestDecisionAt = sql`(select max(r.created_at) from ${credentialReviews} r where r.credential_id = ${credentials.id} and r.kind in ('accept', 'reject'))`;
  const rows = await db
    .select({
      credentialId: credentials.id,
      candidateId: credentials.candidateId,
      candidateName: candidates.displayName,
      candidateIdentity: candidates.identity,
      achievementName: credentials.achievementName,
      issuerName: credentials.issuerName,
      issuerId: credentials.issuerId,
      verdict: credentials.verdict,
      submittedAt: credentials.submittedAt,
    })
    .from(credentials)
    .innerJoin(candidates, eq(candidates.id, credentials.candidateId))
    .leftJoin(decided, eq(decided.credentialId, credentials.id))
    .where(and(inStatus, QUEUE_CONDITIONS[query.filter]))
    // Waiting: oldest submission first (first come, first served). Decided: the latest decision first.
    .orderBy(
      ...(query.status === "decided" ? [desc(latestDecisionAt)] : []),
      asc(credentials.submittedAt),
      asc(credentials.id),
    )
    .limit(QUEUE_PAGE_SIZE)
    .offset((query.page - 1) * QUEUE_PAGE_SIZE);

  const decisions =
    query.status === "decided"
      ? await latestDecisions(
          db,
          rows.map((r) => r.credentialId),
        )
      : new Map();
  return {
    query,
    counts,
    statusCounts: { waiting: Number(totals?.waiting ?? 0), decided: Number(totals?.decided ?? 0) },
    pageCount: Math.max(1, Math.ceil(counts[query.filter] / QUEUE_PAGE_SIZE)),
    items: rows.map((r) => ({
      credentialId: r.credentialId,
      candidateId: r.candidateId,
      candidateName: r.candidateName,
      emailConfirmed: r.candidateIdentity !== "pending",
      achievementName: r.achievementName,
      issuer: r.issuerName ?? r.issuerId,
      verdict: r.verdict,
      submittedAt: r.submittedAt.toISOString(),
      decision: decisions.get(r.credentialId) ?? null,
    })),
  };
}

async function latestDecisions(
  db: Database,
  credentialIds: string[],
): Promise<Map<string, NonNullable<QueueItem["decision"]>>> {
  const found = new Map<string, NonNullable<QueueItem["decision"]>>();
  if (credentialIds.length === 0) return found;
  const rows = await db
    .select()
    .from(credentialReviews)
    .where(
      and(inArray(credentialReviews.credentialId, credentialIds), inArray(credentialReviews.kind, [...DECISION_KINDS])),
    )
    .orderBy(desc(credentialReviews.createdAt), desc(credentialReviews.id));
  for (const row of rows) {
    if (found.has(row.credentialId)) continue;
    found.set(row.credentialId, {
      kind: row.kind as "accept" | "reject",
      by: row.staffEmail,
      at: row.createdAt.toISOString(),
      reason: row.body,
    });
  }
  return found;
}

/**
 * The next credential waiting for a decision under `filter`, after `currentId` in the queue's order (oldest
 * submission first), else the first one still waiting: "decide and next" on the report page. Null when the
 * filter has nothing else waiting.
 */
export async function findNextInQueue(db: Database, filter: QueueFilter, currentId: string): Promise<string | null> {
  const decided = decidedCredentials(db);
  const waiting = and(isNull(decided.credentialId), QUEUE_CONDITIONS[filter], ne(credentials.id, currentId));
  const [current] = await db
    .select({ submittedAt: credentials.submittedAt })
    .from(credentials)
    .where(eq(credentials.id, currentId));
  const pick = (condition: SQL | undefined) =>
    db
      .select({ id: credentials.id })
      .from(credentials)
      .leftJoin(decided, eq(decided.credentialId, credentials.id))
      .where(condition)
      .orderBy(asc(credentials.submittedAt), asc(credentials.id))
      .limit(1);
  const after = current
    ? await pick(
        and(
          waiting,
          or(
            gt(credentials.submittedAt, current.submittedAt),
            and(eq(credentials.submittedAt, current.submittedAt), gt(credentials.id, currentId)),
          ),
        ),
      )
    : [];
  const [next] = after.length ? after : await pick(waiting);
  return next?.id ?? null;
}

/** Which of `credentialIds` are still waiting and passed every check: the only ones bulk acceptance may decide. */
export async function filterWaitingAndPassed(db: Database, credentialIds: string[]): Promise<string[]> {
  if (credentialIds.length === 0) return [];
  const decided = decidedCredentials(db);
  const rows = await db
    .select({ id: credentials.id })
    .from(credentials)
    .leftJoin(decided, eq(decided.credentialId, credentials.id))
    .where(and(inArray(credentials.id, credentialIds), isNull(decided.credentialId), QUEUE_CONDITIONS.passed));
  return rows.map((r) => r.id);
}
