import type { ServerBuild } from "@remix-run/node";
import { getDashboard } from "#app/dashboard/dashboard.server";
import { startScheduler } from "#app/jobs/scheduler.server";
import type { Database } from "#db/client.server";
import { staleWhileRevalidate } from "#db/stale-while-revalidate";
import { DATABASE_UNAVAILABLE_MESSAGE } from "#db/unavailable";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import { startIndexer } from "#search/sync.server";
import { answerDatabaseOutagesWith503 } from "./database-outage";

/** What drizzle throws when postgres.js's backend was terminated under a query. */
const terminated = Object.assign(new Error("Failed query: select 1\nparams: "), {
  query: "select 1",
  cause: Object.assign(new Error("terminating connection due to administrator command"), {
    code: "57P01",
    severity: "FATAL",
  }),
});

function buildWith(module: Record<string, unknown>, id = "routes/candidates.$candidateId"): ServerBuild {
  return { routes: { [id]: { id, path: "x", module } } } as unknown as ServerBuild;
}

function guarded(module: Record<string, unknown>, id?: string) {
  const lines: string[] = [];
  const build = answerDatabaseOutagesWith503(buildWith(module, id), (line) => lines.push(line));
  const route = Object.values(build.routes)[0]!.module as unknown as Record<
    string,
    (args: { request: Request }) => Promise<unknown>
  >;
  return { route, lines };
}

async function thrownBy(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a throw");
    },
    (error: unknown) => error,
  );
}

describe("answerDatabaseOutagesWith503", () => {
  it("turns a page loader's database connection failure into a 503 with the sentence, and logs one line", async () => {
    const { route, lines } = guarded({ loader: async () => Promise.reject(terminated) });
    const thrown = await thrownBy(route.loader!({ request: new Request("http://attest.test/candidates/cand_1") }));
    expect(thrown).toBeInstanceOf(Response);
    const response = thrown as Response;
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("60");
    expect(await response.text()).toBe(DATABASE_UNAVAILABLE_MESSAGE);
    expect(lines).toEqual([
      "database unavailable: GET routes/candidates.$candidateId answered 503 (57P01 terminating connection due to administrator command)",
    ]);
  });

  it("answers an API action in JSON", async () => {
    const { route } = guarded({ action: async () => Promise.reject(terminated) }, "routes/api.submissions");
    const request = new Request("http://attest.test/api/submissions", { method: "POST", body: "{}" });
    const response = (await thrownBy(route.action!({ request }))) as Response;
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: "database-unavailable", message: DATABASE_UNAVAILABLE_MESSAGE });
  });

  it("lets everything else through unchanged: results, thrown Responses and other errors", async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    const notFound = new Response("Not found", { status: 404 });
    const request = new Request("http://attest.test/x");
    const { route, lines } = guarded({ loader: async () => "ok", action: async () => Promise.reject(bug) });
    expect(await route.loader!({ request })).toBe("ok");
    expect(await thrownBy(route.action!({ request }))).toBe(bug);
    const { route: other } = guarded({ loader: async () => Promise.reject(notFound) });
    expect(await thrownBy(other.loader!({ request }))).toBe(notFound);
    expect(lines).toEqual([]);
  });

  it("adds no loader or action to a module that had none, and leaves the original build alone", () => {
    const original = buildWith({ default: () => null });
    const build = answerDatabaseOutagesWith503(original, () => {});
    const module = Object.values(build.routes)[0]!.module as unknown as Record<string, unknown>;
    expect("loader" in module || "action" in module).toBe(false);
    expect(build).not.toBe(original);
  });
});

describe("the server's background jobs while every query fails (a database outage)", () => {
  /** A drizzle database whose every query and transaction rejects with `error`, however the query is built. */
  function failingDatabase(error: unknown): Database {
    const proxy: unknown = new Proxy(function query() {}, {
      get: (_target, property) =>
        property === "then" ? (_resolve: unknown, reject: (reason: unknown) => void) => reject(error) : () => proxy,
    });
    return proxy as Database;
  }
  const escaped: unknown[] = [];
  const record = (reason: unknown) => escaped.push(reason);
  beforeEach(() => {
    escaped.length = 0;
    process.on("unhandledRejection", record);
  });
  afterEach(async () => {
    await new Promise((resolve) => setTimeout(resolve, 50)); // rejections nobody handled are reported by now
    process.off("unhandledRejection", record);
    expect(escaped).toEqual([]);
  });

  it("the search indexer logs the failure and keeps running", async () => {
    const lines: string[] = [];
    const indexer = startIndexer(
      { db: failingDatabase(terminated), search: createEmbeddedEngine(), log: (l) => lines.push(l) },
      10,
    );
    indexer.nudge();
    expect(await indexer.flush()).toEqual({ indexed: 0, removed: 0, failed: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50)); // a few interval ticks
    await indexer.stop();
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).toMatch(/^search indexer error: Failed query/);
  });

  it("the scheduled jobs (re-checks, retention) log the failure and try again at their next tick", async () => {
    const lines: string[] = [];
    const job = { name: "retention", intervalSeconds: 3600, run: async () => "never reached" };
    const scheduler = startScheduler(
      { db: failingDatabase(terminated), now: () => new Date(), log: (l) => lines.push(l) },
      [job],
      10,
    );
    await new Promise((resolve) => setTimeout(resolve, 60));
    await scheduler.stop();
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).toMatch(
      /^scheduled jobs: could not read the schedule, trying again at the next tick: Failed query/,
    );
  });

  it("the dashboard warm-up rejects once, to its caller, and its cached aggregates load again afterwards", async () => {
    const db = failingDatabase(terminated);
    await expect(getDashboard(db, { now: new Date(), period: "day" })).rejects.toBe(terminated);
    await expect(getDashboard(db, { now: new Date(), period: "day" })).rejects.toBe(terminated);
  });

  it("a stale-while-revalidate cache whose refresh fails keeps serving the last value", async () => {
    let calls = 0;
    const load = async () => {
      calls++;
      if (calls > 1) throw terminated;
      return "first";
    };
    const get = staleWhileRevalidate(load, 1_000);
    const db = failingDatabase(terminated);
    expect(await get(db, 0)).toBe("first");
    expect(await get(db, 5_000)).toBe("first"); // refresh started in the background, and fails
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await get(db, 10_000)).toBe("first"); // tried again, failed again, still served
    expect(calls).toBe(3);
  });
});
