/**
 * `npm run bench -- search-page [--candidates N] [--queries N]`: the search page's server-side work at scale —
 * what its loader calls (findCandidates: the engine query, facets, the skill pick list and labels) — on the
 * embedded engine with N synthetic candidates and a PGlite database holding N candidates with 10 skills each
 * (for the pick list's SQL aggregate). The baseline, in the same process, is the engine query alone; the ratio
 * shows what the page adds. React rendering and HTTP are not included; the engine's result cache is off.
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import { openDatabase } from "#db/client.server";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import { findCandidates, getSkillOptions } from "#app/recruiting/find-candidates.server";
import { parseCandidateSearchParams, toSearchQueryString } from "#app/recruiting/search-params";
import { buildCandidates, buildQueries, percentile } from "./search";

const arg = (args: string[], name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};

export async function run(args: string[]): Promise<void> {
  const count = arg(args, "--candidates", 100_000);
  const perClass = arg(args, "--queries", 200);
  const database = await openDatabase({ dataDir: "memory://" });
  let started = performance.now();
  await database.db.execute(sql`insert into candidates (id, display_name, email, consented_at, consent_text_version)
    select 'c' || g, 'Person ' || g, 'p' || g || '@example.com', now(), 'bench' from generate_series(1, ${count}) g`);
  await database.db
    .execute(sql`insert into credentials (id, candidate_id, raw_text, content_hash, source, format, verdict, report, verified_at)
    select 'k' || g, 'c' || g, '{}', 'h' || g, 'bench', 'obv3', case when g % 5 = 0 then 'failed' else 'verified' end, '{}'::jsonb, now()
    from generate_series(1, ${count}) g`);
  await database.db
    .execute(sql`insert into credential_skills (credential_id, candidate_id, skill_key, label, mapping, source)
    select 'k' || g, 'c' || g, 'name:skill ' || ((g * 7919 + s * 104729) % 2000), 'Skill ' || ((g * 7919 + s * 104729) % 2000), 'name', 'alignment'
    from generate_series(1, ${count}) g, generate_series(1, 10) s on conflict do nothing`);
  const loadMs = performance.now() - started;

  // The engine's result cache is off, so neither side is answered from a result the other computed.
  const search = createEmbeddedEngine({ cachedQueries: 0 });
  await search.prepare();
  const documents = buildCandidates(count);
  for (let i = 0; i < documents.length; i += 5000) await search.upsert(documents.slice(i, i + 5000));
  const services = { db: database.db, search };

  started = performance.now();
  await getSkillOptions(database.db, "any-issuer");
  const pickListMs = performance.now() - started;

  for (const { name, queries } of buildQueries(perClass)) {
    const page: number[] = [];
    const engine: number[] = [];
    for (const query of queries) {
      const params = parseCandidateSearchParams(
        new URL(
          `http://bench/search${toSearchQueryString({ q: query.q, skills: query.verifiedSkills, issuers: query.issuers, formats: query.formats, trustedOnly: query.trustedOnly })}`,
        ),
      );
      let t = performance.now();
      await findCandidates(services, params);
      page.push(performance.now() - t);
      t = performance.now();
      await search.search({ ...query, limit: 20 });
      engine.push(performance.now() - t);
    }
    page.sort((a, b) => a - b);
    engine.sort((a, b) => a - b);
    const p95 = percentile(page, 95);
    console.log(
      `search-page: ${count} candidates | ${name} | page p50 ${percentile(page, 50).toFixed(2)} ms, p95 ${p95.toFixed(2)} ms (target ≤ 50) | engine alone p95 ${percentile(engine, 95).toFixed(2)} ms | ratio ${(p95 / percentile(engine, 95)).toFixed(1)}x`,
    );
  }
  console.log(
    `search-page: database load ${(loadMs / 1000).toFixed(1)} s; first pick-list aggregate ${pickListMs.toFixed(0)} ms (then served from memory, refreshed in the background)`,
  );
  await database.close();
}
