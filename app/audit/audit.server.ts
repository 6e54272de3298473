import { and, desc, eq, gte, lt, lte, type SQL } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { auditEvents, type AuditEvent } from "#db/schema/index";

/**
 * Every audited action, as a stable code. Entries name candidates by id only (never by name or email), so the
 * trail outlives an erasure without keeping the erased person's data.
 */
export const AUDIT_ACTIONS = [
  "sign-in",
  "sign-in.failed",
  "sign-out",
  "password.change",
  "candidate.view",
  "credential.view",
  "export",
  "decision",
  "note",
  "re-verify",
  "registry.add",
  "registry.remove",
  "registry.import",
  "staff.invite",
  "staff.deactivate",
  "staff.role",
  "alias.change",
  "api-key.create",
  "retention.set",
  "candidate.erase",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who did it and from where. */
export interface AuditActor {
  id: string | null;
  /** The staff email at the time, "system" or "candidate". */
  label: string;
  from: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { id: null, label: "system", from: null };

export function staffActor(user: { id: string; email: string }, clientAddress: string): AuditActor {
  return { id: user.id, label: user.email, from: clientAddress };
}

export function candidateActor(clientAddress: string): AuditActor {
  return { id: null, label: "candidate", from: clientAddress };
}

export interface AuditSubject {
  type: "candidate" | "credential" | "staff" | "trusted-issuer" | "search" | "shortlist" | "settings" | "alias" | "api-key";
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
