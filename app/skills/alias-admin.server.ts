import { z } from "zod";
import type { Database } from "#db/client.server";
import { listAliases, loadSuggestionInputs } from "#db/queries/skill-aliases.server";
import { deleteAlias, upsertAlias } from "./alias-store.server";
import { isSkillKey } from "./aliases";
import { suggestAliases } from "./fuzzy";
import { normalizeSkillText } from "./normalize";

/** The alias page: every alias, and fuzzy suggestions a person may confirm (never applied on their own). */
export async function getAliasAdmin(db: Database) {
  const [aliases, inputs] = await Promise.all([listAliases(db), loadSuggestionInputs(db)]);
  return { aliases, suggestions: suggestAliases(inputs.unmatched, inputs.known).slice(0, 30) };
}

export const aliasFormSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    aliasText: z
      .string()
      .trim()
      .refine((t) => normalizeSkillText(t) !== "", "Give the alias some letters or digits."),
    skillKey: z.string().trim().refine(isSkillKey, "Use a skill key: esco:…, onet:…, case:…, ctdl:…, url:… or name:…."),
    label: z.string().trim().min(1, "Give the skill a label."),
    confirmed: z.enum(["1"]).optional(),
  }),
  z.object({ intent: z.literal("remove"), aliasText: z.string().min(1) }),
]);

/** Applies a form: adding re-maps stored skills and re-indexes their candidates, in one transaction. */
export async function applyAliasForm(db: Database, form: z.infer<typeof aliasFormSchema>): Promise<string> {
  if (form.intent === "remove") {
    const { deleted, remapped } = await deleteAlias(db, form.aliasText);
    return deleted
      ? `Removed “${form.aliasText}”; ${remapped} stored skill(s) went back to their own names.`
      : `There was no alias “${form.aliasText}”.`;
  }
  const { remapped } = await upsertAlias(db, {
    aliasText: form.aliasText,
    skillKey: form.skillKey,
    label: form.label,
    source: form.confirmed ? "confirmed-suggestion" : "admin",
  });
  return `Saved “${form.aliasText}” → ${form.label}; ${remapped} stored skill(s) re-mapped.`;
}
