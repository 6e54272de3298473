import { issueApiKey, listApiKeys, newApiKeySchema, withdrawApiKey } from "#app/auth/api-keys.server";
import { createServices } from "#app/services.server";
import { cliActor } from "#app/audit/audit.server";
import { parseCommandArgs, UsageError } from "../usage";

/**
 * `apikey create --name NAME [--scope verify,submit] [--expires-days N]` (prints the key once) | `apikey list` |
 * `apikey revoke ID`. The admin page /admin/api-keys does the same.
 */
export async function apikeyCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandArgs(rest, {
    name: { type: "string" },
    scope: { type: "string", default: "verify,submit" },
    "expires-days": { type: "string" },
  });
  if (sub === "create" && !values.name) throw new UsageError("apikey create needs --name NAME.");
  if (sub === "revoke" && positionals.length !== 1) throw new UsageError("apikey revoke needs the key's ID.");
  if (!["create", "list", "revoke"].includes(sub ?? "")) throw new UsageError("apikey needs create, list or revoke.");
  const input =
    sub === "create"
      ? newApiKeySchema.safeParse({
          name: values.name,
          scopes: String(values.scope)
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
          expiresInDays: values["expires-days"] ?? null,
        })
      : null;
  if (input && !input.success) {
    throw new UsageError(
      `${input.error.issues[0]?.message ?? "Check the options."} (--scope takes verify, submit or verify,submit.)`,
    );
  }
  const services = await createServices(process.env, { log: (m) => console.error(m) });
  try {
    if (input?.success) {
      const key = await issueApiKey(services, cliActor(), input.data);
      const until = key.expiresAt ? `, expires ${key.expiresAt.toISOString()}` : "";
      console.error(
        `Created ${key.id} (${input.data.scopes.join(", ")}${until}). This is the only time the key is shown; keep it secret:`,
      );
      console.log(key.secret);
    } else if (sub === "revoke") {
      if (!(await withdrawApiKey(services, cliActor(), positionals[0]!))) {
        console.error(`No active API key ${positionals[0]}.`);
        return 1;
      }
      console.log(`Revoked ${positionals[0]}.`);
    } else {
      const now = services.now();
      for (const key of await listApiKeys(services.db)) {
        const state = key.revokedAt ? "revoked" : key.expiresAt && key.expiresAt <= now ? "expired" : "active";
        console.log(
          `${key.id}\t${key.name}\t${key.scopes.join(",")}\t${state}\texpires ${key.expiresAt?.toISOString() ?? "never"}\tlast used ${key.lastUsedAt?.toISOString() ?? "never"}`,
        );
      }
    }
    return 0;
  } finally {
    await services.close();
  }
}
