/**
 * `npm run bench -- dashboard [--candidates N] [--runs N]`: the staff dashboard's aggregates
 * (app/dashboard/dashboard.server.ts) at scale, on a PGlite database in memory (or, with DATABASE_URL set, a
 * throw-away PostgreSQL database) holding N candidates with 1.5 credentials each on average: realistic stored
 * reports (about 2 KB of JSONB each: seven outcomes, trusted and untrusted issuers), 5 skills per credential,
 * submissions spread over two years, and verdict changes over the last year.
 *
 * The baseline, in the same process and on the same rows, is the same aggregates without the dashboard's
 * indexes (dropped, then re-created from their own definitions). Each aggregate runs uncached; the median of
 * --runs runs is printed with the ratio baseline / indexed. The last line is what a page view costs once the
 * slow aggregates sit in their stale-while-revalidate caches.
 */
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { Database, DatabaseHandle } from "#db/client.server";
import { listVerifiedSkills } from "#db/queries/candidates.server";
import { testDatabaseKinds } from "#db/test-databases";
import {
  countSubmissionsOverTime,
  countTotals,
  countVerdictChanges,
  countVerificationOutcomes,
  getDashboard,
  listTopIssuers,
} from "#app/dashboard/dashboard.server";
import {
  CREDENTIAL_CHECK_IDS,
  type CheckResult,
  type VerificationReport,
  type Verdict,
} from "#app/verification/report";

/** The indexes the dashboard added (migration dashboard_indexes); the baseline runs without them. */
const DASHBOARD_INDEXES = ["credentials_submitted_at_idx", "credentials_verdict_issuer_idx"];
const ISSUERS = 200;
const TRUSTED_ISSUERS = 60;
const NOW = new Date("2026-11-26T12:00:00Z");

const arg = (args: string[], name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};

type Kind = { verdict: Verdict; failing?: Partial<CheckResult> & { id: CheckResult["id"] }; share: number };
/** Seven outcomes, in shares of 100 credentials. */
const KINDS: Kind[] = [
  { verdict: "verified", share: 70 },
  { verdict: "failed", failing: { id: "proof", outcome: "fail", code: "signature-mismatch" }, share: 5 },
  { verdict: "failed", failing: { id: "validity", outcome: "fail", code: "expired" }, share: 8 },
  { verdict: "failed", failing: { id: "status", outcome: "fail", code: "revoked" }, share: 4 },
  { verdict: "failed", failing: { id: "format", outcome: "fail", code: "undefined-terms" }, share: 3 },
  {
    verdict: "indeterminate",
    failing: { id: "status", outcome: "indeterminate", code: "status-unreachable" },
    share: 6,
  },
  { verdict: "indeterminate", failing: { id: "proof", outcome: "indeterminate", code: "key-unresolvable" }, share: 4 },
];

/** A stored report shaped like the verifier's, with its sentences, evidence, skills and summary. */
function benchReport(kind: Kind, trusted: boolean): VerificationReport {
  const sentence =
    "The check ran against the credential as submitted and recorded what it found in words a reviewer can read.";
  const checks: CheckResult[] = CREDENTIAL_CHECK_IDS.map((id) => ({
    id,
    outcome: "pass",
    code: `${id}-ok`,
    message: `${sentence} (${id})`,
    evidence: { Checked: "2026-11-01T10:00:00.000Z", Detail: `did:web:issuer.example.org#key-1 ${id}` },
  }));
  if (kind.failing)
    Object.assign(
      checks.find((c) => c.id === kind.failing!.id)!,
      kind.failing,
    );
  Object.assign(
    checks.find((c) => c.id === "issuer")!,
    trusted ? { outcome: "pass", code: "listed" } : { outcome: "indeterminate", code: "not-listed" },
  );
  return {
    input: "share link",
    verdict: kind.verdict,
    checks,
    credentials: [],
    skills: Array.from({ length: 5 }, (_, i) => ({
      key: `url:skills.example.org/skill-${i}`,
      label: `Skill number ${i}`,
      mapping: "url",
      targetUrl: `https://skills.example.org/skill-${i}`,
      source: "alignment",
    })),
    summary: {
      types: ["VerifiableCredential", "OpenBadgeCredential"],
      format: "obv3",
      securing: "proof",
      issuerId: "did:web:issuer.example.org",
      issuerName: "Issuer University",
      achievementName: "Certificate of Achievement in Something Useful",
      achievementType: "Certificate",
    },
    checkedAt: "2026-11-01T10:00:00.000Z",
  };
}

