import { hostname, userInfo } from "node:os";
import { and, desc, eq, gte, lt, lte, sql, type SQL } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { auditEvents, type AuditEvent } from "#db/schema/index";
import type { AuditAction } from "./actions";

export { AUDIT_ACTIONS, type AuditAction } from "./actions";

/** Who did it and from where. */
export interface AuditActor {
  id: string | null;
  /** The staff email at the time, "system", "candidate", "cli" (an operator's shell) or "anonymous" (a failed sign-in). */
  label: string;
  from: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { id: null, label: "system", from: null };

export function staffActor(user: { id: string; email: string }, clientAddress: string): AuditActor {
  return { id: user.id, label: user.email, from: clientAddress };
}

/**
 * A candidate acting through their own link. The erasure tombstone passes no address: a candidate's IP address is
 * personal data, and the tombstone must not keep any.
 */
export function candidateActor(clientAddress: string | null = null): AuditActor {
  return { id: null, label: "candidate", from: clientAddress };
}

/**
 * Whoever holds a shortlist's share link (a hiring manager, or anyone they forwarded it to): no account, so the
 * link's id (the entry's subject) and the client address are all that say who.
 */
export function shareLinkActor(clientAddress: string): AuditActor {
  return { id: null, label: "share-link", from: clientAddress };
}

/** An operator running `npm run attest -- …` on the server: no staff account, so the shell user and host say who. */
export function cliActor(): AuditActor {
  let user = "unknown";
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers): the host still says where
  }
  return { id: null, label: "cli", from: `${user}@${hostname()}` };
}

export interface AuditSubject {
  type:
    | "candidate"
    | "credential"
    | "staff"
    | "trusted-issuer"
    | "search"
    | "search-index"
    | "shortlist"
    | "settings"
    | "alias"
    | "api-key"
    | "audit"
    | "invitation"
    | "share-link";
  id?: string | null;
}

/** A transaction or the database: an audit entry can be written in the same transaction as what it records. */
type Writer = Pick<Database, "insert">;

/** Appends one entry to the audit trail. */
export async function recordAudit(
  db: Writer,
  actor: AuditActor,
  action: AuditAction,
  subject?: AuditSubject,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await db.insert(auditEvents).values({
    actorId: actor.id,
    actor: actor.label,
    action,
    subjectType: subject?.type ?? null,
    subjectId: subject?.id ?? null,
    detail,
    fromAddress: actor.from,
  });
}

export interface AuditFilter {
  action?: AuditAction;
  /** Staff email (exact, lower case), "system" or "candidate". */
  actor?: string;
  subjectType?: string;
  subjectId?: string;
  since?: Date;
  until?: Date;
  /** Keyset paging: entries older than this id. */
  beforeId?: number;
  limit?: number;
}

/**
 * The action of this actor's newest entry on a subject, if it was written in the last `withinSeconds` (by the
 * database's clock, which stamps the entries).
 */
export async function getRecentActionOn(
  db: Database,
  actorId: string,
  subject: Required<AuditSubject>,
  withinSeconds: number,
): Promise<string | null> {
  const [row] = await db
    .select({ action: auditEvents.action })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.subjectType, subject.type),
        eq(auditEvents.subjectId, subject.id as string),
        eq(auditEvents.actorId, actorId),
        gte(auditEvents.at, sql`now() - make_interval(secs => ${withinSeconds})`),
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(1);
  return row?.action ?? null;
}

/** The newest entries first, filtered. */
export async function listAuditEvents(db: Database, filter: AuditFilter = {}): Promise<AuditEvent[]> {
  const where: SQL[] = [];
  if (filter.action) where.push(eq(auditEvents.action, filter.action));
  if (filter.actor) where.push(eq(auditEvents.actor, filter.actor));
  if (filter.subjectType) where.push(eq(auditEvents.subjectType, filter.subjectType));
  if (filter.subjectId) where.push(eq(auditEvents.subjectId, filter.subjectId));
  if (filter.since) where.push(gte(auditEvents.at, filter.since));
  if (filter.until) where.push(lte(auditEvents.at, filter.until));
  if (filter.beforeId !== undefined) where.push(lt(auditEvents.id, filter.beforeId));
  return db
    .select()
    .from(auditEvents)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditEvents.id))
    .limit(filter.limit ?? 100);
}
