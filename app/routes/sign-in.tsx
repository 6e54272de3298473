import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { getDemoAccounts } from "#app/auth/demo-accounts.server";
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from "#app/auth/passwords.server";
import { getStaffUser } from "#app/auth/session.server";
import { safeRedirectTo, signIn } from "#app/auth/staff-accounts.server";

const signInSchema = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter your email address.")
    .max(MAX_EMAIL_LENGTH, "That is longer than any email address."),
  password: z.string().min(1, "Enter your password.").max(MAX_PASSWORD_LENGTH, "The email or password is not right."),
  redirectTo: z.string().max(2000).optional(),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const redirectTo = safeRedirectTo(new URL(request.url).searchParams.get("redirectTo"));
  if (await getStaffUser(request, context.services)) throw redirect(redirectTo);
  return json({ demo: await getDemoAccounts(context.services.db) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  // No session yet, so no CSRF token: a cross-site sign-in form is refused by its Origin header instead.
  const origin = request.headers.get("origin");
  if (origin && origin !== new URL(request.url).origin) {
    throw new Response("This sign-in form did not come from Attest.", { status: 403, statusText: "Forbidden" });
  }
  const form = signInSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return json({ error: form.error.issues[0]?.message ?? "Check the form." }, { status: 400 });
  const result = await signIn(context.services, request, { ...form.data, clientAddress: context.clientAddress });
  if (result.status === "rate-limited") {
    // Not what was typed as the email: people type their password there. The audit trail names the account.
    context.services.log("sign-in rate-limited");
    return json(
      { error: "Too many failed sign-ins for this account or from your connection. Wait 15 minutes, then try again." },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  if (result.status === "invalid") return json({ error: "The email or password is not right." }, { status: 400 });
  throw redirect(safeRedirectTo(form.data.redirectTo), { headers: { "Set-Cookie": result.setCookie } });
}

export default function SignInPage() {
  const { demo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="panel">
      <h1>Sign in</h1>
      <p className="muted">For employer staff. Candidates do not need an account: they use the link they were sent.</p>
      {result?.error ? (
        <p className="notice bad" role="alert">
          {result.error}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <label>
          Email
          <input type="email" name="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input type="password" name="password" autoComplete="current-password" required />
        </label>
        <div>
          <button type="submit" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </div>
      </Form>
      {demo ? (
        <section className="notice warn" aria-label="Demo accounts">
          <strong>Demo data is loaded.</strong> Sign in with one of these accounts, password{" "}
          <code>{demo.password}</code>:
          <ul>
            {demo.accounts.map((a) => (
              <li key={a.email}>
                <code>{a.email}</code> ({a.role})
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Sign in · Attest" }];
