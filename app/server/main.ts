/**
 * `npm start`: opens the database and search engine, seeds demo data on an empty database, starts the search
 * indexer and serves the Remix build. One process owns one set of services, handed to every route through
 * the load context, so PGlite is opened exactly once.
 */
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import { seedAliases } from "#app/skills/alias-store.server";
import { databaseOptionsFromEnv } from "#db/client.server";
import { describeDatabaseFailure } from "#db/unavailable";
import { DatabaseWaitTimeoutError } from "#db/wait-for-database";
import { waitForPostgres } from "#db/wait-for-postgres.server";
import { getDashboard } from "#app/dashboard/dashboard.server";
import { startBackgroundJobs } from "#app/jobs/background-jobs.server";
import { dataFolderExists, seedDemoOnStart } from "#app/demo/seed.server";
import { createServices, logLine as log } from "#app/services.server";
import {
  EmbeddedIndexTakenError,
  takeEmbeddedInstanceLock,
  type EmbeddedInstanceLock,
} from "#search/embedded-instance-lock.server";
import { rebuildIndex } from "#search/sync.server";
import { answerDatabaseOutagesWith503 } from "./database-outage";
import { answerSearchOutagesWith503 } from "./search-outage";
import { describeErrorForLog, errorMessageForLog } from "./log-safe";
import { refuseCrossSiteForms } from "./same-origin";
import { installWebSurface, loadContextFor, webSurfaceOptionsFromEnv } from "./web-surface";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

// A promise nobody awaited that rejects (a background job's query during a database outage, say) is logged and
// the server goes on: Node's default would end the process, and every request with it. An uncaught exception still
// ends it (its state is unknown), but with a dated line in the log first.
process.on("unhandledRejection", (reason) =>
  log(`unhandled promise rejection (the server goes on): ${describeErrorForLog(reason)}`),
);
process.on("uncaughtExceptionMonitor", (error, origin) =>
  log(`fatal ${origin}, the server stops: ${describeErrorForLog(error)}`),
);
// React and Express pick their production code by NODE_ENV, read when the build is imported below; a server
// started without it ran React's development build (slower, and chattier in the log). Development is opt-in.
process.env.NODE_ENV ??= "production";
const port = Number(process.env.PORT ?? 3000);
let webSurface: ReturnType<typeof webSurfaceOptionsFromEnv>;
try {
  webSurface = webSurfaceOptionsFromEnv(process.env);
} catch (error) {
  log(`the server cannot start: ${(error as Error).message}`);
  process.exit(1);
}
const host = process.env.HOST ?? "0.0.0.0";

// A PostgreSQL started at the same moment as this server may not answer yet: wait for it (ATTEST_DB_WAIT_SECONDS)
// rather than exit. A wrong password, or waiting in vain, ends the start with one clear line and exit code 1.
try {
  await waitForPostgres(process.env, log);
} catch (error) {
  // The timeout's own sentence says how long it waited; any other error is named with its SQLSTATE (28P01 …).
  const reason = error instanceof DatabaseWaitTimeoutError ? error.message : describeDatabaseFailure(error);
  log(`the server cannot start: ${reason}`);
  process.exit(1);
}
// The embedded index lives in this process: on PostgreSQL, a second instance would split the outbox with this one and
// each would miss the other's changes. Refuse it, before this process drains anything (search/embedded-instance-lock).
let embeddedLock: EmbeddedInstanceLock | null = null;
const databaseUrl = process.env.DATABASE_URL?.trim();
if (databaseUrl && !process.env.MEILI_HOST?.trim()) {
  try {
    embeddedLock = await takeEmbeddedInstanceLock(databaseUrl, { log });
  } catch (error) {
    log(
      `the server cannot start: ${error instanceof EmbeddedIndexTakenError ? error.message : describeDatabaseFailure(error)}`,
    );
    process.exit(1);
  }
}
// Checked before the database opens (and creates the folder): demo data only ever goes into a brand-new one.
const dataFolderExisted = dataFolderExists(databaseOptionsFromEnv(process.env).dataDir);
const services = await createServices(process.env, { servesEmbeddedIndex: true });
log(`mode: NODE_ENV=${process.env.NODE_ENV}`);
log(`database: ${services.describe.database}`);
log(`search engine: ${services.describe.search}`);
if (services.search.name === "embedded") {
  // The embedded index lives in this process's memory: rebuild it from the database, the source of truth.
  const count = await rebuildIndex({ db: services.db, search: services.search });
  log(`search index: ${count} candidates loaded from the database`);
}
// The seed list of common skill aliases (idempotent; never overwrites an admin's edit).
await seedAliases(services.db);
await seedDemoOnStart(services, process.env, dataFolderExisted);
// Mail queued while the server was down (or refused by the SMTP server) goes out now.
if (services.mailer.mode === "smtp") services.mailer.nudge();

const build = answerSearchOutagesWith503(
  answerDatabaseOutagesWith503(
    (await import(pathToFileURL(path.join(root, "build/index.js")).href)) as ServerBuild,
    log,
  ),
  log,
);

const app = express();
installWebSurface(app, webSurface);
app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));
app.use(refuseCrossSiteForms);
app.all("*", createRequestHandler({ build, getLoadContext: loadContextFor(services) }));

// Re-checks and retention, on the schedule kept in the database: once across instances, kept across restarts.
const jobs = startBackgroundJobs(services, process.env);

const server = app.listen(port, host, () => {
  log(`Attest is running at http://localhost:${port}`);
  // Fill the dashboard's cached aggregates now (seconds at 100,000 candidates), not on the first sign-in.
  getDashboard(services.db, { now: services.now(), period: "day" }).catch((error) =>
    log(`dashboard warm-up failed: ${errorMessageForLog(error)}`),
  );
});

async function shutdown(signal: string) {
  log(`${signal} received, shutting down`);
  server.close();
  await jobs.stop();
  await services.close();
  await embeddedLock?.release();
  process.exit(0);
}
process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));
