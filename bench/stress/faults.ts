/**
 * `npm run stress -- faults [--quick] [--db postgres|pglite] [--no-build] [--phases kill,search,database]
 * [--outage-seconds 3] [--outages 1]`: what the server acknowledged survives a crash, a search engine that is down
 * and a database that goes away, and the search index ends up matching the database (docs/reliability.md).
 *
 * One Attest (a child process on 127.0.0.1, a fresh database for the run) goes through three faults in turn:
 * 1. kill: clients post batches of 10 credentials to POST /api/submissions; the server is SIGKILLed in the middle
 *    and started again on the same data. On PostgreSQL, an `attest import` of 30 files is SIGKILLed half-way too.
 * 2. search: the search engine fails every write (ATTEST_SEARCH_FAULT_FILE, search/fault-injection.server.ts)
 *    while clients submit (on Meilisearch, for the first half, as write tasks that the server accepts and then
 *    fails); then it recovers and the outbox is drained.
 * 3. database (PostgreSQL only): during an `attest recheck` run, and while clients submit, the database is taken
 *    away for 3 s: new connections to the run's database are refused (ALTER DATABASE … ALLOW_CONNECTIONS false) and
 *    every backend on it is terminated (pg_terminate_backend). The PostgreSQL cluster is shared by everyone on the
 *    machine, so it is not restarted; this is the same fault seen from Attest (connections drop, reconnects fail
 *    until it is back). Then the re-check is run again to completion.
 * After each, the running server's own consistency check (GET /admin/index-check.json, the JSON of `attest check-index
 * --json`: the embedded index lives in the server's memory) runs once its outbox is drained. At the end, every item
 * the server or the CLI acknowledged (an outcome line saying it was stored) is looked up in the database.
 *
 * Invariants (exit 1 when broken): acknowledged items lost 0; after each fault lost, orphaned and stale index
 * records 0 and nothing left pending; submissions while the search engine is down all acknowledged (no error);
 * a submission refused during the database outage is answered 503 (not 500); the server never dies by itself,
 * restarts after the kill and still answers after the database outage; the re-check completes.
 *
 * The server's stdout and stderr are kept in a log file (its path is printed first; STRESS_SERVER_LOG names
 * another). A server that dies is reported as an error of the phase it died in, with the end of its log, and the
 * phases after it are skipped. `--outages N` takes the database away N times in a row (2 s apart), and
 * `--outage-seconds` sets how long each lasts: harsher variants to run by hand.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import {
  answers,
  buildApp,
  Cleanups,
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
import { countOption, parseScenarioArgs } from "./options";

const usage =
  "usage: npm run stress -- faults [--quick] [--db postgres|pglite] [--no-build] [--phases kill,search,database] [--outage-seconds N] [--outages N]";
const PHASES = ["kill", "search", "database"] as const;
type PhaseName = (typeof PHASES)[number];
const STORED = new Set(["imported", "duplicate", "failed", "claimed"]);
const BATCH = 10;
const CLIENTS = 4;

interface PhaseFigures {
  name: PhaseName;
  acknowledged: number;
  /** Requests that got no acknowledgement (expected only while the server or database is down). */
  unanswered: number;
  /** Answers that were errors when they should not have been. */
  errors: number;
  /** How often each status other than 200 answered a submission. */
  statuses: Map<number, number>;
  check: IndexCheck | null;
  notes: string[];
}

/** Each acknowledged item: who it was submitted for and its source name, as stored in credentials.source. */
type Acknowledged = Array<{ email: string; source: string }>;

