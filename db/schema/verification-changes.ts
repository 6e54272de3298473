import { index, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { credentials } from "./credentials";

/** Every change of a stored credential's verdict found by a re-check, with its time: "3 revoked since Monday". */
export const verdictChanges = pgTable(
  "verdict_changes",
  {
    id: serial("id").primaryKey(),
    credentialId: text("credential_id")
      .notNull()
      .references(() => credentials.id, { onDelete: "cascade" }),
    fromVerdict: text("from_verdict").notNull(),
    toVerdict: text("to_verdict").notNull(),
    /** The code of the check that decided the new verdict, e.g. "revoked", "expired". */
    reason: text("reason"),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("verdict_changes_changed_at_idx").on(table.changedAt)],
);
