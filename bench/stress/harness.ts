/**
 * What the stress scenarios that drive a real Attest share: a database for the run (a fresh PGlite directory, or a
 * fresh PostgreSQL database created on the server DATABASE_URL names and dropped afterwards), the build under the
 * e2e lock, Attest as a child process on 127.0.0.1 on a free port that can be killed and restarted on the same data,
 * RSS sampling from /proc, staff sessions, an API key and invitations written before the server starts, HTTP with a
 * timeout, a concurrency pool, and the admin-only consistency check of the running server's index.
 *
 * Builds and Playwright runs of other checkouts share ./build and ./public/build, so a scenario holds
 * `flock /tmp/attest-e2e.lock` from the build until its server has stopped (`takeE2eLock`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import http from "node:http";
import { createServer, type AddressInfo } from "node:net";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { DatabaseHandle } from "#db/client.server";
import { dropDatabaseForce } from "#db/test-databases";
import type { IndexConsistency } from "#search/consistency.server";

export { percentile } from "./options";

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
export const E2E_LOCK = "/tmp/attest-e2e.lock";
/** The local PostgreSQL the scenarios use when DATABASE_URL is not set. */
export const DEFAULT_POSTGRES_URL = "postgres://attest:attest@127.0.0.1:5432/attest";

const note = (text: string) => process.stderr.write(`${text}\n`);

/** Processes a scenario started, killed when it exits however it exits (a failed run must not leave a server). */
const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The e2e lock and the build

/**
 * Takes the e2e lock and returns the release function. A child `flock` runs `cat` on a pipe from this process:
 * closing the pipe (release, or this process dying however it dies) ends `cat` and so frees the lock. (Killing
 * `flock` alone would not: the command it runs keeps the lock's file descriptor.)
 */
export async function takeE2eLock(): Promise<() => void> {
  note(`waiting for ${E2E_LOCK}…`);
  const holder: ChildProcess = spawn("flock", [E2E_LOCK, "sh", "-c", "echo locked; exec cat > /dev/null"], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    holder.stdout?.once("data", () => resolve());
    holder.once("exit", (code) => reject(new Error(`flock exited with ${code}`)));
  });
  return () => holder.stdin?.end();
}

/** `npm run build`, or (skip) checks that a build exists. Call while holding the e2e lock. */
export async function buildApp(skip: boolean): Promise<void> {
  if (skip) {
    if (!existsSync(path.join(ROOT, "build/index.js"))) throw new Error("--no-build, but there is no build/index.js");
    return;
  }
  note("building (npm run build)…");
  const build = await runProcess("npm", ["run", "build"], { timeoutMs: 300_000 });
  if (build.code !== 0)
    throw new Error(
      `npm run build failed (rerun with --no-build to use the existing build):\n${build.stderr.slice(-2000)}`,
    );
}

/**
 * Copies this checkout's sources to a temporary directory (node_modules linked) and builds there, for
 * `createAttestServer({ cwd })`: such a run writes neither ./build nor ./public/build, so it needs no e2e lock and
 * does not wait behind other engineers' Playwright runs. Returns the directory and a function that removes it.
 */
export async function buildPrivateCopy(): Promise<{ dir: string; remove: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), "attest-stress-app-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const publicBuild = path.join(ROOT, "public", "build");
  for (const entry of ["app", "db", "search", "public", "package.json", "tsconfig.json", "remix.config.js"]) {
    cpSync(path.join(ROOT, entry), path.join(dir, entry), {
      recursive: true,
      filter: (source) => !source.startsWith(publicBuild),
    });
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  note(`building a private copy in ${dir}…`);
  const build = await new Promise<number | null>((resolve) =>
    spawn("npm", ["run", "build"], { cwd: dir, stdio: "ignore" }).on("close", resolve),
  );
  if (build !== 0) {
    remove();
    throw new Error(`npm run build failed in the private copy ${dir}`);
  }
  return { dir, remove };
}

export interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export function runProcess(
  command: string,
  args: string[],
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv; stdin?: string },
): Promise<ProcessResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env: options.env ?? process.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    child.stdin.end(options.stdin ?? "");
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** `attest <args>` in a child process on the run's database (node --import tsx, so a kill reaches the CLI itself). */
export function spawnCli(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "app/cli/attest.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  return child;
}

// ---------------------------------------------------------------------------------------------------------------
// The run's database

