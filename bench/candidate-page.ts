/**
 * `npm run bench -- candidate-page [--candidates N] [--runs N] [--viewers N] [--busy-ms N]`: what opening a
 * candidate's page costs the server (viewCandidateProfile: the profile, the shortlist names, the audit entry), on a
 * PGlite database in memory or, with DATABASE_URL set, a throw-away PostgreSQL database.
 *
 * Two real candidates are submitted through the submission use case and the real verifier: one with a CLR of ten
 * signed Open Badges (its nested reports) and five badges of their own, one expired (about 40 skills), and one like
 * the demo data's (two badges). Each is then copied N/2 times in SQL, with 30 shortlists.
 *
 * The baseline, in the same process and on the same rows, is the page's previous query shape, kept below: the
 * candidate, every credential row in full (raw text and whole report), their skills, then the audit insert and the
 * shortlists with their sizes, five round trips one after the other. Both must give the page the same content.
 * Printed: the median of --runs sequential views per candidate kind, then --viewers concurrent viewers while the
 * event loop is kept busy --busy-ms at a time (as verifying submissions keeps the server's), p50/p95 and views/s.
 */
import { performance } from "node:perf_hooks";
import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database, DatabaseHandle } from "#db/client.server";
import { testDatabaseKinds } from "#db/test-databases";
import { listShortlists } from "#db/queries/shortlists.server";
import { candidates, credentials, credentialSkills } from "#db/schema/index";
import { createVerifier } from "#app/verification/verifier.server";
import { DEMO_ACHIEVEMENTS } from "#app/demo/catalog";
import { generateIssuerKey, issueOpenBadge, signCredential } from "#app/demo/issuer.server";
import { submitItems } from "#app/ingest/submit.server";
import { recordAudit, type AuditActor } from "#app/audit/audit.server";
import { toCandidateProfile, viewCandidateProfile } from "#app/recruiting/candidate-profile.server";

const VIEWER: AuditActor = { id: null, label: "bench@example.com", from: "192.0.2.1" };
const DAY = 24 * 60 * 60 * 1000;

const arg = (args: string[], name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};

/** The page's loader before this bench: kept as the baseline. */
async function viewBefore(db: Database, candidateId: string, viewer: AuditActor) {
  const [candidate] = await db.select().from(candidates).where(eq(candidates.id, candidateId));
  if (!candidate) return null;
  const rows = await db
    .select()
    .from(credentials)
    .where(eq(credentials.candidateId, candidateId))
    .orderBy(desc(credentials.submittedAt), asc(credentials.id));
  const skillRows = rows.length
    ? await db
        .select()
        .from(credentialSkills)
        .where(
          inArray(
            credentialSkills.credentialId,
            rows.map((r) => r.id),
          ),
        )
        .orderBy(asc(credentialSkills.label))
    : [];
  // The same shaping as now: what changed is how the rows are read, not what the page makes of them.
  const profile = toCandidateProfile(
    candidate,
    rows.map((c) => ({ ...c, checks: c.report.checks, skills: skillRows.filter((s) => s.credentialId === c.id) })),
  );
  await recordAudit(db, viewer, "candidate.view", { type: "candidate", id: profile.candidate.id });
  return { ...profile, shortlists: (await listShortlists(db)).map((l) => l.name) };
}

type View = (db: Database, candidateId: string, viewer: AuditActor) => Promise<unknown>;
const SHAPES: { name: string; view: View }[] = [
  { name: "before", view: viewBefore },
  { name: "now", view: viewCandidateProfile },
];

