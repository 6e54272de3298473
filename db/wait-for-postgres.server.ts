import { databaseWaitLimitFromEnv, waitForDatabase } from "./wait-for-database";

/**
 * Waits, before anything migrates, until the PostgreSQL that DATABASE_URL names answers (up to
 * ATTEST_DB_WAIT_SECONDS). Without DATABASE_URL there is nothing to wait for: PGlite runs in this process.
 */
export async function waitForPostgres(
  env: Record<string, string | undefined>,
  log: (message: string) => void,
): Promise<void> {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (!databaseUrl) return;
  await waitForDatabase({ probe: () => selectOne(databaseUrl), limitMs: databaseWaitLimitFromEnv(env), log });
}

/**
 * A connection of its own, closed after the answer, so the application's pool starts afresh once the database is
 * there. Its connect timeout is short: a host that drops packets would otherwise hold one attempt for postgres.js's
 * default of 30 s.
 */
async function selectOne(databaseUrl: string): Promise<void> {
  const { default: postgres } = await import("postgres");
  const sql = postgres(databaseUrl, { max: 1, connect_timeout: 10, onnotice: () => {} });
  try {
    await sql`select 1`;
  } finally {
    await sql.end({ timeout: 1 });
  }
}
