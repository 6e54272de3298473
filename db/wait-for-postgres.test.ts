/**
 * The start-up wait against real sockets and, with DATABASE_URL set, a real PostgreSQL: what postgres.js raises
 * for a closed port is waited for, what it raises for a wrong password is not.
 */
import { createServer } from "node:net";
import { DatabaseWaitTimeoutError } from "./wait-for-database";
import { waitForPostgres } from "./wait-for-postgres.server";

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("waitForPostgres", () => {
  it("does nothing without DATABASE_URL (PGlite)", async () => {
    const lines: string[] = [];
    await waitForPostgres({}, (line) => lines.push(line));
    expect(lines).toEqual([]);
  });

  it("takes a closed port for a database not up yet, and gives up at the limit naming it", async () => {
    const port = await closedPort();
    const lines: string[] = [];
    const failure = await waitForPostgres(
      { DATABASE_URL: `postgres://attest:attest@127.0.0.1:${port}/attest`, ATTEST_DB_WAIT_SECONDS: "1.5" },
      (line) => lines.push(line),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseWaitTimeoutError);
    expect((failure as Error).message).toContain(`(ECONNREFUSED at 127.0.0.1:${port}); giving up`);
    expect(lines[0]).toBe(
      `database not reachable yet (ECONNREFUSED at 127.0.0.1:${port}); retrying in 1 s (attempt 1)`,
    );
    expect(lines[1]).toMatch(/retrying in 0\.\d s \(attempt 2\)$/);
  });

  it.skipIf(!process.env.DATABASE_URL)("fails at once on a wrong password (28P01), without waiting", async () => {
    const url = new URL(process.env.DATABASE_URL!);
    url.password = "not-the-password";
    const lines: string[] = [];
    const startedAt = Date.now();
    await expect(
      waitForPostgres({ DATABASE_URL: url.href, ATTEST_DB_WAIT_SECONDS: "30" }, (line) => lines.push(line)),
    ).rejects.toMatchObject({ code: "28P01" });
    expect(lines).toEqual([]);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
  });

  it.skipIf(!process.env.DATABASE_URL)("answers at once when PostgreSQL is up", async () => {
    const lines: string[] = [];
    await waitForPostgres({ DATABASE_URL: process.env.DATABASE_URL }, (line) => lines.push(line));
    expect(lines).toEqual([]);
  });
});
