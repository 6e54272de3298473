import type { Database } from "#db/client.server";
import { recordAudit, type AuditActor, type AuditSubject } from "./audit.server";

/** Records in a CSV body (header excluded): line breaks outside quoted cells, as csv-stringify writes them. */
export function countCsvRows(csv: string): number {
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < csv.length; i++) {
    const char = csv.charCodeAt(i);
    if (char === 34 /* " */) quoted = !quoted;
    else if (char === 10 /* \n */ && !quoted) lines++;
  }
  if (csv.length && !csv.endsWith("\n")) lines++;
  return Math.max(0, lines - 1);
}

/**
 * An export leaves the building, so the trail records what was exported (the search, the shortlist or the audit
 * filters) and how many rows, never the rows themselves.
 */
export async function recordExport(
  db: Database,
  actor: AuditActor,
  subject: AuditSubject,
  csv: string,
  detail: Record<string, unknown>,
): Promise<void> {
  await recordAudit(db, actor, "export", subject, { ...detail, rows: countCsvRows(csv) });
}