export interface RunDatabase {
  kind: "pglite" | "postgres";
  description: string;
  /** The environment that points Attest (server and CLI) at this database. */
  env: Record<string, string>;
  /** Opens it from this process (PGlite: only while no server runs on it). */
  open(): Promise<DatabaseHandle>;
  /** PostgreSQL: the database's name on the server (for pg_terminate_backend and the like). */
  name?: string;
  /** PostgreSQL: runs SQL as the run's role on the server's maintenance connection (not inside the run's database). */
  admin?: (sql: string) => Promise<unknown[]>;
  /** Drops the database (PostgreSQL); the PGlite directory goes with the run's temp directory. */
  drop(): Promise<void>;
}

/**
 * The run's search engine, which belongs with its database (the index mirrors it): the embedded one, or, when
 * MEILI_HOST is set for `npm run stress` (`npm run meili` prints it), a fresh index of its own on that Meilisearch,
 * deleted with the database.
 */
async function createRunSearch(): Promise<{ env: Record<string, string>; description: string; drop(): Promise<void> }> {
  const host = process.env.MEILI_HOST?.trim();
  if (!host) return { env: { MEILI_HOST: "" }, description: "the embedded search engine", drop: async () => {} };
  const apiKey = process.env.MEILI_API_KEY?.trim() ?? "";
  const index = `attest_stress_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  return {
    env: { MEILI_HOST: host, MEILI_API_KEY: apiKey, MEILI_INDEX: index },
    description: `Meilisearch index ${index} at ${host}`,
    drop: async () => {
      const { Meilisearch } = await import("meilisearch");
      const client = new Meilisearch({ host, apiKey: apiKey || undefined });
      for (const name of [index, `${index}_skills`])
        await client
          .deleteIndex(name)
          .waitTask({ timeout: 30_000 })
          .catch(() => undefined);
    },
  };
}

/**
 * A fresh database for the run: PGlite in `work`, or a new database on the PostgreSQL server of DATABASE_URL; with
 * MEILI_HOST set, a fresh Meilisearch index beside it (createRunSearch).
 */
export async function createRunDatabase(kind: "pglite" | "postgres", work: string): Promise<RunDatabase> {
  const search = await createRunSearch();
  const database = await createBareRunDatabase(kind, work);
  return {
    ...database,
    description: `${database.description}, ${search.description}`,
    env: { ...database.env, ...search.env },
    drop: async () => {
      try {
        await database.drop();
      } finally {
        await search.drop();
      }
    },
  };
}

async function createBareRunDatabase(kind: "pglite" | "postgres", work: string): Promise<RunDatabase> {
  const { openDatabase } = await import("#db/client.server");
  if (kind === "pglite") {
    const dataDir = path.join(work, "data");
    mkdirSync(dataDir, { recursive: true });
    return {
      kind,
      description: `PGlite in ${dataDir}`,
      env: { ATTEST_DATA_DIR: dataDir, DATABASE_URL: "" },
      open: () => openDatabase({ dataDir: path.join(dataDir, "pglite") }),
      drop: async () => {},
    };
  }
  const serverUrl = process.env.DATABASE_URL || DEFAULT_POSTGRES_URL;
  const { default: postgres } = await import("postgres");
  const name = `attest_stress_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    kind,
    name,
    description: `PostgreSQL database ${name} at ${url.hostname}:${url.port || 5432}`,
    env: { DATABASE_URL: url.toString() },
    open: () => openDatabase({ databaseUrl: url.toString() }),
    admin: async (sql) => [...(await admin.unsafe(sql))],
    drop: async () => {
      try {
        await dropDatabaseForce(admin, name);
      } finally {
        await admin.end({ timeout: 5 });
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// What a run needs in the database before the server starts

export interface RunCredentials {
  /** Cookie headers of signed-in recruiters, one per simulated recruiter. */
  recruiterCookies: string[];
  /** Cookie header of a signed-in admin (for /admin/index-check.json). */
  adminCookie: string;
  apiKey: string;
  /** /submit/<token> paths of open invitations. */
  invitationPaths: string[];
}

/**
 * Staff accounts with live sessions, an API key and invitations, created through the domain functions the CLI and
 * the admin pages use (the same database rows, without 20 password sign-ins through the rate limit).
 */
export async function prepareRun(
  database: RunDatabase,
  counts: { recruiters: number; invitations: number },
): Promise<RunCredentials> {
  const { createStaffUser } = await import("#app/auth/staff-accounts.server");
  const { createStaffSession } = await import("#app/auth/session.server");
  const { createApiKey } = await import("#app/auth/api-keys.server");
  const { createInvitation } = await import("#app/ingest/public-submission.server");
  const handle = await database.open();
  try {
    const deps = { db: handle.db, now: () => new Date() };
    const password = `stress-${randomUUID()}`;
    const user = async (role: "recruiter" | "admin", email: string) => {
      const created = await createStaffUser(deps, { email, role, password });
      if (created.status !== "created") throw new Error(created.message);
      return created.user.id;
    };
    const session = async (userId: string) => {
      const setCookie = await createStaffSession(
        deps,
        new Request("http://127.0.0.1/sign-in", { method: "POST" }),
        userId,
      );
      return setCookie.split(";")[0] as string;
    };
    const recruiterId = await user("recruiter", "stress-recruiter@example.test");
    const adminId = await user("admin", "stress-admin@example.test");
    const recruiterCookies: string[] = [];
    for (let i = 0; i < counts.recruiters; i++) recruiterCookies.push(await session(recruiterId));
    const adminCookie = await session(adminId);
    const apiKey = (await createApiKey(handle.db, "stress")).secret;
    const invitationPaths: string[] = [];
    for (let i = 0; i < counts.invitations; i++)
      invitationPaths.push((await createInvitation(handle.db, `Stress ${i + 1}`)).path);
    return { recruiterCookies, adminCookie, apiKey, invitationPaths };
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Attest as a child process

export interface AttestServer {
  origin: string;
  /** The pid of the running server process, or null between a kill and a restart. */
  pid(): number | null;
  /** Starts the server (again) on the same port and data and waits until it answers. */
  start(): Promise<void>;
  /** Sends a signal and waits for the process to exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** SIGTERM (SIGKILL after 5 s). */
  stop(): Promise<void>;
  /** The server's output so far (the last 50 kB). */
  log(): string;
  /** The file that keeps all of the server's output (every start), or null when it is only kept in memory. */
  logFile: string | null;
  /**
   * How the server process ended when nobody asked it to (not through kill() or stop()), e.g. "exit code 1" or
   * "signal SIGABRT", or null while it runs or after an ordinary stop.
   */
  death(): string | null;
  /** Every RSS sample taken while a server process ran (kB, with seconds since the first start). */
  rss: RssSampler;
}

export interface AttestOptions {
  database: RunDatabase;
  /** More environment for the server (e.g. ATTEST_SEARCH_FAULT_FILE). */
  env?: Record<string, string>;
  /** How long to wait for the first answer after a start. */
  startTimeoutMs?: number;
  /** Run from this directory instead of the checkout (see buildPrivateCopy). */
  cwd?: string;
  /** Also append the server's stdout and stderr to this file (kept after the run, for a server that dies). */
  logFile?: string;
  /** How often to sample the server's RSS (default 500 ms; a short allocation spike needs a shorter interval). */
  rssEveryMs?: number;
}

/** Attest on 127.0.0.1 on a free port. Run `buildApp` first (under the e2e lock). Not started until `start()`. */
export async function createAttestServer(options: AttestOptions): Promise<AttestServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let log = "";
  let death: string | null = null;
  /** The process kill() or stop() is ending: its exit is not a death. */
  let expectedExit: ChildProcess | null = null;
  const logFile = options.logFile ?? null;
  const rss = new RssSampler(options.rssEveryMs);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    // The run's database decides the search engine (createRunSearch): never a developer's own MEILI_HOST.
    MEILI_HOST: "",
    ATTEST_RECHECK_HOURS: "0",
    NODE_ENV: "production" as const,
    ...options.database.env,
    ...options.env,
  };
  const append = (chunk: unknown) => {
    log = (log + String(chunk)).slice(-50_000);
    if (logFile) appendFileSync(logFile, String(chunk));
  };
  const server: AttestServer = {
    origin,
    pid: () => (child && child.exitCode === null && child.signalCode === null ? (child.pid ?? null) : null),
    log: () => log,
    logFile,
    death: () => death,
    rss,
    start: async () => {
      if (server.pid() !== null) throw new Error("Attest is already running");
      const started = spawn(process.execPath, ["--import", "tsx", "app/server/main.ts"], {
        cwd: options.cwd ?? ROOT,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.add(started);
      child = started;
      death = null;
      if (logFile)
        appendFileSync(logFile, `--- ${new Date().toISOString()} harness: starting Attest (pid ${started.pid})\n`);
      started.stdout?.on("data", append);
      started.stderr?.on("data", append);
      started.once("exit", (code, signal) => {
        const how = signal ? `signal ${signal}` : `exit code ${code}`;
        if (logFile)
          appendFileSync(
            logFile,
            `--- ${new Date().toISOString()} harness: Attest (pid ${started.pid}) ended with ${how}\n`,
          );
        if (expectedExit !== started) death = how;
      });
      rss.watch(() => server.pid());
      const deadline = Date.now() + (options.startTimeoutMs ?? 180_000);
      while (!(await answers(`${origin}/sign-in`))) {
        if (started.exitCode !== null || started.signalCode !== null || Date.now() > deadline) {
          throw new Error(`Attest did not start:\n${log.slice(-3000)}`);
        }
        await sleep(300);
      }
      note(`Attest is running at ${origin} (pid ${started.pid}, ${options.database.description})`);
    },
    kill: async (signal) => {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
      expectedExit = running;
      running.kill(signal);
      await exited;
    },
    stop: async () => {
      const running = child;
      if (running && running.exitCode === null && running.signalCode === null) {
        const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
        expectedExit = running;
        running.kill("SIGTERM");
        const timer = setTimeout(() => running.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rss.stop();
      if (process.env.STRESS_SERVER_LOG && !logFile) writeFileSync(process.env.STRESS_SERVER_LOG, log);
    },
  };
  return server;
}

/** VmRSS of a process in kB, or null when it is gone. */
export function readRssKb(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `everyMs` for as long as `pid()` names one. */
export class RssSampler {
  readonly samples: Array<{ seconds: number; kb: number }> = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly began = performance.now();
  constructor(private readonly everyMs = 500) {}

  watch(pid: () => number | null): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      const current = pid();
      const kb = current === null ? null : readRssKb(current);
      if (kb) this.samples.push({ seconds: (performance.now() - this.began) / 1000, kb });
    }, this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  maxKb(): number {
    return Math.max(0, ...this.samples.map((s) => s.kb));
  }

  /** About `count` samples spread over the run, as "12s:180MB". */
  summary(count = 6, from = 0): string {
    const samples = this.samples.filter((s) => s.seconds >= from);
    if (samples.length === 0) return "none";
    const picked = Array.from(
      { length: Math.min(count, samples.length) },
      (_, i) => samples[Math.round((i * (samples.length - 1)) / Math.max(1, Math.min(count, samples.length) - 1))],
    ) as Array<{ seconds: number; kb: number }>;
    return picked.map((s) => `${(s.seconds - from).toFixed(0)}s:${(s.kb / 1024).toFixed(0)}MB`).join(",");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP

export interface HttpAnswer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
  ms: number;
}

export interface HttpInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | FormData;
  /** A loopback source address (127.0.0.2 and up), so that per-client rate limits see distinct clients. */
  localAddress?: string;
  timeoutMs?: number;
}

/** One request over a fresh connection; throws on a timeout ("timeout") or a broken connection. */
export async function httpRequest(url: string, init: HttpInit = {}): Promise<HttpAnswer> {
  const began = performance.now();
  let headers = { ...(init.headers ?? {}) };
  let body: Buffer | null = null;
  if (typeof init.body === "string") body = Buffer.from(init.body);
  else if (init.body) {
    const encoded = new Response(init.body);
    headers = { ...headers, "content-type": encoded.headers.get("content-type") as string };
    body = Buffer.from(await encoded.arrayBuffer());
  }
  if (body) headers["content-length"] = String(body.length);
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: init.method ?? "GET",
        headers,
        localAddress: init.localAddress,
        timeout: init.timeoutMs ?? 30_000,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            headers: res.headers,
            ms: performance.now() - began,
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(body ?? undefined);
  });
}

export async function answers(url: string): Promise<boolean> {
  try {
    return (await httpRequest(url, { timeoutMs: 10_000 })).status < 500;
  } catch {
    return false;
  }
}

/** The running server's consistency check (GET /admin/index-check.json, the JSON of `attest check-index --json`). */
export type IndexCheck = IndexConsistency & { consistent: boolean };

export async function checkServerIndex(server: AttestServer, adminCookie: string): Promise<IndexCheck> {
  const answer = await httpRequest(`${server.origin}/admin/index-check.json`, {
    headers: { cookie: adminCookie },
    timeoutMs: 120_000,
  });
  if (answer.status !== 200)
    throw new Error(`/admin/index-check.json answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  return JSON.parse(answer.body) as IndexCheck;
}

/**
 * Waits until the server's indexer has applied every queued update (nothing pending), then returns the check.
 * Returns the last check (pending > 0) if that takes longer than `timeoutMs`: the outbox backs off up to 5 min.
 */
export async function settledIndexCheck(
  server: AttestServer,
  adminCookie: string,
  timeoutMs = 120_000,
): Promise<IndexCheck> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const check = await checkServerIndex(server, adminCookie);
    if (check.pending === 0 || Date.now() > deadline) return check;
    await sleep(1_000);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Concurrency

/** Runs the jobs `concurrency` at a time. */
export async function runPool(jobs: Array<() => Promise<void>>, concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, jobs.length) }, async () => {
      while (next < jobs.length) await (jobs[next++] as () => Promise<void>)();
    }),
  );
}

/** Runs `workers` loops in parallel until `seconds` have passed (each finishes the iteration it is in). */
export async function runFor(seconds: number, workers: Array<(iteration: number) => Promise<void>>): Promise<void> {
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    workers.map(async (work) => {
      for (let i = 0; performance.now() < until; i++) await work(i);
    }),
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What a scenario must undo (its temporary directory, database, lock, server), undone in the reverse order of
 * adding; a step that fails is reported and the others still run, so one failure leaves nothing else behind.
 */
export class Cleanups {
  private readonly steps: Array<() => Promise<void> | void> = [];

  add(step: () => Promise<void> | void): void {
    this.steps.unshift(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0)) {
      try {
        await step();
      } catch (error) {
        process.stderr.write(`cleanup: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
  }
}

/** Latency and outcome counts per route. */
export class RouteStats {
  private readonly routes = new Map<string, { ms: number[]; errors: number; statuses: Map<number | string, number> }>();

  record(route: string, status: number | string, ms: number, ok: boolean): void {
    let entry = this.routes.get(route);
    if (!entry) this.routes.set(route, (entry = { ms: [], errors: 0, statuses: new Map() }));
    entry.ms.push(ms);
    if (!ok) entry.errors++;
    entry.statuses.set(status, (entry.statuses.get(status) ?? 0) + 1);
  }

  entries() {
    return [...this.routes.entries()].sort(([a], [b]) => a.localeCompare(b));
  }

  errors(): number {
    return [...this.routes.values()].reduce((sum, r) => sum + r.errors, 0);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Credentials to submit

const SKILLS = [
  "Python",
  "SQL",
  "JavaScript",
  "Data analysis",
  "Machine learning",
  "Project management",
  "Customer service",
  "Welding",
  "Bookkeeping",
  "Nursing care",
  "Forklift operation",
  "Spanish",
];

export interface SignedCredential {
  /** The subject's email: submitted under it, the holder check passes. */
  email: string;
  name: string;
  text: string;
}

/**
 * `count` Open Badges 3.0 credentials, each for its own subject, from 5 issuers, 2 to 3 skills each (one in five
 * signed with eddsa-rdfc-2022, the rest eddsa-jcs-2022, which is quicker to sign and to verify).
 */
export async function signCredentialPool(count: number, label: string): Promise<SignedCredential[]> {
  const { generateIssuerKey, issueOpenBadge } = await import("#app/demo/issuer.server");
  const issuers = await Promise.all(
    Array.from({ length: 5 }, (_, i) => generateIssuerKey({ name: `Stress Institute ${i + 1}` })),
  );
  const pool: SignedCredential[] = [];
  for (let i = 0; i < count; i++) {
    const email = `${label}-${i}@stress.example`;
    const name = `${label} candidate ${i}`;
    const skills = [
      SKILLS[i % SKILLS.length],
      SKILLS[(i * 7 + 3) % SKILLS.length],
      ...(i % 2 ? [SKILLS[(i * 5 + 1) % SKILLS.length]] : []),
    ] as string[];
    const credential = await issueOpenBadge(issuers[i % issuers.length]!, {
      suite: i % 5 === 0 ? "eddsa-rdfc-2022" : "eddsa-jcs-2022",
      subject: { name, email },
      achievement: {
        name: `${skills[0]} certificate ${i}`,
        description: `Shows ${skills.join(", ")}.`,
        alignments: [...new Set(skills)].map((skill) => ({
          targetName: skill,
          targetUrl: `https://example.org/skills/${encodeURIComponent(skill.toLowerCase())}`,
        })),
      },
    });
    pool.push({ email, name, text: JSON.stringify(credential) });
  }
  return pool;
}
