import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { VerificationReport } from "#app/verification/report";
import {
  createFileVerifier,
  FILES_IN_FLIGHT,
  inOrder,
  type VerifyJob,
  type VerifyResult,
} from "../verify/verify-files";
import { parseCommandArgs, UsageError } from "../usage";

/** Below this many files per thread, starting a worker (about a second) costs more than it saves. */
const FILES_PER_WORKER = 100;

/** `verify [--json] [--pin URL=FILE]... [--now ISO-8601] [--workers N] FILE...`: offline verification of files. */
export async function verifyCommand(args: string[]): Promise<number> {
  const options = {
    json: { type: "boolean", default: false },
    pin: { type: "string", multiple: true },
    now: { type: "string" },
    workers: { type: "string" },
  } as const;
  const { values, positionals } = parseCommandArgs(args, options);
  if (positionals.length === 0) throw new UsageError("verify needs at least one FILE.");
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now "${values.now}" is not an ISO-8601 date.`);
  const workers =
    values.workers === undefined
      ? Math.min(availableParallelism(), Math.floor(positionals.length / FILES_PER_WORKER))
      : Number(values.workers);
  if (!Number.isSafeInteger(workers) || workers < 0)
    throw new UsageError(`--workers "${values.workers}" must be a whole number.`);
  const pins = new Map<string, unknown>();
  for (const pin of values.pin ?? []) {
    const at = pin.indexOf("=");
    if (at <= 0) throw new UsageError(`--pin "${pin}" must be URL=FILE.`);
    const [url, file] = [pin.slice(0, at), pin.slice(at + 1)];
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw new UsageError(`--pin ${url}: cannot read ${file} (${(error as Error).message}).`);
    }
    // JSON documents (keys, DID documents, status list credentials), or a JWT as text (a Token Status List).
    try {
      pins.set(url, JSON.parse(text));
    } catch (error) {
      if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(text.trim())) {
        throw new UsageError(`--pin ${url}: ${file} is neither JSON nor a JWT (${(error as Error).message}).`);
      }
      pins.set(url, text.trim());
    }
  }
  let allVerified = true;
  const print = (report: VerificationReport) => {
    allVerified &&= report.verdict === "verified";
    if (values.json) {
      // Key order as documented: input, verdict, checks, credentials, skills, then the rest.
      const { input, verdict, checks, credentials, skills, ...rest } = report;
      console.log(JSON.stringify({ input, verdict, checks, credentials, skills, ...rest }));
    } else {
      printReport(report, "");
    }
  };
  if (workers > 1) await verifyInWorkers(positionals, { pins: [...pins], now: now.toISOString() }, workers, print);
  else await inOrder(positionals, FILES_IN_FLIGHT, createFileVerifier(pins, now), print);
  return allVerified ? 0 : 1;

  function printReport(report: VerificationReport, indent: string): void {
    console.log(`${indent}${report.input}: ${report.verdict}`);
    for (const check of report.checks)
      console.log(`${indent}  ${check.id.padEnd(11)} ${check.outcome.padEnd(15)} ${check.message}`);
    for (const skill of report.skills) console.log(`${indent}  skill       ${skill.key}  ${skill.label}`);
    for (const member of report.credentials) printReport(member, `${indent}    `);
  }
}

/**
 * Spread the files over `count` worker threads (one per core by default), in interleaved shares so that each gets
 * early files, and print every report in the files' order as soon as all earlier ones are out.
 */
async function verifyInWorkers(
  files: string[],
  job: Omit<VerifyJob, "files">,
  count: number,
  print: (report: VerificationReport) => void,
): Promise<void> {
  const shares = Array.from({ length: count }, (_, w) =>
    files.flatMap((file, i) => (i % count === w ? [{ file, i }] : [])),
  );
  const ready = new Map<number, VerificationReport>();
  let printed = 0;
  await Promise.all(
    shares.map(
      (share) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(new URL("../verify/worker-entry.mjs", import.meta.url), {
            workerData: { ...job, files: share.map((s) => s.file) } satisfies VerifyJob,
          });
          worker.on("message", ({ index, report }: VerifyResult) => {
            ready.set((share[index] as { i: number }).i, report);
            while (ready.has(printed)) {
              print(ready.get(printed) as VerificationReport);
              ready.delete(printed++);
            }
          });
          worker.on("error", reject);
          worker.on("exit", (code) =>
            code === 0 ? resolve() : reject(new Error(`a verification worker stopped with code ${code}`)),
          );
        }),
    ),
  );
}
