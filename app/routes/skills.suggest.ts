import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { requireStaffUser } from "#app/auth/session.server";

/** Type-ahead for the skill box: canonical skills whose label has a word starting with `prefix`. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "recruiter", { as: "resource" });
  const prefix = (new URL(request.url).searchParams.get("prefix") ?? "").trim().slice(0, 100);
  const suggestions = prefix ? await context.services.search.suggestSkills(prefix, 12) : [];
  return json({ suggestions }, { headers: { "Cache-Control": "private, max-age=10" } });
}
