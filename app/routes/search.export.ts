import type { LoaderFunctionArgs } from "@remix-run/node";
import { csvResponse } from "#app/recruiting/csv";
import { exportSearchCsv } from "#app/recruiting/find-candidates.server";
import { parseCandidateSearchParams } from "#app/recruiting/search-params";
import { requireStaffUser } from "#app/auth/session.server";

/** The current search's results as CSV: same URL parameters as /search. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "recruiter", { as: "resource" });
  const params = parseCandidateSearchParams(new URL(request.url));
  return csvResponse("attest-search.csv", await exportSearchCsv(context.services, params));
}
