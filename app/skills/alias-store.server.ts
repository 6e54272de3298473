/**
 * Editing the alias table: what an alias must be (a normalised text with letters or digits, a skill key, a label,
 * a known source) is decided here; db/queries/skill-aliases.server.ts stores it and re-maps the stored skills in
 * one transaction, with this folder's normalisation passed in (db/ imports nothing from app/).
 */
import type { Database } from "#db/client.server";
import { removeAlias, storeAlias, storeAliasesIfAbsent, type AliasRow } from "#db/queries/skill-aliases.server";
import type { SkillAlias } from "#db/schema/skill-aliases";
import { SEED_ALIASES } from "./alias-seed";
import { ALIAS_SOURCES, isSkillKey, type AliasSource } from "./aliases";
import { normalizeSkillText } from "./normalize";

export interface AliasInput {
  /** Any spelling: stored normalised. */
  aliasText: string;
  skillKey: string;
  label: string;
  source: AliasSource;
}

function validated(input: AliasInput): AliasRow {
  const aliasText = normalizeSkillText(input.aliasText);
  if (!aliasText) throw new Error(`"${input.aliasText}" has no letters or digits to match on.`);
  if (!isSkillKey(input.skillKey))
    throw new Error(`"${input.skillKey}" is not a skill key (esco:, onet:, case:, ctdl:, url: or name:).`);
  if (!input.label.trim()) throw new Error("An alias needs a label.");
  if (!ALIAS_SOURCES.includes(input.source)) throw new Error(`Unknown alias source "${input.source}".`);
  return { ...input, aliasText, label: input.label.trim() };
}

/**
 * Adds or changes an alias and re-maps the stored skills it governs (name-mapped rows whose name is the alias
 * text, and rows an earlier version of this alias mapped), queueing their candidates for re-indexing. Throws an
 * Error with a sentence when the input is not an alias.
 */
export async function upsertAlias(db: Database, input: AliasInput): Promise<{ alias: SkillAlias; remapped: number }> {
  return storeAlias(db, validated(input), normalizeSkillText);
}

/** Removes an alias; the skills it mapped go back to their name keys, and their candidates are re-indexed. */
export async function deleteAlias(db: Database, aliasText: string): Promise<{ deleted: boolean; remapped: number }> {
  return removeAlias(db, normalizeSkillText(aliasText), normalizeSkillText);
}

/** Stores the shipped seed list. Idempotent: an alias that exists (seeded before, or edited) is left alone. */
export async function seedAliases(db: Database): Promise<{ inserted: number; remapped: number }> {
  const rows = SEED_ALIASES.map((seed) =>
    validated({ aliasText: seed.text, skillKey: seed.key, label: seed.label, source: "seed" }),
  );
  return storeAliasesIfAbsent(db, rows, normalizeSkillText);
}