export async function run(args: string[]): Promise<number> {
  const { values } = parseScenarioArgs(
    args,
    {
      db: { type: "string", default: "postgres" },
      "no-build": { type: "boolean", default: false },
      phases: { type: "string", default: PHASES.join(",") },
      "outage-seconds": { type: "string" },
      outages: { type: "string" },
    },
    usage,
  );
  if (values.db !== "postgres" && values.db !== "pglite") {
    console.error(`--db must be postgres or pglite.\n${usage}`);
    return 2;
  }
  const selected = new Set(
    String(values.phases)
      .split(",")
      .map((name) => name.trim()),
  );
  if ([...selected].some((name) => !(PHASES as readonly string[]).includes(name))) {
    console.error(`--phases takes a comma-separated list of ${PHASES.join(", ")}.\n${usage}`);
    return 2;
  }
  const quick = values.quick === true;
  const seconds = {
    beforeKill: quick ? 4 : 10,
    afterKill: quick ? 2 : 5,
    searchDown: quick ? 6 : 15,
    dbDown: countOption(values["outage-seconds"], 3, "outage-seconds"),
  };
  const outages = Math.max(1, countOption(values.outages, 1, "outages"));
  const started = performance.now();
  const work = mkdtempSync(path.join(tmpdir(), "attest-faults-"));
  const faultFile = path.join(work, "search-fault");
  const cleanups = new Cleanups();
  cleanups.add(() => rmSync(work, { recursive: true, force: true }));
  // Outside the run's directory, which is removed at the end: the log of a server that died must stay.
  const logFile =
    process.env.STRESS_SERVER_LOG ||
    path.join(tmpdir(), `attest-faults-${new Date().toISOString().replace(/[:.]/g, "-")}.log`);
  writeFileSync(logFile, "");
  const acknowledged: Acknowledged = [];
  const phases: PhaseFigures[] = [];
  let failed = false;
  try {
    const database = await createRunDatabase(values.db, work);
    cleanups.add(() => database.drop());
    const step = (text: string) =>
      process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${text}\n`);
    step(`database: ${database.description}`);
    step(`server log: ${logFile}`);
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
          figures.statuses.set(answer.status, (figures.statuses.get(answer.status) ?? 0) + 1);
          // A database that is away is the server's temporary state: 503 and a sentence, never a bare 500.
          if (answer.status >= 500 && answer.status !== 503) {
            figures.errors++;
            figures.notes.push(
              `POST /api/submissions answered ${answer.status}, not 503: ${answer.body.slice(0, 200)}`,
            );
          } else if (sentWhileUp && expectUp()) {
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
        // A server that died is reported once, by the phase (runPhase), not once per request.
        if (sentWhileUp && expectUp() && !server.death()) {
          figures.errors++;
          figures.notes.push(`POST /api/submissions: ${(error as Error).message}`);
        }
        await sleep(200); // the server is down: do not spin
      }
    };
    const newPhase = (name: PhaseName): PhaseFigures => {
      const figures: PhaseFigures = {
        name,
        acknowledged: 0,
        unanswered: 0,
        errors: 0,
        statuses: new Map(),
        check: null,
        notes: [],
      };
      phases.push(figures);
      return figures;
    };
    let serverDied = false;
    /**
     * Runs one phase if it was selected and the server has not died. Whatever goes wrong in it (the server dying,
     * a check that cannot be made) becomes an error of that phase, so the run still ends with its summary.
     */
    const runPhase = async (name: PhaseName, body: (figures: PhaseFigures) => Promise<void>) => {
      if (!selected.has(name) || serverDied) return;
      const figures = newPhase(name);
      try {
        await body(figures);
      } catch (error) {
        if (!server.death()) {
          figures.errors++;
          figures.notes.push(`stopped by ${(error as Error).message.split("\n")[0]}`);
        }
      }
      const death = server.death();
      if (death) {
        serverDied = true;
        figures.errors++;
        figures.notes.unshift(`the Attest server died during this phase (${death}); its log: ${server.logFile}`);
        process.stderr.write(
          `\nThe Attest server died (${death}) during the ${name} phase. The end of its log (${server.logFile}):\n`,
        );
        process.stderr.write(`${lastLines(server.logFile, 40)}\n\n`);
      }
      const statuses = [...figures.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
      if (statuses.length) figures.notes.push(`submissions answered other than 200: ${statuses.join(", ")}`);
      step(`${name}: done`);
    };

    const releaseLock = await takeE2eLock();
    cleanups.add(releaseLock);
    await buildApp(values["no-build"] === true);
    step("built");
    const server = await createAttestServer({ database, env: { ATTEST_SEARCH_FAULT_FILE: faultFile }, logFile });
    cleanups.add(() => server.stop());
    await server.start();
    step("started");

    // 1. Kill the server in the middle of batch imports, start it again.
    await runPhase("kill", async (figures) => {
      let up = true;
      const killer = (async () => {
        await sleep(seconds.beforeKill * 1000);
        up = false;
        process.stderr.write("kill: SIGKILL to the server with batches in flight\n");
        await server.kill("SIGKILL");
      })();
      await runFor(
        seconds.beforeKill + 1,
        Array.from({ length: CLIENTS }, () => () => submitBatch(server, figures, () => up)),
      );
      await killer;
      // Starting again would hide a server that had died by itself before the planned kill.
      if (server.death()) throw new Error("the server died before it was killed");
      const restartBegan = performance.now();
      await server.start();
      figures.notes.push(`restart took ${((performance.now() - restartBegan) / 1000).toFixed(1)} s`);
      await runFor(
        seconds.afterKill,
        Array.from({ length: CLIENTS }, () => () => submitBatch(server, figures, () => true)),
      );
      if (database.kind === "postgres") await killCliImport(database, take(30), work, figures, acknowledged);
      figures.check = await settledIndexCheck(server, credentials.adminCookie);
    });

    // 2. The search engine fails every write while candidates submit; then it recovers.
    await runPhase("search", async (figures) => {
      // First half: the server takes each write and fails its task (on Meilisearch; the embedded engine has no
      // tasks and fails the writes); second half: every write fails as if the server were unreachable.
      const clients = () => Array.from({ length: CLIENTS }, () => () => submitBatch(server, figures, () => true));
      writeFileSync(faultFile, "fail-tasks");
      await runFor(Math.ceil(seconds.searchDown / 2), clients());
      writeFileSync(faultFile, "fail-writes");
      await runFor(Math.floor(seconds.searchDown / 2), clients());
      const during = await checkServerIndex(server, credentials.adminCookie);
      figures.notes.push(`while down: ${during.pending} candidates pending, lost ${during.lost.length}`);
      rmSync(faultFile, { force: true });
      const recoveryBegan = performance.now();
      figures.check = await settledIndexCheck(server, credentials.adminCookie, 330_000);
      figures.notes.push(`outbox drained ${((performance.now() - recoveryBegan) / 1000).toFixed(0)} s after recovery`);
    });

    // 3. The database goes away for a few seconds (or several times) during a re-check run and submissions.
    if (database.kind === "postgres") {
      await runPhase("database", async (figures) => {
        await databaseOutage(database, { seconds: seconds.dbDown, times: outages }, figures, (up) =>
          runFor(
            outages * (seconds.dbDown + 3) + 4,
            Array.from({ length: CLIENTS }, () => () => submitBatch(server, figures, up)),
          ),
        );
        if (server.death()) return;
        if (!(await answers(`${server.origin}/sign-in`))) {
          figures.errors++;
          figures.notes.push("the server no longer answers after the outage");
        }
        figures.check = await settledIndexCheck(server, credentials.adminCookie);
      });
    } else if (selected.has("database")) {
      step("database: skipped (PostgreSQL only)");
    }

    await server.stop();
    const lost = await lostAcknowledged(database, acknowledged);

    for (const phase of phases) {
      const check = phase.check;
      const bad =
        !check ||
        check.lost.length + check.orphaned.length + check.stale.length + check.pending > 0 ||
        phase.errors > 0;
      failed ||= bad;
      for (const line of phase.notes.slice(0, 8)) console.log(`  ${phase.name}: ${line}`);
      console.log(
        `  ${phase.name.padEnd(8)} acknowledged ${phase.acknowledged}, unanswered ${phase.unanswered}, errors ${phase.errors}; ` +
          (check
            ? `index: candidates ${check.candidates}, documents ${check.indexed}, lost ${check.lost.length}, orphaned ${check.orphaned.length}, stale ${check.stale.length}, pending ${check.pending}`
            : "no index check"),
      );
      // Which fields of a stale document differ from the database: the first thing to know when one appears.
      for (const id of check?.stale.slice(0, 5) ?? [])
        console.log(`  ${phase.name}: stale ${id}: ${(check?.staleFields?.[id] ?? []).join(", ")}`);
    }
    failed ||= lost.length > 0;
    for (const item of lost.slice(0, 8))
      console.log(`  acknowledged but not in the database: ${item.email} ${item.source}`);
    const sum = (f: (c: IndexCheck) => number) => phases.reduce((total, p) => total + (p.check ? f(p.check) : 0), 0);
    console.log(
      `faults: db=${database.kind} acknowledged=${acknowledged.length} lost_acknowledged=${lost.length} ` +
        `index_lost=${sum((c) => c.lost.length)} index_orphaned=${sum((c) => c.orphaned.length)} index_stale=${sum((c) => c.stale.length)} ` +
        `pending=${sum((c) => c.pending)} errors=${phases.reduce((t, p) => t + p.errors, 0)} ` +
        `server_died=${serverDied ? "yes" : "no"} phases=${phases.map((p) => p.name).join(",")} seconds=${((performance.now() - started) / 1000).toFixed(0)}`,
    );
    return failed ? 1 : 0;
  } finally {
    await cleanups.run();
  }
}

/**
 * `attest import` of `items.length` files for one candidate, SIGKILLed once a third of them are acknowledged (an
 * outcome line printed); the lines printed are what it acknowledged.
 */
async function killCliImport(
  database: RunDatabase,
  items: SignedCredential[],
  work: string,
  figures: PhaseFigures,
  acknowledged: Acknowledged,
) {
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
  const exit = await new Promise<string>((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ?? String(code))),
  );
  figures.notes.push(`attest import of ${files.length} files ended by ${exit} after ${printed} outcome lines`);
}

/**
 * Runs `attest recheck` and `load` (submissions), and takes the run's database away for `downSeconds` once the
 * re-check has started; then runs the re-check again to completion.
 */
async function databaseOutage(
  database: RunDatabase,
  outage: { seconds: number; times: number },
  figures: PhaseFigures,
  load: (up: () => boolean) => Promise<void>,
) {
  const admin = database.admin!;
  let up = true;
  const recheck = spawnCli(["recheck", "--json"], database.env);
  let progress = "";
  recheck.stderr?.on("data", (chunk) => {
    const last = String(chunk)
      .split("\r")
      .map((t) => t.trim())
      .filter((t) => t.startsWith("re-checked"))
      .pop();
    if (last) progress = last;
  });
  const recheckExit = new Promise<string>((resolve) =>
    recheck.once("exit", (code, signal) => resolve(signal ?? String(code))),
  );
  const outages = (async () => {
    // Once the re-check has committed its first batch (it reports progress after each 50 credentials).
    const deadline = Date.now() + 90_000;
    while (!progress && recheck.exitCode === null && Date.now() < deadline) await sleep(100);
    for (let i = 0; i < outage.times; i++) {
      if (i > 0) await sleep(2_000); // up long enough for the pools to reconnect and transactions to begin again
      process.stderr.write(
        `database: outage ${i + 1} of ${outage.times} for ${outage.seconds} s (re-check at "${progress}")\n`,
      );
      up = false;
      await admin(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS false`);
      const terminated = await admin(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database.name}' AND pid <> pg_backend_pid()`,
      );
      figures.notes.push(
        `outage ${i + 1}: ${terminated.length} connections terminated, new ones refused for ${outage.seconds} s`,
      );
      await sleep(outage.seconds * 1000);
      await admin(`ALTER DATABASE ${database.name} ALLOW_CONNECTIONS true`);
      await sleep(1_000); // let the pools reconnect before counting errors again
      up = true;
    }
  })();
  await Promise.all([outages, load(() => up)]);
  const first = await recheckExit;
  figures.notes.push(`re-check during the outage ended with ${first} at "${progress}"`);
  const again = spawnCli(["recheck", "--json"], database.env);
  let summary = "";
  again.stdout?.on("data", (chunk) => (summary += String(chunk)));
  const second = await new Promise<string>((resolve) =>
    again.once("exit", (code, signal) => resolve(signal ?? String(code))),
  );
  if (second !== "0") {
    figures.errors++;
    figures.notes.push(`re-check after the outage ended with ${second}`);
  } else {
    const parsed = JSON.parse(summary.trim().split("\n").pop() ?? "{}") as { checked?: number };
    figures.notes.push(`re-check after the outage: ${parsed.checked} credentials`);
  }
}

/** The last `count` lines of a file (the server's log), or a sentence saying it could not be read. */
function lastLines(file: string | null, count: number): string {
  if (!file) return "(no log file)";
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-count).join("\n");
  } catch (error) {
    return `(could not read ${file}: ${(error as Error).message})`;
  }
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
