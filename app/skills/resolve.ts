/**
 * What a recruiter typed in the skill box, turned into one canonical skill key, or a miss with suggestions.
 * Pure: the known skills (with how many candidates hold each verified) and the alias table are passed in, so the
 * server, the type-ahead and the tests share one rule.
 *
 * In order, the first rule that names exactly one skill wins:
 * 1. a skill key as such ("esco:…", any case);
 * 2. an alias (the admin's table: "js", "ml", "excel"), compared after normalizeSkillText;
 * 3. a label, ignoring case, punctuation and a trailing qualifier in brackets ("python" → "Python (computer programming)");
 * 4. a unique prefix of a label or an alias ("javas" → JavaScript);
 * 5. words inside labels: every typed word is a word of the label, the last may be the start of one ("learning").
 * Several skills for rule 4 or 5 is a miss whose suggestions are those skills; nothing at all is a miss whose
 * suggestions are similar labels (fuzzy, shown as "Did you mean …", never applied on their own).
 */
import { isSkillKey } from "./aliases";
import { skillSimilarity } from "./fuzzy";
import { normalizeSkillText } from "./normalize";

export interface KnownSkill {
  key: string;
  label: string;
  /** Candidates who hold it verified; 0 for an alias's skill that nobody holds yet. */
  candidates: number;
}

export interface AliasEntry {
  /** Normalised (normalizeSkillText), as stored in skill_aliases.alias_text. */
  text: string;
  key: string;
  label: string;
}

export interface SkillCatalog {
  skills: readonly KnownSkill[];
  aliases: readonly AliasEntry[];
}

export type ResolvedBy = "key" | "alias" | "label" | "prefix" | "words";

export type SkillResolution =
  | { status: "resolved"; key: string; label: string; by: ResolvedBy }
  | { status: "miss"; typed: string; suggestions: KnownSkill[] };

/** A type-ahead option: the skill, and the alias that matched when it was an alias ("js" for JavaScript). */
export interface SkillOptionMatch extends KnownSkill {
  alias?: string;
}

const SUGGESTION_THRESHOLD = 0.6;
const MAX_SUGGESTIONS = 5;

/** Resolves typed text to one skill (see the module comment for the rules). */
export function resolveSkillText(typed: string, catalog: SkillCatalog): SkillResolution {
  const trimmed = typed.trim();
  const text = normalizeSkillText(trimmed);
  const miss = (suggestions: KnownSkill[]): SkillResolution => ({ status: "miss", typed: trimmed, suggestions });
  if (!text) return miss([]);
  const index = indexCatalog(catalog);
  const resolved = (skill: KnownSkill, by: ResolvedBy): SkillResolution => ({
    status: "resolved",
    key: skill.key,
    label: skill.label,
    by,
  });

  const byKey = index.byKey.get(trimmed.toLowerCase());
  if (byKey) return resolved(byKey, "key");
  if (isSkillKey(trimmed)) return resolved({ key: trimmed, label: trimmed, candidates: 0 }, "key");

  const alias = catalog.aliases.find((a) => a.text === text);
  if (alias)
    return resolved(
      index.byKey.get(alias.key.toLowerCase()) ?? { key: alias.key, label: alias.label, candidates: 0 },
      "alias",
    );

  for (const [rule, matches] of [
    ["label", index.skills.filter((s) => labelForms(s.label).includes(text))],
    ["prefix", prefixMatches(text, index)],
    ["words", wordMatches(text, index)],
  ] as const) {
    const distinct = mostHeldFirst(matches);
    if (distinct.length === 1) return resolved(distinct[0]!, rule);
    if (distinct.length > 1 && rule === "label") return resolved(distinct[0]!, rule);
    if (distinct.length > 1) return miss(distinct.slice(0, MAX_SUGGESTIONS));
  }
  return miss(similarSkills(text, index));
}

/**
 * The type-ahead's options for what is typed so far, best first: exact alias or label, then labels and aliases
 * that start with it, then labels containing its words; within each, most held first.
 */
