/**
 * `npm run stress -- load [--quick] [--seconds N] [--candidates N] [--recruiters N] [--db postgres|pglite] [--no-build]`:
 * candidates submitting through the public form while recruiters search, for a bounded time (default 60 s, --quick
 * 15 s; 50 candidates and 20 recruiters): throughput and p50/p95 latency per route, errors, and the server's memory
 * over time (docs/reliability.md).
 *
 * Attest runs as a child process on 127.0.0.1 with a fresh database (PostgreSQL by default) and its demo data.
 * - A candidate opens an invitation page (GET /submit/<token>) and posts the form (multipart, as the browser's
 *   fetch does with `_data`), pasting a signed Open Badge issued to them (pre-signed, one per candidate; once they
 *   are all used, resubmissions are duplicates, answered with a receipt like the rest).
 * - A recruiter (a signed-in session of its own) runs searches with varied skill filters and text (half as full
 *   pages, half as the JSON a client-side navigation fetches), opens candidates from the results, and uses the
 *   skill type-ahead.
 * The public form allows 20 submissions per client address and 500 per invitation an hour. A real crowd of
 * candidates comes from many addresses, so each submission is sent from its own loopback address (127.10.x.y) and
 * the submissions are spread over 100 invitations: the load stays under both limits, so a 429 counts as an error.
 *
 * Invariants (exit 1 when broken): no errors (an error is a status other than the one the route should answer, a
 * receipt without a stored credential, a broken connection or a 30 s timeout); afterwards, the index matches the
 * database (the running server's consistency check, once its outbox is drained).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import {
  buildApp,
  Cleanups,
  createAttestServer,
  createRunDatabase,
  httpRequest,
  percentile,
  prepareRun,
  RouteStats,
  runFor,
  settledIndexCheck,
  signCredentialPool,
  takeE2eLock,
  type HttpInit,
} from "./harness";
import { countOption, parseScenarioArgs } from "./options";

const usage =
  "usage: npm run stress -- load [--quick] [--seconds N] [--candidates N] [--recruiters N] [--db postgres|pglite] [--no-build]";
const INVITATIONS = 100;
const SEARCH_DATA = `_data=${encodeURIComponent("routes/search")}`;
const SUBMIT_DATA = `_data=${encodeURIComponent("routes/submit.$token")}`;
const PREFIXES = ["py", "sq", "da", "ja", "ma", "pro", "cu", "we", "boo", "nu", "fo", "sp", "com", "de", "an", "le"];
const WORDS = ["data", "python", "analyst", "nurse", "engineer", "sales", "care", "project", "welding", "teacher"];

export async function run(args: string[]): Promise<number> {
  const { values } = parseScenarioArgs(
    args,
    {
      seconds: { type: "string" },
      candidates: { type: "string" },
      recruiters: { type: "string" },
      db: { type: "string", default: "postgres" },
      "no-build": { type: "boolean", default: false },
    },
    usage,
  );
  if (values.db !== "postgres" && values.db !== "pglite") {
    console.error(`--db must be postgres or pglite.\n${usage}`);
    return 2;
  }
  const quick = values.quick === true;
  const seconds = countOption(values.seconds, quick ? 15 : 60, "seconds");
  const candidateCount = countOption(values.candidates, 50, "candidates");
  const recruiterCount = countOption(values.recruiters, 20, "recruiters");
  const started = performance.now();
  const work = mkdtempSync(path.join(tmpdir(), "attest-load-"));
  const cleanups = new Cleanups();
  cleanups.add(() => rmSync(work, { recursive: true, force: true }));
  try {
    const database = await createRunDatabase(values.db, work);
    cleanups.add(() => database.drop());
    const run = await prepareRun(database, { recruiters: recruiterCount, invitations: INVITATIONS });
    const pool = await signCredentialPool(Math.max(candidateCount, seconds * (quick ? 15 : 10)), "load");
    process.stderr.write(`${pool.length} credentials signed; ${database.description}\n`);

    const releaseLock = await takeE2eLock();
    cleanups.add(releaseLock);
    await buildApp(values["no-build"] === true);
    // Recruiters search the demo candidates; PostgreSQL gets them only when asked.
    const server = await createAttestServer({ database, env: { ATTEST_DEMO: "1" } });
    cleanups.add(() => server.stop());
    await server.start();
    const origin = server.origin;
    /** Swapped for a fresh one when the load begins, so the warm-up is not counted. */
    let stats = new RouteStats();
    const problems: string[] = [];

    /** One request, recorded under `route`; ok when the status is `expected` and `check` (if any) accepts the body. */
    const call = async (
      route: string,
      url: string,
      init: HttpInit,
      expected: number,
      check?: (body: string) => string | null,
    ) => {
      try {
        const answer = await httpRequest(url, { timeoutMs: 30_000, ...init });
        const problem =
          answer.status !== expected
            ? `status ${answer.status}: ${answer.body.slice(0, 160)}`
            : (check?.(answer.body) ?? null);
        stats.record(route, answer.status, answer.ms, problem === null);
        if (problem && problems.length < 20) problems.push(`${route}: ${problem}`);
        return problem === null ? answer.body : null;
      } catch (error) {
        const message = (error as Error).message;
        stats.record(route, message === "timeout" ? "timeout" : "broken", 0, false);
        if (problems.length < 20) problems.push(`${route}: ${message}`);
        return null;
      }
    };

    // What recruiters search for: skill keys from the type-ahead, candidate ids from the results.
    const recruiter0 = { headers: { cookie: run.recruiterCookies[0] as string } };
    const skillKeys = new Set<string>();
    for (const prefix of PREFIXES) {
      const body = await call("GET /skills/suggest", `${origin}/skills/suggest?prefix=${prefix}`, recruiter0, 200);
      for (const s of body ? (JSON.parse(body).suggestions as Array<{ key: string }>) : []) skillKeys.add(s.key);
    }
    const keys = [...skillKeys];
    if (keys.length === 0) throw new Error("the skill type-ahead suggested nothing: is the demo data there?");
    const candidateIds: string[] = [];
    const pick = <T>(list: T[], i: number) => list[Math.abs(i) % list.length] as T;

    let submissions = 0;
    let stored = 0;
    const candidate = (c: number) => async (iteration: number) => {
      const k = submissions++;
      const invitation = pick(run.invitationPaths, k);
      const credential = pick(pool, c + iteration * candidateCount);
      const localAddress = `127.10.${Math.floor(k / 250) % 250}.${2 + (k % 250)}`;
      await call("GET /submit/:token", `${origin}${invitation}`, { localAddress }, 200, (body) =>
        /<form/i.test(body) ? null : "no form on the page",
      );
      const form = new FormData();
      form.set("name", credential.name);
      form.set("email", credential.email);
      form.set("consent", "on");
      if (k % 3 === 0) form.set("file", new Blob([credential.text], { type: "application/json" }), "badge.json");
      else form.set("credential", credential.text);
      await call(
        "POST /submit/:token",
        `${origin}${invitation}?${SUBMIT_DATA}`,
        { method: "POST", body: form, localAddress },
        200,
        (body) => {
          const receipt = JSON.parse(body).receipt as
            Array<{ credentialId?: string | null; headline: string }> | undefined;
          if (!receipt?.length || !receipt.every((item) => item.credentialId))
            return `receipt without a stored credential: ${body.slice(0, 160)}`;
          stored++;
          return null;
        },
      );
    };
    const recruiter = (r: number) => {
      const headers = { cookie: run.recruiterCookies[r] as string };
      return async (iteration: number) => {
        const n = r * 7919 + iteration;
        const choice = n % 10;
        if (choice < 5) {
          const params = new URLSearchParams();
          const shape = n % 7;
          if (shape === 0) params.append("q", pick(WORDS, n));
          if (shape === 1 || shape === 2) params.append("skill", pick(keys, n));
          if (shape === 2 || shape === 3) params.append("skill", pick(keys, n + 3));
          if (shape === 4) for (const d of [0, 1, 2]) params.append("any", pick(keys, n + d));
          if (shape === 5) {
            params.append("skill", pick(keys, n));
            params.append("claimed", "1");
          }
          if (shape === 6) {
            params.append("trusted", "1");
            params.append("sort", "lastVerifiedAt");
          }
          const data = iteration % 2 === 0;
          const url = `${origin}/search?${params}${data ? `&${SEARCH_DATA}` : ""}`;
          const body = await call("GET /search", url, { headers }, 200);
          if (body && data)
            for (const hit of (JSON.parse(body).result?.hits ?? []) as Array<{ id: string }>)
              if (candidateIds.length < 2000) candidateIds.push(hit.id);
        } else if (choice < 8 && candidateIds.length > 0) {
          await call("GET /candidates/:id", `${origin}/candidates/${pick(candidateIds, n * 31)}`, { headers }, 200);
        } else {
          await call("GET /skills/suggest", `${origin}/skills/suggest?prefix=${pick(PREFIXES, n)}`, { headers }, 200);
        }
      };
    };

    const warmupErrors = stats.errors();
    stats = new RouteStats();
    const rssFrom = server.rss.samples.at(-1)?.seconds ?? 0;
    process.stderr.write(`load: ${candidateCount} candidates and ${recruiterCount} recruiters for ${seconds} s…\n`);
    const t0 = performance.now();
    await runFor(seconds, [
      ...Array.from({ length: candidateCount }, (_, c) => candidate(c)),
      ...Array.from({ length: recruiterCount }, (_, r) => recruiter(r)),
    ]);
    const elapsed = (performance.now() - t0) / 1000;
    const check = await settledIndexCheck(server, run.adminCookie, 120_000);
    const rssSummary = server.rss.summary(6, rssFrom);
    const rssMaxMb = server.rss.maxKb() / 1024;

    let requests = 0;
    const perRoute: string[] = [];
    for (const [route, entry] of stats.entries()) {
      const count = entry.ms.length;
      const ms = entry.ms;
      requests += count;
      const statuses = [...entry.statuses.entries()].map(([s, n]) => `${s}×${n}`).join(" ");
      console.log(
        `  ${route.padEnd(22)} ${String(count).padStart(6)} requests ${(count / elapsed).toFixed(1).padStart(6)}/s  ` +
          `p50 ${percentile(ms, 50).toFixed(0).padStart(5)} ms  p95 ${percentile(ms, 95).toFixed(0).padStart(5)} ms  errors ${entry.errors}  (${statuses})`,
      );
      perRoute.push(
        `${route.replace(/^(GET|POST) /, (m) => m.trim().toLowerCase() + ":")}=${(count / elapsed).toFixed(1)}/s,p50:${percentile(ms, 50).toFixed(0)},p95:${percentile(ms, 95).toFixed(0)}`,
      );
    }
    for (const problem of problems.slice(0, 10)) console.log(`  problem: ${problem}`);
    console.log(`  server RSS over the run: ${rssSummary}`);
    console.log(
      `  index after the run: candidates ${check.candidates}, documents ${check.indexed}, lost ${check.lost.length}, orphaned ${check.orphaned.length}, stale ${check.stale.length}, pending ${check.pending}`,
    );
    const errors = stats.errors() + warmupErrors;
    const consistent = check.consistent && check.pending === 0;
    console.log(
      `load: db=${database.kind} seconds=${elapsed.toFixed(0)} candidates=${candidateCount} recruiters=${recruiterCount} ` +
        `requests=${requests} rps=${(requests / elapsed).toFixed(1)} submissions_stored=${stored} errors=${errors} ` +
        `${perRoute.join(" ")} rss_max_mb=${rssMaxMb.toFixed(0)} index_consistent=${consistent} total_seconds=${((performance.now() - started) / 1000).toFixed(0)}`,
    );
    return errors === 0 && consistent ? 0 : 1;
  } finally {
    await cleanups.run();
  }
}