async function exec(db: Database, query: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
  const result = (await db.execute(query)) as unknown;
  return Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows;
}

async function load(db: Database, count: number): Promise<void> {
  await exec(
    db,
    sql`create temporary table bench_reports (slot int primary key, verdict text not null, trusted boolean not null, report jsonb not null)`,
  );
  let slot = 0;
  for (const kind of KINDS) {
    for (let i = 0; i < kind.share; i++, slot++) {
      for (const trusted of [true, false]) {
        await exec(
          db,
          sql`insert into bench_reports values (${slot * 2 + (trusted ? 1 : 0)}, ${kind.verdict}, ${trusted}, ${JSON.stringify(benchReport(kind, trusted))}::jsonb)`,
        );
      }
    }
  }
  await exec(
    db,
    sql`insert into candidates (id, display_name, email, consented_at, consent_text_version)
    select 'c' || g, 'Person ' || g, 'p' || g || '@example.com', now(), 'bench' from generate_series(1, ${count}) g`,
  );
  await exec(
    db,
    sql`insert into trusted_issuers (issuer_id, name, registry)
    select 'did:web:issuer' || i || '.example.org', 'Issuer ' || i, 'bench' from generate_series(0, ${TRUSTED_ISSUERS - 1}) i`,
  );
  // Every candidate has one credential, every other one a second; issuers are skewed (a few issue most), and
  // submissions spread over two years before NOW.
  await exec(
    db,
    sql`insert into credentials (id, candidate_id, raw_text, content_hash, source, format, issuer_id, issuer_name,
      achievement_name, verdict, report, verified_at, submitted_at)
    select 'k' || g, 'c' || (1 + (g - 1) % ${count}), '{}', 'h' || g, 'bench', 'obv3', 'did:web:issuer' || x.issuer || '.example.org',
      'Issuer ' || x.issuer, 'Certificate ' || (g % 300), r.verdict, jsonb_set(r.report, '{input}', to_jsonb('k' || g)),
      ${NOW.toISOString()}::timestamptz, ${NOW.toISOString()}::timestamptz - make_interval(mins => ((g::bigint * 7919) % (730 * 24 * 60))::int)
    from generate_series(1, ${Math.floor(count * 1.5)}) g,
      lateral (select floor(${ISSUERS} * power(((g::bigint * 104729) % 1000) / 1000.0, 2.5))::int as issuer) x,
      lateral (select verdict, report from bench_reports where slot = ((g * 31) % 100) * 2 + (case when x.issuer < ${TRUSTED_ISSUERS} then 1 else 0 end)) r`,
  );
  await exec(
    db,
    sql`insert into credential_skills (credential_id, candidate_id, skill_key, label, mapping, source)
    select 'k' || g, 'c' || (1 + (g - 1) % ${count}), 'name:skill ' || ((g * 7919 + s * 104729) % 2000), 'Skill ' || ((g * 7919 + s * 104729) % 2000), 'name', 'alignment'
    from generate_series(1, ${Math.floor(count * 1.5)}) g, generate_series(1, 5) s on conflict do nothing`,
  );
  // Re-checks: about 2% of credentials changed verdict at some point in the last year.
  await exec(
    db,
    sql`insert into verdict_changes (credential_id, from_verdict, to_verdict, reason, changed_at)
    select 'k' || (g * 50), 'verified', case when g % 10 = 0 then 'indeterminate' else 'failed' end,
      case when g % 10 = 0 then 'status-unreachable' when g % 3 = 0 then 'expired' else 'revoked' end,
      ${NOW.toISOString()}::timestamptz - make_interval(mins => (g * 7919) % (365 * 24 * 60))
    from generate_series(1, ${Math.floor((count * 1.5) / 50)}) g`,
  );
  // A settled database, as autovacuum leaves it: index-only scans need the visibility map.
  await exec(db, sql`vacuum analyze`);
}

