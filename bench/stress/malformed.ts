/**
 * `npm run stress -- malformed [--quick] [--cli N] [--api N] [--form N] [--no-build]`: hostile and broken input
 * never gets a 5xx, a crash, a hang or unbounded memory, and is always answered with a sentence.
 *
 * Bad inputs are generated from the signed fixtures (app/verification/fixtures): JSON truncated at many offsets,
 * JSON nested 1,000 to 100,000 levels deep, huge strings and arrays within and beyond the 1 MB document cap, a wrong
 * type in every field of a credential, a CLR and a presentation, hostile JSON-LD contexts (unknown and remote URLs,
 * inline contexts redefining terms, @import/@vocab tricks) and @ids (javascript:, file:, metadata URLs, 200 kB IRIs),
 * zip bombs in baked PNG text chunks, and a correctly signed credential whose status list is a GZIP bomb.
 * They go through three doors:
 * - the CLI: `attest verify --json` in this process (the command's own function, files in a temp directory, the
 *   status-list bomb pinned with --pin), plus one subprocess run of a sample;
 * - the API: `POST /api/submissions` (ten items a request; oversized, truncated and deeply nested bodies alone);
 * - the submission form: multipart `POST /submit/<token>`, one input a request, as a file or pasted text.
 * The server is this checkout's Attest, built and started through the stress harness (./harness.ts, as the other
 * scenarios start it) on 127.0.0.1 on a free port with a fresh PGlite directory, under `flock /tmp/attest-e2e.lock`
 * from the build until the server has stopped, because the build writes ./build and ./public/build, which other
 * Playwright runs use. An API key and eight invitations are created in that database before the server starts (with
 * the harness's two staff accounts, which this scenario does not use). The form's rate limit (20 submissions per
 * client address an hour) is met by sending each request from its own loopback address (127.0.0.2 and up).
 * A small HTTP server on another loopback port serves the status-list bomb (ATTEST_FETCH_ALLOW_HOSTS lets the
 * server fetch it).
 *
 * Invariants (exit 1 when broken): no 5xx; the server still answers afterwards; no request over its 30 s timeout;
 * the server's RSS (VmRSS, sampled every 200 ms) stays under 1.5 GB; every input gets a non-empty answer that is
 * not a stack trace (a 4xx with a message, or a receipt / outcome line / report saying why).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { once } from "node:events";
import type { Transform } from "node:stream";
import { createDeflate, createGzip, crc32, deflateSync } from "node:zlib";
import { signCredential } from "#app/demo/issuer.server";
import { generateOutcomes, testKeys } from "#app/verification/fixtures/generate-outcomes.server";
import { countOption, parseScenarioArgs, percentile } from "./options";
import {
  answers,
  buildApp,
  Cleanups,
  createAttestServer,
  createRunDatabase,
  freePort,
  prepareRun,
  runPool,
  runProcess,
  takeE2eLock,
  type AttestServer,
} from "./harness";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface BadInput {
  kind: string;
  /** The input as text (pasted, a file's content, an API item). */
  text?: string;
  /** Or as file bytes (images). */
  bytes?: Uint8Array;
  name: string;
}

interface DoorFigures {
  inputs: number;
  requests: number;
  fiveXx: number;
  timeouts: number;
  unclear: number;
  /** Inputs that were accepted as a verified credential (a bad input should rarely be). */
  accepted: number;
  latencies: number[];
  problems: string[];
  /** The slowest inputs: [ms, label]. */
  slowest: Array<[number, string]>;
}

const usage = "usage: npm run stress -- malformed [--quick] [--cli N] [--api N] [--form N] [--no-build]";
const REQUEST_TIMEOUT_MS = 30_000;
const RSS_LIMIT_KB = 1_500_000;
const CONCURRENCY = 3;
const STACK_TRACE = /\n\s+at [^\n]+:\d+:\d+|\bat (?:async )?[\w$.<>]+ \([^)]*:\d+:\d+\)/;

