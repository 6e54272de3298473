/** A worker thread of `attest verify`: verifies its share of the files and posts each report as it is ready. */
import { parentPort, workerData } from "node:worker_threads";
import { createFileVerifier, FILES_IN_FLIGHT, inOrder, type VerifyJob, type VerifyResult } from "./verify-files";

const job = workerData as VerifyJob;
const verifyFile = createFileVerifier(new Map(job.pins), new Date(job.now));
await inOrder(job.files, FILES_IN_FLIGHT, verifyFile, (report, index) =>
  parentPort?.postMessage({ index, report } satisfies VerifyResult),
);
