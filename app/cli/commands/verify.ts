import { readFile, stat } from "node:fs/promises";
import { MAX_SUBMITTED_BYTES } from "#app/ingest/resolvers/submitted-text";
import { createDocumentLoader, lookUpPin } from "#app/verification/document-loader.server";
import { reportTooLarge, verifyCredential } from "#app/verification/verify.server";
import { parseCommandArgs, UsageError } from "../usage";

/** `verify [--json] [--pin URL=FILE]... [--now ISO-8601] FILE...`: offline verification of files. */
export async function verifyCommand(args: string[]): Promise<number> {
  const options = { json: { type: "boolean", default: false }, pin: { type: "string", multiple: true }, now: { type: "string" } } as const;
  const { values, positionals } = parseCommandArgs(args, options);
  if (positionals.length === 0) throw new UsageError("verify needs at least one FILE.");
  const now = values.now ? new Date(values.now) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now "${values.now}" is not an ISO-8601 date.`);
  const pins = new Map<string, unknown>();
  for (const pin of values.pin ?? []) {
    const at = pin.indexOf("=");
    if (at <= 0) throw new UsageError(`--pin "${pin}" must be URL=FILE.`);
    const [url, file] = [pin.slice(0, at), pin.slice(at + 1)];
    try {
      pins.set(url, JSON.parse(await readFile(file, "utf8")));
    } catch (error) {
      throw new UsageError(`--pin ${url}: cannot read JSON from ${file} (${(error as Error).message}).`);
    }
  }
  // The CLI does not use the network: pins answer keys, DID documents (by DID or by did.json URL), status
  // lists and hosted Open Badges; anything else is "could not check", never fine.
  const documentLoader = createDocumentLoader({ pins });
  const fetchDocument = async (url: string) => {
    const pinned = lookUpPin(pins, url);
    if (pinned === undefined) throw new Error(`${url} is not pinned, and the CLI does not fetch from the network.`);
    return pinned;
  };
  const fetchHosted = async (url: string) => {
    const pinned = lookUpPin(pins, url);
    if (pinned === undefined) throw new Error(`${url} is not pinned, and the CLI does not fetch from the network.`);
    return { status: 200, json: pinned };
  };
  let allVerified = true;
  for (const file of positionals) {
    let document: unknown;
    // The same cap as a submission: read nothing larger (a 3 MB file held the CLI for 21 s).
    const bytes = await stat(file).then((s) => s.size, () => 0);
    if (bytes > MAX_SUBMITTED_BYTES) {
      const report = reportTooLarge(file, bytes, MAX_SUBMITTED_BYTES, now);
      allVerified = false;
      if (values.json) console.log(JSON.stringify(report));
      else printReport(report, "");
      continue;
    }
    try {
      const text = await readFile(file, "utf8");
      // JSON, or JWT text (a VC-JWT); verifyCredential tells them apart and reports on anything else.
      try {
        document = JSON.parse(text);
      } catch {
        document = text;
      }
    } catch (error) {
      // An unreadable file still gets a report, so scripts see one line per FILE.
      document = { unreadable: (error as Error).message };
    }
    const report = await verifyCredential(document, { input: file, documentLoader, now, fetchDocument, fetchHosted });
    allVerified &&= report.verdict === "verified";
    if (values.json) {
      // Key order as documented: input, verdict, checks, credentials, skills, then the rest.
      const { input, verdict, checks, credentials, skills, ...rest } = report;
      console.log(JSON.stringify({ input, verdict, checks, credentials, skills, ...rest }));
    } else {
      printReport(report, "");
    }
  }
  return allVerified ? 0 : 1;

  function printReport(report: Awaited<ReturnType<typeof verifyCredential>>, indent: string): void {
    console.log(`${indent}${report.input}: ${report.verdict}`);
    for (const check of report.checks) console.log(`${indent}  ${check.id.padEnd(11)} ${check.outcome.padEnd(15)} ${check.message}`);
    for (const skill of report.skills) console.log(`${indent}  skill       ${skill.key}  ${skill.label}`);
    for (const member of report.credentials) printReport(member, `${indent}    `);
  }
}
