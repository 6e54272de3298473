import { databaseOptionsFromEnv, openDatabase, type Database } from "#db/client.server";
import { createSearchEngine } from "#search/create-engine.server";
import type { SearchEngine } from "#search/engine";
import { startIndexer, type Indexer } from "#search/sync.server";
import { listTrustedIssuers } from "#db/queries/trusted-issuers.server";
import {
  createSafeFetch,
  FetchRefusedError,
  safeFetchOptionsFromEnv,
  type SafeFetch,
} from "#app/ingest/safe-fetch.server";
import type { VerifyDocument } from "#app/ingest/submit.server";
import { createDocumentLoader } from "#app/verification/document-loader.server";
import { createTrustRegistry, type TrustRegistry } from "#app/verification/trust-registry";
import { createVerificationCache, verifyCredential, type FetchHosted } from "#app/verification/verify.server";
import { verifyingResumes } from "#app/ingest/resolvers/ler-rs-verify";
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
  const trustRegistry = reuseFor(5_000, () => loadTrustRegistry(database.db));
  return {
    db: database.db,
    search,
    verify: createVerifier(now, { safeFetch, trustRegistry }),
    trustRegistryChanged: trustRegistry.invalidate,
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

export interface VerifierDeps {
  /** Fetches keys (did:web), status lists and hosted Open Badges; without it, those checks say "could not check". */
  safeFetch?: SafeFetch;
  /** The trust registry as it is now (at most a few seconds old, so a re-check of every credential reads it
   * a handful of times, not once per credential). */
  trustRegistry?: () => Promise<TrustRegistry>;
}

/**
 * The one verification path for submissions, the seed and re-checks. Contexts and did:key are always local.
 * LER-RS résumés are reported as self-asserted here, so a re-check treats them exactly as the submission did.
 */
export function createVerifier(now: () => Date, deps: VerifierDeps = {}): VerifyDocument {
  const documentLoader = createDocumentLoader();
  // Re-checks of an unchanged credential skip the signature (validity and status are still checked).
  const cache = createVerificationCache();
  const { safeFetch } = deps;
  const fetchDocument = safeFetch ? async (url: string) => (await safeFetch(url)).json() : undefined;
  // Status lists are JSON (Bitstring Status List credentials) or a JWT as text (Token Status Lists, SD-JWT VC).
  const fetchStatusList = safeFetch
    ? async (url: string) => {
        const response = await safeFetch(url);
        return response.contentType.includes("json") ? response.json() : response.text();
      }
    : undefined;
  const fetchHosted: FetchHosted | undefined = safeFetch
    ? async (url) => {
        try {
          const response = await safeFetch(url);
          return { status: response.status, json: response.json() };
        } catch (error) {
          // An Open Badges 2.0 host answering 410 Gone means "revoked": the status matters, not the body.
          if (error instanceof FetchRefusedError && error.code === "http-status" && error.extra.status) {
            return { status: error.extra.status, json: null };
          }
          throw error;
        }
      }
    : undefined;
  const verify: VerifyDocument = async (document, context) =>
    verifyCredential(document, {
      ...context,
      documentLoader,
      cache,
      fetchDocument,
      fetchStatusList,
      fetchHosted,
      trustRegistry: deps.trustRegistry ? await deps.trustRegistry() : undefined,
      now: now(),
    });
  return verifyingResumes(verify, now);
}

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

async function loadTrustRegistry(db: Database): Promise<TrustRegistry> {
  const rows = await listTrustedIssuers(db);
  return createTrustRegistry(
    rows.map((r) => ({ issuerId: r.issuerId, name: r.name, registry: r.registry, ...(r.url ? { url: r.url } : {}) })),
  );
}
