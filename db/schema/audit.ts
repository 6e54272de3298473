import { bigserial, index, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The append-only audit trail: who did what, when, from where. A trigger (migration 0010) refuses UPDATE and
 * DELETE, so nothing in the app can edit it. Rows name candidates by id only, never by name or email, so erasing a
 * candidate leaves the trail intact and free of their personal data (a tombstone row records the erasure).
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** Staff user id; null for the system (scheduled jobs) and for candidates. */
    actorId: text("actor_id"),
    /** The staff email at the time, "system", or "candidate". */
    actor: text("actor").notNull(),
    /** A stable code such as "sign-in", "candidate.view", "decision" (app/audit/audit.server.ts lists them). */
    action: text("action").notNull(),
    /** What it was done to: "candidate", "credential", "staff", "trusted-issuer", "search", "settings"… */
    subjectType: text("subject_type"),
    subjectId: text("subject_id"),
    /** Small structured facts about the event (never a candidate's name or email). */
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
    /** The client address the request came from; null for the system. */
    fromAddress: text("from_address"),
  },
  (table) => [
    index("audit_events_at_idx").on(table.at),
    index("audit_events_action_idx").on(table.action, table.at),
    index("audit_events_subject_idx").on(table.subjectType, table.subjectId),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
