import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { checkCsrf } from "#app/auth/csrf.server";
import { endStaffSession, getStaffUser } from "#app/auth/session.server";
import { recordAudit, staffActor } from "#app/audit/audit.server";

export const loader = () => redirect("/");

/** Ends the session. An already expired session just has its cookie cleared; a live one needs the CSRF token. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getStaffUser(request, context.services);
  if (user) {
    await checkCsrf(request, user.csrfToken);
    await recordAudit(context.services.db, staffActor(user, context.clientAddress), "sign-out", {
      type: "staff",
      id: user.id,
    });
  }
  throw redirect("/sign-in", { headers: { "Set-Cookie": await endStaffSession(context.services, request) } });
}
