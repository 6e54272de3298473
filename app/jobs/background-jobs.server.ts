import { startScheduler, type ScheduledJob, type Scheduler, type SchedulerDeps } from "#app/jobs/scheduler.server";
import { recheckCredentials } from "#app/review/recheck.server";
import { runRetention } from "#app/retention/retention.server";
import type { Services } from "#app/services.server";

/**
 * The app's periodic jobs, on the schedule kept in the database (scheduler.server.ts): every instance starts them,
 * each run happens on one. The search outbox is not among them: it is a queue whose rows each instance claims with
 * SKIP LOCKED (search/sync.server.ts), so it is already drained once across instances, and at once after a change.
 */
export function backgroundJobs(services: Services, env: Readonly<Record<string, string | undefined>>): ScheduledJob[] {
  const jobs: ScheduledJob[] = [];
  // Status lists and dates change after submission: re-check every stored credential (0 turns it off).
  const recheckHours = Number(env.ATTEST_RECHECK_HOURS ?? 24);
  if (recheckHours > 0) {
    jobs.push({
      name: "recheck",
      intervalSeconds: Math.round(recheckHours * 3600),
      run: async () => {
        const summary = await recheckCredentials({ ...services, onCommitted: services.indexer.nudge });
        return `${summary.checked} credentials, ${summary.changed.length} changed verdict`;
      },
    });
  }
  // Candidates past the retention period (set by an admin; off by default) are erased hourly.
  jobs.push({
    name: "retention",
    intervalSeconds: 3600,
    run: async () => {
      const result = await runRetention({ ...services, onCommitted: services.indexer.nudge });
      return result.status === "off"
        ? "off"
        : `erased ${result.erased} candidate(s) inactive since before ${result.cutoff.toISOString()}`;
    },
  });
  return jobs;
}

export function startBackgroundJobs(
  services: Services,
  env: Readonly<Record<string, string | undefined>>,
  deps: Partial<SchedulerDeps> = {},
): Scheduler {
  // How often each instance looks for due jobs: a minute; shorter only in drills (the cluster stress scenario).
  const tickSeconds = Number(env.ATTEST_JOB_TICK_SECONDS ?? 60);
  const tickMs = Number.isFinite(tickSeconds) && tickSeconds > 0 ? tickSeconds * 1000 : 60_000;
  return startScheduler(
    { db: services.db, now: services.now, log: services.log, ...deps },
    backgroundJobs(services, env),
    tickMs,
  );
}
