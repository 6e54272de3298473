import { listAliases, loadSuggestionInputs } from "#db/queries/skill-aliases.server";
import { deleteAlias, seedAliases, upsertAlias } from "#app/skills/alias-store.server";
import { createServices } from "#app/services.server";
import { isSkillKey } from "#app/skills/aliases";
import { suggestAliases } from "#app/skills/fuzzy";
import { normalizeSkillText } from "#app/skills/normalize";
import { parseCommandArgs, UsageError } from "../usage";

/**
 * `alias list [--json]` | `alias add TEXT --key KEY --label LABEL [--confirmed]` | `alias remove TEXT` |
 * `alias seed` | `alias suggest [--limit N] [--json]`. Adding, changing or removing an alias re-maps the stored
 * skills it governs and re-indexes their candidates. `suggest` only prints: a suggestion becomes an alias when a
 * person adds it (with --confirmed, recorded as a confirmed suggestion).
 */
export async function aliasCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandArgs(rest, {
    key: { type: "string" },
    label: { type: "string" },
    confirmed: { type: "boolean", default: false },
    limit: { type: "string" },
    json: { type: "boolean", default: false },
  });
  if (!["list", "add", "remove", "seed", "suggest"].includes(sub ?? ""))
    throw new UsageError("alias needs list, add, remove, seed or suggest.");
  if (sub === "add" && (positionals.length !== 1 || !values.key || !values.label))
    throw new UsageError('alias add needs "TEXT", --key KEY and --label LABEL.');
  if (sub === "add" && !isSkillKey(values.key!))
    throw new UsageError(`"${values.key}" is not a skill key: use esco:…, onet:…, case:…, ctdl:…, url:… or name:….`);
  if ((sub === "add" || sub === "remove") && !normalizeSkillText(positionals[0] ?? ""))
    throw new UsageError(`alias ${sub} needs a TEXT with letters or digits.`);
  if (sub === "remove" && positionals.length !== 1) throw new UsageError('alias remove needs "TEXT".');
  const limit = values.limit === undefined ? 3 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError("--limit must be a whole number of at least 1.");

  const services = await createServices(process.env, { log: (m) => console.error(m) });
  try {
    switch (sub) {
      case "add": {
        const source = values.confirmed ? "confirmed-suggestion" : "admin";
        const { alias, remapped } = await upsertAlias(services.db, {
          aliasText: positionals[0]!,
          skillKey: values.key!,
          label: values.label!,
          source,
        });
        await services.indexer.flush();
        console.log(`"${alias.aliasText}" → ${alias.skillKey} (${alias.label}); ${remapped} stored skill(s) re-mapped`);
        return 0;
      }
      case "remove": {
        const { deleted, remapped } = await deleteAlias(services.db, positionals[0]!);
        if (!deleted) {
          console.error(`No alias "${normalizeSkillText(positionals[0]!)}".`);
          return 1;
        }
        await services.indexer.flush();
        console.log(
          `Removed "${normalizeSkillText(positionals[0]!)}"; ${remapped} stored skill(s) back on their name keys`,
        );
        return 0;
      }
      case "seed": {
        const { inserted, remapped } = await seedAliases(services.db);
        await services.indexer.flush();
        console.log(`${inserted} seed alias(es) added; ${remapped} stored skill(s) re-mapped`);
        return 0;
      }
      case "suggest": {
        const { unmatched, known } = await loadSuggestionInputs(services.db);
        const suggestions = suggestAliases(unmatched, known, limit);
        for (const s of suggestions) {
          console.log(
            values.json
              ? JSON.stringify(s)
              : `${s.rawLabel}\t→ ${s.suggestedKey}\t${s.suggestedLabel}\t${s.score.toFixed(2)}`,
          );
        }
        if (!values.json) {
          console.error(
            `${suggestions.length} suggestion(s) for ${unmatched.length} unaliased name(s). None is applied until a person confirms it:`,
          );
          console.error(`  npm run attest -- alias add "TEXT" --key KEY --label LABEL --confirmed`);
        }
        return 0;
      }
      default: {
        for (const alias of await listAliases(services.db)) {
          console.log(
            values.json
              ? JSON.stringify(alias)
              : `${alias.aliasText}\t${alias.skillKey}\t${alias.label}\t${alias.source}`,
          );
        }
        return 0;
      }
    }
  } finally {
    await services.close();
  }
}