export async function run(args: string[]): Promise<number> {
  const { values } = parseScenarioArgs(
    args,
    {
      cli: { type: "string" },
      api: { type: "string" },
      form: { type: "string" },
      "no-build": { type: "boolean", default: false },
    },
    usage,
  );
  const quick = values.quick === true;
  const counts = {
    cli: countOption(values.cli, quick ? 200 : 6_000, "cli"),
    api: countOption(values.api, quick ? 100 : 3_000, "api"),
    form: countOption(values.form, quick ? 50 : 1_200, "form"),
  };
  const started = performance.now();
  const work = mkdtempSync(path.join(tmpdir(), "attest-malformed-"));
  const cleanups = new Cleanups();
  cleanups.add(() => rmSync(work, { recursive: true, force: true }));
  try {
    const bomb = await startBombServer();
    cleanups.add(() => bomb.close());
    const { inputs, statusBomb } = await generateInputs(bomb.url);
    bombBody.value = statusBomb.list;
    process.stderr.write(`generated ${inputs.length} distinct bad inputs\n`);

    const cli = await cliDoor(pick(inputs, counts.cli, 0), statusBomb, work);
    process.stderr.write(`cli: ${cli.inputs} inputs\n`);

    // The lock is held from the build until the server has stopped (cleanups run in reverse order).
    cleanups.add(await takeE2eLock());
    await buildApp(values["no-build"] === true);
    const database = await createRunDatabase("pglite", work);
    const { apiKey, invitationPaths } = await prepareRun(database, { recruiters: 0, invitations: 8 });
    const server = await createAttestServer({
      database,
      env: { ATTEST_FETCH_ALLOW_HOSTS: bomb.hostPort },
      rssEveryMs: 200,
    });
    cleanups.add(server.stop);
    await server.start();
    const api = await apiDoor(server, apiKey, pick(inputs, counts.api, 1), statusBomb);
    process.stderr.write(`api: ${api.inputs} inputs\n`);
    const form = await formDoor(server, invitationPaths, pick(inputs, counts.form, 2));
    process.stderr.write(`form: ${form.inputs} inputs\n`);
    const alive = await answers(`${server.origin}/`);
    const maxRssKb = server.rss.maxKb();

    const doors = { cli, api, form };
    let failed = !alive || maxRssKb > RSS_LIMIT_KB;
    for (const [name, door] of Object.entries(doors)) {
      failed ||= door.fiveXx > 0 || door.timeouts > 0 || door.unclear > 0;
      const serious = door.problems.filter(
        (p) =>
          /^(5\d\d|timeout|socket|ECONN|\S+: (timeout|socket))/.test(p) ||
          / took \d+ ms/.test(p) ||
          /\b5\d\d from\b/.test(p),
      );
      for (const problem of [...serious, ...door.problems.filter((p) => !serious.includes(p))].slice(0, 10))
        console.log(`  ${name}: ${problem.slice(0, 400)}`);
      for (const [took, label] of door.slowest.sort((a, b) => b[0] - a[0]).slice(0, 3))
        console.log(`  ${name}: slow: ${took.toFixed(0)} ms: ${label}`);
      console.log(
        `  ${name.padEnd(5)} ${door.inputs} inputs in ${door.requests} ${name === "cli" ? "verifications" : "requests"}: ` +
          `5xx ${door.fiveXx}, timeouts ${door.timeouts}, unclear answers ${door.unclear}, accepted ${door.accepted}, ` +
          `p95 ${percentile(door.latencies, 95).toFixed(0)} ms, max ${Math.max(0, ...door.latencies).toFixed(0)} ms`,
      );
    }
    const total = cli.inputs + api.inputs + form.inputs;
    console.log(
      `malformed: inputs=${total} (cli=${cli.inputs} api=${api.inputs} form=${form.inputs}) 5xx=${api.fiveXx + form.fiveXx} ` +
        `timeouts=${cli.timeouts + api.timeouts + form.timeouts} unclear=${cli.unclear + api.unclear + form.unclear} server_alive=${alive} ` +
        `server_max_rss_mb=${(maxRssKb / 1024).toFixed(0)} cli_max_rss_mb=${(cli.maxRssKb / 1024).toFixed(0)} ` +
        `p95_ms=cli:${percentile(cli.latencies, 95).toFixed(0)},api:${percentile(api.latencies, 95).toFixed(0)},form:${percentile(form.latencies, 95).toFixed(0)} ` +
        `seconds=${((performance.now() - started) / 1000).toFixed(0)}`,
    );
    return failed ? 1 : 0;
  } finally {
    await cleanups.run();
  }
}

