import { readFile } from "node:fs/promises";
import path from "node:path";
import { listTrustedIssuers } from "#db/queries/trusted-issuers.server";
import { createServices } from "#app/services.server";
import {
  addTrustedIssuer,
  CLI_ACTOR,
  describeImport,
  describeReevaluated,
  importRegistryFile,
  removeTrustedIssuer,
  trustedIssuerSchema,
  type RegistryAdminDeps,
} from "#app/verification/registry-admin.server";
import { parseCommandArgs, UsageError } from "../usage";

/**
 * `registry import FILE [--name NAME]`: adds the issuers of a Digital Credentials Consortium registry file.
 * `registry add ISSUER_ID --name NAME [--url URL]`: adds (or updates) one issuer. `registry remove ISSUER_ID`.
 * `registry list [--json]`: prints the registry. Changes go through the same code as the admin page: stored
 * credentials of the affected issuers are re-evaluated, and each change is audited with the actor "cli".
 */
export async function registryCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandArgs(rest, {
    name: { type: "string" },
    url: { type: "string" },
    json: { type: "boolean", default: false },
  });
  if (!["import", "add", "remove", "list"].includes(sub ?? ""))
    throw new UsageError("registry needs import, add, remove or list.");
  if (sub !== "list" && positionals.length !== 1)
    throw new UsageError(`registry ${sub} needs one ${sub === "import" ? "FILE" : "ISSUER_ID"}.`);

  let file: { text: string; fileName: string; registryName?: string } | undefined;
  if (sub === "import") {
    try {
      file = {
        text: await readFile(positionals[0], "utf8"),
        fileName: path.basename(positionals[0]),
        registryName: values.name,
      };
    } catch (error) {
      throw new UsageError(`Cannot read ${positionals[0]} (${(error as Error).message}).`);
    }
  }
  const form =
    sub === "add"
      ? trustedIssuerSchema.safeParse({ issuerId: positionals[0], name: values.name ?? "", homepage: values.url })
      : null;
  if (form && !form.success)
    throw new UsageError(form.error.issues[0]?.message ?? "registry add needs ISSUER_ID and --name.");

  const services = await createServices(process.env, { log: (m) => console.error(m) });
  const deps: RegistryAdminDeps = { db: services.db, now: services.now };
  try {
    if (sub === "list") {
      for (const row of await listTrustedIssuers(services.db)) {
        console.log(values.json ? JSON.stringify(row) : `${row.issuerId}\t${row.name}\t${row.registry}`);
      }
      return 0;
    }
    let code = 0;
    if (form?.success) {
      const { change, reevaluated } = await addTrustedIssuer(deps, CLI_ACTOR, form.data);
      console.log(`${form.data.name} ${change}.${describeReevaluated(reevaluated)}`);
    } else if (sub === "remove") {
      const removed = await removeTrustedIssuer(deps, CLI_ACTOR, positionals[0]);
      if (removed) console.log(`${removed.name} removed.${describeReevaluated(removed.reevaluated)}`);
      else {
        console.error(`${positionals[0]} is not on the trust registry.`);
        code = 1;
      }
    } else if (file) {
      const result = await importRegistryFile(deps, CLI_ACTOR, file);
      if (result.status === "refused") {
        console.error(result.message);
        code = 1;
      } else console.log(describeImport(result));
    }
    await services.indexer.flush();
    return code;
  } finally {
    await services.close();
  }
}
