import { z } from "zod";
import { AUDIT_ACTIONS } from "./actions";
import type { AuditFilter } from "./audit.server";

/**
 * The audit page's filters live in the URL (`?action=export&actor=a@b.example&from=2026-11-01`), so a filtered
 * view can be shared and its export is the same URL under /admin/audit/export. Bad values are dropped, not
 * refused: a half-typed date shows the whole trail rather than an error page.
 */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)));

const filterSchema = z.object({
  action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
  actor: z.string().trim().toLowerCase().max(320).optional().catch(undefined),
  subjectType: z.string().trim().max(40).optional().catch(undefined),
  subjectId: z.string().trim().max(400).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

export type AuditFilterParams = z.infer<typeof filterSchema>;

export function parseAuditFilterParams(params: URLSearchParams): AuditFilterParams {
  const raw = Object.fromEntries([...params].filter(([, value]) => value.trim() !== ""));
  return filterSchema.parse(raw);
}

/** The query for listAuditEvents: dates are whole days in UTC, both ends included. */
export function toAuditFilter(params: AuditFilterParams): AuditFilter {
  return {
    action: params.action,
    actor: params.actor,
    subjectType: params.subjectType,
    subjectId: params.subjectId,
    since: params.from ? new Date(`${params.from}T00:00:00.000Z`) : undefined,
    until: params.to ? new Date(`${params.to}T23:59:59.999Z`) : undefined,
    beforeId: params.before,
  };
}

/** The filters as URL parameters, without paging: for links and the export. */
export function auditFilterSearch(params: AuditFilterParams, extra: Record<string, string | number> = {}): string {
  const search = new URLSearchParams();
  for (const key of ["action", "actor", "subjectType", "subjectId", "from", "to"] as const) {
    const value = params[key];
    if (value) search.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : "";
}
