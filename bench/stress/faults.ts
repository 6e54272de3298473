/**
 * `npm run stress -- faults [--quick] [--db postgres|pglite] [--no-build]`: what the server acknowledged survives a
 * crash, a search engine that is down and a database that goes away, and the search index ends up matching the
 * database (docs/reliability.md).
 *
 * One Attest (a child process on 127.0.0.1, a fresh database for the run) goes through three faults in turn:
 * 1. kill: clients post batches of 10 credentials to POST /api/submissions; the server is SIGKILLed in the middle
 *    and started again on the same data. On PostgreSQL, an `attest import` of 30 files is SIGKILLed half-way too.
 * 2. search: the search engine fails every write (ATTEST_SEARCH_FAULT_FILE, search/fault-injection.server.ts)
 *    while clients submit; then it recovers and the outbox is drained.
 * 3. database (PostgreSQL only): during an `attest recheck` run, and while clients submit, the database is taken
 *    away for 3 s: new connections to the run's database are refused (ALTER DATABASE … ALLOW_CONNECTIONS false) and
 *    every backend on it is terminated (pg_terminate_backend). The PostgreSQL cluster is shared by everyone on the
 *    machine, so it is not restarted; this is the same fault seen from Attest (connections drop, reconnects fail
 *    until it is back). Then the re-check is run again to completion.
 * After each, the running server's own consistency check (GET /admin/index-check, the JSON of `attest check-index
 * --json`: the embedded index lives in the server's memory) runs once its outbox is drained. At the end, every item
 * the server or the CLI acknowledged (an outcome line saying it was stored) is looked up in the database.
 *
 * Invariants (exit 1 when broken): acknowledged items lost 0; after each fault lost, orphaned and stale index
 * records 0 and nothing left pending; submissions while the search engine is down all acknowledged (no error);
 * the server restarts after the kill and still answers after the database outage; the re-check completes.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import {
  answers,
  buildApp,
  checkServerIndex,
  createAttestServer,
  createRunDatabase,
  httpRequest,
  prepareRun,
  runFor,
  settledIndexCheck,
  signCredentialPool,
  sleep,
  spawnCli,
  takeE2eLock,
  type AttestServer,
  type IndexCheck,
  type RunDatabase,
  type SignedCredential,
} from "./harness";
import { parseScenarioArgs } from "./options";

const usage = "usage: npm run stress -- faults [--quick] [--db postgres|pglite] [--no-build]";
const STORED = new Set(["imported", "duplicate", "failed", "claimed"]);
const BATCH = 10;
const CLIENTS = 4;

interface PhaseFigures {
  name: string;
  acknowledged: number;
  /** Requests that got no acknowledgement (expected only while the server or database is down). */
  unanswered: number;
  /** Answers that were errors when they should not have been. */
  errors: number;
  check: IndexCheck | null;
  notes: string[];
}

/** Each acknowledged item: who it was submitted for and its source name, as stored in credentials.source. */
type Acknowledged = Array<{ email: string; source: string }>;

