import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { requireStaffUser } from "#app/auth/session.server";
import { checkIndexConsistency, isConsistent } from "#search/consistency.server";

/**
 * `GET /admin/index-check.json`: `attest check-index --json` against this process's own index. The embedded engine
 * lives in the app's memory, where the CLI cannot reach it; with Meilisearch both see the same index. Read-only. The
 * stress scripts read it; /admin/index-check is the same check as a page, with a repair button.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "admin", { as: "resource" });
  const result = await checkIndexConsistency(context.services);
  return json({ ...result, consistent: isConsistent(result) }, { headers: { "Cache-Control": "no-store" } });
}
