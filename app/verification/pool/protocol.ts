/** The messages between the verification pool (pool.server.ts) and its worker threads (worker.ts). */
import type { VerifierReport } from "../report";
import type { RegistryIssuer } from "../trust-registry";
import type { VerifyContext } from "../verifier.server";

/** The main thread's request: one document, the clock, and the trust registry when the worker's copy is stale. */
export interface PoolTask {
  id: number;
  document: unknown;
  context: VerifyContext;
  now: string;
  registry?: { version: number; issuers: RegistryIssuer[] | null };
}

export type PoolReply =
  /** Sent once the worker has loaded the verifier; `tid` is its operating-system thread id (for its CPU time). */
  | { kind: "ready"; tid: number | null }
  | { kind: "done"; id: number; report: VerifierReport }
  | { kind: "error"; id: number; message: string };
