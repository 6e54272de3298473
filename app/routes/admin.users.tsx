import { formatDateTime } from "#app/components/review/format-time";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { listStaffUsers } from "#db/queries/staff.server";
import { isRole, ROLES } from "#app/auth/roles";
import { requireStaffUser } from "#app/auth/session.server";
import { changeStaffRole, createStaffUser, deactivateStaffUser, newStaffSchema } from "#app/auth/staff-accounts.server";
import { staffActor } from "#app/audit/audit.server";
import { CsrfInput } from "#app/components/csrf-input";
import { formatDate } from "#app/components/format";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const me = await requireStaffUser(request, context.services, "admin");
  return json({ me: me.id, users: await listStaffUsers(context.services.db) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const me = await requireStaffUser(request, context.services, "admin");
  const form = Object.fromEntries(await request.formData());
  const actor = staffActor(me, context.clientAddress);
  if (form.intent === "role") {
    if (form.userId === me.id)
      return json({ error: "You cannot change your own role; another admin has to.", invited: null }, { status: 400 });
    if (!isRole(form.role))
      return json({ error: "Choose a role: recruiter, verifier or admin.", invited: null }, { status: 400 });
    await changeStaffRole(context.services, String(form.userId ?? ""), form.role, actor);
    return json({ error: null, invited: null });
  }
  if (form.intent === "deactivate") {
    // An admin cannot lock themselves out; another admin has to do it.
    if (form.userId === me.id)
      return json({ error: "You cannot deactivate your own account.", invited: null }, { status: 400 });
    await deactivateStaffUser(context.services, String(form.userId ?? ""), actor);
    return json({ error: null, invited: null });
  }
  const input = newStaffSchema.safeParse(form);
  if (!input.success)
    return json({ error: input.error.issues[0]?.message ?? "Check the form.", invited: null }, { status: 400 });
  const created = await createStaffUser(context.services, input.data, actor);
  if (created.status === "refused") return json({ error: created.message, invited: null }, { status: 400 });
  const link = new URL(created.user.setPasswordPath!, request.url).toString();
  return json({ error: null, invited: { email: created.user.email, link } });
}

export default function UsersPage() {
  const { me, users } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Staff accounts</h1>
      {result?.error ? (
        <p className="notice bad" role="alert">
          {result.error}
        </p>
      ) : null}
      {result?.invited ? (
        <p className="notice warn" role="status">
          Invited {result.invited.email}. Send them this link to set their password; it is shown only once and works for
          7 days: <code>{result.invited.link}</code>
        </p>
      ) : null}
      <section className="panel" aria-label="Invite a staff member">
        <Form method="post" className="alias-form">
          <CsrfInput />
          <input type="hidden" name="intent" value="invite" />
          <label>
            Email
            <input type="email" name="email" required />
          </label>
          <label>
            Name
            <input type="text" name="name" />
          </label>
          <label>
            Role
            <select name="role" defaultValue="recruiter">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </label>
          <div className="form-end">
            <button type="submit">Invite</button>
          </div>
        </Form>
      </section>
      <section className="panel" aria-label="Staff">
        <table className="table queue-table users-table">
          <thead>
            <tr>
              <th>Email</th>
              <th>Name</th>
              <th>Role</th>
              <th>State</th>
              <th>Last sign-in</th>
              <th>
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td data-label="Email">{u.email}</td>
                <td data-label="Name">{u.name}</td>
                <td data-label="Role">
                  {u.deactivatedAt || u.id === me ? (
                    u.role
                  ) : (
                    <Form method="post" className="role-form">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="role" />
                      <input type="hidden" name="userId" value={u.id} />
                      <select name="role" defaultValue={u.role} aria-label={`Role of ${u.email}`}>
                        {ROLES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="small-button">
                        Change
                      </button>
                    </Form>
                  )}
                </td>
                <td data-label="State" className="muted small">
                  {u.deactivatedAt
                    ? `deactivated ${formatDate(u.deactivatedAt)}`
                    : u.hasPassword
                      ? "active"
                      : "invited"}
                </td>
                <td data-label="Last sign-in" className="muted small">
                  {u.lastSignInAt ? formatDateTime(u.lastSignInAt) : "never"}
                </td>
                <td data-label="Actions">
                  {u.deactivatedAt || u.id === me ? null : (
                    <Form method="post">
                      <CsrfInput />
                      <input type="hidden" name="intent" value="deactivate" />
                      <input type="hidden" name="userId" value={u.id} />
                      <button type="submit" className="small-button danger" aria-label={`Deactivate ${u.email}`}>
                        Deactivate
                      </button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Staff accounts · Attest" }];
