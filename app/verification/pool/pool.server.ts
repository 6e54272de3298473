/**
 * Verification off the event loop (docs/decisions/023-verification-off-the-event-loop.md): a pool of worker
 * threads, one per core by default, each verifying one document at a time, with a budget of computing time per
 * document. A document over budget has its thread ended (a JSON-LD computation cannot be interrupted any other
 * way) and is reported as "could not check" with a sentence; a thread that ends for any reason is replaced.
 */
import { readFile } from "node:fs/promises";
import { Worker } from "node:worker_threads";
import type { EventLoopUtilization } from "node:perf_hooks";
import type { VerifierReport } from "../report";
import type { RegistryIssuer } from "../trust-registry";
import type { VerifyContext, VerifyDocument } from "../verifier.server";
import { stoppedReport } from "../pipelines/shared.server";
import type { PoolReply, PoolTask } from "./protocol";

export interface VerifierPoolOptions {
  /** Worker threads (at least 1). */
  threads: number;
  /** Computing time one document may take, in milliseconds of its thread's CPU time. */
  budgetMs: number;
  now: () => Date;
  /** The trust registry's issuers as they are now (read in the main thread, from the database); absent: none. */
  trustedIssuers?: () => Promise<RegistryIssuer[]>;
  /** Heap limit of each thread: a document that needs more ends its thread and "could not be checked". */
  maxHeapMb?: number;
  /** The environment the threads read (the safe fetcher's allow-list, ATTEST_FETCH_ALLOW_HOSTS); default this process's. */
  env?: NodeJS.ProcessEnv;
  log?: (message: string) => void;
}

export interface VerifierPool {
  verify: VerifyDocument;
  /** The worker threads as they are now (a replaced thread is a new Worker). */
  readonly workers: readonly Worker[];
  close(): Promise<void>;
}

/** The budget and thread count from the environment: ATTEST_VERIFY_BUDGET_MS, ATTEST_VERIFY_THREADS (0: no pool). */
export function verifierPoolOptionsFromEnv(
  env: NodeJS.ProcessEnv,
  cores: number,
): { budgetMs: number; threads: number } {
  const whole = (name: string, fallback: number, min: number) => {
    const value = env[name];
    if (value === undefined || value.trim() === "") return fallback;
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min)
      throw new Error(`${name}="${value}" must be a whole number, at least ${min}.`);
    return n;
  };
  return {
    budgetMs: whole("ATTEST_VERIFY_BUDGET_MS", DEFAULT_BUDGET_MS, 1),
    threads: whole("ATTEST_VERIFY_THREADS", Math.max(1, cores), 0),
  };
}

/** A real credential takes tens of milliseconds; thousands of alignments take seconds (issue 12). */
export const DEFAULT_BUDGET_MS = 5_000;

interface Pending {
  task: Omit<PoolTask, "registry">;
  resolve: (report: VerifierReport) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  tid: number | null;
  /** The trust registry version this thread holds. */
  registryVersion: number;
  busy:
    | (Pending & {
        started: { cpuMs: number | null; elu: EventLoopUtilization };
        timer: NodeJS.Timeout;
        stopping?: boolean;
      })
    | null;
}

const ENTRY = new URL("./worker-entry.mjs", import.meta.url);

