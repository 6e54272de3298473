import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Where an alias came from: the shipped seed list, an administrator, or a fuzzy suggestion a person confirmed. */
export const ALIAS_SOURCES = ["seed", "admin", "confirmed-suggestion"] as const;
export type AliasSource = (typeof ALIAS_SOURCES)[number];

/**
 * Names and abbreviations that stand for a canonical skill key ("js" → the ESCO JavaScript key). Applied only to
 * skills whose key was made from their name, never over a framework code or URL the issuer gave.
 */
export const skillAliases = pgTable("skill_aliases", {
  /** Normalised with normalizeSkillText, so "JS", "js." and "Ｊｓ" are one alias. */
  aliasText: text("alias_text").primaryKey(),
  skillKey: text("skill_key").notNull(),
  label: text("label").notNull(),
  /** "seed", "admin" or "confirmed-suggestion". */
  source: text("source").$type<AliasSource>().notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type SkillAlias = typeof skillAliases.$inferSelect;
export type NewSkillAlias = typeof skillAliases.$inferInsert;
