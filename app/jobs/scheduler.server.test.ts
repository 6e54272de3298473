import { randomUUID } from "node:crypto";
import { openDatabase, type DatabaseHandle } from "#db/client.server";
import { createTestPostgresDatabase } from "#db/test-databases";
import { listScheduledJobs } from "#db/queries/scheduled-jobs.server";
import { startScheduler, type Scheduler } from "./scheduler.server";

const HOUR = 3_600_000;
const T0 = new Date("2030-03-01T08:00:00Z").getTime();

/**
 * Two app instances on one database: two connection pools on a fresh PostgreSQL database when DATABASE_URL is set
 * (the real case), and two schedulers sharing one PGlite (the claim logic, without a second process).
 */
interface Instances {
  name: string;
  open(): Promise<{ a: DatabaseHandle; b: DatabaseHandle; close(): Promise<void> }>;
}
const kinds: Instances[] = [
  {
    name: "pglite",
    open: async () => {
      const handle = await openDatabase({ dataDir: "memory://" });
      return { a: handle, b: handle, close: () => handle.close() };
    },
  },
];
if (process.env.DATABASE_URL) {
  kinds.push({
    name: "postgres, two connection pools",
    open: async () => {
      const database = await createTestPostgresDatabase(process.env.DATABASE_URL as string);
      const a = await openDatabase({ databaseUrl: database.url });
      const b = await openDatabase({ databaseUrl: database.url });
      return {
        a,
        b,
        close: async () => {
          await a.close();
          await b.close();
          await database.drop();
        },
      };
    },
  });
}

describe.each(kinds)("scheduled jobs on $name", ({ open }) => {
  let instances: Awaited<ReturnType<Instances["open"]>>;
  let clock = T0;
  const now = () => new Date(clock);
  const schedulers: Scheduler[] = [];
  /** Each test has a job of its own on the shared database (opening PGlite costs seconds). */
  let job = "";
  beforeAll(async () => {
    instances = await open();
  });
  afterAll(() => instances.close());
  beforeEach(() => {
    clock = T0;
    job = `recheck-${randomUUID()}`;
  });
  afterEach(async () => {
    for (const scheduler of schedulers.splice(0)) await scheduler.stop();
  });
  const row = async () => (await listScheduledJobs(instances.a.db)).find((candidate) => candidate.name === job);

  /** An instance: its own scheduler (a long tick: the test ticks by hand) with a job that counts its runs. */
  function instance(
    handle: DatabaseHandle,
    runs: string[],
    label: string,
    work: () => Promise<string> = async () => "done",
  ) {
    const scheduler = startScheduler(
      { db: handle.db, now, log: () => {} },
      [
        {
          name: job,
          intervalSeconds: 24 * 3600,
          run: async () => {
            runs.push(label);
            return work();
          },
        },
      ],
      HOUR,
    );
    schedulers.push(scheduler);
    return scheduler;
  }

  it("two instances ticking at once run a due job once, and again once a day later", async () => {
    const runs: string[] = [];
    const a = instance(instances.a, runs, "a");
    const b = instance(instances.b, runs, "b");
    await Promise.all([a.tick(), b.tick()]); // both make the schedule: first due a day from now
    expect(runs).toEqual([]);
    clock = T0 + 24 * HOUR;
    for (let i = 0; i < 5; i++) await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(runs).toHaveLength(1);
    clock = T0 + 48 * HOUR + 1;
    await Promise.all([a.tick(), b.tick()]);
    expect(runs).toHaveLength(2);
    expect(await row()).toMatchObject({ name: job, runs: 2, lastOutcome: "ok: done" });
    expect((await row())?.nextDueAt.getTime()).toBe(T0 + 72 * HOUR + 1);
  });

  it("a restart neither resets the schedule nor repeats a run", async () => {
    const runs: string[] = [];
    const first = instance(instances.a, runs, "before restart");
    await first.tick();
    clock = T0 + 24 * HOUR;
    await first.tick();
    expect(runs).toEqual(["before restart"]);
    await first.stop();
    // Restarted an hour later: the run is not repeated, and the next one is still a day after the last.
    clock = T0 + 25 * HOUR;
    const restarted = instance(instances.a, runs, "after restart");
    await restarted.tick();
    expect(runs).toEqual(["before restart"]);
    clock = T0 + 48 * HOUR;
    await restarted.tick();
    expect(runs).toEqual(["before restart", "after restart"]);
  });

  it("a restart every day still runs the daily job (the old in-process timer never did)", async () => {
    const runs: string[] = [];
    for (let day = 0; day < 3; day++) {
      clock = T0 + day * 24 * HOUR + day; // restarted once a day, just after the job fell due
      const scheduler = instance(instances.a, runs, `day ${day}`);
      await scheduler.tick();
      await scheduler.stop();
    }
    expect(runs).toEqual(["day 1", "day 2"]);
  });

  it("a failed run is tried again after 15 minutes, not a day later, and its error is kept", async () => {
    const runs: string[] = [];
    let fail = true;
    const a = instance(instances.a, runs, "a", async () => {
      if (fail) throw new Error("status list host unreachable");
      return "ok";
    });
    await a.tick();
    clock = T0 + 24 * HOUR;
    await a.tick();
    expect((await row())?.lastOutcome).toBe("failed: status list host unreachable");
    clock += 14 * 60_000;
    await a.tick();
    expect(runs).toHaveLength(1);
    fail = false;
    clock += 60_000;
    await a.tick();
    expect(runs).toHaveLength(2);
    expect((await row())?.lastOutcome).toBe("ok: ok");
  });
});