export function createVerifierPool(options: VerifierPoolOptions): VerifierPool {
  const threads = Math.max(1, Math.floor(options.threads));
  const log = options.log ?? (() => {});
  const queue: Pending[] = [];
  const slots: Slot[] = [];
  let nextId = 1;
  let closed = false;
  // The registry's issuers are sent to a thread only when they changed since it last saw them.
  let registry: { issuers: RegistryIssuer[] | null; version: number } = { issuers: null, version: 0 };

  const start = (): Slot => {
    const worker = new Worker(ENTRY, {
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 512 },
      ...(options.env ? { env: { ...options.env } } : {}),
    });
    const slot: Slot = { worker, ready: false, tid: null, registryVersion: -1, busy: null };
    worker.unref();
    worker.on("message", (reply: PoolReply) => {
      if (reply.kind === "ready") {
        slot.ready = true;
        slot.tid = reply.tid;
        dispatch();
        return;
      }
      const busy = slot.busy;
      if (!busy || busy.task.id !== reply.id) return;
      finish(slot);
      if (reply.kind === "done") busy.resolve(reply.report);
      else busy.reject(new Error(`Verification failed in a worker thread: ${reply.message}`));
      dispatch();
    });
    worker.on("error", (error) => log(`verification thread failed: ${error.message}`));
    worker.on("exit", (code) => {
      const busy = slot.busy;
      if (busy) {
        finish(slot);
        busy.resolve(
          busy.stopping
            ? overBudget(busy.task)
            : stopped(
                busy.task,
                "thread-stopped",
                "Attest could not check this document: the process checking it stopped unexpectedly (it may need more memory than a credential should).",
              ),
        );
      }
      const at = slots.indexOf(slot);
      if (at >= 0) slots.splice(at, 1);
      if (closed) return;
      if (!slot.ready) {
        // A thread that cannot even load the verifier will not do better at once: when no thread is up, what waits
        // is refused (an error, a 500, not a report), and another thread is tried a second later.
        log(`a verification thread could not start (code ${code}); trying again in 1 s`);
        if (!slots.some((other) => other.ready))
          for (const pending of queue.splice(0)) pending.reject(new Error("The verification threads could not start."));
        setTimeout(() => closed || (slots.push(start()), dispatch()), 1_000).unref();
        return;
      }
      if (!busy?.stopping) log(`verification thread ended (code ${code}); starting another`);
      slots.push(start());
    });
    return slot;
  };

  const finish = (slot: Slot) => {
    if (slot.busy) clearInterval(slot.busy.timer);
    slot.busy = null;
    slot.worker.unref();
  };

  const stopped = (task: Pending["task"], code: string, reason: string) =>
    stoppedReport({ input: task.context.input, credentials: [], checkedAt: task.now }, code, reason);
  const overBudget = (task: Pending["task"]) =>
    stopped(
      task,
      "over-budget",
      `Attest stopped checking this document after ${seconds(options.budgetMs)} of computing time, so it could not be checked; real credentials take a fraction of that (this one may hold thousands of entries).`,
    );

  const dispatch = () => {
    for (const slot of slots) {
      if (!slot.ready || slot.busy || queue.length === 0) continue;
      const pending = queue.shift() as Pending;
      const task: PoolTask = { ...pending.task };
      if (slot.registryVersion !== registry.version) {
        task.registry = { version: registry.version, issuers: registry.issuers };
        slot.registryVersion = registry.version;
      }
      const started = { cpuMs: null as number | null, elu: slot.worker.performance.eventLoopUtilization() };
      const timer = setInterval(() => void checkBudget(slot), Math.max(10, Math.min(250, options.budgetMs / 4)));
      slot.busy = { ...pending, started, timer };
      slot.worker.ref();
      slot.worker.postMessage(task);
      void threadCpuMs(slot.tid).then((ms) => {
        if (slot.busy?.task.id === task.id) slot.busy.started.cpuMs = ms;
      });
    }
  };

  // The thread's CPU time where the system shows it (Linux), else the time its event loop was busy: waiting for a
  // status list or a key over the network is not spent computing and does not count.
  const checkBudget = async (slot: Slot) => {
    const busy = slot.busy;
    if (!busy || busy.stopping) return;
    const cpu = busy.started.cpuMs === null ? null : await threadCpuMs(slot.tid);
    if (slot.busy !== busy) return;
    const used =
      cpu !== null && busy.started.cpuMs !== null
        ? cpu - busy.started.cpuMs
        : slot.worker.performance.eventLoopUtilization(busy.started.elu).active;
    if (used < options.budgetMs) return;
    busy.stopping = true;
    log(
      `verification of ${busy.task.context.input} went over its budget (${seconds(options.budgetMs)}); its thread is replaced`,
    );
    void slot.worker.terminate();
  };

  // Threads start with the first document, so a process that never verifies (most CLI commands) starts none.
  let started = false;
  const verify: VerifyDocument = async (document: unknown, context: VerifyContext) => {
    if (closed) throw new Error("The verification pool is closed.");
    if (!started) {
      started = true;
      for (let i = 0; i < threads; i++) slots.push(start());
    }
    if (options.trustedIssuers) {
      const issuers = await options.trustedIssuers();
      if (issuers !== registry.issuers) registry = { issuers, version: registry.version + 1 };
    }
    return new Promise<VerifierReport>((resolve, reject) => {
      queue.push({ task: { id: nextId++, document, context, now: options.now().toISOString() }, resolve, reject });
      dispatch();
    });
  };

  return {
    verify,
    get workers() {
      return slots.map((s) => s.worker);
    },
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.reject(new Error("The verification pool was closed."));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} second${ms === 1000 ? "" : "s"}` : `${(ms / 1000).toFixed(1)} seconds`;
}

/** A thread's user + system CPU time from /proc (clock ticks of 10 ms), or null where there is no /proc. */
async function threadCpuMs(tid: number | null): Promise<number | null> {
  if (tid === null) return null;
  try {
    const stat = await readFile(`/proc/self/task/${tid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces, inside parentheses): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
