/**
 * `npm run bench -- meili-writes [--size N] [--samples N] [--against REF]`: the Meilisearch adapter's write path
 * side by side with an earlier version of it (default: the commit before the write path changed), on the same
 * Meilisearch (MEILI_HOST; `npm run meili` prints it), each in an index of its own filled with the same N
 * candidates (default 20,000; the bench's own generator). Then, interleaved and alternating which goes first:
 * upsert one new candidate and search until it is found (upsert → findable), and a burst of 20 single-candidate
 * upserts sent at once (until the last is findable), and the search bench's query classes (the index settings
 * differ too). Prints p50/p95 of each and the ratios (this version / the earlier one), and the bulk indexing rate.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Meilisearch } from "meilisearch";
import type { CandidateDocument, SearchEngine } from "#search/engine";
import { createMeilisearchEngine, type MeilisearchEngineOptions } from "#search/meilisearch.server";
import { buildCandidates, buildQueries, percentile } from "./search";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const BASELINE_REF = "eaf8b60";

function option(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 && args[at + 1] !== undefined ? args[at + 1] : fallback;
}

function stats(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

async function findable(engine: SearchEngine, document: CandidateDocument, name: string): Promise<void> {
  for (;;) {
    const found = await engine.search({ q: name, verifiedSkills: document.verifiedSkills.slice(0, 1), limit: 20 });
    if (found.hits.some((hit) => hit.id === document.id)) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function run(args: string[]): Promise<void> {
  const host = process.env.MEILI_HOST?.trim();
  if (!host) {
    console.error("meili-writes: set MEILI_HOST (npm run meili prints it)");
    process.exit(2);
  }
  const apiKey = process.env.MEILI_API_KEY?.trim() || undefined;
  const size = Number(option(args, "--size", "20000"));
  const samples = Number(option(args, "--samples", "40"));
  const ref = option(args, "--against", BASELINE_REF);

  // The earlier adapter, as it was at `ref`, beside this one: in .data (ignored by git and by tsc), where its
  // #search/… imports still resolve in this tree.
  const baselineFile = path.join(ROOT, ".data", "bench", `baseline-meilisearch-${process.pid}.server.ts`);
  mkdirSync(path.dirname(baselineFile), { recursive: true });
  writeFileSync(baselineFile, execFileSync("git", ["show", `${ref}:search/meilisearch.server.ts`], { cwd: ROOT }));
  const stamp = Date.now();
  const names = { current: `attest_writes_current_${stamp}`, baseline: `attest_writes_baseline_${stamp}` };
  try {
    const baselineModule = (await import(baselineFile)) as {
      createMeilisearchEngine: (o: MeilisearchEngineOptions) => SearchEngine;
    };
    const engines: Record<"current" | "baseline", SearchEngine> = {
      current: createMeilisearchEngine({ host, apiKey, indexName: names.current }),
      baseline: baselineModule.createMeilisearchEngine({ host, apiKey, indexName: names.baseline }),
    };
    const candidates = buildCandidates(size);
    const rate: Record<string, number> = {};
    for (const which of ["baseline", "current"] as const) {
      const engine = engines[which];
      await engine.prepare();
      const started = performance.now();
      for (let start = 0; start < candidates.length; start += 5000)
        await engine.upsert(candidates.slice(start, start + 5000));
      rate[which] = size / ((performance.now() - started) / 1000);
      console.log(
        `meili-writes: ${which} (${which === "baseline" ? ref : "this tree"}) indexed ${size} candidates at ${rate[which].toFixed(0)}/s`,
      );
    }

    const single: Record<string, number[]> = { current: [], baseline: [] };
    const burst: Record<string, number[]> = { current: [], baseline: [] };
    for (let i = 0; i < samples; i++) {
      const order = i % 2 === 0 ? (["baseline", "current"] as const) : (["current", "baseline"] as const);
      for (const which of order) {
        const engine = engines[which];
        const template = candidates[i % candidates.length];
        const name = `Findable${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}`;
        const fresh: CandidateDocument = { ...template, id: `cand_findable_${i}`, displayName: `${name} Newcomer` };
        let started = performance.now();
        await engine.upsert([fresh]);
        await findable(engine, fresh, name);
        single[which].push(performance.now() - started);

        // 20 candidates changed at once, each its own write (20 drains, or 20 instances): until the last is found.
        const changed = Array.from({ length: 20 }, (_, j) => ({
          ...candidates[(i * 20 + j + 1) % candidates.length],
          displayName: `${name} Burst${String.fromCharCode(97 + j)}`,
        }));
        started = performance.now();
        await Promise.all(changed.map((document) => engine.upsert([document])));
        await findable(engine, changed[19], `${name} Burst${String.fromCharCode(97 + 19)}`);
        burst[which].push(performance.now() - started);
      }
    }
    // The settings changed too (decision 035): the bench's query classes on both indexes, query by query.
    const queryTimes: Array<{ name: string; current: number[]; baseline: number[] }> = [];
    for (const queryClass of buildQueries(Math.max(20, samples * 2))) {
      const times = { name: queryClass.name, current: [] as number[], baseline: [] as number[] };
      for (const [i, query] of queryClass.queries.entries()) {
        const order = i % 2 === 0 ? (["baseline", "current"] as const) : (["current", "baseline"] as const);
        for (const which of order) {
          const started = performance.now();
          await engines[which].search(query);
          times[which].push(performance.now() - started);
        }
      }
      queryTimes.push(times);
    }
    for (const engine of Object.values(engines)) await engine.close();
    const line = (label: string, figures: Record<string, number[]>) => {
      const current = stats(figures.current);
      const baseline = stats(figures.baseline);
      return (
        `${label}: this tree p50 ${current.p50.toFixed(0)} ms, p95 ${current.p95.toFixed(0)} ms | ${ref} p50 ` +
        `${baseline.p50.toFixed(0)} ms, p95 ${baseline.p95.toFixed(0)} ms | ratio p50 ${(current.p50 / baseline.p50).toFixed(2)}, ` +
        `p95 ${(current.p95 / baseline.p95).toFixed(2)}`
      );
    };
    console.log(`meili-writes: ${size} candidates, ${samples} samples each, interleaved`);
    console.log(line("upsert → findable", single));
    console.log(line("20 concurrent upserts → last findable", burst));
    for (const { name, current, baseline } of queryTimes) console.log(line(`search, ${name}`, { current, baseline }));
    console.log(
      `indexing: this tree ${rate.current.toFixed(0)}/s, ${ref} ${rate.baseline.toFixed(0)}/s, ratio ${(rate.current / rate.baseline).toFixed(2)}`,
    );
  } finally {
    rmSync(baselineFile, { force: true });
    const client = new Meilisearch({ host, apiKey });
    for (const name of Object.values(names)) {
      for (const index of [name, `${name}_skills`])
        await client
          .deleteIndex(index)
          .waitTask()
          .catch(() => undefined);
    }
  }
}
