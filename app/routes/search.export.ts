import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse } from "#app/recruiting/csv";
import { exportSearchCsv, exportSelectedCsv } from "#app/recruiting/find-candidates.server";
import { parseCandidateSearchParams } from "#app/recruiting/search-params";
import { requireStaffUser } from "#app/auth/session.server";
import { staffActor } from "#app/audit/audit.server";
import { recordExport } from "#app/audit/exports.server";

/** The current search's results as CSV: same URL parameters as /search. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "recruiter", { as: "resource" });
  const url = new URL(request.url);
  const csv = await exportSearchCsv(context.services, parseCandidateSearchParams(url));
  // The filters are recorded, the free text is not: a recruiter may have typed a candidate's name, and the trail
  // outlives that candidate's erasure.
  const filters = new URLSearchParams(url.search);
  const textQuery = Boolean(filters.get("q")?.trim());
  filters.delete("q");
  await recordExport(context.services.db, staffActor(user, context.clientAddress), { type: "search" }, csv, {
    what: "search results",
    filters: filters.toString(),
    textQuery,
  });
  return csvResponse("attest-search.csv", csv);
}

/** "Export selected" on the results: the ticked candidates (`candidate`, repeated) as the same CSV. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "recruiter", { as: "resource" });
  const ids = (await request.formData())
    .getAll("candidate")
    .filter((id): id is string => typeof id === "string" && id !== "");
  if (ids.length === 0) return new Response("Tick at least one candidate to export.", { status: 400 });
  const csv = await exportSelectedCsv(context.services, ids);
  await recordExport(context.services.db, staffActor(user, context.clientAddress), { type: "search" }, csv, {
    what: "selected search results",
  });
  return csvResponse("attest-selected.csv", csv);
}
