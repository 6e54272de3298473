import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { openSavedSearch } from "#app/recruiting/saved-searches.server";
import { requireStaffUser } from "#app/auth/session.server";

/** Opening a saved search records the visit and shows its results (docs/decisions/051-saved-searches.md). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "recruiter");
  const href = await openSavedSearch(context.services, user.id, params.savedSearchId ?? "");
  // Another person's saved search reads as absent, so ids cannot be probed.
  if (!href) throw new Response("No such saved search.", { status: 404, statusText: "Not Found" });
  return redirect(href);
}
