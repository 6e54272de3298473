/**
 * Aliases: an editable table that maps names and abbreviations ("js", "project mgmt", "CPR") to canonical skill
 * keys. Pure functions: the table is loaded by db/queries/skill-aliases.server.ts and passed in.
 *
 * An alias applies only to a skill whose key was made from its name. A framework code or a target URL is the
 * issuer's own identification of the skill, and an alias (a guess about what words mean) never overrides it.
 */
import type { ExtractedSkill } from "#app/verification/report";
import { normalizeSkillText } from "./normalize";

/** Normalised alias text (see {@link normalizeSkillText}) → the canonical key and label it stands for. */
export type AliasMap = ReadonlyMap<string, { key: string; label: string }>;

/** Where an alias came from: the shipped seed list, an administrator, or a fuzzy suggestion a person confirmed. */
export { ALIAS_SOURCES, type AliasSource } from "#db/schema/skill-aliases";

/** How the stored key was made: the extractor's three ways, or an alias. Stored in credential_skills.mapping. */
export type MappedBy = ExtractedSkill["mapping"] | "alias";

type SkillLike = Pick<ExtractedSkill, "key" | "label" | "mapping">;

export type AliasedSkill<T extends SkillLike = ExtractedSkill> = T & {
  mappedBy: MappedBy;
  /** The label exactly as the credential had it; `label` is the alias's canonical label when an alias applied. */
  rawLabel: string;
};

const STRENGTH: Record<MappedBy, number> = { code: 4, url: 3, alias: 2, name: 1 };

/** Keys are "<scheme>:<value>", as canonicalSkillKey makes them. */
const SKILL_KEY = /^(esco|onet|case|ctdl|url|name):\S.*$/;
export const isSkillKey = (key: string): boolean => SKILL_KEY.test(key);

/** The normalised text behind a name-mapped skill ("name:project mgmt" → "project mgmt"). */
export function nameTextOf(skill: SkillLike): string {
  return skill.key.startsWith("name:") ? skill.key.slice("name:".length) : normalizeSkillText(skill.label);
}

/**
 * Applies aliases to name-mapped skills, keeping the raw label, then merges skills that now share a key: the
 * stronger mapping (code, url, alias, name) wins, in the position of the first. Works for credential skills and
 * self-asserted skills alike (extra fields are carried through).
 */
export function applyAliases<T extends SkillLike>(skills: readonly T[], aliases: AliasMap): Array<AliasedSkill<T>> {
  const result: Array<AliasedSkill<T>> = [];
  for (const skill of skills) {
    const alias = skill.mapping === "name" ? aliases.get(nameTextOf(skill)) : undefined;
    const mapped: AliasedSkill<T> = alias
      ? { ...skill, key: alias.key, label: alias.label, mappedBy: "alias", rawLabel: skill.label }
      : { ...skill, mappedBy: skill.mapping, rawLabel: skill.label };
    const index = result.findIndex((r) => r.key === mapped.key);
    if (index < 0) result.push(mapped);
    else if (STRENGTH[mapped.mappedBy] > STRENGTH[(result[index] as AliasedSkill<T>).mappedBy]) result[index] = mapped;
  }
  return result;
}
