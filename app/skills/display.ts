/**
 * How skills look on the page, whatever case and spelling their issuers chose. Pure, and safe for the browser.
 */
import { normalizeSkillText } from "./normalize";

/** Words kept in lower case inside a title ("Infrastructure as Code", "Welders, Cutters, and Brazers"). */
const MINOR_WORDS = new Set([
  "a",
  "an",
  "and",
  "as",
  "at",
  "but",
  "by",
  "for",
  "in",
  "of",
  "on",
  "or",
  "the",
  "to",
  "with",
  "via",
]);

/**
 * One case style for every label: Title Case, the way LinkedIn and the ATSs show skills. Only words written all
 * in lower case change, so an issuer's "SQL", "JavaScript" or "iOS" is kept as written; minor words stay lower
 * case except first. Also inside brackets: "Python (computer programming)" → "Python (Computer Programming)".
 */
export function toDisplayLabel(label: string): string {
  let first = true;
  return label.trim().replace(/[\p{L}\p{N}][\p{L}\p{N}'’.+#-]*/gu, (word) => {
    const isFirst = first;
    first = false;
    if (word !== word.toLowerCase()) return word;
    if (!isFirst && MINOR_WORDS.has(word)) return word;
    return word.charAt(0).toUpperCase() + word.slice(1);
  });
}

/**
 * Occupations are not skills: an O*NET-SOC code names a job ("Software Developers", "Registered Nurses"), so it is
 * shown as a role, in a facet of its own.
 */
export function isOccupationKey(key: string): boolean {
  return key.toLowerCase().startsWith("onet:");
}

/**
 * What makes two labels near duplicates for display: the same words once case, punctuation and a trailing
 * qualifier in brackets are set aside ("Python" and "Python (computer programming)").
 */
export function nearDuplicateKey(label: string): string {
  return normalizeSkillText(label.replace(/\s*\([^)]*\)\s*$/u, "")) || normalizeSkillText(label);
}

/**
 * Merges near duplicates, keeping the first of each group (callers put the strongest first) with every key of the
 * group, so a filter on any of them still finds it.
 */
export function mergeNearDuplicates<T extends { key: string; label: string }>(
  skills: readonly T[],
): Array<T & { keys: string[] }> {
  const groups = new Map<string, T & { keys: string[] }>();
  for (const skill of skills) {
    const id = nearDuplicateKey(skill.label);
    const group = groups.get(id);
    if (group) group.keys.push(skill.key);
    else groups.set(id, { ...skill, keys: [skill.key] });
  }
  return [...groups.values()];
}
