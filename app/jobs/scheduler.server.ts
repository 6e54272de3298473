import type { Database } from "#db/client.server";
import { claimDueJob, ensureScheduledJob, finishJob } from "#db/queries/scheduled-jobs.server";
import { errorMessageForLog } from "#app/server/log-safe";

export interface ScheduledJob {
  /** The row's key in scheduled_jobs: keep it stable, a new name is a new schedule. */
  name: string;
  intervalSeconds: number;
  /** Does the work; returns a one-line summary for the log and the table. */
  run(): Promise<string>;
}

export interface SchedulerDeps {
  db: Database;
  now: () => Date;
  log: (line: string) => void;
}

/** A failed run is tried again after this long (or at its interval, if that is sooner). */
const RETRY_SECONDS = 15 * 60;

export interface Scheduler {
  /** Claims and runs every due job once, one after another; what a timer tick does (tests call it directly). */
  tick(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * Runs periodic jobs on the schedule kept in the database (db/schema/scheduled-jobs.ts). Every instance ticks;
 * only the one whose claim succeeds runs a due job, so each run happens once across instances, and the schedule
 * survives restarts. A job runs to its end even when it takes longer than a tick: this instance skips its ticks
 * meanwhile, and other instances see it claimed (not due) until one interval after its start.
 */
export function startScheduler(deps: SchedulerDeps, jobs: ScheduledJob[], tickMs = 60_000): Scheduler {
  let ensured: Promise<void> | null = null;
  let running: Promise<string[]> | null = null;
  const ensure = () =>
    (ensured ??= (async () => {
      for (const job of jobs) await ensureScheduledJob(deps.db, job.name, job.intervalSeconds, deps.now());
    })().catch((error) => {
      ensured = null; // try again at the next tick (the database may be down at start)
      throw error;
    }));

  const runDue = async (): Promise<string[]> => {
    const ran: string[] = [];
    await ensure();
    for (const job of jobs) {
      const claimed = await claimDueJob(deps.db, job.name, deps.now());
      if (claimed === null) continue;
      ran.push(job.name);
      // The run's number is unique across instances (the claim counted it): the cluster scenario checks that.
      deps.log(`${job.name}: run ${claimed.runs} started`);
      try {
        const summary = await job.run();
        deps.log(`${job.name}: ${summary}`);
        await finishJob(deps.db, job.name, { ok: true, summary }, deps.now(), RETRY_SECONDS);
      } catch (error) {
        // The log and the schedule row outlive erasure: a failed query's parameters never reach either.
        const message = errorMessageForLog(error);
        deps.log(`${job.name} failed (tried again within ${RETRY_SECONDS / 60} minutes): ${message}`);
        await finishJob(deps.db, job.name, { ok: false, summary: message }, deps.now(), RETRY_SECONDS).catch(
          () => undefined,
        );
      }
    }
    return ran;
  };

  const tick = (): Promise<string[]> => {
    running ??= runDue()
      .catch((error) => {
        deps.log(
          `scheduled jobs: could not read the schedule, trying again at the next tick: ${errorMessageForLog(error)}`,
        );
        return [];
      })
      .finally(() => {
        running = null;
      });
    return running;
  };

  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  // The first look soon after start, so a job that fell due while no instance ran is not left for a whole tick.
  const first = setTimeout(() => void tick(), Math.min(tickMs, 5_000));
  first.unref();
  return {
    tick,
    stop: async () => {
      clearInterval(timer);
      clearTimeout(first);
      if (running) await running;
    },
  };
}