/** Submits the two template candidates through the real use case and returns their ids. */
async function submitTemplates(db: Database): Promise<{ clr: string; demo: string }> {
  const now = () => new Date();
  const deps = { db, verify: createVerifier(now), now };
  const issuer = await generateIssuerKey({ name: "Bench Institute" });
  const badgeFor = (person: { name: string; email: string }, i: number, expired = false) => {
    const a = DEMO_ACHIEVEMENTS[i % DEMO_ACHIEVEMENTS.length]!;
    return issueOpenBadge(issuer, {
      subject: person,
      achievement: {
        name: `${a.name} ${i + 1}`,
        description: a.description,
        achievementType: a.achievementType,
        alignments: a.alignments,
      },
      validFrom: new Date(Date.now() - (400 - i * 20) * DAY),
      validUntil: expired ? new Date(Date.now() - 5 * DAY) : undefined,
    });
  };
  const pat = { name: "Pat Transcript", email: "pat@example.com", headline: "Data engineer" };
  const members = await Promise.all(Array.from({ length: 10 }, (_, i) => badgeFor(pat, i)));
  const clr = await signCredential(issuer, {
    "@context": [
      "https://www.w3.org/ns/credentials/v2",
      "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
      "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ],
    id: "urn:uuid:5e1c0f3a-7b7d-4c55-9a43-1c2b3d4e5f60",
    type: ["VerifiableCredential", "ClrCredential"],
    name: "Transcript",
    issuer: { id: issuer.did, type: ["Profile"], name: issuer.name },
    validFrom: new Date(Date.now() - 30 * DAY).toISOString(),
    credentialSubject: { type: ["ClrSubject"], verifiableCredential: members },
  });
  const own = await Promise.all(Array.from({ length: 5 }, (_, i) => badgeFor(pat, 10 + i, i === 4)));
  const clrOutcomes = await submitItems(deps, { ...pat, consent: true }, [
    { type: "text", text: JSON.stringify(clr, null, 2), source: "upload:transcript.json" },
    ...own.map((b, i) => ({
      type: "text" as const,
      text: JSON.stringify(b, null, 2),
      source: `upload:badge-${i + 1}.json`,
    })),
  ]);
  const dee = { name: "Dee Demo", email: "dee@example.com", headline: "Welder" };
  const demoOutcomes = await submitItems(deps, { ...dee, consent: true }, [
    { type: "text", text: JSON.stringify(await badgeFor(dee, 20), null, 2), source: "demo seed" },
    { type: "text", text: JSON.stringify(await badgeFor(dee, 21), null, 2), source: "demo seed" },
  ]);
  const idOf = (outcomes: Awaited<ReturnType<typeof submitItems>>) => {
    if (!outcomes.every((o) => o.status === "stored"))
      throw new Error(`a template credential was not stored: ${JSON.stringify(outcomes).slice(0, 300)}`);
    return (outcomes[0] as { candidateId: string }).candidateId;
  };
  return { clr: idOf(clrOutcomes), demo: idOf(demoOutcomes) };
}

async function exec(db: Database, query: ReturnType<typeof sql>): Promise<Record<string, unknown>[]> {
  const result = (await db.execute(query)) as unknown;
  return Array.isArray(result) ? result : (result as { rows: Record<string, unknown>[] }).rows;
}

/** `copies` copies of a template candidate, with ids `${prefix}1`…, their credentials and skills. */
async function copyCandidate(db: Database, templateId: string, prefix: string, copies: number): Promise<void> {
  await exec(
    db,
    sql`insert into candidates (id, display_name, email, headline, consented_at, consent_text_version)
    select ${prefix} || g, display_name || ' ' || g, ${prefix} || g || '@example.com', headline, consented_at, consent_text_version
    from candidates, generate_series(1, ${copies}) g where id = ${templateId}`,
  );
  await exec(
    db,
    sql`insert into credentials (id, candidate_id, raw_text, content_hash, document_id, source, format, issuer_id, issuer_name,
      achievement_name, achievement_type, verdict, report, verified_at, submitted_at)
    select id || '-' || ${prefix} || g, ${prefix} || g, raw_text, content_hash, document_id, source, format, issuer_id, issuer_name,
      achievement_name, achievement_type, verdict, report, verified_at, submitted_at
    from credentials, generate_series(1, ${copies}) g where candidate_id = ${templateId}`,
  );
  await exec(
    db,
    sql`insert into credential_skills (credential_id, candidate_id, skill_key, label, mapping, framework, target_url, source, self_asserted)
    select credential_id || '-' || ${prefix} || g, ${prefix} || g, skill_key, label, mapping, framework, target_url, source, self_asserted
    from credential_skills, generate_series(1, ${copies}) g where candidate_id = ${templateId}`,
  );
}

/** Keeps the event loop busy `busyMs` at a time, as verifying a submission does, until stopped. */
function keepEventLoopBusy(busyMs: number): () => void {
  let running = busyMs > 0;
  const spin = () => {
    if (!running) return;
    const until = performance.now() + busyMs;
    while (performance.now() < until) {
      // busy: what a signature check or a canonicalisation does to every other request on this process
    }
    setImmediate(spin);
  };
  setImmediate(spin);
  return () => {
    running = false;
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const ms = (x: number) => `${x.toFixed(1).padStart(7)} ms`;

export async function run(args: string[]): Promise<void> {
  const count = arg(args, "--candidates", 10_000);
  const runs = arg(args, "--runs", 50);
  const viewers = arg(args, "--viewers", 20);
  const busyMs = arg(args, "--busy-ms", 20);
  const kind = testDatabaseKinds().at(-1)!;
  const handle: DatabaseHandle = await kind.open();
  const { db } = handle;
  try {
    let started = performance.now();
    const templates = await submitTemplates(db);
    const half = Math.max(1, Math.floor(count / 2));
    await copyCandidate(db, templates.clr, "clr-", half);
    await copyCandidate(db, templates.demo, "demo-", half);
    await exec(
      db,
      sql`insert into shortlists (id, name, created_at) select 'list-' || g, 'Shortlist ' || g, now() - make_interval(days => g) from generate_series(1, 30) g`,
    );
    await exec(
      db,
      sql`insert into shortlist_entries (shortlist_id, candidate_id, note)
      select 'list-' || (1 + g % 30), 'demo-' || g, 'bench' from generate_series(1, least(${half}, 3000)) g`,
    );
    await exec(db, sql`vacuum analyze`);
    const [sizes] = await exec(
      db,
      sql`select count(*)::int as credentials, sum(length(raw_text))::bigint as raw, sum(length(report::text))::bigint as report,
      (select count(*)::int from credential_skills where candidate_id = ${templates.clr}) as skills
      from credentials where candidate_id = ${templates.clr}`,
    );
    console.log(
      `candidate-page: ${kind.name}, ${half * 2 + 2} candidates loaded in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
        `the CLR candidate has ${sizes!.credentials} credentials, ${sizes!.skills} skills, ${(Number(sizes!.raw) / 1000).toFixed(0)} kB of raw text and ${(Number(sizes!.report) / 1000).toFixed(0)} kB of reports`,
    );

    // The same page, both ways: what the page shows of each check is its name, outcome and sentence.
    for (const id of [templates.clr, templates.demo]) {
      // What the page gained since the baseline shape (decisions, invitations, the credential card) is left out.
      const added = new Set(["decision", "invitations", "card", "validFrom", "validUntil"]);
      const shown = (page: unknown) =>
        JSON.stringify(page, (key, value) =>
          added.has(key)
            ? undefined
            : key === "checks"
              ? (value as Array<{ id: string; outcome: string; message: string }>).map(({ id, outcome, message }) => ({
                  id,
                  outcome,
                  message,
                }))
              : value,
        );
      const [before, now] = [await viewBefore(db, id, VIEWER), await viewCandidateProfile(db, id, VIEWER)];
      if (shown(before) !== shown(now)) throw new Error(`the page's content differs for ${id}`);
      console.log(
        `candidate-page: loader data for the ${id === templates.clr ? "CLR" : "demo-like"} candidate ${(JSON.stringify(before).length / 1000).toFixed(1)} kB before, ${(JSON.stringify(now).length / 1000).toFixed(1)} kB now; same content`,
      );
    }

    for (const [label, prefix] of [
      ["CLR candidate", "clr-"],
      ["demo-like candidate", "demo-"],
    ] as const) {
      const medians = new Map<string, number>();
      for (const shape of SHAPES) {
        const samples: number[] = [];
        for (let i = 0; i < runs; i++) {
          const id = `${prefix}${1 + ((i * 7919) % half)}`;
          started = performance.now();
          await shape.view(db, id, VIEWER);
          samples.push(performance.now() - started);
        }
        medians.set(shape.name, median(samples));
      }
      const [b, x] = [medians.get("before")!, medians.get("now")!];
      console.log(
        `candidate-page: one view, ${label.padEnd(20)} now ${ms(x)} | before ${ms(b)} | ratio ${(b / x).toFixed(1)}x`,
      );
    }

    const results = new Map<string, { p50: number; p95: number; rate: number }>();
    for (const shape of SHAPES) {
      const samples: number[] = [];
      const stop = keepEventLoopBusy(busyMs);
      started = performance.now();
      await Promise.all(
        Array.from({ length: viewers }, async (_, v) => {
          for (let i = 0; i < runs; i++) {
            const n = v * runs + i;
            const id = `${n % 2 === 0 ? "clr-" : "demo-"}${1 + ((n * 7919) % half)}`;
            const t = performance.now();
            await shape.view(db, id, VIEWER);
            samples.push(performance.now() - t);
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      stop();
      results.set(shape.name, {
        p50: percentile(samples, 50),
        p95: percentile(samples, 95),
        rate: samples.length / elapsed,
      });
    }
    const [b, x] = [results.get("before")!, results.get("now")!];
    const load = `${viewers} viewers, event loop busy ${busyMs} ms at a time`;
    console.log(
      `candidate-page: ${load}: p50 now ${ms(x.p50)} | before ${ms(b.p50)} | ratio ${(b.p50 / x.p50).toFixed(1)}x`,
    );
    console.log(
      `candidate-page: ${load}: p95 now ${ms(x.p95)} | before ${ms(b.p95)} | ratio ${(b.p95 / x.p95).toFixed(1)}x`,
    );
    console.log(
      `candidate-page: ${load}: ${x.rate.toFixed(0)} views/s now | ${b.rate.toFixed(0)} before | ratio ${(x.rate / b.rate).toFixed(1)}x`,
    );
  } finally {
    await handle.close();
  }
}
