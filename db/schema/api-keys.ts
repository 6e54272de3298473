import { sql } from "drizzle-orm";
import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** What a key may do: verify credentials and presentations, or submit for candidates (app/auth/api-keys.server.ts). */
export const API_KEY_SCOPES = ["verify", "submit"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** Keys for applicant-tracking systems and scripts. Only a hash is stored; the key is shown once. */
export const apiKeys = pgTable("api_keys", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** sha256 of the whole key: keys are 256 random bits, so a fast hash is enough. */
  keyHash: text("key_hash").notNull().unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  /** Keys made before scopes existed could do both, and still can. */
  scopes: text("scopes")
    .array()
    .$type<ApiKeyScope[]>()
    .notNull()
    .default(sql`'{verify,submit}'::text[]`),
  /** Null: the key works until it is revoked. */
  expiresAt: timestamp("expires_at", { withTimezone: true }),
});

export type ApiKey = typeof apiKeys.$inferSelect;
