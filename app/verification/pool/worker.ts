/**
 * A thread of the verification pool: verifies one document at a time with the same verifier as the main thread
 * (createVerifier: local contexts, the safe fetcher from the environment, LER-RS résumés), so that a costly
 * document holds this thread and not the server's event loop.
 */
import { readlinkSync } from "node:fs";
import { parentPort } from "node:worker_threads";
import { createSafeFetch, safeFetchOptionsFromEnv } from "#app/ingest/safe-fetch.server";
import { createTrustRegistry, type TrustRegistry } from "../trust-registry";
import { createVerifier } from "../verifier.server";
import type { PoolReply, PoolTask } from "./protocol";

const port = parentPort;
if (!port) throw new Error("pool/worker.ts runs as a worker thread of the verification pool.");

// One task at a time (the pool sends the next only after this one's reply), so the clock and the registry of the
// task in hand can live here, and the verifier (with its document loader and signature cache) lives as long as
// the thread.
let taskNow = new Date();
let registry: { version: number; value: TrustRegistry | undefined } = { version: -1, value: undefined };
const safeFetch = createSafeFetch({
  ...safeFetchOptionsFromEnv(process.env),
  log: (entry) => console.log(`${new Date().toISOString()} fetch refused: ${JSON.stringify(entry)}`),
});
const verify = createVerifier(() => taskNow, {
  safeFetch,
  trustRegistry: async () => registry.value as TrustRegistry,
});

port.on("message", async (task: PoolTask) => {
  taskNow = new Date(task.now);
  if (task.registry) {
    registry = {
      version: task.registry.version,
      value: task.registry.issuers ? createTrustRegistry(task.registry.issuers) : undefined,
    };
  }
  let reply: PoolReply;
  try {
    reply = { kind: "done", id: task.id, report: await verify(task.document, task.context) };
  } catch (error) {
    reply = {
      kind: "error",
      id: task.id,
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
  port.postMessage(reply);
});

port.postMessage({ kind: "ready", tid: osThreadId() } satisfies PoolReply);

/** This thread's id in the operating system (Linux: /proc/thread-self → "<pid>/task/<tid>"), or null elsewhere. */
function osThreadId(): number | null {
  try {
    const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
    return Number.isSafeInteger(tid) ? tid : null;
  } catch {
    return null;
  }
}
