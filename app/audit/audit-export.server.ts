import type { Database } from "#db/client.server";
import { toCsv } from "#app/recruiting/csv";
import { auditFilterSearch, toAuditFilter, type AuditFilterParams } from "./audit-filter";
import { listAuditEvents, type AuditActor } from "./audit.server";
import { describeAuditEntry } from "./describe";
import { recordExport } from "./exports.server";

/** At most this many entries per export; narrow the dates for more. */
export const AUDIT_EXPORT_LIMIT = 100_000;

/**
 * The audit entries matching the page's filters as CSV (newest first), and an entry recording the export itself:
 * the trail shows who took a copy of the trail.
 */
export async function exportAuditCsv(db: Database, actor: AuditActor, params: AuditFilterParams): Promise<string> {
  const entries = await listAuditEvents(db, {
    ...toAuditFilter({ ...params, before: undefined }),
    limit: AUDIT_EXPORT_LIMIT,
  });
  const csv = toCsv(
    ["id", "at", "actor", "actor id", "from", "action", "description", "subject type", "subject id", "detail"],
    entries.map((e) => [
      e.id,
      e.at.toISOString(),
      e.actor,
      e.actorId ?? "",
      e.fromAddress ?? "",
      e.action,
      describeAuditEntry(e),
      e.subjectType ?? "",
      e.subjectId ?? "",
      JSON.stringify(e.detail),
    ]),
  );
  await recordExport(db, actor, { type: "audit" }, csv, {
    what: "audit trail",
    filters: auditFilterSearch(params).slice(1),
  });
  return csv;
}
