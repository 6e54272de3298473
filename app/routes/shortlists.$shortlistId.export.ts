import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse } from "#app/recruiting/csv";
import { exportShortlistCsv } from "#app/recruiting/shortlists.server";
import { requireStaffUser } from "#app/auth/session.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "recruiter", { as: "resource" });
  const exported = await exportShortlistCsv(context.services.db, params.shortlistId ?? "");
  if (!exported) throw new Response("No shortlist with this id exists.", { status: 404 });
  return csvResponse(`${exported.name}.csv`, exported.csv);
}
