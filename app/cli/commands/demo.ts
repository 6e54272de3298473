import { cliActor } from "#app/audit/audit.server";
import { clearDemoData, seedDemoData } from "#app/demo/seed.server";
import { createServices } from "#app/services.server";
import { UsageError } from "../usage";

/**
 * `demo seed` loads the demo data (candidates, a demo issuer, three staff accounts with a password made for this
 * installation, printed once), on any database; `demo clear` removes all of it. Both are audited.
 */
export async function demoCommand(args: string[]): Promise<number> {
  const [sub] = args;
  if (sub !== "seed" && sub !== "clear") throw new UsageError("demo needs seed or clear.");
  const services = await createServices(process.env, { log: (m) => console.error(m) });
  try {
    if (sub === "seed") {
      const seeded = await seedDemoData(services, cliActor());
      await services.indexer.flush();
      console.log(
        seeded.seeded
          ? `Demo data loaded: ${seeded.credentials} credentials.`
          : "Demo data is already loaded; nothing was added.",
      );
    } else {
      const cleared = await clearDemoData({ ...services, onCommitted: services.indexer.nudge }, cliActor());
      await services.indexer.flush();
      console.log(
        `Demo data removed: ${cleared.candidates} candidate(s), ${cleared.staffAccounts} demo staff account(s).`,
      );
    }
    return 0;
  } finally {
    await services.close();
  }
}
