import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Small pieces of installation state: the demo issuer's key, whether demo data was seeded. */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
