import { listApiKeys, revokeApiKey } from "#db/queries/api-keys.server";
import { createApiKey } from "#app/auth/api-keys.server";
import { createServices } from "#app/services.server";
import { cliActor, recordAudit } from "#app/audit/audit.server";
import { parseCommandArgs, UsageError } from "../usage";

/** `apikey create --name NAME` (prints the key once) | `apikey list` | `apikey revoke ID`. */
export async function apikeyCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandArgs(rest, { name: { type: "string" } });
  if (sub === "create" && !values.name) throw new UsageError("apikey create needs --name NAME.");
  if (sub === "revoke" && positionals.length !== 1) throw new UsageError("apikey revoke needs the key's ID.");
  if (!["create", "list", "revoke"].includes(sub ?? "")) throw new UsageError("apikey needs create, list or revoke.");
  const services = await createServices(process.env, { log: (m) => console.error(m) });
  try {
    if (sub === "create") {
      const key = await createApiKey(services.db, values.name!);
      await recordAudit(services.db, cliActor(), "api-key.create", { type: "api-key", id: key.id }, { name: values.name });
      console.error(`Created ${key.id}. This is the only time the key is shown; keep it secret:`);
      console.log(key.secret);
    } else if (sub === "revoke") {
      if (!(await revokeApiKey(services.db, positionals[0], services.now()))) {
        console.error(`No API key ${positionals[0]}.`);
        return 1;
      }
      await recordAudit(services.db, cliActor(), "api-key.revoke", { type: "api-key", id: positionals[0] });
      console.log(`Revoked ${positionals[0]}.`);
    } else {
      for (const key of await listApiKeys(services.db)) {
        console.log(`${key.id}\t${key.name}\t${key.revokedAt ? "revoked" : "active"}\tlast used ${key.lastUsedAt?.toISOString() ?? "never"}`);
      }
    }
    return 0;
  } finally {
    await services.close();
  }
}
