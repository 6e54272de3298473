import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Keys for applicant-tracking systems and scripts. Only a hash is stored; the key is shown once. */
export const apiKeys = pgTable("api_keys", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** sha256 of the whole key: keys are 256 random bits, so a fast hash is enough. */
  keyHash: text("key_hash").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
});

export type ApiKey = typeof apiKeys.$inferSelect;
