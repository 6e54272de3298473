import { index, integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { candidates } from "./candidates";
import { staffUsers } from "./staff";

/**
 * Invitation links that staff create per job opening or campaign: the public submission page opens only
 * through one, so spam has no open door.
 */
export const invitations = pgTable("invitations", {
  id: text("id").primaryKey(),
  /** The secret part of the link. */
  token: text("token").notNull().unique(),
  title: text("title").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  closedAt: timestamp("closed_at", { withTimezone: true }),
  /** The staff member who made it on the Invitations page; null when made from the shell, the demo or a test. */
  createdById: text("created_by_id").references(() => staffUsers.id, { onDelete: "set null" }),
});

export type Invitation = typeof invitations.$inferSelect;

/** One posted submission form (or API call): for receipts, rate limits and withdrawal. */
export const submissions = pgTable(
  "submissions",
  {
    id: text("id").primaryKey(),
    /** Null when nothing was stored (every item refused). */
    candidateId: text("candidate_id").references(() => candidates.id, { onDelete: "cascade" }),
    invitationId: text("invitation_id").references(() => invitations.id, { onDelete: "set null" }),
    /** HMAC of the client address under an installation secret (app/auth/client-address.server.ts): enough to rate-limit, not enough to identify. */
    clientHash: text("client_hash").notNull(),
    /** sha256 of the secret withdrawal link's token; the token itself is shown once, on the receipt. */
    withdrawTokenHash: text("withdraw_token_hash").unique(),
    itemCount: integer("item_count").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    receipt: jsonb("receipt").notNull(),
  },
  (table) => [
    index("submissions_client_idx").on(table.clientHash, table.createdAt),
    index("submissions_invitation_idx").on(table.invitationId, table.createdAt),
    // A candidate's page names the invitations they came through.
    index("submissions_candidate_idx").on(table.candidateId),
  ],
);

export type Submission = typeof submissions.$inferSelect;