export async function run(args: string[]): Promise<number> {
  const { values } = parseScenarioArgs(
    args,
    { db: { type: "string", default: "postgres" }, "no-build": { type: "boolean", default: false } },
    usage,
  );
  if (values.db !== "postgres" && values.db !== "pglite") {
    console.error(`--db must be postgres or pglite.\n${usage}`);
    return 2;
  }
  const quick = values.quick === true;
  const seconds = { beforeKill: quick ? 4 : 10, afterKill: quick ? 2 : 5, searchDown: quick ? 6 : 15, dbDown: 3 };
  const started = performance.now();
  const work = mkdtempSync(path.join(tmpdir(), "attest-faults-"));
  const faultFile = path.join(work, "search-fault");
  const cleanups: Array<() => Promise<void> | void> = [() => rmSync(work, { recursive: true, force: true })];
  const acknowledged: Acknowledged = [];
  const phases: PhaseFigures[] = [];
  let failed = false;
  try {
    const database = await createRunDatabase(values.db, work);
    cleanups.unshift(() => database.drop());
    const step = (text: string) => process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${text}\n`);
    step(`database: ${database.description}`);
    const credentials = await prepareRun(database, { recruiters: 0, invitations: 1 });
    const pool = await signCredentialPool(quick ? 200 : 500, "faults");
    step(`${pool.length} credentials signed`);
    let next = 0;
    const take = (n: number) => Array.from({ length: n }, () => pool[next++ % pool.length] as SignedCredential);
    let batchNo = 0;
    /** One batch of 10 credentials for a new candidate; the acknowledged items are recorded. */
    const submitBatch = async (server: AttestServer, figures: PhaseFigures, expectUp: () => boolean) => {
      const n = batchNo++;
      const email = `faults-batch-${n}@stress.example`;
      // A batch sent while a fault is on may fail however it ends (a query queued behind a dead connection fails
      // after the database is back): only a batch sent and answered while everything is up must succeed.
      const sentWhileUp = expectUp();
      const items = take(BATCH).map((c, i) => ({ text: c.text, name: `batch ${n} item ${i}` }));
      try {
        const answer = await httpRequest(`${server.origin}/api/submissions`, {
          method: "POST",
          headers: { authorization: `Bearer ${credentials.apiKey}`, "content-type": "application/json" },
          body: JSON.stringify({ candidate: { name: `Batch ${n}`, email }, consent: true, items }),
          timeoutMs: 60_000,
        });
        if (answer.status !== 200) {
          figures.unanswered++;
          if (sentWhileUp && expectUp()) {
            figures.errors++;
            figures.notes.push(`POST /api/submissions answered ${answer.status}: ${answer.body.slice(0, 200)}`);
          }
          return;
        }
        for (const result of JSON.parse(answer.body).results as Array<{ outcome: string; source: string }>) {
          if (STORED.has(result.outcome)) {
            figures.acknowledged++;
            acknowledged.push({ email, source: result.source });
          }
        }
      } catch (error) {
        figures.unanswered++;
        if (sentWhileUp && expectUp()) {
          figures.errors++;
          figures.notes.push(`POST /api/submissions: ${(error as Error).message}`);
        }
        await sleep(200); // the server is down: do not spin
      }
    };
    const newPhase = (name: string): PhaseFigures => {
      const figures: PhaseFigures = { name, acknowledged: 0, unanswered: 0, errors: 0, check: null, notes: [] };
      phases.push(figures);
      return figures;
    };

    const releaseLock = await takeE2eLock();
    cleanups.unshift(releaseLock);
    await buildApp(values["no-build"] === true);
    step("built");
    const server = await createAttestServer({ database, env: { ATTEST_SEARCH_FAULT_FILE: faultFile } });
    cleanups.unshift(() => server.stop());
    await server.start();
    step("started");

    // 1. Kill the server in the middle of batch imports, start it again.
    {
      const figures = newPhase("kill");
      let up = true;
      const killer = (async () => {
        await sleep(seconds.beforeKill * 1000);
        up = false;
        process.stderr.write("kill: SIGKILL to the server with batches in flight\n");
        await server.kill("SIGKILL");
      })();
      await runFor(seconds.beforeKill + 1, Array.from({ length: CLIENTS }, () => () => submitBatch(server, figures, () => up)));
      await killer;
      const restartBegan = performance.now();
      await server.start();
      figures.notes.push(`restart took ${((performance.now() - restartBegan) / 1000).toFixed(1)} s`);
      await runFor(seconds.afterKill, Array.from({ length: CLIENTS }, () => () => submitBatch(server, figures, () => true)));
      if (database.kind === "postgres") await killCliImport(database, take(30), work, figures, acknowledged);
      figures.check = await settledIndexCheck(server, credentials.adminCookie);
      step("kill: checked");
    }

    // 2. The search engine fails every write while candidates submit; then it recovers.
    {
      const figures = newPhase("search");
      writeFileSync(faultFile, "fail-writes");
      await runFor(seconds.searchDown, Array.from({ length: CLIENTS }, () => () => submitBatch(server, figures, () => true)));
      const during = await checkServerIndex(server, credentials.adminCookie);
      figures.notes.push(`while down: ${during.pending} candidates pending, lost ${during.lost.length}`);
      rmSync(faultFile, { force: true });
      const recoveryBegan = performance.now();
      figures.check = await settledIndexCheck(server, credentials.adminCookie, 330_000);
      figures.notes.push(`outbox drained ${((performance.now() - recoveryBegan) / 1000).toFixed(0)} s after recovery`);
      step("search: checked");
    }

    // 3. The database goes away for a few seconds during a re-check run and submissions.
    if (database.kind === "postgres") {
      const figures = newPhase("database");
      await databaseOutage(server, database, seconds.dbDown, figures, (up) =>
        runFor(seconds.dbDown + 4, Array.from({ length: CLIENTS }, () => () => submitBatch(server, figures, up))),
      );
      if (!(await answers(`${server.origin}/sign-in`))) {
        figures.errors++;
        figures.notes.push("the server no longer answers after the outage");
      }
      figures.check = await settledIndexCheck(server, credentials.adminCookie);
    }

    await server.stop();
    const lost = await lostAcknowledged(database, acknowledged);

    for (const phase of phases) {
      const check = phase.check;
      const bad = !check || check.lost.length + check.orphaned.length + check.stale.length + check.pending > 0 || phase.errors > 0;
      failed ||= bad;
      for (const line of phase.notes.slice(0, 8)) console.log(`  ${phase.name}: ${line}`);
      console.log(
        `  ${phase.name.padEnd(8)} acknowledged ${phase.acknowledged}, unanswered ${phase.unanswered}, errors ${phase.errors}; ` +
          (check
            ? `index: candidates ${check.candidates}, documents ${check.indexed}, lost ${check.lost.length}, orphaned ${check.orphaned.length}, stale ${check.stale.length}, pending ${check.pending}`
            : "no index check"),
      );
    }
    failed ||= lost.length > 0;
    for (const item of lost.slice(0, 8)) console.log(`  acknowledged but not in the database: ${item.email} ${item.source}`);
    const sum = (f: (c: IndexCheck) => number) => phases.reduce((total, p) => total + (p.check ? f(p.check) : 0), 0);
    console.log(
      `faults: db=${database.kind} acknowledged=${acknowledged.length} lost_acknowledged=${lost.length} ` +
        `index_lost=${sum((c) => c.lost.length)} index_orphaned=${sum((c) => c.orphaned.length)} index_stale=${sum((c) => c.stale.length)} ` +
        `pending=${sum((c) => c.pending)} errors=${phases.reduce((t, p) => t + p.errors, 0)} ` +
        `phases=${phases.map((p) => p.name).join(",")} seconds=${((performance.now() - started) / 1000).toFixed(0)}`,
    );
    return failed ? 1 : 0;
  } finally {
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch (error) {
        process.stderr.write(`cleanup: ${(error as Error).message}\n`);
      }
    }
  }
}

/**
 * `attest import` of `items.length` files for one candidate, SIGKILLed once a third of them are acknowledged (an
 * outcome line printed); the lines printed are what it acknowledged.
 */
async function killCliImport(database: RunDatabase, items: SignedCredential[], work: string, figures: PhaseFigures, acknowledged: Acknowledged) {
  const email = "faults-cli@stress.example";
  const files = items.map((item, i) => {
    const file = path.join(work, `cli-item-${i}.json`);
    writeFileSync(file, item.text);
    return file;
  });
  const child = spawnCli(["import", "--json", "--candidate", `CLI Import <${email}>`, ...files], database.env);
  let printed = 0;
  let buffer = "";
  const killAt = Math.ceil(files.length / 3);
  child.stdout?.on("data", (chunk) => {
    buffer += String(chunk);
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      const parsed = JSON.parse(line) as { outcome: string; item: string };
      if (STORED.has(parsed.outcome)) {
        figures.acknowledged++;
        acknowledged.push({ email, source: parsed.item });
      }
      if (++printed === killAt) child.kill("SIGKILL");
    }
  });
  const exit = await new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? String(code))));
  figures.notes.push(`attest import of ${files.length} files ended by ${exit} after ${printed} outcome lines`);
}

/**
 * Runs `attest recheck` and `load` (submissions), and takes the run's database away for `downSeconds` once the
 * re-check has started; then runs the re-check again to completion.
 */
async function databaseOutage(
  server: AttestServer,
  database: RunDatabase,
  downSeconds: number,
  figures: PhaseFigures,
  load: (up: () => boolean) => Promise<void>,
) {
  const admin = database.admin!;
  let up = true;
  const recheck = spawnCli(["recheck", "--json"], database.env);
  let progress = "";
  recheck.stderr?.on("data", (chunk) => {
    const last = String(chunk).split("\r").map((t) => t.trim()).filter((t) => t.startsWith("re-checked")).pop();
    if (last) progress = last;
  });
  const recheckExit = new Promise<string>((resolve) => recheck.once("exit", (code, signal) => resolve(signal ?? String(code))));
  const outage = (async () => {
    // Once the re-check has committed its first batch (it reports progress after each 50 credentials).
    const deadline = Date.now() + 90_000;
    while (!progress && recheck.exitCode === null && Date.now() < deadline) await sleep(100);
    process.stderr.write(`database: outage for ${downSeconds} s (re-check at "${progress}")\n`);
    up = false;
    await admin(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
    const terminated = await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database.name}' AND pid <> pg_backend_pid()`);
    figures.notes.push(`outage: ${terminated.length} connections terminated, new ones refused for ${downSeconds} s`);
    await sleep(downSeconds * 1000);
    await admin(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`);
    await sleep(1_000); // let the pools reconnect before counting errors again
    up = true;
  })();
  await Promise.all([outage, load(() => up)]);
  const first = await recheckExit;
  figures.notes.push(`re-check during the outage ended with ${first} at "${progress}"`);
  const again = spawnCli(["recheck", "--json"], database.env);
  let summary = "";
  again.stdout?.on("data", (chunk) => (summary += String(chunk)));
  const second = await new Promise<string>((resolve) => again.once("exit", (code, signal) => resolve(signal ?? String(code))));
  if (second !== "0") {
    figures.errors++;
    figures.notes.push(`re-check after the outage ended with ${second}`);
  } else {
    const parsed = JSON.parse(summary.trim().split("\n").pop() ?? "{}") as { checked?: number };
    figures.notes.push(`re-check after the outage: ${parsed.checked} credentials`);
  }
  void server;
}

/** The acknowledged items with no credential row for that candidate and source. */
async function lostAcknowledged(database: RunDatabase, items: Acknowledged): Promise<Acknowledged> {
  const { eq } = await import("drizzle-orm");
  const { candidates, credentials } = await import("#db/schema/index");
  const handle = await database.open();
  try {
    const rows = await handle.db
      .select({ email: candidates.email, source: credentials.source })
      .from(credentials)
      .innerJoin(candidates, eq(candidates.id, credentials.candidateId));
    const stored = new Set(rows.map((r) => `${r.email}\n${r.source}`));
    return items.filter((item) => !stored.has(`${item.email}\n${item.source}`));
  } finally {
    await handle.close();
  }
}
