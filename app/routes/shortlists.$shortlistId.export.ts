import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse } from "#app/recruiting/csv";
import { exportShortlistCsv } from "#app/recruiting/shortlists.server";
import { requireStaffUser } from "#app/auth/session.server";
import { staffActor } from "#app/audit/audit.server";
import { recordExport } from "#app/audit/exports.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "recruiter", { as: "resource" });
  const exported = await exportShortlistCsv(context.services.db, params.shortlistId ?? "", context.services.publicUrl);
  if (!exported) throw new Response("No shortlist with this id exists.", { status: 404 });
  await recordExport(
    context.services.db,
    staffActor(user, context.clientAddress),
    { type: "shortlist", id: params.shortlistId },
    exported.csv,
    {
      what: "shortlist",
      name: exported.name,
    },
  );
  return csvResponse(`${exported.name}.csv`, exported.csv);
}
