import { index, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { credentials } from "./credentials";
import { staffUsers } from "./staff";

/**
 * What a verifier decided about a credential, and their notes. A decision sits beside the verification report and
 * never changes it: the cryptography says what it says, a person records what they make of it. The latest
 * "accept" or "reject" row is the current decision.
 */
export const credentialReviews = pgTable(
  "credential_reviews",
  {
    id: serial("id").primaryKey(),
    credentialId: text("credential_id")
      .notNull()
      .references(() => credentials.id, { onDelete: "cascade" }),
    /** "accept" | "reject" | "note". */
    kind: text("kind").$type<"accept" | "reject" | "note">().notNull(),
    /** The reason of a decision, or the text of a note. */
    body: text("body").notNull(),
    staffUserId: text("staff_user_id").references(() => staffUsers.id, { onDelete: "set null" }),
    /** Kept in case the account is removed later. */
    staffEmail: text("staff_email").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("credential_reviews_credential_idx").on(table.credentialId, table.createdAt)],
);

export type CredentialReview = typeof credentialReviews.$inferSelect;
