import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The trust registry: issuers this employer recognises. Trust is reported beside a credential's verdict, never
 * folded into it, and the display name shown for a listed issuer comes from here, not from the credential.
 */
export const trustedIssuers = pgTable("trusted_issuers", {
  issuerId: text("issuer_id").primaryKey(),
  name: text("name").notNull(),
  url: text("url"),
  location: text("location"),
  /** Where the entry came from: a registry file's name, or "manual". */
  registry: text("registry").notNull(),
  addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
});

export type TrustedIssuer = typeof trustedIssuers.$inferSelect;
