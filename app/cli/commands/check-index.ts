import { databaseOptionsFromEnv, openDatabase } from "#db/client.server";
import { checkIndexConsistency, isConsistent, repairIndex, type ConsistencyDeps } from "#search/consistency.server";
import { createSearchEngine } from "#search/create-engine.server";
import { parseCommandArgs, UsageError } from "../usage";

/** Ids listed per difference in the readable output; --json lists them all. */
const SHOWN = 20;

export interface CheckIndexOptions {
  json: boolean;
  repair: boolean;
  pageSize?: number;
}

export interface CheckIndexOutput {
  /** One line of the result (stdout). */
  line(text: string): void;
  /** Progress and notes (stderr). */
  note(text: string): void;
}

const standardOutput: CheckIndexOutput = {
  line: (text) => console.log(text),
  note: (text) => process.stderr.write(text),
};

/**
 * `check-index [--json] [--repair] [--page-size N]`: compares the database with the search index. Exit 0 when
 * they agree, 1 when not. Read-only unless --repair, which enqueues an outbox row per difference for the app's
 * indexer. Opens no indexer of its own (unlike the other commands' services), so the check never writes to the
 * index and never takes outbox rows from the running app.
 */
export async function checkIndexCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    json: { type: "boolean", default: false },
    repair: { type: "boolean", default: false },
    "page-size": { type: "string" },
  });
  if (positionals.length > 0) throw new UsageError(`check-index takes no arguments (got "${positionals[0]}").`);
  const pageSize = values["page-size"] === undefined ? undefined : Number(values["page-size"]);
  if (pageSize !== undefined && (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > 10_000)) {
    throw new UsageError("--page-size must be a whole number from 1 to 10000.");
  }
  if (!process.env.MEILI_HOST?.trim()) {
    console.error(
      "check-index compares the database with a search server, and MEILI_HOST is not set. The embedded engine " +
        "lives inside the app process and is rebuilt from the database at every start, so there is no index here " +
        "to check: set MEILI_HOST (and MEILI_API_KEY) to the server the app uses. To check the embedded index of a " +
        "running app, open /admin/index-check there as an admin (/admin/index-check.json gives the same JSON as --json).",
    );
    return 2;
  }
  const database = await openDatabase(databaseOptionsFromEnv(process.env));
  const search = createSearchEngine(process.env);
  try {
    standardOutput.note(`database: ${database.description}; search engine: ${search.name}\n`);
    return await runCheckIndex({ db: database.db, search }, { json: values.json, repair: values.repair, pageSize });
  } finally {
    await search.close();
    await database.close();
  }
}

/** The command's work on given database and engine (tests run it on an embedded engine). Returns the exit code. */
export async function runCheckIndex(
  deps: ConsistencyDeps,
  options: CheckIndexOptions,
  output: CheckIndexOutput = standardOutput,
): Promise<number> {
  const result = await checkIndexConsistency(deps, {
    ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    onProgress: (step, done) => output.note(`\rread ${done} ${step === "index" ? "index documents" : "candidates"}   `),
  });
  output.note("\n");
  const consistent = isConsistent(result);
  let repaired = 0;
  if (options.repair) repaired = await repairIndex(deps, result);
  if (options.json) {
    const { staleFields, ...figures } = result;
    output.line(
      JSON.stringify({ ...figures, staleFields, consistent, ...(options.repair ? { repairsEnqueued: repaired } : {}) }),
    );
    return consistent ? 0 : 1;
  }
  output.line(`candidates in the database: ${result.candidates}; documents in the index: ${result.indexed}`);
  output.line(`pending: ${result.pending} candidate(s) with an index update still queued (not compared)`);
  const list = (label: string, ids: string[], detail: (id: string) => string = () => "") => {
    output.line(`${label}: ${ids.length}`);
    for (const id of ids.slice(0, SHOWN)) output.line(`  ${id}${detail(id)}`);
    if (ids.length > SHOWN) output.line(`  … and ${ids.length - SHOWN} more (--json lists them all)`);
  };
  list("lost (in the database, missing from the index)", result.lost);
  list("orphaned (in the index, not in the database)", result.orphaned);
  list("stale (the index shows an older version)", result.stale, (id) => ` (${result.staleFields[id]?.join(", ")})`);
  if (consistent) {
    output.line("The index matches the database.");
  } else if (options.repair) {
    output.line(
      `Enqueued ${repaired} index update(s); the app's indexer applies them within seconds. Run check-index again to confirm.`,
    );
  } else {
    output.line("The index differs from the database. --repair enqueues an index update for each difference.");
  }
  return consistent ? 0 : 1;
}
