import { index, integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { candidates } from "./candidates";
import { staffUsers } from "./staff";

/** A recruiter's named list of candidates for an opening, with a note on each. */
export const shortlists = pgTable("shortlists", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const shortlistEntries = pgTable(
  "shortlist_entries",
  {
    shortlistId: text("shortlist_id")
      .notNull()
      .references(() => shortlists.id, { onDelete: "cascade" }),
    candidateId: text("candidate_id")
      .notNull()
      .references(() => candidates.id, { onDelete: "cascade" }),
    note: text("note").notNull().default(""),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.shortlistId, table.candidateId] })],
);

/**
 * A read-only link to one shortlist for someone without an account (a hiring manager), until it expires or is
 * revoked (docs/decisions/061). Only the sha256 of its token is kept: the link is shown once, when it is made.
 */
export const shortlistShareLinks = pgTable(
  "shortlist_share_links",
  {
    id: text("id").primaryKey(),
    shortlistId: text("shortlist_id")
      .notNull()
      .references(() => shortlists.id, { onDelete: "cascade" }),
    /** sha256 of the link's token (256 random bits, so a fast hash is enough). */
    tokenHash: text("token_hash").notNull().unique(),
    /** Whom staff made it for ("Dana, hiring manager"), so the list says which link to revoke; may be empty. */
    recipient: text("recipient").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdById: text("created_by_id").references(() => staffUsers.id, { onDelete: "set null" }),
    views: integer("views").notNull().default(0),
    lastViewedAt: timestamp("last_viewed_at", { withTimezone: true }),
    /** The last view that was written to the audit trail, and from where: views are audited once an hour per address. */
    lastAuditedViewAt: timestamp("last_audited_view_at", { withTimezone: true }),
    lastAuditedViewFrom: text("last_audited_view_from"),
  },
  (table) => [index("shortlist_share_links_shortlist_idx").on(table.shortlistId)],
);

export type ShortlistShareLink = typeof shortlistShareLinks.$inferSelect;
