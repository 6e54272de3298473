import { readFile } from "node:fs/promises";
import { toOutcomeLine } from "#app/ingest/outcome-line";
import { cliActor } from "#app/audit/audit.server";
import {
  recordIdentityAssertion,
  submitItems,
  type SubmissionInput,
  type SubmissionOutcome,
} from "#app/ingest/submit.server";
import { createServices } from "#app/services.server";
import { parseCandidateAddress, parseCommandArgs, UsageError } from "../usage";

/**
 * `import --candidate "Name <email>" [--json] ITEM...`: the web form's path for files and links. One line per
 * document found (a presentation or a list yields several), in order. Exit 0 when every one was imported, a
 * duplicate, or a résumé whose skills were recorded as claimed (nothing went wrong: a résumé is never verified).
 */
export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    candidate: { type: "string" },
    headline: { type: "string" },
    json: { type: "boolean", default: false },
  });
  if (!values.candidate) throw new UsageError('import needs --candidate "Name <email>".');
  const candidate = parseCandidateAddress(values.candidate);
  if (positionals.length === 0) throw new UsageError("import needs at least one ITEM (a file or a URL).");

  const services = await createServices(process.env, { log: (m) => console.error(m) });
  let allGood = true;
  try {
    const details = { ...candidate, headline: values.headline, consent: true as const };
    for (const [index, item] of positionals.entries()) {
      if (!values.json && positionals.length > 1) {
        process.stderr.write(`\r${progressBar(index, positionals.length)} ${index}/${positionals.length} items`);
      }
      const input = await toInput(item);
      const outcomes =
        "unreadable" in input
          ? [{ status: "rejected" as const, source: item, code: "unreadable", reason: input.unreadable }]
          : await submitItems({ ...services, onCommitted: services.indexer.nudge }, details, [input]);
      await recordIdentityAssertion(services.db, cliActor(), outcomes, { via: "cli" });
      for (const outcome of outcomes) {
        const line = toImportLine(item, outcome);
        allGood &&= line.outcome === "imported" || line.outcome === "duplicate" || line.outcome === "claimed";
        console.log(
          values.json
            ? JSON.stringify(line)
            : `${line.outcome.padEnd(9)} ${outcome.source}${line.reason ? `: ${line.reason}` : ""}`,
        );
      }
    }
    if (!values.json && positionals.length > 1)
      process.stderr.write(`\r${progressBar(1, 1)} ${positionals.length}/${positionals.length} items\n`);
    await services.indexer.flush();
  } finally {
    await services.close();
  }
  return allGood ? 0 : 1;
}

/** A file or a link; an unreadable file becomes a refusal like any other bad item, so it never stops the batch. */
async function toInput(item: string): Promise<SubmissionInput | { unreadable: string }> {
  if (/^https?:\/\//i.test(item)) return { type: "link", url: item };
  try {
    return { type: "file", bytes: await readFile(item), source: item };
  } catch (error) {
    return {
      unreadable: `The file ${item} cannot be read (${(error as NodeJS.ErrnoException).code ?? "unknown error"}).`,
    };
  }
}

function toImportLine(item: string, outcome: SubmissionOutcome) {
  const { candidateId: _candidateId, ...line } = { candidateId: undefined, ...toOutcomeLine(outcome) };
  return { item, ...line };
}

function progressBar(done: number, total: number, width = 24): string {
  const filled = Math.round((done / total) * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}]`;
}
