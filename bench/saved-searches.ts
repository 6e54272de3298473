/**
 * `npm run bench -- saved-searches [--candidates N] [--saved N] [--rounds N]`: the saved searches page's work
 * (listSavedSearchSummaries: one engine query of up to 1,000 ids per saved search, then the seen sets and the
 * erasure check from the database) for one recruiter with N saved searches, against the baseline in the same
 * process: one results page (findCandidates, what /search's loader does). Run on the embedded engine with its result
 * cache off (every load recomputes, as after each index write) and on (loads between two writes), over PGlite.
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { openDatabase } from "#db/client.server";
import { staffUsers } from "#db/schema/index";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import type { SearchQuery } from "#search/engine";
import { findCandidates } from "#app/recruiting/find-candidates.server";
import { listSavedSearchSummaries, saveSearch } from "#app/recruiting/saved-searches.server";
import { parseCandidateSearchParams, toSearchQueryString } from "#app/recruiting/search-params";
import { buildCandidates, buildQueries, percentile } from "./search";

const arg = (args: string[], name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};

const toParams = (query: SearchQuery) =>
  parseCandidateSearchParams(
    new URL(
      `http://bench/search${toSearchQueryString({ q: query.q, skills: query.verifiedSkills, issuers: query.issuers, formats: query.formats, trustedOnly: query.trustedOnly })}`,
    ),
  );

export async function run(args: string[]): Promise<void> {
  const count = arg(args, "--candidates", 20_000);
  const savedCount = arg(args, "--saved", 20);
  const rounds = arg(args, "--rounds", 30);
  const database = await openDatabase({ dataDir: "memory://" });
  const documents = buildCandidates(count);
  // Seen rows reference candidates, so the database holds the index's ids.
  await database.db.execute(sql`insert into candidates (id, display_name, email, consented_at, consent_text_version)
    select 'cand_' || lpad((g - 1)::text, 7, '0'), 'Person ' || g, 'p' || g || '@example.com', now(), 'bench'
    from generate_series(1, ${count}) g`);
  await database.db.insert(staffUsers).values({ id: "u_bench", email: "b@example.com", name: "B", role: "recruiter" });

  const classes = buildQueries(savedCount);
  const queries = Array.from({ length: savedCount }, (_, i) => classes[i % classes.length]!.queries[i]!);
  for (const cached of [false, true]) {
    const search = createEmbeddedEngine({ cachedQueries: cached ? 32 : 0 });
    await search.prepare();
    for (let i = 0; i < documents.length; i += 5000) await search.upsert(documents.slice(i, i + 5000));
    const deps = { db: database.db, search, now: () => new Date() };
    await database.db.execute(sql`delete from saved_searches`);
    let stored = 0;
    for (const [i, query] of queries.entries())
      if ((await saveSearch(deps, "u_bench", { name: `Saved ${i}`, params: toParams(query) })).status === "saved")
        stored++;
    const list: number[] = [];
    const page: number[] = [];
    for (let r = 0; r < rounds; r++) {
      let t = performance.now();
      const summaries = await listSavedSearchSummaries(deps, "u_bench");
      list.push(performance.now() - t);
      if (summaries.length !== stored) throw new Error("saved searches missing");
      t = performance.now();
      await findCandidates(deps, toParams(queries[r % queries.length]!));
      page.push(performance.now() - t);
    }
    list.sort((a, b) => a - b);
    page.sort((a, b) => a - b);
    const [l50, p50] = [percentile(list, 50), percentile(page, 50)];
    console.log(
      `saved-searches: ${count} candidates, ${stored} saved searches, engine cache ${cached ? "on" : "off"} | list p50 ${l50.toFixed(1)} ms, p95 ${percentile(list, 95).toFixed(1)} ms | one results page p50 ${p50.toFixed(1)} ms | ratio ${(l50 / p50).toFixed(1)}x`,
    );
  }
  await database.close();
}
