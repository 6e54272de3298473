/**
 * `npm run bench -- findable [--count N]`: how long from a candidate's submission to being findable by a
 * recruiter, on embedded defaults (PGlite in memory, the embedded engine, the real outbox indexer), or on
 * Meilisearch when MEILI_HOST is set. Each run
 * submits a freshly signed credential with a skill of its own, then searches for it until it is found. The
 * baseline, in the same process, is the engine alone: upserting the same document and finding it.
 */
import { performance } from "node:perf_hooks";
import { openDatabase } from "#db/client.server";
import { Meilisearch } from "meilisearch";
import { createEmbeddedEngine } from "#search/embedded/engine.server";
import { createMeilisearchEngine } from "#search/meilisearch.server";
import { startIndexer } from "#search/sync.server";
import { generateIssuerKey, issueOpenBadge } from "#app/demo/issuer.server";
import { submitItems } from "#app/ingest/submit.server";
import { createVerifier } from "#app/verification/verifier.server";
import { toCandidateDocument } from "#search/documents";

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))];

export async function run(args: string[]): Promise<void> {
  const at = args.indexOf("--count");
  const count = at >= 0 ? Number(args[at + 1]) : 50;
  const database = await openDatabase({ dataDir: "memory://" });
  // On Meilisearch when MEILI_HOST is set (npm run meili prints it), in a throw-away index; embedded otherwise.
  const meiliHost = process.env.MEILI_HOST?.trim();
  const meiliIndex = `attest_findable_${Date.now()}`;
  const search = meiliHost
    ? createMeilisearchEngine({
        host: meiliHost,
        apiKey: process.env.MEILI_API_KEY?.trim() || undefined,
        indexName: meiliIndex,
      })
    : createEmbeddedEngine();
  await search.prepare();
  console.log(`findable: search engine ${search.name}`);
  const now = () => new Date();
  const indexer = startIndexer({ db: database.db, search, now }, 1000);
  const deps = { db: database.db, verify: createVerifier(now), now, onCommitted: indexer.nudge };
  const issuer = await generateIssuerKey({ name: "Bench College" });
  const badges = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      issueOpenBadge(issuer, {
        subject: { name: `Bench ${i}`, email: `bench${i}@example.com` },
        achievement: {
          name: `Skill ${i}`,
          description: "Bench.",
          alignments: [{ targetName: `Skill ${i}`, targetUrl: `https://skills.example.org/bench-${i}` }],
        },
        validFrom: new Date(Date.now() - 86_400_000),
      }),
    ),
  );

  const findable: number[] = [];
  const engineOnly: number[] = [];
  for (const [i, badge] of badges.entries()) {
    const key = `url:skills.example.org/bench-${i}`;
    const started = performance.now();
    await submitItems(deps, { name: `Bench ${i}`, email: `bench${i}@example.com`, consent: true }, [
      { type: "text", text: JSON.stringify(badge), source: "bench" },
    ]);
    while ((await search.search({ verifiedSkills: [key], limit: 1 })).total === 0)
      await new Promise((r) => setTimeout(r, 1));
    findable.push(performance.now() - started);

    const baseline = createEmbeddedEngine();
    await baseline.prepare();
    const document = toCandidateDocument({
      candidate: { id: `b${i}`, displayName: `Bench ${i}`, email: `bench${i}@example.com`, headline: null },
      claims: [
        {
          key,
          label: `Skill ${i}`,
          verified: true,
          issuerId: issuer.did,
          issuerName: issuer.name,
          format: "obv3",
          achievementType: null,
          verifiedAt: new Date(),
        },
      ],
    });
    const engineStarted = performance.now();
    await baseline.upsert([document]);
    await baseline.search({ verifiedSkills: [key], limit: 1 });
    engineOnly.push(performance.now() - engineStarted);
  }
  await indexer.stop();
  await database.close();
  if (meiliHost) {
    const client = new Meilisearch({ host: meiliHost, apiKey: process.env.MEILI_API_KEY?.trim() || undefined });
    for (const name of [meiliIndex, `${meiliIndex}_skills`])
      await client
        .deleteIndex(name)
        .waitTask()
        .catch(() => undefined);
  }
  await search.close();
  const p50 = percentile(findable, 50);
  const p95 = percentile(findable, 95);
  const b95 = percentile(engineOnly, 95);
  console.log(
    `findable: ${count} submissions | submission → findable p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (target p95 ≤ 1000 ms) | engine alone p95 ${b95.toFixed(2)} ms | ratio ${(p95 / b95).toFixed(0)}x (verification and the database transaction are the rest)`,
  );
}
