import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaffUser } from "#app/auth/session.server";
import { getBadgeImage } from "#app/credential-card/badge-image.server";
import { PLACEHOLDER_SVG } from "#app/credential-card/placeholder";

/**
 * A credential's badge image, from Attest's own origin: staff browsers never load the URL a candidate put in a
 * credential (it would tell that server who looked, and when). The type is the one the bytes are; SVG is served
 * too, under a policy that runs nothing even when the image is opened on its own (decision 065).
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "recruiter");
  const { db, safeFetch, now, log } = context.services;
  const found = await getBadgeImage({ db, safeFetch, now, log }, params.credentialId ?? "");
  if (!found) throw new Response("No credential with this id exists; it may have been removed.", { status: 404 });
  const image = found.image ?? { mediaType: "image/svg+xml", bytes: Buffer.from(PLACEHOLDER_SVG) };
  return new Response(new Uint8Array(image.bytes), {
    headers: {
      "Content-Type": image.mediaType,
      "Content-Length": String(image.bytes.length),
      "X-Content-Type-Options": "nosniff",
      // Nothing may run, load or be framed: an SVG opened as a page is sandboxed like a foreign document.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      "Content-Disposition": "inline",
      // A placeholder may become the real image once the issuer's server answers again; the image itself is fixed.
      "Cache-Control": found.image ? "private, max-age=86400" : "private, no-cache",
      ...(found.image ? {} : { "X-Attest-Image": "placeholder" }),
    },
  });
}
