/**
 * Start-up's wait for a database that is not there yet. A deployment often starts Attest and PostgreSQL at the
 * same moment; the server then waits, one log line per attempt, instead of exiting before the database is up.
 * Only a failure to reach the database is waited out (isDatabaseUnavailable): a wrong password or a database that
 * refuses the query fails at once with its own message, since waiting would not change the answer.
 */
import { describeDatabaseFailure, isDatabaseUnavailable } from "./unavailable";

export interface WaitForDatabaseOptions {
  /** One cheap round trip (`select 1`); resolves when the database answers, rejects with the driver's error. */
  probe: () => Promise<void>;
  /** How long to keep trying, from the first attempt; 0 means one attempt. */
  limitMs: number;
  log: (message: string) => void;
  /** Milliseconds on some monotonic clock; `performance.now` by default. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** The first pause between attempts, doubled after each failure up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/** The database was still unreachable when the time allowed ran out; `cause` is the last attempt's error. */
export class DatabaseWaitTimeoutError extends Error {
  constructor(
    readonly attempts: number,
    readonly waitedMs: number,
    readonly reason: string,
    cause: unknown,
  ) {
    super(
      `database still not reachable after ${formatSeconds(waitedMs)} s and ${attempts} attempts (${reason}); giving up`,
      {
        cause,
      },
    );
    this.name = "DatabaseWaitTimeoutError";
  }
}

/**
 * Resolves once `probe` succeeds. Rejects with DatabaseWaitTimeoutError when the database stays unreachable past
 * `limitMs`, and with the probe's own error, at once, when that error is not a failure to reach the database.
 */
export async function waitForDatabase(
  options: WaitForDatabaseOptions,
): Promise<{ attempts: number; waitedMs: number }> {
  const { probe, limitMs, log, now = () => performance.now(), sleep = defaultSleep } = options;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  let delayMs = options.firstDelayMs ?? 1_000;
  const startedAt = now();
  for (let attempt = 1; ; attempt++) {
    try {
      await probe();
      const waitedMs = now() - startedAt;
      if (attempt > 1) log(`database reachable after ${formatSeconds(waitedMs)} s (attempt ${attempt})`);
      return { attempts: attempt, waitedMs };
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      const reason = describeUnreachable(error);
      const waitedMs = now() - startedAt;
      const remainingMs = limitMs - waitedMs;
      if (remainingMs <= 0) throw new DatabaseWaitTimeoutError(attempt, waitedMs, reason, error);
      // The last pause ends at the limit, so the final attempt is made when the time allowed runs out, not after.
      const pauseMs = Math.min(delayMs, remainingMs);
      log(`database not reachable yet (${reason}); retrying in ${formatSeconds(pauseMs)} s (attempt ${attempt})`);
      await sleep(pauseMs);
      delayMs = Math.min(delayMs * 2, maxDelayMs);
    }
  }
}

/** ATTEST_DB_WAIT_SECONDS (default 60) in milliseconds; a value that is not a number of seconds is an error. */
export function databaseWaitLimitFromEnv(env: Record<string, string | undefined> = process.env): number {
  const raw = env.ATTEST_DB_WAIT_SECONDS?.trim();
  if (!raw) return 60_000;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new Error(`ATTEST_DB_WAIT_SECONDS must be a number of seconds, 0 or more (it is "${raw}")`);
  }
  return seconds * 1000;
}

/** "ECONNREFUSED at 127.0.0.1:5432" for a socket error (Node's message repeats the code); otherwise the usual text. */
function describeUnreachable(error: unknown): string {
  const fields = error as { code?: unknown; address?: unknown; port?: unknown };
  if (typeof fields.code === "string" && typeof fields.address === "string" && fields.port !== undefined) {
    return `${fields.code} at ${fields.address}:${String(fields.port)}`;
  }
  return describeDatabaseFailure(error);
}

function formatSeconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
