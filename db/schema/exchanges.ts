import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { invitations } from "./submissions";

/**
 * A verifier-initiated request (VC-API exchange): staff ask a candidate's wallet for credentials; the wallet
 * answers with a presentation signed over this exchange's challenge, which binds the holder by DID.
 */
export const exchanges = pgTable("exchanges", {
  id: text("id").primaryKey(),
  challenge: text("challenge").notNull(),
  candidateName: text("candidate_name").notNull(),
  candidateEmail: text("candidate_email").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  completedAt: timestamp("completed_at", { withTimezone: true }),
  /** What the wallet's presentation yielded, item by item, once completed. */
  result: jsonb("result"),
  /** The invitation (job or purpose) the request was made for: what the wallet sends counts towards it. */
  invitationId: text("invitation_id").references(() => invitations.id, { onDelete: "set null" }),
});

export type Exchange = typeof exchanges.$inferSelect;
