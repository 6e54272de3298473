import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { requireStaffUser } from "#app/auth/session.server";
import { CsrfInput } from "#app/components/csrf-input";
import { formatDateTime } from "#app/components/review/format-time";
import { templateInputSchema, TEMPLATE_KINDS, TEMPLATE_WORDS } from "#app/wallet/dcql-templates";
import { createPresentationRequest } from "#app/wallet/openid4vp.server";
import { recentPresentationRequests } from "#app/wallet/request-view.server";
import { walletDeps } from "#app/wallet/wallet-http.server";
import { TableScroll } from "#app/components/table-scroll";

const candidateSchema = z.object({
  name: z.string().trim().min(1, "Enter the candidate's name.").max(200, "Keep the name under 200 characters."),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(320, "That is longer than any email address.")
    .email("Enter the candidate's email address."),
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "recruiter");
  const requests = await recentPresentationRequests(context.services);
  const templates = TEMPLATE_KINDS.map((kind) => ({ kind, words: TEMPLATE_WORDS[kind] }));
  return json({ requests, templates });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "recruiter");
  const form = Object.fromEntries(await request.formData());
  const candidate = candidateSchema.safeParse(form);
  const template = templateInputSchema.safeParse(form);
  if (!candidate.success || !template.success) {
    const issues = [...(candidate.error?.issues ?? []), ...(template.error?.issues ?? [])];
    return json({ error: issues[0]?.message ?? "Check the form." }, { status: 400 });
  }
  const created = await createPresentationRequest(walletDeps(context.services), {
    template: template.data,
    candidate: candidate.data,
    createdBy: user.id,
  });
  return redirect(`/wallet-requests/${created.id}`);
}

export default function WalletRequestsPage() {
  const { requests, templates } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>Ask a wallet</h1>
      <p className="muted">
        Ask a candidate&apos;s wallet app for credentials (OpenID for Verifiable Presentations). Attest shows a QR code;
        the candidate answers from their wallet, and the credentials are verified and added to their record once their
        email is confirmed.
      </p>
      {result?.error ? (
        <p className="notice bad" role="alert">
          {result.error}
        </p>
      ) : null}
      <section className="panel" aria-label="New wallet request">
        <h2>New request</h2>
        <Form method="post" className="stack">
          <CsrfInput />
          <label>
            Candidate&apos;s name
            <input type="text" name="name" required maxLength={200} autoComplete="off" />
          </label>
          <label>
            Candidate&apos;s email
            <input type="email" name="email" required maxLength={320} autoComplete="off" />
          </label>
          <fieldset className="template-choice">
            <legend>Ask for</legend>
            {templates.map(({ kind, words }) => (
              <label key={kind} className="inline">
                <input type="radio" name="kind" value={kind} defaultChecked={kind === "any-open-badge"} /> {words}
              </label>
            ))}
          </fieldset>
          <label>
            Credential type (for a type from an issuer)
            <input type="text" name="type" placeholder="OpenBadgeCredential" maxLength={300} />
          </label>
          <label>
            Issuer (for a type from an issuer)
            <input type="text" name="issuer" placeholder="did:web:college.example" maxLength={500} />
          </label>
          <label>
            SD-JWT VC type, vct (for an SD-JWT VC)
            <input
              type="text"
              name="vct"
              placeholder="https://credentials.example.edu/course-completion"
              maxLength={500}
            />
          </label>
          <div>
            <button type="submit" disabled={busy}>
              Create the request
            </button>
          </div>
        </Form>
      </section>
      <section className="panel" aria-label="Recent wallet requests">
        <h2>Recent requests</h2>
        {requests.length === 0 ? (
          <p className="muted">No wallet requests yet.</p>
        ) : (
          <TableScroll label="Request list">
            <table className="table">
              <thead>
                <tr>
                  <th>Candidate</th>
                  <th>Asked for</th>
                  <th>State</th>
                  <th>Made</th>
                </tr>
              </thead>
              <tbody>
                {requests.map((r) => (
                  <tr key={r.id}>
                    <td data-label="Candidate">
                      <Link to={`/wallet-requests/${r.id}`}>{r.candidateName}</Link>
                      <div className="muted small">{r.candidateEmail}</div>
                    </td>
                    <td data-label="Asked for">{r.asked}</td>
                    <td data-label="State">{r.stateWords}</td>
                    <td data-label="Made">{formatDateTime(r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Ask a wallet · Attest" }];
