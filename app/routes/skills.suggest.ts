import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { requireStaffUser } from "#app/auth/session.server";
import { suggestSkillOptions } from "#app/recruiting/find-candidates.server";
import { toDisplayLabel } from "#app/skills/display";

/** Type-ahead for the skill box: aliases, labels that start with the text, then labels containing its words. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "recruiter", { as: "resource" });
  const prefix = (new URL(request.url).searchParams.get("prefix") ?? "").trim().slice(0, 100);
  const options = prefix ? await suggestSkillOptions(context.services, prefix, 10) : [];
  const suggestions = options.map((o) => ({
    key: o.key,
    label: toDisplayLabel(o.label),
    count: o.candidates,
    alias: o.alias ?? null,
  }));
  return json({ prefix, suggestions }, { headers: { "Cache-Control": "private, max-age=10" } });
}
