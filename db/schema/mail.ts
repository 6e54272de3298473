import { index, integer, pgTable, serial, text, timestamp } from "drizzle-orm/pg-core";
import { submissions } from "./submissions";

/**
 * Every mail Attest sends goes through this table first: it is committed with what caused it, then delivered over
 * SMTP (SMTP_URL) and marked sent, or retried later when the server does not take it. Without SMTP_URL it stays
 * here, for an admin to read on the "Outgoing mail" page. A submission never waits on, or is lost by, a mail.
 */
export const mailOutbox = pgTable(
  "mail_outbox",
  {
    id: serial("id").primaryKey(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
    /** The SMTP server's answer to the last failed attempt (no address, no body). */
    lastError: text("last_error"),
  },
  (table) => [index("mail_outbox_unsent_idx").on(table.sentAt, table.nextAttemptAt)],
);

export type OutgoingMail = typeof mailOutbox.$inferSelect;

/** What a mailed link lets its holder do: confirm a submission's email, or erase everything held under the email. */
export type EmailLinkPurpose = "confirm" | "erase-all";

/**
 * One-time links mailed to a candidate's address. Only the sha256 of the token is kept; the token is in the mail.
 * Following one proves control of the address (decision 011).
 */
export const emailLinks = pgTable(
  "email_links",
  {
    id: text("id").primaryKey(),
    purpose: text("purpose").$type<EmailLinkPurpose>().notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    email: text("email").notNull(),
    /** The submission a confirmation link confirms; null for "erase everything". */
    submissionId: text("submission_id").references(() => submissions.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (table) => [index("email_links_email_idx").on(table.email)],
);

export type EmailLink = typeof emailLinks.$inferSelect;
