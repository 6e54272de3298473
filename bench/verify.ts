/**
 * `npm run bench -- verify [--count N] [--chunk N]`: Attest's verification speed against the reference verifier
 * (@digitalcredentials/verifier-core), on a corpus of N distinct signed Open Badges 3.0 credentials (half
 * eddsa-rdfc-2022, half Ed25519Signature2020; some with status lists, some expired or revoked).
 *
 * Both verifiers run in this one process, interleaved chunk by chunk, so a busy machine slows both alike and
 * the ratio stays fair. Nothing leaves the machine: `fetch` is replaced for the whole run — verifier-core's
 * per-call Open Badges JSON Schema fetch gets a local stub schema, status lists come from the corpus, and any
 * other request is answered 404 (and counted, so a surprise shows up in the output).
 *
 * Lines printed:
 *   first-seen: every credential verified once, no result cache (Attest's shape templates warm up on the
 *               first credential of each shape, inside the timing);
 *   reference:  Attest with the libraries' own suites (no fast path), for comparison;
 *   re-check:   every credential verified again with a VerificationCache that saw it before (proof skipped;
 *               validity, status list and issuer checked again);
 *   CLI path:   `attest verify --json` as a user runs it, in a child process, on the same credentials written to
 *               files (status lists pinned), start-up removed (a one-file run is subtracted), against the
 *               verifier-core rate measured above in this run.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { performance } from "node:perf_hooks";
import { generateCorpus, type Corpus } from "#app/verification/fixtures/corpus.server";
import { createDocumentLoader } from "#app/verification/document-loader.server";
import {
  createVerificationCache,
  verifyCredential,
  type VerifyCredentialOptions,
} from "#app/verification/verify.server";
import { fastCanonizeStats, setDefaultProofPath } from "#app/verification/checks/proof.server";

/** Enough of the OBv3 AchievementCredential JSON Schema for ajv to compile and check the essentials. */
const STUB_SCHEMA = {
  $schema: "https://json-schema.org/draft/2019-09/schema",
  type: "object",
  required: ["@context", "type", "issuer", "credentialSubject"],
  properties: {
    "@context": { type: "array", minItems: 2 },
    type: { type: "array", contains: { enum: ["OpenBadgeCredential", "AchievementCredential"] } },
    id: { type: "string", format: "uri" },
    issuer: { type: "object", required: ["id", "type"], properties: { id: { type: "string", format: "uri" } } },
    validFrom: { type: "string", format: "date-time" },
    validUntil: { type: "string", format: "date-time" },
    credentialSubject: {
      type: "object",
      required: ["achievement"],
      properties: {
        achievement: {
          type: "object",
          required: ["id", "type", "name", "criteria", "description"],
          properties: {
            alignment: { type: "array", items: { type: "object", required: ["targetName", "targetUrl"] } },
          },
        },
      },
    },
  },
};

interface FetchLog {
  schema: number;
  statusList: number;
  other: string[];
}

function installFetchStub(corpus: Corpus): FetchLog {
  const log: FetchLog = { schema: 0, statusList: 0, other: [] };
  const json = (body: unknown) =>
    new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
  globalThis.fetch = (async (input: string | URL | Request) => {
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith("https://purl.imsglobal.org/spec/ob/v3p0/schema/")) {
      log.schema++;
      return json(STUB_SCHEMA);
    }
    const list = corpus.statusLists.get(url);
    if (list) {
      log.statusList++;
      return json(list);
    }
    log.other.push(url);
    return new Response("not found", { status: 404 });
  }) as typeof fetch;
  return log;
}

type Verdict = "verified" | "not-verified";

/** verifier-core's answer as a verdict: any fatal error or any failed step (registry membership aside) is not verified. */
function referenceVerdict(result: Record<string, unknown>): Verdict {
  if (Array.isArray(result.errors) && result.errors.length > 0) return "not-verified";
  const log = Array.isArray(result.log) ? (result.log as Array<{ id?: string; valid?: boolean; error?: unknown }>) : [];
  const steps = log.filter((entry) => entry.id !== "registered_issuer");
  return steps.length > 0 && steps.every((entry) => entry.valid === true && !entry.error) ? "verified" : "not-verified";
}