const AGGREGATES: { name: string; run: (db: Database) => Promise<unknown> }[] = [
  { name: "totals", run: (db) => countTotals(db, "any-issuer") },
  {
    name: "submissions per day (30 days)",
    run: (db) => countSubmissionsOverTime(db, { now: NOW, period: "day", policy: "any-issuer" }),
  },
  {
    name: "submissions per week (12 weeks)",
    run: (db) => countSubmissionsOverTime(db, { now: NOW, period: "week", policy: "any-issuer" }),
  },
  { name: "outcomes, reasons, issuer trust", run: (db) => countVerificationOutcomes(db, "any-issuer") },
  { name: "top issuers", run: (db) => listTopIssuers(db, "any-issuer") },
  { name: "verdict changes", run: (db) => countVerdictChanges(db, { now: NOW }) },
  { name: "top verified skills", run: (db) => listVerifiedSkills(db, { registeredOnly: false }) },
];

async function timeAll(db: Database, runs: number): Promise<Map<string, number>> {
  const medians = new Map<string, number>();
  for (const aggregate of AGGREGATES) {
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      await aggregate.run(db);
      samples.push(performance.now() - started);
    }
    samples.sort((a, b) => a - b);
    medians.set(aggregate.name, samples[Math.floor(samples.length / 2)]);
  }
  return medians;
}

export async function run(args: string[]): Promise<void> {
  const count = arg(args, "--candidates", 100_000);
  const runs = arg(args, "--runs", 3);
  const kind = testDatabaseKinds().at(-1)!;
  const handle: DatabaseHandle = await kind.open();
  const { db } = handle;
  try {
    let started = performance.now();
    await load(db, count);
    console.log(
      `dashboard: ${kind.name}, ${count} candidates, ${Math.floor(count * 1.5)} credentials loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const definitions = await exec(
      db,
      sql`select indexname, indexdef from pg_indexes where indexname in ${DASHBOARD_INDEXES}`,
    );
    if (definitions.length !== DASHBOARD_INDEXES.length)
      throw new Error(`expected the indexes ${DASHBOARD_INDEXES.join(", ")}; run the migrations`);
    for (const d of definitions) await exec(db, sql.raw(`drop index ${d.indexname as string}`));
    await exec(db, sql`analyze credentials`);
    const baseline = await timeAll(db, runs);
    for (const d of definitions) await exec(db, sql.raw(d.indexdef as string));
    await exec(db, sql`analyze credentials`);
    const indexed = await timeAll(db, runs);

    let totalBase = 0;
    let totalIndexed = 0;
    for (const { name } of AGGREGATES) {
      const b = baseline.get(name)!;
      const x = indexed.get(name)!;
      totalBase += b;
      totalIndexed += x;
      console.log(
        `dashboard: ${name.padEnd(32)} ${x.toFixed(1).padStart(8)} ms | without indexes ${b.toFixed(1).padStart(8)} ms | ratio ${(b / x).toFixed(1)}x`,
      );
    }
    console.log(
      `dashboard: ${"all aggregates, uncached".padEnd(32)} ${totalIndexed.toFixed(1).padStart(8)} ms | without indexes ${totalBase.toFixed(1).padStart(8)} ms | ratio ${(totalBase / totalIndexed).toFixed(1)}x`,
    );

    await getDashboard(db, { now: NOW, period: "day" }); // fills the caches of the outcomes and the skill pick list
    const views: number[] = [];
    for (let i = 0; i < runs; i++) {
      started = performance.now();
      await getDashboard(db, { now: NOW, period: "day" });
      views.push(performance.now() - started);
    }
    views.sort((a, b) => a - b);
    console.log(
      `dashboard: page view with warm caches (getDashboard) ${views[Math.floor(views.length / 2)].toFixed(1)} ms (outcomes and top skills up to 30 s old)`,
    );
  } finally {
    await handle.close();
  }
}
