import { createServices } from "#app/services.server";
import { rebuildIndex } from "#search/sync.server";
import { parseCommandArgs } from "../usage";

/** `reindex`: rebuilds the search index from the database, with progress. */
export async function reindexCommand(args: string[]): Promise<number> {
  parseCommandArgs(args, {});
  const services = await createServices(process.env, { log: (m) => console.error(m) });
  try {
    console.error(`database: ${services.describe.database}; search engine: ${services.describe.search}`);
    if (services.search.name === "embedded") {
      console.error(
        "Note: the embedded engine lives inside the app process and is rebuilt from the database at every start.",
      );
    }
    const total = await rebuildIndex({ db: services.db, search: services.search, log: services.log }, (done) =>
      process.stderr.write(`\rindexed ${done} candidates`),
    );
    console.log(`indexed ${total} candidates from the database`);
    return 0;
  } finally {
    await services.close();
  }
}
