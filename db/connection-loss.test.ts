/**
 * PostgreSQL going away under a running Attest (docs/reliability.md, the faults scenario's database phase): every
 * query and transaction in flight fails with an error that isDatabaseUnavailable recognises, nothing escapes as an
 * uncaught exception (which would end the server), and the pool reconnects by itself once the database is back.
 *
 * postgres.js 3.4.9 threw a TypeError from a setImmediate (`socket.write` on a closed connection) when a
 * transaction's backend was terminated: the transaction's next query, or its rollback, was written to the dead
 * connection. db/patches/postgres+3.4.9.patch fixes that; these tests fail without it (vitest reports the uncaught
 * exception).
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "./client.server";
import { openDatabase } from "./client.server";
import { isDatabaseUnavailable } from "./unavailable";
import { dropDatabaseForce } from "./test-databases";

const serverUrl = process.env.DATABASE_URL;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!serverUrl)("a PostgreSQL database that goes away", () => {
  let admin: import("postgres").Sql;
  let name: string;
  let handle: DatabaseHandle;
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    const { default: postgres } = await import("postgres");
    admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
    name = `attest_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
    await admin.unsafe(`CREATE DATABASE ${name}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${name}`;
    handle = await openDatabase({ databaseUrl: url.toString() });
    process.on("uncaughtException", record);
    process.on("unhandledRejection", record);
  });

  afterAll(async () => {
    process.off("uncaughtException", record);
    process.off("unhandledRejection", record);
    await admin.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    await handle?.close();
    await dropDatabaseForce(admin, name);
    await admin.end();
  });

  afterEach(() => {
    expect(uncaught).toEqual([]);
  });

  const backendPid = async (db: DatabaseHandle["db"]) =>
    Number(((await db.execute(sql`select pg_backend_pid() as pid`)) as unknown as Array<{ pid: number }>)[0]!.pid);
  const terminate = (pid: number) => admin.unsafe(`SELECT pg_terminate_backend(${pid})`);
  /** The next query works again (the pool has reconnected), within a few seconds. */
  const answersAgain = async () => {
    for (let i = 0; ; i++) {
      try {
        return await handle.db.execute(sql`select 1 as one`);
      } catch (error) {
        if (i > 20) throw error;
        await sleep(250);
      }
    }
  };

  it("fails a transaction whose backend is terminated between two of its queries, and reconnects", async () => {
    const failure = await handle.db
      .transaction(async (tx) => {
        await terminate(await backendPid(tx as unknown as DatabaseHandle["db"]));
        await sleep(200); // the close has arrived: the transaction's next query goes to a dead connection
        await tx.execute(sql`select 1`);
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(isDatabaseUnavailable(failure)).toBe(true);
    await sleep(300); // anything thrown from a timer would have been thrown by now
    expect(await answersAgain()).toHaveLength(1);
  });

  it("fails a transaction whose backend is terminated in the middle of a query (its rollback goes nowhere)", async () => {
    const failure = await handle.db
      .transaction(async (tx) => {
        const pid = await backendPid(tx as unknown as DatabaseHandle["db"]);
        setTimeout(() => void terminate(pid).catch(() => {}), 200);
        await tx.execute(sql`select pg_sleep(3)`);
      })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(isDatabaseUnavailable(failure)).toBe(true);
    await sleep(300);
    expect(await answersAgain()).toHaveLength(1);
  });

  it("fails queries while the database refuses connections, and answers again once it accepts them", async () => {
    await admin.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    try {
      await admin.unsafe(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
      const failures = await Promise.all(
        [handle.db.execute(sql`select 1`), handle.db.transaction(async (tx) => tx.execute(sql`select 1`))].map(
          (query) =>
            query.then(
              () => null,
              (error: unknown) => error,
            ),
        ),
      );
      for (const failure of failures) expect(isDatabaseUnavailable(failure)).toBe(true);
    } finally {
      await admin.unsafe(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    }
    expect(await answersAgain()).toHaveLength(1);
  });
});
