import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { staffActor } from "#app/audit/audit.server";
import { requireStaffUser } from "#app/auth/session.server";
import { CsrfInput } from "#app/components/csrf-input";
import { formatDate } from "#app/components/format";
import { CopyLink } from "#app/components/invitations/copy-link";
import {
  describeAvailability,
  describeCounts,
  InvitationStateBadge,
} from "#app/components/invitations/invitation-state";
import invitationStyles from "#app/components/invitations/invitations.css";
import { createInvitationFromForm, invitationFormSchema, listInvitations } from "#app/invitations/invitations.server";

type FieldErrors = Partial<Record<"title" | "lastDay", string>>;

export const links: LinksFunction = () => [{ rel: "stylesheet", href: invitationStyles }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "recruiter");
  return json({ invitations: await listInvitations(context.services) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "recruiter");
  const fields = Object.fromEntries(await request.formData());
  const form = invitationFormSchema.safeParse(fields);
  if (!form.success) {
    const errors: FieldErrors = {};
    for (const issue of form.error.issues) errors[issue.path[0] as keyof FieldErrors] ??= issue.message;
    return json({ errors }, { status: 400 });
  }
  const created = await createInvitationFromForm(context.services, staffActor(user, context.clientAddress), form.data);
  if (created.status === "invalid")
    return json({ errors: { [created.field]: created.message } as FieldErrors }, { status: 400 });
  throw redirect(`/invitations/${created.id}?created=1`);
}

export default function InvitationsPage() {
  const { invitations } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors ?? {};
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>Invitations</h1>
      <p className="muted">
        Candidates submit their credentials through an invitation link: make one per job opening or purpose, send its
        link or show its QR code, and close it when you stop taking applications.
      </p>
      <section className="panel" aria-labelledby="new-invitation">
        <h2 id="new-invitation" className="panel-title">
          New invitation
        </h2>
        <Form method="post" className="invitation-form" noValidate>
          <CsrfInput />
          <label>
            Name (candidates see it)
            <input
              type="text"
              name="title"
              required
              maxLength={120}
              placeholder="e.g. Data analyst, Leeds"
              aria-invalid={Boolean(errors.title)}
            />
            {errors.title ? <span className="field-error">{errors.title}</span> : null}
          </label>
          <label>
            Last day (optional)
            <input type="date" name="lastDay" aria-invalid={Boolean(errors.lastDay)} aria-describedby="last-day-hint" />
            <span id="last-day-hint" className="muted small">
              The link stops at the end of this day (UTC).
            </span>
            {errors.lastDay ? <span className="field-error">{errors.lastDay}</span> : null}
          </label>
          <div className="form-end">
            <button type="submit" disabled={busy}>
              Create invitation
            </button>
          </div>
        </Form>
      </section>
      {invitations.length === 0 ? (
        <div className="panel empty">
          <p>No invitations yet.</p>
          <p>Create one above for a job opening; its link and QR code are ready to share at once.</p>
        </div>
      ) : (
        <ul className="results" aria-label="Invitations">
          {invitations.map((invitation) => (
            <li key={invitation.id} className="panel invitation-card">
              <div className="invitation-card-head">
                <h2 className="panel-title">
                  <Link to={`/invitations/${invitation.id}`}>{invitation.title}</Link>
                </h2>
                <InvitationStateBadge state={invitation.state} />
              </div>
              <p className="invitation-counts">{describeCounts(invitation)}</p>
              <p className="muted small">
                {describeAvailability(invitation)} · created {formatDate(invitation.createdAt)}
                {invitation.createdBy ? ` by ${invitation.createdBy}` : ""}
              </p>
              {invitation.state === "open" ? (
                <CopyLink link={invitation.link} label={`Link of ${invitation.title}`} />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Invitations · Attest" }];
