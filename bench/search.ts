import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import postgres from "postgres";
import type { CandidateDocument, SearchEngine, SearchQuery } from "#search/engine";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import { createMeilisearchEngine } from "#search/meilisearch.server";
import { seededRandom as random } from "#app/demo/seeded-random";

/**
 * `npm run bench -- search [--candidates N] [--queries N] [--verbose]`: the embedded engine against a PostgreSQL
 * baseline on the same synthetic candidates (deterministic seed). Prints the build time and memory, the time from
 * the upsert of a new candidate until it is findable, and one line per query class with p50/p95 for both and the
 * ratio postgres / embedded (then the engine's CPU time per class; --verbose adds the slowest queries). Timings
 * are printed, never asserted.
 *
 * PostgreSQL: DATABASE_URL names a server where the role may CREATE DATABASE; a throw-away database is created
 * and dropped. Without DATABASE_URL the baseline is skipped. The baseline does the same work as the engine (total,
 * first page in order, four facets of 100 values) in one statement; it has no typo tolerance.
 */

const SKILLS = 2000;
const SKILLS_PER_CANDIDATE = 10;
const FIRST =
  "Ada Ben Chen Dana Eve Fay Gil Hana Ivo Jun Kai Lea Mia Noor Omar Pia Quinn Rui Sara Tom Uma Vik Wen Xia Yara Zoe Ali Bo Cy Di".split(
    " ",
  );
const LAST =
  "Okonkwo Schmidt Wei Ferreira Martin Olsen Navarro Sato Petrov Kim Larsen Rossi Novak Haddad Silva Tanaka Murphy Costa Ivanova Berg".split(
    " ",
  );
const SENIORITY = "junior senior staff principal lead associate".split(" ");
const AREAS =
  "data platform backend frontend security cloud mobile embedded machine-learning network database quality site-reliability game robotics payments search devops firmware analytics".split(
    " ",
  );
const SKILL_WORDS =
  "python java kubernetes sql rust go react docker terraform linux spark kafka graphql typescript css swift kotlin scala haskell ruby welding accounting nursing design testing security networking statistics leadership negotiation".split(
    " ",
  );
const SKILL_KINDS =
  "programming administration engineering analysis fundamentals practice operations architecture development management".split(
    " ",
  );
const ISSUERS = Array.from({ length: 20 }, (_, i) => `Issuer ${String.fromCharCode(65 + i)} University`);
const FORMATS = ["obv3", "ob2", "clr2"];
const TYPES = ["Certificate", "Badge", "Degree", "Competency", "License"];
const NOW = 1_767_225_600;

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
/** Skewed towards low indexes: a few skills are common, most are rare. */
const popularSkill = (rnd: () => number): number => Math.floor(SKILLS * rnd() ** 2.5);

const skillKey = (i: number) => `esco:s${String(i).padStart(4, "0")}`;
function skillLabel(i: number): string {
  return `${SKILL_WORDS[i % SKILL_WORDS.length]} ${SKILL_KINDS[Math.floor(i / SKILL_WORDS.length) % SKILL_KINDS.length]} ${Math.floor(i / 300) || ""}`.trim();
}

export function buildCandidates(count: number, seed = 42): CandidateDocument[] {
  const rnd = random(seed);
  const out: CandidateDocument[] = [];
  for (let c = 0; c < count; c++) {
    const held = new Set<number>();
    while (held.size < SKILLS_PER_CANDIDATE) held.add(popularSkill(rnd));
    const verified: number[] = [];
    const claimed: number[] = [];
    for (const s of [...held].sort((a, b) => a - b)) (rnd() < 0.6 ? verified : claimed).push(s);
    const issuers = new Set<string>();
    const formats = new Set<string>();
    const types = new Set<string>();
    for (let i = 0; i < Math.min(verified.length, 3); i++) {
      issuers.add(pick(rnd, ISSUERS));
      formats.add(pick(rnd, FORMATS));
      types.add(pick(rnd, TYPES));
    }
    out.push({
      id: `cand_${String(c).padStart(7, "0")}`,
      displayName: `${pick(rnd, FIRST)} ${pick(rnd, LAST)}`,
      email: `c${c}@example.test`,
      headline: `${pick(rnd, SENIORITY)} ${pick(rnd, AREAS)} engineer`,
      verifiedSkills: verified.map(skillKey),
      claimedSkills: claimed.map(skillKey),
      verifiedSkillLabels: verified.map(skillLabel),
      claimedSkillLabels: claimed.map(skillLabel),
      issuers: [...issuers].sort(),
      formats: [...formats].sort(),
      achievementTypes: [...types].sort(),
      verifiedSkillCount: verified.length,
      lastVerifiedAt: verified.length === 0 ? 0 : NOW - Math.floor(rnd() * 3 * 365 * 86400),
      vskillTrusted: verified.filter(() => rnd() < 0.5).map(skillKey),
    });
  }
  return out;
}

