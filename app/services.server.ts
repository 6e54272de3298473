import { databaseOptionsFromEnv, openDatabase, type Database } from "#db/client.server";
import { createSearchEngine } from "#search/create-engine.server";
import type { SearchEngine } from "#search/engine";
import { startIndexer, type Indexer } from "#search/sync.server";
import type { VerifyDocument } from "#app/ingest/submit.server";
import { createDocumentLoader } from "#app/verification/document-loader.server";
import { verifyCredential } from "#app/verification/verify.server";

/** Everything a route, the CLI or a test needs from the outside world, created once per process. */
export interface Services {
  db: Database;
  search: SearchEngine;
  verify: VerifyDocument;
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
  const database = await openDatabase(databaseOptionsFromEnv(env));
  const search = createSearchEngine(env);
  await search.prepare();
  const now = () => new Date();
  const indexer = startIndexer({ db: database.db, search, now, log }, options.indexIntervalMs);
  return {
    db: database.db,
    search,
    verify: createVerifier(now),
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

/** The one verification path for submissions, the seed and the CLI. No network yet: contexts and did:key are local. */
export function createVerifier(now: () => Date): VerifyDocument {
  const documentLoader = createDocumentLoader();
  return (document, context) =>
    verifyCredential(document, { ...context, documentLoader, now: now() });
}