function argValue(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  const raw = i >= 0 ? args[i + 1] : args.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  const n = raw === undefined ? fallback : Number.parseInt(raw, 10);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer`);
  return n;
}

const rate = (count: number, ms: number) => (ms > 0 ? Math.round((count * 1000) / ms) : Infinity);

export async function run(args: string[]): Promise<void> {
  const count = argValue(args, "--count", 3000);
  const chunk = argValue(args, "--chunk", 25);

  let started = performance.now();
  const corpus = await generateCorpus(count);
  const bySuite = new Map<string, number>();
  for (const c of corpus.credentials) bySuite.set(c.suite, (bySuite.get(c.suite) ?? 0) + 1);
  console.log(
    `verify: generated ${count} signed credentials in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  const fetchLog = installFetchStub(corpus);
  const verifierCore = (await import("@digitalcredentials/verifier-core")) as unknown as {
    verifyCredential(o: { credential: unknown; knownDIDRegistries: unknown[] }): Promise<Record<string, unknown>>;
  };

  const documentLoader = createDocumentLoader();
  const fetchStatusList = async (url: string) => {
    const list = corpus.statusLists.get(url);
    if (!list) throw new Error(`no status list at ${url}`);
    return list;
  };
  const base: VerifyCredentialOptions = { input: "bench", documentLoader, now: corpus.now, fetchStatusList };
  const attest = async (credential: unknown, options: Partial<VerifyCredentialOptions> = {}) =>
    (await verifyCredential(credential, { ...base, ...options })).verdict;
  const reference = async (credential: unknown) =>
    referenceVerdict(await verifierCore.verifyCredential({ credential, knownDIDRegistries: [] }));

  // Warm both up (module loading, JIT, context caches) on a few credentials outside the corpus timing.
  for (const { credential } of corpus.credentials.slice(0, 4)) {
    await attest(credential);
    await reference(credential);
  }
  const warmStats = fastCanonizeStats();

  // First-seen: interleaved chunks, Attest (fast path) / verifier-core / Attest (reference suites).
  let attestMs = 0;
  let coreMs = 0;
  let refMs = 0;
  let agree = 0;
  let attestVerified = 0;
  const disagreements: string[] = [];
  const attestVerdicts: string[] = [];
  for (let from = 0; from < count; from += chunk) {
    const slice = corpus.credentials.slice(from, from + chunk);
    started = performance.now();
    for (const { credential } of slice) attestVerdicts.push(await attest(credential));
    attestMs += performance.now() - started;

    const coreVerdicts: Verdict[] = [];
    started = performance.now();
    for (const { credential } of slice) coreVerdicts.push(await reference(credential));
    coreMs += performance.now() - started;

    const previous = setDefaultProofPath("reference");
    const refVerdicts: string[] = [];
    started = performance.now();
    try {
      for (const { credential } of slice) refVerdicts.push(await attest(credential));
    } finally {
      setDefaultProofPath(previous);
    }
    refMs += performance.now() - started;

    slice.forEach((item, k) => {
      const mine = attestVerdicts[from + k] as string;
      if (mine === "verified") attestVerified++;
      const same = (mine === "verified") === (coreVerdicts[k] === "verified") && mine === refVerdicts[k];
      if (same) agree++;
      else if (disagreements.length < 5)
        disagreements.push(
          `#${from + k} (${item.intent}): attest ${mine}, reference-suites ${refVerdicts[k]}, verifier-core ${coreVerdicts[k]}`,
        );
    });
  }
  const attestRate = rate(count, attestMs);
  const coreRate = rate(count, coreMs);
  const suites = [...bySuite].map(([suite, n]) => `${n} ${suite}`).join(", ");
  console.log(
    `verify: corpus ${count} (${suites}) | attest ${attestRate}/s | verifier-core ${coreRate}/s | ratio ${(attestRate / coreRate).toFixed(1)}x | verdicts agree ${agree}/${count} (${attestVerified} verified)`,
  );
  console.log(
    `verify: attest with the libraries' own suites (no fast path) ${rate(count, refMs)}/s | fast path ${(attestRate / rate(count, refMs)).toFixed(1)}x of it`,
  );

  // Re-check: populate a cache (untimed), then verify everything again through it.
  const cache = createVerificationCache();
  for (const { credential } of corpus.credentials) await attest(credential, { cache });
  const hitsBefore = cache.stats.hits;
  let recheckAgree = 0;
  started = performance.now();
  const recheckVerdicts: string[] = [];
  for (const { credential } of corpus.credentials) recheckVerdicts.push(await attest(credential, { cache }));
  const recheckMs = performance.now() - started;
  recheckVerdicts.forEach((v, i) => {
    if (v === attestVerdicts[i]) recheckAgree++;
  });
  const recheckRate = rate(count, recheckMs);
  console.log(
    `verify: re-check ${count} (proof cached; validity + status rechecked) | attest ${recheckRate}/s | verifier-core ${coreRate}/s (no re-check path) | ratio ${(recheckRate / coreRate).toFixed(1)}x | verdicts same as first check ${recheckAgree}/${count} | cache hits ${cache.stats.hits - hitsBefore}`,
  );

  for (const [label, workers] of [
    ["one thread", ["--workers", "0"]],
    ["a worker thread per core", []],
  ] as const) {
    const cli = await measureCliPath(corpus, Math.min(count, 1000), workers);
    console.log(
      `verify: CLI path, ${label} (attest verify --json, ${cli.files} files, start-up ${cli.startupMs} ms removed) ${cli.rate}/s | verifier-core ${coreRate}/s in-process | ratio ${(cli.rate / coreRate).toFixed(1)}x | verdicts agree ${cli.agree}/${cli.files}`,
    );
    if (cli.agree !== cli.files) process.exitCode = 1;
  }

  const stats = fastCanonizeStats();
  console.log(
    `verify: canonicalisations fast ${stats.fast - warmStats.fast}, reference ${stats.reference - warmStats.reference} (template validations ${stats.validated}, rejected shapes ${stats.rejectedTemplates}) | stubbed fetches: schema ${fetchLog.schema}, status list ${fetchLog.statusList}, other ${fetchLog.other.length}`,
  );
  if (fetchLog.other.length > 0)
    console.log(`verify: unexpected fetches (answered 404): ${[...new Set(fetchLog.other)].slice(0, 5).join(", ")}`);
  for (const line of disagreements) console.log(`verify: DISAGREE ${line}`);
  if (agree !== count || recheckAgree !== count) process.exitCode = 1;
}

