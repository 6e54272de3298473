/**
 * Integration tests run on every database Attest supports: PGlite always, PostgreSQL when DATABASE_URL is set.
 * Each call gets a database of its own (a new in-memory PGlite, or a new PostgreSQL database that is dropped
 * on close), so test files never see each other's rows.
 */
import { randomUUID } from "node:crypto";
import { openDatabase, type DatabaseHandle } from "./client.server";

export interface TestDatabaseKind {
  name: "pglite" | "postgres";
  open(): Promise<DatabaseHandle>;
}

export function testDatabaseKinds(env: NodeJS.ProcessEnv = process.env): TestDatabaseKind[] {
  const kinds: TestDatabaseKind[] = [{ name: "pglite", open: () => openDatabase({ dataDir: "memory://" }) }];
  if (env.DATABASE_URL) kinds.push({ name: "postgres", open: () => openFreshPostgres(env.DATABASE_URL!) });
  return kinds;
}

/** A new, empty PostgreSQL database on the server of `adminUrl`: its URL, and `drop` to remove it. */
export async function createTestPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const { default: postgres } = await import("postgres");
  const name = `attest_test_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await dropDatabaseForce(admin, name);
      await admin.end();
    },
  };
}

/**
 * Drops a throw-away database, ending whatever is still connected to it. An autovacuum worker that happens to be
 * in it runs as no role, so ending it is refused to a non-superuser ("must be a member of the role whose process is
 * being terminated"), once in a while in CI. The worker leaves within moments, so the drop is tried again.
 */
export async function dropDatabaseForce(
  admin: { unsafe(sql: string): PromiseLike<unknown> },
  name: string,
  { attempts = 40, pauseMs = 250 } = {},
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    } catch (error) {
      const insufficientPrivilege = (error as { code?: string }).code === "42501";
      if (!insufficientPrivilege || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}

async function openFreshPostgres(adminUrl: string): Promise<DatabaseHandle> {
  const database = await createTestPostgresDatabase(adminUrl);
  const handle = await openDatabase({ databaseUrl: database.url });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await database.drop();
    },
  };
}
