import { readFile } from "node:fs/promises";
import path from "node:path";
import { listTrustedIssuers, upsertTrustedIssuers } from "#db/queries/trusted-issuers.server";
import { createServices } from "#app/services.server";
import { parseDccRegistry } from "#app/verification/trust-registry";
import { parseCommandArgs, UsageError } from "../usage";

/**
 * `registry import FILE [--name NAME]`: adds the issuers of a Digital Credentials Consortium registry file.
 * `registry add ISSUER_ID --name NAME [--url URL]`: adds one issuer. `registry list [--json]`: prints the registry.
 */
export async function registryCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandArgs(rest, {
    name: { type: "string" },
    url: { type: "string" },
    json: { type: "boolean", default: false },
  });
  if (sub === "import" && positionals.length !== 1) throw new UsageError("registry import needs one FILE.");
  if (sub === "add" && (positionals.length !== 1 || !values.name)) throw new UsageError("registry add needs ISSUER_ID and --name.");
  if (!["import", "add", "list"].includes(sub ?? "")) throw new UsageError("registry needs import, add or list.");

  let entries: Parameters<typeof upsertTrustedIssuers>[1] = [];
  if (sub === "import") {
    const file = positionals[0];
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, "utf8"));
    } catch (error) {
      throw new UsageError(`Cannot read JSON from ${file} (${(error as Error).message}).`);
    }
    entries = parseDccRegistry(json, values.name ?? path.basename(file, ".json"));
    if (entries.length === 0) {
      console.error(`${file} holds no registry entries: expected {"registry": {"<did>": {"name": …}}}.`);
      return 1;
    }
  } else if (sub === "add") {
    entries = [{ issuerId: positionals[0], name: values.name!, url: values.url, registry: "manual" }];
  }

  const services = await createServices(process.env, { log: (m) => console.error(m) });
  try {
    if (entries.length) {
      const count = await upsertTrustedIssuers(services.db, entries);
      await services.indexer.flush();
      console.log(`${count} trusted issuer(s) added or updated`);
      return 0;
    }
    const rows = await listTrustedIssuers(services.db);
    for (const row of rows) {
      console.log(values.json ? JSON.stringify(row) : `${row.issuerId}\t${row.name}\t${row.registry}`);
    }
    return 0;
  } finally {
    await services.close();
  }
}
