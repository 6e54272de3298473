/**
 * Fuzzy suggestions for skill names that no alias or framework code maps. They are suggestions only: a person
 * confirms one (it then becomes an alias with source "confirmed-suggestion"), and nothing here ever changes
 * which key a skill is stored or searched under.
 *
 * Similarity of two labels, both normalised with normalizeSkillText: the greater of
 * - token Jaccard: |A ∩ B| / |A ∪ B| over their word sets (catches re-ordered or extra words), and
 * - the Damerau–Levenshtein ratio: 1 − d / max(|a|, |b|), d the optimal-string-alignment distance over
 *   characters (insertions, deletions, substitutions and adjacent transpositions: catches typos).
 * A pair is suggested when the score reaches the threshold (0.75 by default).
 */
import { normalizeSkillText } from "./normalize";

export interface AliasSuggestion {
  /** The unmatched label as given, and its normalised form (the alias text a confirmation would store). */
  rawLabel: string;
  aliasText: string;
  suggestedKey: string;
  suggestedLabel: string;
  /** 0…1, see the module comment. */
  score: number;
}

export const DEFAULT_SUGGESTION_THRESHOLD = 0.75;

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions, no substring edits). */
export function damerauLevenshtein(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  const rows = s.length + 1;
  const cols = t.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[rows - 1]![cols - 1]!;
}

/** Similarity of two skill labels in 0…1 (1 when they normalise to the same text). */
export function skillSimilarity(a: string, b: string): number {
  const x = normalizeSkillText(a);
  const y = normalizeSkillText(b);
  if (!x || !y) return 0;
  if (x === y) return 1;
  const tx = new Set(x.split(" "));
  const ty = new Set(y.split(" "));
  const shared = [...tx].filter((token) => ty.has(token)).length;
  const jaccard = shared / (tx.size + ty.size - shared);
  const ratio = 1 - damerauLevenshtein(x, y) / Math.max([...x].length, [...y].length);
  return Math.max(jaccard, ratio);
}

/**
 * For each unmatched label, up to `limit` known skills whose labels are similar enough, best first (ties by
 * key). A known skill whose key is the label's own name key is not suggested (it is the same skill).
 */
export function suggestAliases(
  unmatchedLabels: readonly string[],
  knownSkills: ReadonlyArray<{ key: string; label: string }>,
  limit = 3,
  threshold = DEFAULT_SUGGESTION_THRESHOLD,
): AliasSuggestion[] {
  const suggestions: AliasSuggestion[] = [];
  const seen = new Set<string>();
  for (const rawLabel of unmatchedLabels) {
    const aliasText = normalizeSkillText(rawLabel);
    if (!aliasText || seen.has(aliasText)) continue;
    seen.add(aliasText);
    const best = new Map<string, AliasSuggestion>();
    for (const known of knownSkills) {
      if (known.key === `name:${aliasText}`) continue;
      // A known name-mapped skill is compared by its name; others by their label (e.g. an ESCO preferred label).
      const score = skillSimilarity(
        aliasText,
        known.key.startsWith("name:") ? known.key.slice("name:".length) : known.label,
      );
      if (score < threshold) continue;
      const previous = best.get(known.key);
      if (!previous || score > previous.score) {
        best.set(known.key, {
          rawLabel,
          aliasText,
          suggestedKey: known.key,
          suggestedLabel: known.label,
          score: Math.round(score * 1000) / 1000,
        });
      }
    }
    suggestions.push(
      ...[...best.values()]
        .sort((p, q) => q.score - p.score || p.suggestedKey.localeCompare(q.suggestedKey))
        .slice(0, limit),
    );
  }
  return suggestions;
}
