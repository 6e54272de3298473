import { databaseOptionsFromEnv, openDatabase, type Database } from "#db/client.server";
import { createSearchEngine } from "#search/create-engine.server";
import type { SearchEngine } from "#search/engine";
import { startIndexer, type Indexer } from "#search/sync.server";
import { listTrustedIssuers } from "#db/queries/trusted-issuers.server";
import { createSafeFetch, safeFetchOptionsFromEnv, type SafeFetch } from "#app/ingest/safe-fetch.server";
import { availableParallelism } from "node:os";
import { createVerifier, type VerifyDocument } from "#app/verification/verifier.server";
import { createVerifierPool, verifierPoolOptionsFromEnv } from "#app/verification/pool/pool.server";
import { createTrustRegistry, type RegistryIssuer, type TrustRegistry } from "#app/verification/trust-registry";
import { createMailer, mailerOptionsFromEnv, type Mailer } from "#app/mail/mailer.server";

/** Everything a route, the CLI or a test needs from the outside world, created once per process. */
export interface Services {
  db: Database;
  search: SearchEngine;
  verify: VerifyDocument;
  /** The one way Attest fetches anything from outside (share links, status lists). */
  safeFetch: SafeFetch;
  indexer: Indexer;
  /** Delivers the mail outbox over SMTP (SMTP_URL), or leaves it for admins to read. */
  mailer: Mailer;
  /** The origin of links Attest mails or prints (ATTEST_PUBLIC_URL). */
  publicUrl: string;
  now: () => Date;
  log: (message: string) => void;
  /** Human-readable names of the database and search engine in use. */
  describe: { database: string; search: string };
  /** Drops this process's cached trust registry after an admin changed it (other processes see it within 5 s). */
  trustRegistryChanged?: () => void;
  close(): Promise<void>;
}

/** The origin of mailed and printed links: ATTEST_PUBLIC_URL, else this machine's address and port. */
export function publicUrlFromEnv(env: NodeJS.ProcessEnv): string {
  return env.ATTEST_PUBLIC_URL ?? `http://localhost:${env.PORT ?? 3000}`;
}

export function logLine(message: string): void {
  console.log(`${new Date().toISOString()} ${message}`);
}

/** Opens the database (migrating it) and the search engine that the environment names. */
export async function createServices(
  env: NodeJS.ProcessEnv = process.env,
  options: {
    indexIntervalMs?: number;
    log?: (message: string) => void;
    /**
     * This process serves the embedded index (the app server): it drains the search outbox into it. Any other
     * process (the CLI) leaves the outbox to the app when the engine is embedded: the index it would write lives
     * only in its own memory and vanishes when it exits, so the app's index would never see those updates.
     * With a search server (Meilisearch), which every process shares, every process drains.
     */
    servesEmbeddedIndex?: boolean;
  } = {},
): Promise<Services> {
  const log = options.log ?? logLine;
  const safeFetch = createSafeFetch({
    ...safeFetchOptionsFromEnv(env),
    log: (entry) => log(`fetch refused: ${JSON.stringify(entry)}`),
  });
  const database = await openDatabase(databaseOptionsFromEnv(env));
  const search = createSearchEngine(env);
  await search.prepare();
  const now = () => new Date();
  const indexer =
    search.name === "embedded" && !options.servesEmbeddedIndex
      ? leaveOutboxToTheApp
      : startIndexer({ db: database.db, search, now, log }, options.indexIntervalMs);
  const mailer = createMailer({ db: database.db, now, log, ...mailerOptionsFromEnv(env) });
  const trustedIssuers = reuseFor(5_000, () => loadTrustedIssuers(database.db));
  // Verification runs on worker threads, each document within a budget of computing time (decision 023), so a
  // costly document holds one thread and not the event loop that serves everyone. ATTEST_VERIFY_THREADS=0 keeps
  // it in this thread, without a budget.
  const { threads, budgetMs } = verifierPoolOptionsFromEnv(env, availableParallelism());
  const pool = threads > 0 ? createVerifierPool({ threads, budgetMs, now, trustedIssuers, env, log }) : null;
  const verify = pool?.verify ?? createVerifier(now, { safeFetch, trustRegistry: registryOver(trustedIssuers) });
  return {
    db: database.db,
    search,
    verify,
    trustRegistryChanged: trustedIssuers.invalidate,
    safeFetch,
    indexer,
    mailer,
    publicUrl: publicUrlFromEnv(env),
    now,
    log,
    describe: { database: database.description, search: search.name },
    close: async () => {
      await indexer.stop();
      await mailer.stop();
      await pool?.close();
      await search.close();
      await database.close();
    },
  };
}

/** The indexer of a process that does not serve the embedded index: outbox rows stay for the app's indexer. */
const leaveOutboxToTheApp: Indexer = {
  nudge: () => {},
  flush: async () => ({ indexed: 0, removed: 0, failed: 0 }),
  stop: async () => {},
};

/**
 * Calls `load` at most once per `ms`, sharing the result (and a load in flight) between callers; `invalidate`
 * makes the next call load again.
 */
function reuseFor<T>(ms: number, load: () => Promise<T>): (() => Promise<T>) & { invalidate: () => void } {
  let cached: { at: number; value: Promise<T> } | null = null;
  const get = () => {
    if (!cached || Date.now() - cached.at > ms) {
      const value = load();
      const entry = { at: Date.now(), value };
      cached = entry;
      value.catch(() => {
        if (cached === entry) cached = null;
      });
    }
    return cached.value;
  };
  return Object.assign(get, { invalidate: () => void (cached = null) });
}

/** The registry over the latest issuers, built again only when the list changed (a re-check reads it per credential). */
function registryOver(issuers: () => Promise<RegistryIssuer[]>): () => Promise<TrustRegistry> {
  let built: { from: RegistryIssuer[]; registry: TrustRegistry } | null = null;
  return async () => {
    const latest = await issuers();
    if (built?.from !== latest) built = { from: latest, registry: createTrustRegistry(latest) };
    return built.registry;
  };
}

async function loadTrustedIssuers(db: Database): Promise<RegistryIssuer[]> {
  const rows = await listTrustedIssuers(db);
  return rows.map((r) => ({
    issuerId: r.issuerId,
    name: r.name,
    registry: r.registry,
    ...(r.url ? { url: r.url } : {}),
  }));
}
