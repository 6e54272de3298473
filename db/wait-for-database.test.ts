import { DatabaseWaitTimeoutError, databaseWaitLimitFromEnv, waitForDatabase } from "./wait-for-database";

/** postgres.js's error for a refused connection (it sets `query` on every error from a query). */
function refused() {
  return Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), {
    code: "ECONNREFUSED",
    address: "127.0.0.1",
    port: 5432,
    query: "select 1",
  });
}

function serverError(code: string, severity: string, message: string) {
  return Object.assign(new Error(message), { name: "PostgresError", code, severity, query: "select 1" });
}

/** A clock that moves only when the code under test sleeps, and a probe that fails with `failures` in turn. */
function world(failures: unknown[], options: { probeTakesMs?: number } = {}) {
  let clock = 0;
  const sleeps: number[] = [];
  const lines: string[] = [];
  let calls = 0;
  return {
    sleeps,
    lines,
    calls: () => calls,
    deps: {
      now: () => clock,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        clock += ms;
      },
      log: (line: string) => lines.push(line),
      probe: async () => {
        clock += options.probeTakesMs ?? 0;
        const failure = failures[calls++];
        if (failure !== undefined) throw failure;
      },
    },
  };
}

describe("waitForDatabase", () => {
  it("answers at once, silently, when the database is there", async () => {
    const w = world([]);
    await expect(waitForDatabase({ ...w.deps, limitMs: 60_000 })).resolves.toEqual({ attempts: 1, waitedMs: 0 });
    expect(w.sleeps).toEqual([]);
    expect(w.lines).toEqual([]);
  });

  it("retries a refused connection with a doubling pause capped at 10 s, one line per attempt, until it answers", async () => {
    const w = world([refused(), refused(), refused(), refused(), refused(), refused()]);
    await expect(waitForDatabase({ ...w.deps, limitMs: 60_000 })).resolves.toEqual({ attempts: 7, waitedMs: 35_000 });
    expect(w.sleeps).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
    expect(w.lines[2]).toBe("database not reachable yet (ECONNREFUSED at 127.0.0.1:5432); retrying in 4 s (attempt 3)");
    expect(w.lines).toHaveLength(7);
    expect(w.lines[6]).toBe("database reachable after 35 s (attempt 7)");
  });

  it("waits out a database closed to new connections (55000, FATAL) and names it", async () => {
    const closed = serverError("55000", "FATAL", 'database "attest" is not currently accepting connections');
    const w = world([closed]);
    await waitForDatabase({ ...w.deps, limitMs: 60_000 });
    expect(w.lines[0]).toBe(
      'database not reachable yet (55000 database "attest" is not currently accepting connections); retrying in 1 s (attempt 1)',
    );
  });

  it("gives up when the time allowed runs out, with the last attempt's reason, its final pause ending at the limit", async () => {
    const w = world(Array.from({ length: 100 }, refused));
    const failure = await waitForDatabase({ ...w.deps, limitMs: 20_000 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseWaitTimeoutError);
    expect(w.sleeps).toEqual([1_000, 2_000, 4_000, 8_000, 5_000]);
    expect(w.calls()).toBe(6);
    expect((failure as Error).message).toBe(
      "database still not reachable after 20 s and 6 attempts (ECONNREFUSED at 127.0.0.1:5432); giving up",
    );
    expect((failure as Error).cause).toMatchObject({ code: "ECONNREFUSED" });
  });

  it("counts the time the attempts themselves take against the limit", async () => {
    const w = world(Array.from({ length: 100 }, refused), { probeTakesMs: 10_000 });
    await expect(waitForDatabase({ ...w.deps, limitMs: 25_000 })).rejects.toThrow("after 33 s and 3 attempts");
    expect(w.sleeps).toEqual([1_000, 2_000]);
  });

  it("makes one attempt when the limit is 0", async () => {
    const w = world([refused()]);
    await expect(waitForDatabase({ ...w.deps, limitMs: 0 })).rejects.toBeInstanceOf(DatabaseWaitTimeoutError);
    expect(w.calls()).toBe(1);
    expect(w.sleeps).toEqual([]);
  });

  it.each([
    ["a wrong password (28P01)", serverError("28P01", "FATAL", 'password authentication failed for user "attest"')],
    ["a failed query", serverError("42P01", "ERROR", 'relation "drizzle.__drizzle_migrations" does not exist')],
    ["a programmer's mistake", new TypeError("Cannot read properties of undefined (reading 'end')")],
  ])("fails at once with %s, the error itself", async (_name, error) => {
    const w = world([error]);
    await expect(waitForDatabase({ ...w.deps, limitMs: 60_000 })).rejects.toBe(error);
    expect(w.calls()).toBe(1);
    expect(w.sleeps).toEqual([]);
    expect(w.lines).toEqual([]);
  });
});

describe("databaseWaitLimitFromEnv", () => {
  it("is 60 s by default and reads ATTEST_DB_WAIT_SECONDS", () => {
    expect(databaseWaitLimitFromEnv({})).toBe(60_000);
    expect(databaseWaitLimitFromEnv({ ATTEST_DB_WAIT_SECONDS: "" })).toBe(60_000);
    expect(databaseWaitLimitFromEnv({ ATTEST_DB_WAIT_SECONDS: "300" })).toBe(300_000);
    expect(databaseWaitLimitFromEnv({ ATTEST_DB_WAIT_SECONDS: "0" })).toBe(0);
  });

  it.each(["soon", "-5", "Infinity"])("refuses %s", (value) => {
    expect(() => databaseWaitLimitFromEnv({ ATTEST_DB_WAIT_SECONDS: value })).toThrow("ATTEST_DB_WAIT_SECONDS");
  });
});
