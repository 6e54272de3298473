import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse } from "#app/recruiting/csv";
import { exportShortlistCsv } from "#app/recruiting/shortlists.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const exported = await exportShortlistCsv(context.services.db, params.shortlistId ?? "");
  if (!exported) throw new Response("No shortlist with this id exists.", { status: 404 });
  return csvResponse(`${exported.name}.csv`, exported.csv);
}
