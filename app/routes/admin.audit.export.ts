import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseAuditFilterParams } from "#app/audit/audit-filter";
import { exportAuditCsv } from "#app/audit/audit-export.server";
import { staffActor } from "#app/audit/audit.server";
import { requireStaffUser } from "#app/auth/session.server";
import { csvResponse } from "#app/recruiting/csv";

/** The audit entries the page's filters select, as CSV: same URL parameters as /admin/audit. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "admin", { as: "resource" });
  const params = parseAuditFilterParams(new URL(request.url).searchParams);
  const csv = await exportAuditCsv(context.services.db, staffActor(user, context.clientAddress), params);
  return csvResponse(`attest-audit-${context.services.now().toISOString().slice(0, 10)}.csv`, csv);
}
