/**
 * The embedded search index lives in one process's memory, filled from the outbox that process drains. Two app
 * instances on one PostgreSQL would each drain part of the outbox into their own memory, and each would miss what
 * the other indexed (measured: six submissions through one instance were never findable through the other). So an
 * instance with the embedded engine on PostgreSQL holds a session-level advisory lock for its whole life, and a
 * second one refuses to start. With Meilisearch, which all instances share, any number may run.
 *
 * The lock is PostgreSQL's own: it goes with the holder's connection, so a killed instance frees it at once and
 * a restart is not locked out by a stale row.
 */
import postgres from "postgres";

/** pg_try_advisory_lock's key: a fixed number ("attest embedded index" in ASCII, folded into 63 bits). */
const LOCK_KEY = 0x61747465737465n; // "atteste"

export class EmbeddedIndexTakenError extends Error {
  constructor() {
    super(
      "Another Attest instance already serves this PostgreSQL database with the embedded search engine, whose index " +
        "lives in that instance's memory: a second instance would never see the changes made through the first. " +
        "To run several instances, give every instance the same Meilisearch (MEILI_HOST and MEILI_API_KEY); " +
        "otherwise stop the other instance first.",
    );
    this.name = "EmbeddedIndexTakenError";
  }
}

export interface EmbeddedInstanceLock {
  release(): Promise<void>;
}

/**
 * Takes the lock on a connection of its own, waiting up to `waitMs` (an instance killed a moment ago may still hold
 * it until PostgreSQL notices its closed connection). Throws EmbeddedIndexTakenError if another instance keeps it.
 * While held, the lock is asserted again every 30 s, so a connection lost in a database outage takes it back.
 */
export async function takeEmbeddedInstanceLock(
  databaseUrl: string,
  options: { waitMs?: number; log?: (line: string) => void } = {},
): Promise<EmbeddedInstanceLock> {
  const sql = postgres(databaseUrl, { max: 1, idle_timeout: 0, onnotice: () => {} });
  const tryLock = async () => {
    const [row] = await sql<
      [{ locked: boolean }]
    >`select pg_try_advisory_lock(${LOCK_KEY.toString()}::bigint) as locked`;
    return row.locked;
  };
  const deadline = Date.now() + (options.waitMs ?? 5_000);
  while (!(await tryLock())) {
    if (Date.now() >= deadline) {
      await sql.end({ timeout: 5 });
      throw new EmbeddedIndexTakenError();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const timer = setInterval(() => {
    tryLock()
      .then((locked) => {
        if (!locked) options.log?.(`warning: ${new EmbeddedIndexTakenError().message}`);
      })
      .catch(() => undefined); // the database is away; the next assertion retries
  }, 30_000);
  timer.unref();
  return {
    release: async () => {
      clearInterval(timer);
      await sql.end({ timeout: 5 });
    },
  };
}
