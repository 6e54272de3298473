import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaffUser } from "#app/auth/session.server";
import { getInvitationQr } from "#app/invitations/invitations.server";

/** The invitation link's QR code as an SVG file, to print on a poster or put in a job advert. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "recruiter", { as: "resource" });
  const qr = await getInvitationQr(context.services, params.invitationId ?? "");
  if (!qr) return new Response("No invitation has this id.", { status: 404 });
  const fileName = `${
    qr.title
      .replace(/[^A-Za-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "invitation"
  }-qr.svg`;
  return new Response(qr.svg, {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