/** Time `attest verify --json` in a child process on `files` corpus credentials, minus a one-file run's start-up. */
async function measureCliPath(
  corpus: Corpus,
  files: number,
  extraArgs: readonly string[],
): Promise<{ files: number; rate: number; startupMs: number; agree: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), "attest-bench-verify-"));
  try {
    const pins: string[] = [];
    for (const [url, list] of corpus.statusLists) {
      const file = path.join(dir, `list-${pins.length}.json`);
      writeFileSync(file, JSON.stringify(list));
      pins.push("--pin", `${url}=${file}`);
    }
    const paths = corpus.credentials.slice(0, files).map(({ credential }, i) => {
      const file = path.join(dir, `credential-${i}.json`);
      writeFileSync(file, JSON.stringify(credential));
      return file;
    });
    const run = async (list: string[]) => {
      const started = performance.now();
      const result = await promisify(execFile)(
        "npx",
        [
          "tsx",
          "app/cli/attest.ts",
          "verify",
          "--json",
          "--now",
          corpus.now.toISOString(),
          ...extraArgs,
          ...pins,
          ...list,
        ],
        { maxBuffer: 1 << 30 },
      ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
      return {
        ms: performance.now() - started,
        verdicts: result.stdout
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((line) => (JSON.parse(line) as { verdict: string }).verdict),
      };
    };
    const one = await run(paths.slice(0, 1));
    const all = await run(paths);
    const expected = corpus.credentials
      .slice(0, files)
      .map(({ intent }) => (intent === "valid" ? "verified" : "failed"));
    const agree = all.verdicts.filter((verdict, i) => verdict === expected[i]).length;
    return { files, rate: rate(files - 1, all.ms - one.ms), startupMs: Math.round(one.ms), agree };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
