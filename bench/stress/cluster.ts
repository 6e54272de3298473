/**
 * `npm run stress -- cluster [--quick] [--instances N] [--seconds N] [--no-build]`: Attest past one machine. Two
 * (--quick) or three instances on one PostgreSQL database and one Meilisearch, behind a round-robin proxy on
 * loopback; candidates are submitted through the API (an applicant-tracking system) and recruiters search, for 20 s (--quick) or 60 s. A third of
 * the way in one instance is killed (SIGKILL) with submissions in flight and started again; two thirds in,
 * Meilisearch is stopped and started again on its data. The periodic jobs run every few seconds (re-check every
 * 7 s, schedules looked at every second) so that several instances race for each run.
 *
 * Meilisearch is the scenario's own (`npm run meili`'s server on a free port and a throw-away data directory), since
 * the scenario restarts it.
 *
 * Figures (one line): `acknowledged` (submissions answered with a stored credential), `lost` (acknowledged but not
 * in the database), `findable_everywhere` (acknowledged candidates that a search by name finds through every
 * instance, once the outboxes are drained), `jobs_run_twice` (runs of a periodic job started by more than one
 * instance: each run's number appears in the log once), and p95 per route. Exit 1 when anything acknowledged is
 * lost, not findable through every instance, or a job ran twice.
 */
import http from "node:http";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { startLocalMeilisearch, type LocalMeilisearch } from "#search/meilisearch-server/local-server.server";
import {
  buildApp,
  Cleanups,
  createAttestServer,
  createRunDatabase,
  freePort,
  httpRequest,
  percentile,
  prepareRun,
  RouteStats,
  runFor,
  settledIndexCheck,
  signCredentialPool,
  takeE2eLock,
  type AttestServer,
  type HttpInit,
} from "./harness";
import { countOption, parseScenarioArgs } from "./options";

const usage = "usage: npm run stress -- cluster [--quick] [--instances N] [--seconds N] [--no-build]";
const SEARCH_DATA = `_data=${encodeURIComponent("routes/search")}`;
const WORDS = ["data", "python", "analyst", "nurse", "engineer", "sales", "care", "project", "welding", "teacher"];

/**
 * Round robin over the instances, on loopback. A request to an instance that refuses the connection (killed) goes
 * to the next one, as a load balancer's health check would arrange; the client's loopback address is kept as the
 * source address, so the app's per-client rate limits still see distinct clients.
 */
