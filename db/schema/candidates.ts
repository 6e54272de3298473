import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

/**
 * How Attest knows a candidate is the person their email names (decision 011):
 * - "asserted": a trusted caller said so (an API key's applicant-tracking system, an operator's `attest import`,
 *   the demo seed); the audit trail records which;
 * - "confirmed": the person opened a one-time link mailed to the address;
 * - "pending": typed into a public form or named in a wallet request and not confirmed yet. A pending candidate
 *   is a record of its own, one per submission, and is never joined to another by its email.
 */
export type CandidateIdentity = "asserted" | "confirmed" | "pending";

export const candidates = pgTable(
  "candidates",
  {
    id: text("id").primaryKey(),
    displayName: text("display_name").notNull(),
    /** Lower-cased. Unique among candidates whose identity is not pending (many pending submissions may name it). */
    email: text("email").notNull(),
    identity: text("identity").$type<CandidateIdentity>().notNull().default("asserted"),
    headline: text("headline"),
    consentedAt: timestamp("consented_at", { withTimezone: true }).notNull(),
    consentTextVersion: text("consent_text_version").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex("candidates_email_known_idx")
      .on(table.email)
      .where(sql`${table.identity} <> 'pending'`),
    index("candidates_email_idx").on(table.email),
  ],
);

export type Candidate = typeof candidates.$inferSelect;
export type NewCandidate = typeof candidates.$inferInsert;
