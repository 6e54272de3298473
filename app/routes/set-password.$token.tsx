import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { findSetPasswordLink, setPasswordWithLink } from "#app/auth/staff-accounts.server";

const unknownLink = () =>
  new Response(
    "This link to set a password is not valid: it was used already, or it expired. Ask an admin for a new one.",
    {
      status: 404,
      statusText: "Not found",
    },
  );

// Public like /submit/:token: the one-time token in the URL is the credential, so there is no session or CSRF token.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const user = await findSetPasswordLink(context.services, params.token ?? "");
  if (!user) throw unknownLink();
  return json({ email: user.email });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const password = String(form.get("password") ?? "");
  if (password !== String(form.get("repeat") ?? ""))
    return json({ error: "The two passwords are not the same." }, { status: 400 });
  const outcome = await setPasswordWithLink(context.services, params.token ?? "", password);
  if (outcome === "unknown-link") throw unknownLink();
  if (outcome !== "done") return json({ error: outcome }, { status: 400 });
  throw redirect("/sign-in");
}

export default function SetPasswordPage() {
  const { email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="panel">
      <h1>Set your password</h1>
      <p>For {email}. Then sign in with it.</p>
      {result?.error ? (
        <p className="notice bad" role="alert">
          {result.error}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <label>
          Password
          <input type="password" name="password" autoComplete="new-password" required minLength={10} />
        </label>
        <label>
          Password again
          <input type="password" name="repeat" autoComplete="new-password" required />
        </label>
        <div>
          <button type="submit">Set password</button>
        </div>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Set your password · Attest" }];