async function startProxy(origins: () => string[]): Promise<{ origin: string; close(): Promise<void> }> {
  let next = 0;
  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      const targets = origins();
      const first = next++;
      const attempt = (tries: number) => {
        const target = new URL(targets[(first + tries - 1) % targets.length] as string);
        const forward = http.request(
          {
            host: target.hostname,
            port: target.port,
            method: incoming.method,
            path: incoming.url,
            headers: { ...incoming.headers, host: target.host },
            localAddress: incoming.socket.remoteAddress?.replace(/^::ffff:/, ""),
          },
          (answer) => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
          },
        );
        forward.on("error", (error: NodeJS.ErrnoException) => {
          if (error.code === "ECONNREFUSED" && tries < targets.length) return attempt(tries + 1);
          if (!outgoing.headersSent) outgoing.writeHead(502);
          outgoing.end(`proxy: ${error.message}`);
        });
        forward.end(body);
      };
      attempt(1);
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseScenarioArgs(
    args,
    { instances: { type: "string" }, seconds: { type: "string" }, "no-build": { type: "boolean", default: false } },
    usage,
  );
  const quick = values.quick === true;
  const instanceCount = Math.max(2, countOption(values.instances, quick ? 2 : 3, "instances"));
  const seconds = Math.max(6, countOption(values.seconds, quick ? 20 : 60, "seconds"));
  const candidateCount = quick ? 12 : 30;
  const recruiterCount = quick ? 4 : 10;
  const started = performance.now();
  const work = mkdtempSync(path.join(tmpdir(), "attest-cluster-"));
  const cleanups = new Cleanups();
  cleanups.add(() => rmSync(work, { recursive: true, force: true }));
  const note = (text: string) =>
    process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0)} s] ${text}\n`);
  try {
    const meiliPort = await freePort();
    const meiliDir = path.join(work, "meili");
    let meili: LocalMeilisearch = await startLocalMeilisearch({
      dataDir: meiliDir,
      port: meiliPort,
      stdio: "ignore",
      log: note,
    });
    cleanups.add(() => meili.stop());
    // The run's database gets a fresh index on this Meilisearch (createRunDatabase reads MEILI_HOST).
    process.env.MEILI_HOST = meili.host;
    process.env.MEILI_API_KEY = meili.apiKey;
    const database = await createRunDatabase("postgres", work);
    cleanups.add(() => database.drop());
    const prepared = await prepareRun(database, { recruiters: recruiterCount, invitations: 20 });
    const pool = await signCredentialPool(candidateCount * seconds, "cluster");
    note(`${pool.length} credentials signed; ${database.description}`);

    const releaseLock = await takeE2eLock();
    cleanups.add(releaseLock);
    await buildApp(values["no-build"] === true);
    const servers: AttestServer[] = [];
    for (let i = 0; i < instanceCount; i++) {
      const server = await createAttestServer({
        database,
        logFile: path.join(work, `instance-${i + 1}.log`),
        // Jobs every few seconds, looked at every second: the instances race for each run.
        env: { ATTEST_RECHECK_HOURS: "0.002", ATTEST_JOB_TICK_SECONDS: "1", ATTEST_DEMO: "1" },
      });
      cleanups.add(() => server.stop());
      servers.push(server);
    }
    // One at a time: the first migrates the database and seeds the demo data, the others find it done.
    for (const server of servers) await server.start();
    note(`${instanceCount} instances running: ${servers.map((server) => server.origin).join(", ")}`);
    const proxy = await startProxy(() => servers.map((server) => server.origin));
    cleanups.add(() => proxy.close());

    const stats = new RouteStats();
    const problems: string[] = [];
    const call = async (route: string, url: string, init: HttpInit, expected: number) => {
      try {
        const answer = await httpRequest(url, { timeoutMs: 30_000, ...init });
        const ok = answer.status === expected;
        stats.record(route, answer.status, answer.ms, ok);
        if (!ok && problems.length < 20)
          problems.push(`${route}: status ${answer.status}: ${answer.body.slice(0, 160)}`);
        return ok ? answer.body : null;
      } catch (error) {
        stats.record(route, "broken", 0, false);
        if (problems.length < 20) problems.push(`${route}: ${(error as Error).message}`);
        return null;
      }
    };

    const acknowledged: Array<{ name: string; email: string }> = [];
    let submissions = 0;
    const candidate = () => async () => {
      const k = submissions++;
      const credential = pool[k % pool.length]!;
      const localAddress = `127.11.${Math.floor(k / 250) % 250}.${2 + (k % 250)}`;
      // Through the applicant-tracking system's door: a trusted caller's candidate is searchable at once, where a
      // public-form submission stays pending until its email is confirmed (docs/decisions/011-candidate-identity.md).
      const body = JSON.stringify({
        candidate: { name: credential.name, email: credential.email },
        consent: true,
        items: [{ text: credential.text }],
      });
      const headers = { authorization: `Bearer ${prepared.apiKey}`, "content-type": "application/json" };
      // A submission cut off by the kill is not acknowledged (the system would send it again): not an error.
      try {
        const answer = await httpRequest(`${proxy.origin}/api/submissions`, {
          method: "POST",
          body,
          headers,
          localAddress,
          timeoutMs: 30_000,
        });
        stats.record("POST /api/submissions", answer.status, answer.ms, answer.status === 200 || answer.status === 502);
        if (answer.status !== 200) return;
        const results = JSON.parse(answer.body).results as Array<{ candidateId?: string }> | undefined;
        if (results?.length && results.every((item) => item.candidateId))
          acknowledged.push({ name: credential.name, email: credential.email });
      } catch {
        stats.record("POST /api/submissions", "broken", 0, true);
      }
    };
    const recruiter = (r: number) => {
      const headers = { cookie: prepared.recruiterCookies[r] as string };
      return async (iteration: number) => {
        const q = WORDS[(r * 7 + iteration) % WORDS.length] as string;
        await call("GET /search", `${proxy.origin}/search?q=${q}&${SEARCH_DATA}`, { headers }, 200);
      };
    };

    const t0 = performance.now();
    const faults = (async () => {
      await new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / 3));
      const victim = servers[servers.length - 1]!;
      note(`killing instance ${servers.length} (SIGKILL) with submissions in flight`);
      await victim.kill("SIGKILL");
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await victim.start();
      note(`instance ${servers.length} started again`);
      await new Promise((resolve) =>
        setTimeout(resolve, Math.max(0, seconds * 1000 * (2 / 3) - (performance.now() - t0))),
      );
      note("restarting Meilisearch");
      await meili.stop();
      meili = await startLocalMeilisearch({ dataDir: meiliDir, port: meiliPort, stdio: "ignore", log: note });
      note("Meilisearch is back");
    })();
    note(
      `cluster: ${candidateCount} candidates and ${recruiterCount} recruiters for ${seconds} s through ${proxy.origin}`,
    );
    await runFor(seconds, [
      ...Array.from({ length: candidateCount }, () => candidate()),
      ...Array.from({ length: recruiterCount }, (_, r) => recruiter(r)),
    ]);
    await faults;

    // Every instance's outbox drained (each reports its own view of the shared index), then the checks.
    for (const server of servers) await settledIndexCheck(server, prepared.adminCookie, 180_000);
    const handle = await database.open();
    let lost = 0;
    try {
      const { candidates } = await import("#db/schema/index");
      const { inArray } = await import("drizzle-orm");
      const emails = [...new Set(acknowledged.map((item) => item.email))];
      const stored = new Set<string>();
      for (let i = 0; i < emails.length; i += 500) {
        const rows = await handle.db
          .select({ email: candidates.email })
          .from(candidates)
          .where(inArray(candidates.email, emails.slice(i, i + 500)));
        for (const row of rows) stored.add(row.email);
      }
      lost = emails.filter((email) => !stored.has(email)).length;
    } finally {
      await handle.close();
    }
    const unique = [...new Map(acknowledged.map((item) => [item.email, item])).values()];
    let findableEverywhere = 0;
    const notFindable: string[] = [];
    for (const item of unique) {
      let everywhere = true;
      for (const server of servers) {
        const answer = await httpRequest(`${server.origin}/search?q=${encodeURIComponent(item.name)}&${SEARCH_DATA}`, {
          headers: { cookie: prepared.recruiterCookies[0] as string },
          timeoutMs: 30_000,
        });
        const hits =
          answer.status === 200 ? ((JSON.parse(answer.body).result?.hits ?? []) as Array<{ displayName: string }>) : [];
        if (!hits.some((hit) => hit.displayName === item.name)) everywhere = false;
      }
      if (everywhere) findableEverywhere++;
      else if (notFindable.length < 10) notFindable.push(item.name);
    }

    // Each run's number, per job, from every instance's whole log: a number seen twice is a run started twice.
    const seen = new Map<string, number>();
    for (const server of servers) {
      const log = server.logFile ? readFileSync(server.logFile, "utf8") : server.log();
      for (const match of log.matchAll(/ (\w+): run (\d+) started/g)) {
        const key = `${match[1]}#${match[2]}`;
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
    }
    const jobRuns = seen.size;
    const jobsRunTwice = [...seen.values()].filter((count) => count > 1).length;

    const perRoute: string[] = [];
    for (const [route, entry] of stats.entries()) {
      console.log(
        `  ${route.padEnd(22)} ${String(entry.ms.length).padStart(6)} requests  p50 ${percentile(entry.ms, 50).toFixed(0)} ms  p95 ${percentile(entry.ms, 95).toFixed(0)} ms  errors ${entry.errors}`,
      );
      perRoute.push(
        `p95:${route.replace(/^(GET|POST) /, (m) => m.trim().toLowerCase() + ":")}=${percentile(entry.ms, 95).toFixed(0)}`,
      );
    }
    for (const problem of problems.slice(0, 10)) console.log(`  problem: ${problem}`);
    for (const name of notFindable) console.log(`  not findable through every instance: ${name}`);
    const died = servers.map((server) => server.death()).filter((death) => death !== null);
    console.log(
      `cluster: instances=${instanceCount} seconds=${seconds} acknowledged=${unique.length} lost=${lost} ` +
        `findable_everywhere=${findableEverywhere} jobs_run_twice=${jobsRunTwice} job_runs=${jobRuns} ` +
        `search_errors=${stats.entries().find(([route]) => route === "GET /search")?.[1].errors ?? 0} ` +
        `server_died=${died.length > 0 ? died.join("+") : "no"} ${perRoute.join(" ")} total_seconds=${((performance.now() - started) / 1000).toFixed(0)}`,
    );
    const failed =
      unique.length === 0 || lost > 0 || findableEverywhere < unique.length || jobsRunTwice > 0 || jobRuns === 0;
    return failed ? 1 : 0;
  } finally {
    await cleanups.run();
  }
}
