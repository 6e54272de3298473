import { useRouteLoaderData } from "@remix-run/react";

/** The session's CSRF token as a hidden field: every staff form that posts renders one (app/auth/csrf.server.ts). */
export function CsrfInput() {
  const data = useRouteLoaderData<{ csrfToken: string | null }>("root");
  return <input type="hidden" name="csrf" value={data?.csrfToken ?? ""} />;
}
