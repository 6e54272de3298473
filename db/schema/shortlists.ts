import { pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { candidates } from "./candidates";

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
