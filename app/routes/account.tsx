import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireStaffUser } from "#app/auth/session.server";
import { changePassword } from "#app/auth/staff-accounts.server";
import { staffActor } from "#app/audit/audit.server";
import { CsrfInput } from "#app/components/csrf-input";

const passwordSchema = z.object({ current: z.string(), next: z.string(), repeat: z.string() });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "recruiter");
  return json({ email: user.email, name: user.name, role: user.role });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "recruiter");
  const form = passwordSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success) return json({ field: "next", error: "Fill in every field.", done: false }, { status: 400 });
  if (form.data.next !== form.data.repeat) {
    return json({ field: "repeat", error: "The two new passwords are not the same.", done: false }, { status: 400 });
  }
  const actor = staffActor(user, context.clientAddress);
  const problem = await changePassword(context.services, user, form.data.current, form.data.next, actor);
  if (problem) return json({ field: problem.field, error: problem.message, done: false }, { status: 400 });
  return json({ field: null, error: null, done: true });
}

export default function AccountPage() {
  const { email, name, role } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="panel">
      <h1>Your account</h1>
      <p>
        {name} · {email} · {role}
      </p>
      <h2>Change your password</h2>
      {result?.done ? (
        <p className="notice ok" role="status">
          Your password was changed. You were signed out everywhere else.
        </p>
      ) : null}
      {result?.error ? (
        <p className="notice bad" role="alert">
          {result.error}
        </p>
      ) : null}
      <Form method="post" className="stack">
        <CsrfInput />
        <label>
          Current password
          <input type="password" name="current" autoComplete="current-password" required />
        </label>
        <label>
          New password
          <input type="password" name="next" autoComplete="new-password" required minLength={10} />
        </label>
        <label>
          New password again
          <input type="password" name="repeat" autoComplete="new-password" required />
        </label>
        <div>
          <button type="submit">Change password</button>
        </div>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Your account · Attest" }];
