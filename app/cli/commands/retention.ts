import { cliActor } from "#app/audit/audit.server";
import { getRetentionDays, MAX_RETENTION_DAYS, runRetention, setRetentionDays } from "#app/retention/retention.server";
import { createServices } from "#app/services.server";
import { parseCommandArgs, UsageError } from "../usage";

/**
 * `retention run [--json]` erases candidates past the retention period now (the app does it every hour);
 * `retention set DAYS|off` sets the period; `retention show` prints it. Each change and erasure is audited.
 */
export async function retentionCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseCommandArgs(rest, { json: { type: "boolean", default: false } });
  if (!["run", "set", "show"].includes(sub ?? "")) throw new UsageError("retention needs run, set or show.");
  let days: number | null = null;
  if (sub === "set") {
    const [value] = positionals;
    if (positionals.length !== 1) throw new UsageError("retention set needs a number of days, or off.");
    days = value === "off" || value === "0" ? null : Number(value);
    if (days !== null && !(Number.isInteger(days) && days >= 1 && days <= MAX_RETENTION_DAYS)) {
      throw new UsageError(`retention set needs a whole number of days from 1 to ${MAX_RETENTION_DAYS}, or off.`);
    }
  }
  const services = await createServices(process.env, { log: (m) => console.error(m) });
  try {
    if (sub === "set") {
      await setRetentionDays(services.db, cliActor(), days);
      console.log(
        days ? `Retention period: ${days} days. The app erases candidates past it every hour.` : "Retention is off.",
      );
    } else if (sub === "show") {
      const current = await getRetentionDays(services.db);
      console.log(current ? `${current} days` : "off");
    } else {
      const result = await runRetention({ ...services, onCommitted: services.indexer.nudge }, { actor: cliActor() });
      await services.indexer.flush();
      if (values.json) console.log(JSON.stringify(result));
      else if (result.status === "off")
        console.log("Retention is off; nothing was erased. Set it with: retention set DAYS");
      else
        console.log(
          `Erased ${result.erased} candidate(s) inactive since before ${result.cutoff.toISOString()} (${result.days} days).`,
        );
    }
    return 0;
  } finally {
    await services.close();
  }
}