/** `count` inputs, cycling through the list from a door-specific start so that each door sees every kind. */
function pick(inputs: BadInput[], count: number, door: number): BadInput[] {
  const out: BadInput[] = [];
  for (let i = 0; i < count; i++) out.push(inputs[(i * 7 + door * 13) % inputs.length] as BadInput);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs

async function generateInputs(
  bombUrl: string,
): Promise<{ inputs: BadInput[]; statusBomb: { credential: string; list: string; listUrl: string } }> {
  const files = await generateOutcomes();
  const keys = await testKeys();
  const text = (name: string) =>
    typeof files.get(name) === "string" ? (files.get(name) as string) : JSON.stringify(files.get(name), null, 2);
  const bases: Array<[string, Json]> = [
    "valid-eddsa-rdfc-2022.json",
    "clr-valid.json",
    "vp-valid.json",
    "valid-vc1.json",
    "ob2-assertion.json",
  ].map((name) => [name, files.get(name) as Json]);
  const inputs: BadInput[] = [];
  const add = (kind: string, name: string, value: string | Uint8Array) =>
    inputs.push(typeof value === "string" ? { kind, name, text: value } : { kind, name, bytes: value });

  // Truncated JSON and JWTs at many offsets.
  for (const name of [
    "valid-eddsa-rdfc-2022.json",
    "clr-valid.json",
    "vp-valid.json",
    "jwt-vc2-es256-did-jwk.jwt",
    "enveloped-vc2-jwt.json",
  ]) {
    const whole = text(name);
    const step = Math.max(1, Math.floor(whole.length / 150));
    for (let at = 0; at < whole.length; at += step) add("truncated", `${name} cut at ${at}`, whole.slice(0, at));
  }

  // Deep nesting: bare, and inside a credential's fields.
  const valid = JSON.stringify(files.get("valid-eddsa-rdfc-2022.json"));
  for (const depth of [1_000, 10_000, 100_000]) {
    add("deep", `array nested ${depth}`, `${"[".repeat(depth)}${"]".repeat(depth)}`);
    add("deep", `object nested ${depth}`, `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`);
    add("deep", `unclosed nesting ${depth}`, "[".repeat(depth));
    for (const field of ['"name":', '"credentialSubject":', '"@context":', '"proof":']) {
      const at = valid.indexOf(field) + field.length;
      const end = valid.indexOf(",", at);
      add(
        "deep",
        `${field} nested ${depth}`,
        `${valid.slice(0, at)}${'{"a":'.repeat(depth)}1${"}".repeat(depth)}${valid.slice(end)}`,
      );
      add(
        "deep",
        `${field} array nested ${depth}`,
        `${valid.slice(0, at)}${"[".repeat(depth)}${"]".repeat(depth)}${valid.slice(end)}`,
      );
    }
  }

  // Huge strings and arrays, within and beyond the 1 MB cap.
  for (const size of [100_000, 900_000, 1_100_000, 3_000_000]) {
    const big = structuredClone(files.get("valid-eddsa-rdfc-2022.json")) as Record<string, any>;
    big.name = "x".repeat(size);
    add("huge", `name of ${size} characters`, JSON.stringify(big));
    const many = structuredClone(files.get("valid-eddsa-rdfc-2022.json")) as Record<string, any>;
    many.credentialSubject.achievement.alignment = Array.from({ length: Math.floor(size / 120) }, (_, i) => ({
      type: ["Alignment"],
      targetName: `Skill ${i}`,
      targetUrl: `https://example.org/s/${i}`,
    }));
    add("huge", `${Math.floor(size / 120)} alignments`, JSON.stringify(many));
    add("huge", `array of ${Math.floor(size / 2)} numbers`, `[${"0,".repeat(Math.floor(size / 2) - 1)}0]`);
    add(
      "huge",
      `type array of ${Math.floor(size / 25)} entries`,
      JSON.stringify({
        ...(files.get("valid-vc1.json") as object),
        type: Array.from({ length: Math.floor(size / 25) }, (_, i) => `VerifiableCredential${i}`),
      }),
    );
    add("huge", `jwt of ${size} characters`, `eyJhbGciOiJFZERTQSJ9.${"A".repeat(size)}.${"B".repeat(86)}`);
  }

  // A wrong type in every field of each base.
  const wrong: Json[] = [null, 0, -1, 1e308, true, "", [], {}, "💥\u0000\ud800", [[[]]]];
  for (const [name, base] of bases) {
    walk(base, [], (_value, at) => {
      if (at.length === 0) return;
      for (const replacement of wrong) {
        const copy = structuredClone(base);
        setAt(copy, at, structuredClone(replacement));
        add("wrong-type", `${name}: ${at.join(".")} = ${JSON.stringify(replacement)}`, JSON.stringify(copy));
      }
    });
  }

  // Hostile JSON-LD contexts and @ids.
  const hostileContexts: Json[] = [
    "https://evil.example/context.json",
    "http://169.254.169.254/latest/meta-data/",
    "http://127.0.0.1:1/context",
    "file:///etc/passwd",
    "javascript:alert(1)",
    "data:application/json,{}",
    "ftp://example.org/ctx",
    `https://example.org/${"a".repeat(200_000)}`,
    { "@import": "https://evil.example/import.json" },
    { "@vocab": "https://evil.example/vocab#" },
    { name: "@id" },
    { name: { "@id": "https://schema.org/description" } },
    { "@protected": true, type: "@id" },
    { credentialSubject: { "@id": "https://evil.example/subject", "@type": "@json" } },
    { "@version": 1.1, "@propagate": false, "@base": "javascript:alert(1)//" },
    { issuer: { "@id": "https://www.w3.org/2018/credentials#issuer", "@type": "@vocab" } },
    { "@context": { "@context": { "@context": "https://evil.example/deeper" } } },
    Array.from({ length: 10_000 }, () => "https://www.w3.org/ns/credentials/v2"),
    [],
    [{}],
    [null],
  ];
  for (const [name, base] of bases) {
    for (const context of hostileContexts) {
      const replaced = structuredClone(base) as Record<string, Json>;
      replaced["@context"] = context;
      add("hostile-context", `${name}: @context = ${JSON.stringify(context).slice(0, 60)}`, JSON.stringify(replaced));
      const appended = structuredClone(base) as Record<string, Json>;
      appended["@context"] = [
        ...(Array.isArray(base && (base as any)["@context"]) ? ((base as any)["@context"] as Json[]) : []),
        context,
      ];
      add("hostile-context", `${name}: @context + ${JSON.stringify(context).slice(0, 60)}`, JSON.stringify(appended));
    }
    const ids = [
      "javascript:alert(1)",
      "file:///etc/passwd",
      "http://169.254.169.254/latest/meta-data/iam",
      `https://x.example/${"i".repeat(200_000)}`,
      "\u0000",
      "../../../etc/passwd",
      "did:web:127.0.0.1%3A22",
      "did:web:169.254.169.254",
      "did:key:z",
      `did:key:z${"1".repeat(5_000)}`,
    ];
    for (const id of ids) {
      for (const at of [
        ["id"],
        ["issuer", "id"],
        ["issuer"],
        ["credentialSubject", "id"],
        ["credentialSubject", "achievement", "id"],
        ["proof", "verificationMethod"],
        ["credentialStatus", "statusListCredential"],
        ["holder"],
      ]) {
        const copy = structuredClone(base);
        setAt(copy, at, id);
        add("hostile-id", `${name}: ${at.join(".")} = ${id.slice(0, 40)}`, JSON.stringify(copy));
      }
    }
  }

  // Zip bombs in baked PNGs: one chunk inflating to 200 MB, and many chunks.
  const deflated = await compressZeros(200_000_000, () => createDeflate({ level: 9 }));
  const itxtBomb = png([
    chunk(
      "iTXt",
      Buffer.concat([Buffer.from("openbadgecredential\0"), Buffer.from([1, 0]), Buffer.from("\0\0"), deflated]),
    ),
  ]);
  const ztxtBomb = png([chunk("zTXt", Buffer.concat([Buffer.from("openbadges\0"), Buffer.from([0]), deflated]))]);
  const smallBomb = deflateSync(Buffer.alloc(20_000_000));
  const manyBombs = png(
    Array.from({ length: 40 }, () =>
      chunk(
        "iTXt",
        Buffer.concat([Buffer.from("openbadgecredential\0"), Buffer.from([1, 0]), Buffer.from("\0\0"), smallBomb]),
      ),
    ),
  );
  for (const [label, image] of [
    ["iTXt bomb (200 MB)", itxtBomb],
    ["zTXt bomb (200 MB)", ztxtBomb],
    ["40 iTXt bombs of 20 MB", manyBombs],
  ] as const) {
    add("zip-bomb", `${label}.png`, image);
    add("zip-bomb", `${label} truncated.png`, image.subarray(0, Math.floor(image.length / 2)));
    add("zip-bomb", `${label} as text`, image.toString("latin1"));
  }
  add(
    "zip-bomb",
    "png with a lying chunk length.png",
    Buffer.concat([png([]).subarray(0, 8), Buffer.from([0x7f, 0xff, 0xff, 0xff]), Buffer.from("iTXt")]),
  );

  // A correctly signed credential whose status list is a GZIP bomb (256 MB of zeros, itself validly signed).
  const listUrl = `${bombUrl}/status/bomb`;
  const list = await signCredential(keys.issuer, {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    id: listUrl,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: keys.issuer.did,
    validFrom: "2025-01-01T00:00:00Z",
    credentialSubject: {
      id: `${listUrl}#list`,
      type: "BitstringStatusList",
      statusPurpose: "revocation",
      encodedList: `u${(await compressZeros(256_000_000, () => createGzip({ level: 9 }))).toString("base64url")}`,
    },
  });
  const withBombStatus = structuredClone(files.get("valid-vc1.json")) as Record<string, any>;
  delete withBombStatus.proof;
  withBombStatus["@context"] = ["https://www.w3.org/ns/credentials/v2"];
  withBombStatus.validFrom = withBombStatus.issuanceDate;
  delete withBombStatus.issuanceDate;
  withBombStatus.id = "urn:uuid:66666666-6666-4666-8666-666666666666";
  withBombStatus.credentialStatus = {
    id: `${listUrl}#7`,
    type: "BitstringStatusListEntry",
    statusPurpose: "revocation",
    statusListIndex: "7",
    statusListCredential: listUrl,
  };
  const credential = JSON.stringify(await signCredential(keys.issuer, withBombStatus));
  add("status-bomb", "credential whose status list is a gzip bomb", credential);
  return { inputs, statusBomb: { credential, list: JSON.stringify(list), listUrl } };
}

/** `bytes` zeros compressed, streamed through a 1 MB block so the generator never holds them all. */
async function compressZeros(bytes: number, create: () => Transform): Promise<Buffer> {
  const stream = create();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  const block = Buffer.alloc(1 << 20);
  for (let written = 0; written < bytes; written += block.length) {
    if (!stream.write(block)) await once(stream, "drain");
  }
  stream.end();
  await once(stream, "end");
  return Buffer.concat(chunks);
}

function walk(value: Json, at: Array<string | number>, visit: (value: Json, at: Array<string | number>) => void): void {
  visit(value, at);
  if (Array.isArray(value)) value.forEach((item, i) => walk(item, [...at, i], visit));
  else if (value !== null && typeof value === "object")
    for (const [key, item] of Object.entries(value)) walk(item, [...at, key], visit);
}

function setAt(document: Json, at: Array<string | number>, value: Json): void {
  let node: any = document;
  for (const step of at.slice(0, -1)) {
    if (node[step] === null || typeof node[step] !== "object") node[step] = {};
    node = node[step];
  }
  node[at[at.length - 1] as string | number] = value;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

function png(chunks: Buffer[]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8;
  header[9] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    ...chunks,
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------------------------
// Doors

function newFigures(): DoorFigures {
  return {
    inputs: 0,
    requests: 0,
    fiveXx: 0,
    timeouts: 0,
    unclear: 0,
    accepted: 0,
    latencies: [],
    problems: [],
    slowest: [],
  };
}

function clear(text: unknown): boolean {
  return typeof text === "string" && text.trim().length > 0 && !STACK_TRACE.test(text);
}

/** A verification report says why when it is not "verified": some failed or indeterminate check with a sentence. */
function reportIsClear(report: any): boolean {
  if (!report || typeof report !== "object" || !Array.isArray(report.checks)) return false;
  if (!report.checks.every((c: any) => clear(c.message))) return false;
  return (
    report.verdict === "verified" ||
    report.checks.some((c: any) => (c.outcome === "fail" || c.outcome === "indeterminate") && clear(c.message))
  );
}

async function cliDoor(
  inputs: BadInput[],
  statusBomb: { list: string; listUrl: string },
  work: string,
): Promise<DoorFigures & { maxRssKb: number }> {
  const { verifyCommand } = await import("#app/cli/commands/verify");
  const figures = { ...newFigures(), maxRssKb: 0 };
  const dir = path.join(work, "cli");
  rmSync(dir, { recursive: true, force: true });
  const { mkdirSync } = await import("node:fs");
  mkdirSync(dir, { recursive: true });
  const listFile = path.join(dir, "bomb-list.json");
  writeFileSync(listFile, statusBomb.list);
  const pins = ["--pin", `${statusBomb.listUrl}=${listFile}`];
  const names = new Map<BadInput, string>();
  inputs.forEach((input, i) => {
    if (names.has(input)) return;
    const file = path.join(dir, `input-${i}`);
    writeFileSync(file, input.bytes ?? input.text ?? "");
    names.set(input, file);
  });
  const sampler = setInterval(
    () => (figures.maxRssKb = Math.max(figures.maxRssKb, process.memoryUsage().rss / 1024)),
    200,
  );
  const log = console.log;
  try {
    for (const input of inputs) {
      const lines: string[] = [];
      console.log = (line: string) => lines.push(line);
      const began = performance.now();
      let code: number;
      try {
        code = await verifyCommand(["--json", "--now", "2026-01-01T00:00:00Z", ...pins, names.get(input) as string]);
      } catch (error) {
        code = -1;
        lines.push(`threw: ${error instanceof Error ? error.stack : String(error)}`);
      } finally {
        console.log = log;
      }
      const took = performance.now() - began;
      figures.latencies.push(took);
      figures.slowest.push([took, `${input.kind}: ${input.name.slice(0, 80)}`]);
      if (figures.slowest.length > 20) figures.slowest.sort((a, b) => b[0] - a[0]).pop();
      figures.inputs++;
      figures.requests++;
      if (took > REQUEST_TIMEOUT_MS) {
        figures.timeouts++;
        figures.problems.push(`${input.kind}: ${input.name}: took ${took.toFixed(0)} ms`);
      }
      let report: any = null;
      try {
        report = JSON.parse(lines[0] ?? "");
      } catch {
        /* reported below */
      }
      if (code === 0) figures.accepted++;
      if ((code !== 0 && code !== 1) || lines.length !== 1 || !reportIsClear(report)) {
        figures.unclear++;
        figures.problems.push(`${input.kind}: ${input.name}: exit ${code}, ${lines.join(" ").slice(0, 300)}`);
      }
    }
  } finally {
    clearInterval(sampler);
    console.log = log;
  }

  // One subprocess run of a sample, as an operator runs it: exit code 0 or 1, one JSON line per file.
  const sample = [...names.values()].filter((_, i) => i % Math.max(1, Math.floor(names.size / 20)) === 0).slice(0, 20);
  const began = performance.now();
  const result = await runProcess(
    process.execPath,
    ["--import", "tsx", "app/cli/attest.ts", "verify", "--json", ...pins, ...sample],
    { timeoutMs: 120_000 },
  );
  figures.requests++;
  process.stderr.write(
    `cli subprocess: ${sample.length} files in ${(performance.now() - began).toFixed(0)} ms, exit ${result.code}\n`,
  );
  const lines = result.stdout.split("\n").filter(Boolean);
  if (result.timedOut) figures.timeouts++;
  if (
    (result.code !== 0 && result.code !== 1) ||
    lines.length !== sample.length ||
    !lines.every((line) => reportIsClear(JSON.parse(line)))
  ) {
    figures.unclear++;
    figures.problems.push(
      `subprocess: exit ${result.code}, ${lines.length}/${sample.length} lines; ${result.stderr.slice(0, 300)}`,
    );
  }
  return figures;
}

async function apiDoor(
  server: AttestServer,
  apiKey: string,
  inputs: BadInput[],
  statusBomb: { credential: string },
): Promise<DoorFigures> {
  const figures = newFigures();
  const candidate = (i: number) => ({ name: `Stress ${i}`, email: `stress-api-${i % 50}@example.test` });
  const headers = { authorization: `Bearer ${apiKey}`, "content-type": "application/json" };
  const batches: BadInput[][] = [];
  let batch: BadInput[] = [];
  for (const input of inputs) {
    const size = (input.text ?? "").length + (input.bytes?.length ?? 0);
    if (size > 90_000) batches.push([input]);
    else {
      batch.push(input);
      if (batch.length === 10) {
        batches.push(batch);
        batch = [];
      }
    }
  }
  if (batch.length) batches.push(batch);
  const jobs: Array<() => Promise<void>> = batches.map((items, i) => async () => {
    const body = JSON.stringify({
      candidate: candidate(i),
      consent: true,
      items: items.map((item, j) => ({
        text: item.text ?? Buffer.from(item.bytes ?? []).toString("latin1"),
        name: `item ${j + 1}`,
      })),
    });
    const response = await request(
      `${server.origin}/api/submissions`,
      { method: "POST", headers, body },
      figures,
      items.map((item) => `${item.kind}: ${item.name.slice(0, 60)}`).join(" | "),
    );
    figures.inputs += items.length;
    if (response === null) return;
    const parsed = safeJson(response.body);
    if (response.status >= 400 && response.status < 500 && !Array.isArray(parsed?.results)) {
      if (!clear(parsed?.message))
        complain(figures, items, `${response.status} without a clear message: ${response.body.slice(0, 200)}`);
      return;
    }
    // 200, or 422 when every item was refused: one outcome line per item.
    // At least one line per item (an array of credentials yields a line per entry).
    const results = parsed?.results;
    if (!Array.isArray(results) || results.length < items.length)
      return complain(figures, items, `${response.status}: ${response.body.slice(0, 200)}`);
    for (const result of results) {
      // "duplicate": the candidate already has this credential (same bytes, or same id and issuer); nothing is stored.
      if (result.outcome === "imported") figures.accepted++;
      else if (result.outcome !== "duplicate" && !clear(result.reason))
        complain(
          figures,
          items,
          `outcome ${result.outcome} without a clear reason: ${JSON.stringify(result).slice(0, 200)}`,
        );
    }
  });
  // Whole bodies that are themselves broken: truncated, deeply nested, too large, the wrong shape.
  const raw: Array<[string, string]> = [
    [
      "truncated body",
      JSON.stringify({ candidate: candidate(0), consent: true, items: [{ text: statusBomb.credential }] }).slice(
        0,
        500,
      ),
    ],
    ["body nested 100000 deep", `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`],
    ["body array nested 100000 deep", `${"[".repeat(100_000)}${"]".repeat(100_000)}`],
    [
      "body over the 1 MB cap",
      JSON.stringify({ candidate: candidate(0), consent: true, items: [{ text: "x".repeat(1_500_000) }] }),
    ],
    [
      "51 items",
      JSON.stringify({
        candidate: candidate(0),
        consent: true,
        items: Array.from({ length: 51 }, () => ({ text: "{}" })),
      }),
    ],
    ["items not an array", JSON.stringify({ candidate: candidate(0), consent: true, items: { text: "{}" } })],
    ["no consent", JSON.stringify({ candidate: candidate(0), items: [{ text: "{}" }] })],
    ["empty body", ""],
    ["a number", "42"],
    [
      "an item url that is no URL",
      JSON.stringify({ candidate: candidate(0), consent: true, items: [{ url: "javascript:alert(1)" }] }),
    ],
    [
      "an item url on the metadata address",
      JSON.stringify({
        candidate: candidate(0),
        consent: true,
        items: [{ url: "http://169.254.169.254/latest/meta-data/" }],
      }),
    ],
  ];
  for (const [label, body] of raw) {
    jobs.push(async () => {
      figures.inputs++;
      const response = await request(
        `${server.origin}/api/submissions`,
        { method: "POST", headers, body },
        figures,
        `raw body: ${label}`,
      );
      if (response === null) return;
      const parsed = safeJson(response.body);
      const message =
        parsed?.message ??
        (Array.isArray(parsed?.results) ? parsed.results.map((r: any) => r.reason).join(" ") : undefined);
      if (!(response.status >= 400 && response.status < 500) || !clear(message))
        complain(figures, [{ kind: "raw-body", name: label }], `${response.status}: ${response.body.slice(0, 200)}`);
    });
  }
  await runPool(jobs, CONCURRENCY);
  return figures;
}

async function formDoor(server: AttestServer, invitationPaths: string[], inputs: BadInput[]): Promise<DoorFigures> {
  const figures = newFigures();
  const jobs = inputs.map((input, i) => async () => {
    const form = new FormData();
    form.set("name", `Stress ${i}`);
    form.set("email", `stress-form-${i % 40}@example.test`);
    form.set("consent", "on");
    const size = (input.text ?? "").length + (input.bytes?.length ?? 0);
    if (input.bytes || i % 2 === 0)
      form.set(
        "file",
        new Blob([input.bytes ? new Uint8Array(input.bytes) : (input.text ?? "")]),
        input.name.slice(0, 80),
      );
    else form.set("credential", input.text ?? "");
    // Each request from its own loopback address: the form allows 20 submissions per address an hour.
    const invitation = invitationPaths[Math.floor(i / 400) % invitationPaths.length] as string;
    const useData = i % 10 !== 0; // Every tenth as a browser without JavaScript posts it: an HTML page back.
    const url = `${server.origin}${invitation}${useData ? `?_data=${encodeURIComponent("routes/submit.$token")}` : ""}`;
    const response = await request(
      url,
      { method: "POST", body: form, localAddress: `127.0.0.${2 + (i % 250)}` },
      figures,
      `${input.kind}: ${input.name.slice(0, 80)}`,
    );
    figures.inputs++;
    if (response === null) return;
    if (!useData) {
      if (response.status >= 500 || !/<html/i.test(response.body) || STACK_TRACE.test(response.body))
        complain(figures, [input], `HTML answer ${response.status}`);
      return;
    }
    const data = safeJson(response.body);
    if (response.status === 429)
      return void (clear(data?.limited) || complain(figures, [input], `429 without a sentence`));
    const receipt = data?.receipt;
    if (Array.isArray(receipt) && receipt.length > 0) {
      for (const item of receipt) {
        if (item.credentialId && item.tone === "ok") figures.accepted++;
        else if (
          !clear(item.headline) ||
          !(item.reasons ?? []).every(clear) ||
          (item.tone === "bad" && (item.reasons ?? []).length === 0)
        )
          complain(figures, [input], `receipt item without a clear reason: ${JSON.stringify(item).slice(0, 200)}`);
      }
      return;
    }
    const errors = Object.values(data?.fieldErrors ?? {});
    if (!(response.status >= 400 && response.status < 500) || errors.length === 0 || !errors.every(clear)) {
      complain(figures, [input], `${response.status} (${size} bytes in): ${response.body.slice(0, 200)}`);
    }
  });
  await runPool(jobs, CONCURRENCY);
  return figures;
}

function complain(figures: DoorFigures, inputs: Array<Pick<BadInput, "kind" | "name">>, problem: string): void {
  figures.unclear += inputs.length;
  for (const input of inputs) figures.problems.push(`${input.kind}: ${input.name.slice(0, 100)}: ${problem}`);
}

function safeJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** One HTTP request with the per-request timeout; counts 5xx and timeouts. Null when there is no usable answer. */
async function request(
  url: string,
  init: { method: string; headers?: Record<string, string>; body: string | FormData; localAddress?: string },
  figures: DoorFigures,
  label = "",
): Promise<{ status: number; body: string } | null> {
  figures.requests++;
  const noteSlow = (took: number) => {
    figures.slowest.push([took, label]);
    if (figures.slowest.length > 20) figures.slowest.sort((a, b) => b[0] - a[0]).pop();
  };
  const began = performance.now();
  let body: Buffer;
  let headers = { ...(init.headers ?? {}) };
  if (typeof init.body === "string") body = Buffer.from(init.body);
  else {
    const encoded = new Response(init.body);
    headers = { ...headers, "content-type": encoded.headers.get("content-type") as string };
    body = Buffer.from(await encoded.arrayBuffer());
  }
  try {
    const response = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      // A connection per request (agent: false): reusing kept-alive sockets races the server closing idle ones,
      // and that ECONNRESET would be the client's doing, not the server's.
      const req = http.request(
        url,
        {
          method: init.method,
          headers: { ...headers, "content-length": String(body.length) },
          localAddress: init.localAddress,
          timeout: REQUEST_TIMEOUT_MS,
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", reject);
        },
      );
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", reject);
      req.end(body);
    });
    figures.latencies.push(performance.now() - began);
    noteSlow(performance.now() - began);
    if (response.status >= 500) {
      figures.fiveXx++;
      figures.problems.push(
        `${response.status} from ${url.replace(/\?.*/, "")} (${label}): ${response.body.slice(0, 200)}`,
      );
    }
    return response;
  } catch (error) {
    figures.latencies.push(performance.now() - began);
    const message = error instanceof Error ? error.message : String(error);
    if (message === "timeout") figures.timeouts++;
    else figures.fiveXx++; // the connection broke: the server crashed or dropped the request
    figures.problems.push(`${message} from ${url.replace(/\?.*/, "")} (${label})`);
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The status list's server

/** Serves the status-list bomb (set once the list is signed) on a loopback port. */
async function startBombServer(): Promise<{ url: string; hostPort: string; close: () => Promise<void> }> {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    const body = bombBody.value;
    if (req.url === "/status/bomb" && body) {
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
      res.end(body);
    } else {
      res.writeHead(404, { "content-type": "application/json" });
      res.end("{}");
    }
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    hostPort: `127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
const bombBody: { value: string | null } = { value: null };