export function rankSkillOptions(typed: string, catalog: SkillCatalog, limit = 10): SkillOptionMatch[] {
  const text = normalizeSkillText(typed);
  if (!text) return [];
  const index = indexCatalog(catalog);
  const out = new Map<string, SkillOptionMatch>();
  const add = (skills: readonly KnownSkill[], alias?: (skill: KnownSkill) => string | undefined) => {
    for (const skill of mostHeldFirst(skills)) {
      if (!out.has(skill.key)) out.set(skill.key, { ...skill, ...(alias?.(skill) ? { alias: alias(skill) } : {}) });
    }
  };
  const aliasesTo = (predicate: (a: AliasEntry) => boolean) => {
    const matched = catalog.aliases.filter(predicate);
    const skills = matched.map(
      (a) => index.byKey.get(a.key.toLowerCase()) ?? { key: a.key, label: a.label, candidates: 0 },
    );
    return { skills, alias: (skill: KnownSkill) => matched.find((a) => a.key === skill.key)?.text };
  };
  const exactAlias = aliasesTo((a) => a.text === text);
  add(exactAlias.skills, exactAlias.alias);
  add(index.skills.filter((s) => labelForms(s.label).includes(text)));
  add(index.skills.filter((s) => labelForms(s.label).some((form) => form.startsWith(text))));
  const prefixAlias = aliasesTo((a) => a.text.startsWith(text));
  add(prefixAlias.skills, prefixAlias.alias);
  add(wordMatches(text, index));
  return [...out.values()].slice(0, limit);
}

interface CatalogIndex {
  skills: KnownSkill[];
  byKey: Map<string, KnownSkill>;
  aliases: readonly AliasEntry[];
}

function indexCatalog(catalog: SkillCatalog): CatalogIndex {
  const byKey = new Map<string, KnownSkill>();
  for (const skill of catalog.skills) {
    const known = byKey.get(skill.key.toLowerCase());
    if (!known || skill.candidates > known.candidates) byKey.set(skill.key.toLowerCase(), skill);
  }
  return { skills: [...byKey.values()], byKey, aliases: catalog.aliases };
}

/** A label's normalised forms: whole, and without a trailing "(qualifier)". */
function labelForms(label: string): string[] {
  const whole = normalizeSkillText(label);
  const bare = normalizeSkillText(label.replace(/\s*\([^)]*\)\s*$/u, ""));
  return bare && bare !== whole ? [whole, bare] : [whole];
}

function prefixMatches(text: string, index: CatalogIndex): KnownSkill[] {
  const fromLabels = index.skills.filter((s) => labelForms(s.label).some((form) => form.startsWith(text)));
  const fromAliases = index.aliases
    .filter((a) => a.text.startsWith(text))
    .map((a) => index.byKey.get(a.key.toLowerCase()) ?? { key: a.key, label: a.label, candidates: 0 });
  return [...fromLabels, ...fromAliases];
}

function wordMatches(text: string, index: CatalogIndex): KnownSkill[] {
  const typed = text.split(" ");
  const last = typed[typed.length - 1]!;
  return index.skills.filter((skill) => {
    const words = normalizeSkillText(skill.label).split(" ");
    return typed.slice(0, -1).every((word) => words.includes(word)) && words.some((word) => word.startsWith(last));
  });
}

function similarSkills(text: string, index: CatalogIndex): KnownSkill[] {
  const scored = new Map<string, { skill: KnownSkill; score: number }>();
  const consider = (skill: KnownSkill, against: string) => {
    const score = skillSimilarity(text, against);
    if (score < SUGGESTION_THRESHOLD) return;
    const previous = scored.get(skill.key);
    if (!previous || score > previous.score) scored.set(skill.key, { skill, score });
  };
  for (const skill of index.skills) for (const form of labelForms(skill.label)) consider(skill, form);
  for (const alias of index.aliases)
    consider(
      index.byKey.get(alias.key.toLowerCase()) ?? { key: alias.key, label: alias.label, candidates: 0 },
      alias.text,
    );
  return [...scored.values()]
    .sort(
      (a, b) => b.score - a.score || b.skill.candidates - a.skill.candidates || a.skill.key.localeCompare(b.skill.key),
    )
    .slice(0, MAX_SUGGESTIONS)
    .map((s) => s.skill);
}

/** Distinct by key, most held first, then by label. */
function mostHeldFirst(skills: readonly KnownSkill[]): KnownSkill[] {
  const byKey = new Map<string, KnownSkill>();
  for (const skill of skills) if (!byKey.has(skill.key)) byKey.set(skill.key, skill);
  return [...byKey.values()].sort((a, b) => b.candidates - a.candidates || a.label.localeCompare(b.label));
}
