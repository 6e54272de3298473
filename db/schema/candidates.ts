import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

export const candidates = pgTable("candidates", {
  id: text("id").primaryKey(),
  displayName: text("display_name").notNull(),
  /** Lower-cased; a candidate who returns with the same email adds to the same record. */
  email: text("email").notNull().unique(),
  headline: text("headline"),
  consentedAt: timestamp("consented_at", { withTimezone: true }).notNull(),
  consentTextVersion: text("consent_text_version").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type Candidate = typeof candidates.$inferSelect;
export type NewCandidate = typeof candidates.$inferInsert;
