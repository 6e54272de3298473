/**
 * `attest verify`'s work, shared by the command and its worker threads: verify files offline (pins answer keys,
 * DID documents, status lists and hosted badges; nothing else is fetched), several at a time, in order.
 */
import { readFile, stat } from "node:fs/promises";
import { MAX_SUBMITTED_BYTES } from "#app/ingest/resolvers/submitted-text";
import { createDocumentLoader, lookUpPin } from "#app/verification/document-loader.server";
import { reportTooLarge, verifyCredential } from "#app/verification/verify.server";
import type { VerificationReport } from "#app/verification/report";
import { withSkills } from "#app/skills/report-skills";

/** Files in flight at once in one thread: reading, key and context work interleave. */
export const FILES_IN_FLIGHT = 16;

/** Run `work` on every item, at most `concurrency` at a time, and hand each result to `emit` in the items' order. */
export async function inOrder<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
  emit: (result: R, index: number) => void,
): Promise<void> {
  const done = new Map<number, R>();
  let next = 0;
  let emitted = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      done.set(index, await work(items[index] as T));
      while (done.has(emitted)) {
        const result = done.get(emitted) as R;
        done.delete(emitted);
        emit(result, emitted++);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** A verifier of files by path, answering only from `pins`, at the clock `now`. */
export function createFileVerifier(
  pins: ReadonlyMap<string, unknown>,
  now: Date,
): (file: string) => Promise<VerificationReport> {
  // The CLI does not use the network: pins answer keys, DID documents (by DID or by did.json URL), status
  // lists and hosted Open Badges; anything else is "could not check", never fine.
  const documentLoader = createDocumentLoader({ pins: new Map(pins) });
  const fetchDocument = async (url: string) => {
    const pinned = lookUpPin(pins as Map<string, unknown>, url);
    if (pinned === undefined) throw new Error(`${url} is not pinned, and the CLI does not fetch from the network.`);
    return pinned;
  };
  const fetchHosted = async (url: string) => {
    const pinned = lookUpPin(pins as Map<string, unknown>, url);
    if (pinned === undefined) throw new Error(`${url} is not pinned, and the CLI does not fetch from the network.`);
    return { status: 200, json: pinned };
  };
  return async (file) => {
    // The same cap as a submission: read nothing larger (a 3 MB file held the CLI for 21 s).
    const bytes = await stat(file).then(
      (s) => s.size,
      () => 0,
    );
    if (bytes > MAX_SUBMITTED_BYTES) return withSkills(reportTooLarge(file, bytes, MAX_SUBMITTED_BYTES, now));
    let document: unknown;
    try {
      const text = await readFile(file, "utf8");
      // JSON, or JWT text (a VC-JWT, an SD-JWT VC); verifyCredential tells them apart and reports on anything else.
      try {
        document = JSON.parse(text);
      } catch {
        document = text;
      }
    } catch (error) {
      // An unreadable file still gets a report, so scripts see one line per FILE.
      document = { unreadable: (error as Error).message };
    }
    return withSkills(
      await verifyCredential(document, { input: file, documentLoader, now, fetchDocument, fetchHosted }),
    );
  };
}

/** What the command sends a worker thread, and what each report comes back as. */
export interface VerifyJob {
  files: string[];
  pins: Array<[string, unknown]>;
  now: string;
}
export interface VerifyResult {
  /** Index of the file in the job. */
  index: number;
  report: VerificationReport;
}
