import { index, integer, pgTable, primaryKey, text, timestamp, unique } from "drizzle-orm/pg-core";
import { candidates } from "./candidates";
import { staffUsers } from "./staff";

/**
 * A recruiter's saved search: the search exactly as /search's URL carries it (a query string without the page),
 * owned by the staff member who saved it. Nobody else reads it (docs/decisions/051-saved-searches.md).
 */
export const savedSearches = pgTable(
  "saved_searches",
  {
    id: text("id").primaryKey(),
    ownerId: text("owner_id")
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** "?skill=…&any=…&not=…" as toSearchQueryString writes it, page left out; "" for every candidate. */
    query: text("query").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the owner last opened it (saving counts as the first visit). */
    lastVisitedAt: timestamp("last_visited_at", { withTimezone: true }).notNull(),
    /** How many candidates matched at that visit (the seen rows hold at most the tracking cap of them). */
    matchesAtLastVisit: integer("matches_at_last_visit").notNull().default(0),
  },
  // The unique constraint leads with owner_id, so it also serves "this recruiter's saved searches".
  (table) => [unique("saved_searches_owner_name").on(table.ownerId, table.name)],
);

export type SavedSearch = typeof savedSearches.$inferSelect;

/**
 * The candidates a saved search matched at its last visit: "new" is a match now that is not in this set. A row goes
 * with its candidate when the candidate is erased (cascade), so the set never outlives the person.
 */
export const savedSearchSeen = pgTable(
  "saved_search_seen",
  {
    savedSearchId: text("saved_search_id")
      .notNull()
      .references(() => savedSearches.id, { onDelete: "cascade" }),
    candidateId: text("candidate_id")
      .notNull()
      .references(() => candidates.id, { onDelete: "cascade" }),
  },
  (table) => [primaryKey({ columns: [table.savedSearchId, table.candidateId] }), index().on(table.candidateId)],
);
