import { createServices } from "#app/services.server";
import { recheckCredentials } from "#app/review/recheck.server";
import { parseCommandArgs } from "../usage";

/** `recheck [--json] [CREDENTIAL_ID...]`: verifies stored credentials again (all when no id is given). */
export async function recheckCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { json: { type: "boolean", default: false } });
  const services = await createServices(process.env, { log: (m) => console.error(m) });
  try {
    const summary = await recheckCredentials(
      { ...services, onCommitted: services.indexer.nudge },
      {
        credentialIds: positionals.length ? positionals : undefined,
        onProgress: (done) => process.stderr.write(`\rre-checked ${done} credentials`),
      },
    );
    process.stderr.write("\n");
    await services.indexer.flush();
    if (values.json) {
      console.log(JSON.stringify(summary));
    } else {
      console.log(`${summary.checked} credentials re-checked, ${summary.changed.length} changed`);
      for (const c of summary.changed) console.log(`${c.credentialId}\t${c.from} → ${c.to}\t${c.reason ?? ""}`);
    }
    return 0;
  } finally {
    await services.close();
  }
}
