import { timingSafeEqual } from "node:crypto";

/** The form field that carries the session's CSRF token (rendered by <CsrfInput />). */
export const CSRF_FIELD = "csrf";

/**
 * Refuses a state-changing request whose CSRF token (form field `csrf`, or header `X-CSRF-Token`) is not the
 * session's. SameSite=Lax already keeps the cookie off most cross-site POSTs; the token also covers older browsers
 * and same-site attackers. Reads a clone, so the action can still read the body.
 */
export async function checkCsrf(request: Request, expected: string): Promise<void> {
  let sent = request.headers.get("x-csrf-token");
  if (!sent) {
    const type = request.headers.get("content-type") ?? "";
    if (type.includes("form")) {
      const value = (
        await request
          .clone()
          .formData()
          .catch(() => null)
      )?.get(CSRF_FIELD);
      sent = typeof value === "string" ? value : null;
    }
  }
  const a = Buffer.from(sent ?? "");
  const b = Buffer.from(expected);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new Response(
      "This form is out of date or did not come from Attest, so nothing was changed. Reload the page and try again.",
      { status: 403, statusText: "Forbidden" },
    );
  }
}
