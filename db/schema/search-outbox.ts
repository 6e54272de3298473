import { bigserial, index, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Written in the same transaction as every change to a candidate's records; the indexer drains it.
 * The row names only the candidate: the document is rebuilt from the database when the row is processed,
 * so a late or repeated row can never write stale data into the index.
 */
export const searchOutbox = pgTable(
  "search_outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    candidateId: text("candidate_id").notNull(),
    attempts: integer("attempts").notNull().default(0),
    availableAt: timestamp("available_at", { withTimezone: true }).notNull().defaultNow(),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("search_outbox_available_idx").on(table.availableAt)],
);

export type SearchOutboxRow = typeof searchOutbox.$inferSelect;