export interface QueryClass {
  name: string;
  queries: SearchQuery[];
}

export function buildQueries(perClass: number, seed = 7): QueryClass[] {
  const rnd = random(seed);
  const twoSkills = () => {
    const a = Math.floor(rnd() ** 2 * 40);
    let b = Math.floor(rnd() ** 2 * 40);
    if (b === a) b = a + 1;
    return [skillKey(a), skillKey(b)];
  };
  const typical: SearchQuery[] = [];
  const heavy: SearchQuery[] = [];
  const browse: SearchQuery[] = [];
  const heavyTexts = ["engineer", "senior engineer", "enginer", "data engineer", "python", "programming"];
  for (let i = 0; i < perClass; i++) {
    typical.push({
      q: pick(rnd, [pick(rnd, AREAS).split("-")[0], pick(rnd, SENIORITY), pick(rnd, LAST)]),
      verifiedSkills: twoSkills(),
    });
    heavy.push({ q: heavyTexts[i % heavyTexts.length], offset: (i % 3) * 20 });
    browse.push(
      i % 2 === 0
        ? { issuers: [pick(rnd, ISSUERS)], formats: [pick(rnd, FORMATS)] }
        : { verifiedSkills: [skillKey(Math.floor(rnd() * 40))], trustedOnly: true, sort: "lastVerifiedAt" },
    );
  }
  return [
    { name: "typical: text + 2 verified skills + facets", queries: typical },
    { name: "heavy text (word in every candidate, typo)", queries: heavy },
    { name: "no text: any-of/trusted filters + facets", queries: browse },
  ];
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function stats(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

function gc(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

/**
 * Engine-side "submission to findable": from the upsert of one new candidate (a new name, two of the common
 * skills) until a search by name and one of its skills returns it. Each sample is a new candidate, after
 * searches, so it also pays whatever a write invalidates. The candidates stay in the index afterwards.
 */
async function submissionToFindable(
  engine: SearchEngine,
  candidates: CandidateDocument[],
  samples: number,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const template = candidates[i % candidates.length];
    const name = `Findable${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}`;
    const fresh: CandidateDocument = { ...template, id: `cand_findable_${i}`, displayName: `${name} Newcomer` };
    const skill = fresh.verifiedSkills[0];
    await engine.search({ q: "engineer", limit: 20 }); // an ordinary query before the write
    out.push(
      await time(async () => {
        await engine.upsert([fresh]);
        const found = await engine.search({ q: name, verifiedSkills: skill ? [skill] : [], limit: 20 });
        if (!found.hits.some((hit) => hit.id === fresh.id))
          throw new Error(`${fresh.id} was not findable after upsert`);
      }),
    );
  }
  return out;
}

/** The PostgreSQL statement for one query: total, first page, four facets. */
function pgStatement(sql: postgres.Sql, query: SearchQuery) {
  const conditions = [sql`true`];
  const skills = query.verifiedSkills ?? [];
  const column = query.trustedOnly ? sql`trusted_skills` : sql`verified_skills`;
  if (skills.length > 0) conditions.push(sql`${column} @> ${skills}::text[]`);
  if (query.trustedOnly && skills.length === 0) conditions.push(sql`cardinality(trusted_skills) > 0`);
  if (query.issuers?.length) conditions.push(sql`issuers && ${query.issuers}::text[]`);
  if (query.formats?.length) conditions.push(sql`formats && ${query.formats}::text[]`);
  if (query.achievementTypes?.length) conditions.push(sql`achievement_types && ${query.achievementTypes}::text[]`);
  const text = query.q?.trim() ?? "";
  if (text !== "") conditions.push(sql`tsv @@ plainto_tsquery('simple', ${text})`);
  const where = conditions.reduce((a, b) => sql`${a} and ${b}`);
  const order =
    query.sort === "lastVerifiedAt"
      ? sql`last_verified_at desc, verified_skill_count desc, id`
      : text !== ""
        ? sql`ts_rank(tsv, plainto_tsquery('simple', ${text})) desc, verified_skill_count desc, last_verified_at desc, id`
        : sql`verified_skill_count desc, last_verified_at desc, id`;
  const facet = (name: string) => sql`(select json_object_agg(v, n) from (
      select v, count(*) n from m, unnest(m.${sql(name)}) v group by v order by n desc, v limit 100) f)`;
  return sql`with m as materialized (select * from bench_candidates where ${where})
    select (select count(*) from m) as total,
      (select json_agg(h) from (select id, display_name, headline, verified_skills from m order by ${order}
        limit 20 offset ${query.offset ?? 0}) h) as hits,
      ${facet("verified_skills")} as skills, ${facet("issuers")} as issuers,
      ${facet("formats")} as formats, ${facet("achievement_types")} as types`;
}

async function withBaselineDatabase<T>(url: string, use: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const name = `attest_bench_${process.pid}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const sql = postgres(target.toString(), { max: 1, onnotice: () => {} });
  try {
    return await use(sql);
  } finally {
    await sql.end();
    await admin.unsafe(`drop database if exists ${name}`);
    await admin.end();
  }
}

async function loadBaseline(sql: postgres.Sql, candidates: CandidateDocument[]): Promise<void> {
  await sql`create table bench_candidates (
    id text primary key, display_name text not null, headline text not null,
    verified_skills text[] not null, claimed_skills text[] not null, trusted_skills text[] not null,
    verified_labels text[] not null, claimed_labels text[] not null,
    issuers text[] not null, formats text[] not null, achievement_types text[] not null,
    verified_skill_count int not null, last_verified_at bigint not null, search_text text not null,
    tsv tsvector generated always as (to_tsvector('simple', search_text)) stored)`;
  for (let start = 0; start < candidates.length; start += 2000) {
    const rows = candidates.slice(start, start + 2000).map((c) => ({
      id: c.id,
      display_name: c.displayName,
      headline: c.headline,
      verified_skills: c.verifiedSkills,
      claimed_skills: c.claimedSkills,
      trusted_skills: c.vskillTrusted,
      verified_labels: c.verifiedSkillLabels,
      claimed_labels: c.claimedSkillLabels,
      issuers: c.issuers,
      formats: c.formats,
      achievement_types: c.achievementTypes,
      verified_skill_count: c.verifiedSkillCount,
      last_verified_at: c.lastVerifiedAt,
      search_text: [c.displayName, c.headline, ...c.verifiedSkillLabels, ...c.claimedSkillLabels].join(" "),
    }));
    await sql`insert into bench_candidates ${sql(rows)}`;
  }
  for (const column of [
    "verified_skills",
    "claimed_skills",
    "trusted_skills",
    "issuers",
    "formats",
    "achievement_types",
    "tsv",
  ]) {
    await sql.unsafe(`create index on bench_candidates using gin (${column})`);
  }
  await sql`create index on bench_candidates (verified_skill_count desc, last_verified_at desc, id)`;
  await sql`analyze bench_candidates`;
}

export async function run(args: string[]): Promise<void> {
  const option = (name: string, fallback: number) => {
    const at = args.indexOf(`--${name}`);
    const value = at === -1 ? fallback : Number(args[at + 1]);
    if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--${name} needs a positive integer`);
    return value;
  };
  const count = option("candidates", 100_000);
  const perClass = option("queries", 100);

  console.log(
    `search benchmark: ${count} candidates, ${SKILLS_PER_CANDIDATE} skills each from ${SKILLS}, ${perClass} queries per class`,
  );
  const candidates = buildCandidates(count);
  const classes = buildQueries(perClass);

  gc();
  const before = process.memoryUsage();
  // No result cache: every measured query does the full work.
  const engine: SearchEngine = createEmbeddedEngine({ cachedQueries: 0 });
  await engine.prepare();
  const buildMs = await time(async () => {
    for (let start = 0; start < candidates.length; start += 5000)
      await engine.upsert(candidates.slice(start, start + 5000));
  });
  const firstMs = await time(() => engine.search({}));
  gc();
  const after = process.memoryUsage();
  const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
  console.log(
    `embedded: index built in ${(buildMs / 1000).toFixed(2)} s, heap +${mb(after.heapUsed - before.heapUsed)}` +
      `, array buffers +${mb(after.arrayBuffers - before.arrayBuffers)}, rss ${mb(after.rss)}, first query ${ms(firstMs)}`,
  );

  const embedded = new Map<string, { p50: number; p95: number }>();
  const embeddedCpu = new Map<string, { p50: number; p95: number }>();
  for (const { name, queries } of classes) {
    for (const query of queries.slice(0, 10)) await engine.search(query); // warm-up (JIT)
    const samples: number[] = [];
    const cpu: number[] = [];
    for (const query of queries) {
      // CPU time too (this process, GC threads included): on a shared machine, wall time also counts the
      // moments another process held the core.
      const cpuStart = process.cpuUsage();
      samples.push(await time(() => engine.search(query)));
      const used = process.cpuUsage(cpuStart);
      cpu.push((used.user + used.system) / 1000);
    }
    embedded.set(name, stats(samples));
    embeddedCpu.set(name, stats(cpu));
    if (args.includes("--verbose")) {
      const slowest = queries
        .map((query, i) => [samples[i], query] as const)
        .sort((a, b) => b[0] - a[0])
        .slice(0, 3);
      for (const [elapsed, query] of slowest)
        console.log(`  slowest ${ms(elapsed)} cpu ${ms(cpu[queries.indexOf(query)])} ${JSON.stringify(query)}`);
    }
  }
  const suggest = stats(
    await Promise.all(
      ["py", "data", "eng", "sec", "w", "kub"].map((prefix) => time(() => engine.suggestSkills(prefix, 10))),
    ),
  );
  console.log(`embedded: suggestSkills p50 ${ms(suggest.p50)} p95 ${ms(suggest.p95)}`);
  const findable = stats(await submissionToFindable(engine, candidates, 50));
  console.log(
    `embedded: submission to findable (upsert of one new candidate until a search returns it) p50 ${ms(findable.p50)} p95 ${ms(findable.p95)}`,
  );
  await engine.close();

  const url = process.env.DATABASE_URL?.trim();
  const baseline = new Map<string, { p50: number; p95: number }>();
  if (!url) {
    console.log("postgres baseline: SKIPPED because DATABASE_URL is not set");
  } else {
    await withBaselineDatabase(url, async (sql) => {
      const loadMs = await time(() => loadBaseline(sql, candidates));
      console.log(`postgres: loaded and indexed in ${(loadMs / 1000).toFixed(2)} s (throw-away database)`);
      for (const { name, queries } of classes) {
        for (const query of queries.slice(0, 5)) await pgStatement(sql, query);
        const samples: number[] = [];
        for (const query of queries) samples.push(await time(() => pgStatement(sql, query)));
        baseline.set(name, stats(samples));
      }
    });
  }

  const meili = await benchMeilisearch(candidates, classes);

  console.log("");
  for (const { name } of classes) {
    const m = meili?.get(name);
    if (m) {
      console.log(
        `${name.padEnd(44)} meilisearch keep-alive p50 ${ms(m.keepAlive.p50)} p95 ${ms(m.keepAlive.p95)}  ` +
          `over fetch p50 ${ms(m.fetch.p50)} p95 ${ms(m.fetch.p95)}  ratio fetch / keep-alive p50 ${(m.fetch.p50 / m.keepAlive.p50).toFixed(1)}x`,
      );
    }
  }
  for (const { name } of classes) {
    const e = embedded.get(name) as { p50: number; p95: number };
    const p = baseline.get(name);
    const pg = p
      ? `postgres p50 ${ms(p.p50)} p95 ${ms(p.p95)}  ratio p50 ${(p.p50 / e.p50).toFixed(1)}x p95 ${(p.p95 / e.p95).toFixed(1)}x`
      : "postgres skipped";
    console.log(`${name.padEnd(44)} embedded p50 ${ms(e.p50)} p95 ${ms(e.p95)}  ${pg}`);
  }
  console.log("");
  for (const { name } of classes) {
    const c = embeddedCpu.get(name) as { p50: number; p95: number };
    console.log(`${name.padEnd(44)} embedded CPU time p50 ${ms(c.p50)} p95 ${ms(c.p95)}`);
  }
}

