import { databaseOptionsFromEnv, openDatabase, type Database } from "#db/client.server";
import { createSearchEngine } from "#search/create-engine.server";
import type { SearchEngine } from "#search/engine";
import { startIndexer, type Indexer } from "#search/sync.server";
import { createSafeFetch, safeFetchOptionsFromEnv, type SafeFetch } from "#app/ingest/safe-fetch.server";
import type { VerifyDocument } from "#app/ingest/submit.server";
import { createDocumentLoader } from "#app/verification/document-loader.server";
import { verifyCredential } from "#app/verification/verify.server";

/** Everything a route, the CLI or a test needs from the outside world, created once per process. */
export interface Services {
  db: Database;
  search: SearchEngine;
  verify: VerifyDocument;
  /** The one way Attest fetches anything from outside (share links, status lists). */
  safeFetch: SafeFetch;
  indexer: Indexer;
  now: () => Date;
  log: (message: string) => void;
  /** Human-readable names of the database and search engine in use. */
  describe: { database: string; search: string };
  close(): Promise<void>;
}

export function log(message: string): void {
  console.log(`${new Date().toISOString()} ${message}`);
}

/** Opens the database (migrating it) and the search engine that the environment names. */
export async function createServices(
  env: NodeJS.ProcessEnv = process.env,
  options: { indexIntervalMs?: number } = {},
): Promise<Services> {
  const safeFetch = createSafeFetch({
    ...safeFetchOptionsFromEnv(env),
    log: (entry) => log(`fetch refused: ${JSON.stringify(entry)}`),
  });
  const database = await openDatabase(databaseOptionsFromEnv(env));
  const search = createSearchEngine(env);
  await search.prepare();
  const now = () => new Date();
  const indexer = startIndexer({ db: database.db, search, now, log }, options.indexIntervalMs);
  return {
    db: database.db,
    search,
    verify: createVerifier(now, safeFetch),
    safeFetch,
    indexer,
    now,
    log,
    describe: { database: database.description, search: search.name },
    close: async () => {
      await indexer.stop();
      await search.close();
      await database.close();
    },
  };
}

/**
 * The one verification path for submissions and the seed. Contexts and did:key are always local; status lists
 * are fetched through the safe fetcher when one is given (without it, status is reported as not checked).
 */
export function createVerifier(now: () => Date, safeFetch?: SafeFetch): VerifyDocument {
  const documentLoader = createDocumentLoader();
  const fetchStatusList = safeFetch ? async (url: string) => (await safeFetch(url)).json() : undefined;
  return (document, context) =>
    verifyCredential(document, { ...context, documentLoader, fetchStatusList, now: now() });
}