/**
 * The same candidates and queries on Meilisearch (MEILI_HOST, e.g. from `npm run meili`) in a throw-away index:
 * indexing documents per second, upsert to findable, and each query class through the adapter's keep-alive
 * transport and, interleaved query by query, through Node's fetch (the client's own transport, the baseline).
 */
async function benchMeilisearch(candidates: CandidateDocument[], classes: QueryClass[]) {
  const host = process.env.MEILI_HOST?.trim();
  if (!host) {
    console.log("meilisearch: SKIPPED because MEILI_HOST is not set (npm run meili prints it)");
    return null;
  }
  const apiKey = process.env.MEILI_API_KEY?.trim() || undefined;
  const indexName = `attest_bench_${Date.now()}`;
  const viaFetch = async (input: string | URL | Request, init?: RequestInit) => {
    const response = await fetch(input, init);
    const text = await response.text();
    if (!response.ok) throw new Error(`Meilisearch answered ${response.status}: ${text}`);
    return text === "" ? undefined : JSON.parse(text);
  };
  const engine = createMeilisearchEngine({ host, apiKey, indexName, maxTotalHits: candidates.length });
  const fetchEngine = createMeilisearchEngine({
    host,
    apiKey,
    indexName,
    httpClient: viaFetch,
    maxTotalHits: candidates.length,
  });
  try {
    await engine.prepare();
    const indexMs = await time(async () => {
      for (let start = 0; start < candidates.length; start += 5000)
        await engine.upsert(candidates.slice(start, start + 5000));
    });
    console.log(
      `meilisearch: indexed ${candidates.length} candidates in ${(indexMs / 1000).toFixed(1)} s (${Math.round(candidates.length / (indexMs / 1000))} documents/s)`,
    );
    const results = new Map<string, { keepAlive: { p50: number; p95: number }; fetch: { p50: number; p95: number } }>();
    for (const { name, queries } of classes) {
      for (const query of queries.slice(0, 5)) await Promise.all([engine.search(query), fetchEngine.search(query)]);
      const keepAlive: number[] = [];
      const overFetch: number[] = [];
      for (const query of queries) {
        keepAlive.push(await time(() => engine.search(query)));
        overFetch.push(await time(() => fetchEngine.search(query)));
      }
      results.set(name, { keepAlive: stats(keepAlive), fetch: stats(overFetch) });
    }
    // What true totals cost: the same queries with Meilisearch's default cap (it stops counting at 1,000).
    const { Meilisearch: Client } = await import("meilisearch");
    const settingsClient = new Client({ host, apiKey });
    await settingsClient
      .index(indexName)
      .updateSettings({ pagination: { maxTotalHits: 1000 } })
      .waitTask({ timeout: 600_000 });
    for (const { name, queries } of classes) {
      const capped: number[] = [];
      const exhaustive = results.get(name)?.keepAlive;
      for (const query of queries) capped.push(await time(() => engine.search(query)));
      const c = stats(capped);
      if (exhaustive) {
        console.log(
          `meilisearch true totals cost: ${name.padEnd(44)} capped at 1,000 p50 ${ms(c.p50)} p95 ${ms(c.p95)}  ` +
            `true totals p50 ${ms(exhaustive.p50)} p95 ${ms(exhaustive.p95)}  ratio p50 ${(exhaustive.p50 / c.p50).toFixed(2)}x p95 ${(exhaustive.p95 / c.p95).toFixed(2)}x`,
        );
      }
    }
    await settingsClient
      .index(indexName)
      .updateSettings({ pagination: { maxTotalHits: candidates.length } })
      .waitTask({ timeout: 600_000 });
    const findable = stats(await submissionToFindable(engine, candidates, 50));
    console.log(
      `meilisearch: submission to findable (upsert of one new candidate until a search returns it) p50 ${ms(findable.p50)} p95 ${ms(findable.p95)}`,
    );
    return results;
  } finally {
    const { Meilisearch } = await import("meilisearch");
    const client = new Meilisearch({ host, apiKey });
    for (const name of [indexName, `${indexName}_skills`])
      await client
        .deleteIndex(name)
        .waitTask({ timeout: 60_000 })
        .catch(() => undefined);
    await engine.close();
    await fetchEngine.close();
  }
}
