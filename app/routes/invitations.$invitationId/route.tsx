import {
  json,
  type ActionFunctionArgs,
  type LinksFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  useActionData,
  useLoaderData,
  useRouteError,
  useSearchParams,
} from "@remix-run/react";
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
import { QrCode } from "#app/components/invitations/qr-code";
import {
  closeInvitation,
  createInvitationPresentationRequest,
  createWalletRequest,
  getInvitationDetail,
  walletRequestFormSchema,
} from "#app/invitations/invitations.server";
import { templateInputSchema, TEMPLATE_KINDS, TEMPLATE_WORDS } from "#app/wallet/dcql-templates";
import { presentationRequestView } from "#app/wallet/request-view.server";
import { walletDeps } from "#app/wallet/wallet-http.server";
import { WalletRequests, type WalletRequestAnswer } from "./wallet-requests";

const notFound = () =>
  new Response("No invitation has this id; it may have been mistyped.", {
    status: 404,
    statusText: "Invitation not found",
  });

export const links: LinksFunction = () => [{ rel: "stylesheet", href: invitationStyles }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "recruiter");
  const detail = await getInvitationDetail(context.services, params.invitationId ?? "");
  if (!detail) throw notFound();
  return json({ ...detail, templates: TEMPLATE_KINDS.map((kind) => ({ kind, words: TEMPLATE_WORDS[kind] })) });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "recruiter");
  const id = params.invitationId ?? "";
  const fields = Object.fromEntries(await request.formData());
  if (fields.intent === "close") {
    const closed = await closeInvitation(context.services, staffActor(user, context.clientAddress), id);
    if (!closed) throw notFound();
    return json<WalletRequestAnswer & { closed?: boolean }>({ closed: true });
  }
  if (fields.intent === "wallet-request") {
    const form = walletRequestFormSchema.safeParse(fields);
    if (!form.success)
      return json<WalletRequestAnswer>({ error: form.error.issues[0]?.message ?? "Check the form." }, { status: 400 });
    const made = await createWalletRequest(context.services, id, form.data);
    if (!made) throw notFound();
    if (made.status === "not-open") return json<WalletRequestAnswer>({ error: made.message }, { status: 409 });
    return json<WalletRequestAnswer>({ request: { ...made, candidateName: form.data.name } });
  }
  if (fields.intent === "openid4vp-request") {
    const candidate = walletRequestFormSchema.safeParse(fields);
    const template = templateInputSchema.safeParse(fields);
    if (!candidate.success || !template.success) {
      const issues = [...(candidate.error?.issues ?? []), ...(template.error?.issues ?? [])];
      return json<WalletRequestAnswer>({ openid4vpError: issues[0]?.message ?? "Check the form." }, { status: 400 });
    }
    const deps = walletDeps(context.services);
    const made = await createInvitationPresentationRequest(deps, id, {
      candidate: candidate.data,
      template: template.data,
      createdBy: user.id,
    });
    if (!made) throw notFound();
    if (made.status === "not-open") return json<WalletRequestAnswer>({ openid4vpError: made.message }, { status: 409 });
    const view = await presentationRequestView(deps, made.id);
    return json<WalletRequestAnswer>(view ? { presentation: view } : { openid4vpError: "The request was not saved." });
  }
  return json<WalletRequestAnswer>({ error: "Unknown action." }, { status: 400 });
}

export default function InvitationPage() {
  const { invitation, qrSvg, candidates, walletRequests, presentationRequests, templates, listLimit } =
    useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [search] = useSearchParams();
  const open = invitation.state === "open";
  return (
    <>
      <p>
        <Link to="/invitations">← All invitations</Link>
      </p>
      <div className="invitation-card-head">
        <h1>{invitation.title}</h1>
        <InvitationStateBadge state={invitation.state} />
      </div>
      <p className="invitation-counts">{describeCounts(invitation)}</p>
      <p className="muted small invitation-meta">
        {describeAvailability(invitation)} · created {formatDate(invitation.createdAt)}
        {invitation.createdBy ? ` by ${invitation.createdBy}` : ""}
      </p>
      {search.get("created") && open ? (
        <p className="notice ok" role="status">
          The invitation is ready: copy its link or show its QR code to candidates.
        </p>
      ) : null}
      {answer && "closed" in answer ? (
        <p className="notice ok" role="status">
          Closed. Its link now tells candidates that it no longer takes submissions.
        </p>
      ) : null}

      <section className="panel" aria-labelledby="share">
        <h2 id="share" className="panel-title">
          {open ? "Share the link" : "The link"}
        </h2>
        {open ? null : (
          <p className="notice warn">
            This invitation is {invitation.state}: candidates who open its link are told it no longer takes submissions.
            Make a new invitation to take more.
          </p>
        )}
        <div className="share-grid">
          <div>
            <CopyLink link={invitation.link} label={`Link of ${invitation.title}`} />
            <p className="muted small">
              Anyone with this link can submit credentials for {invitation.title}: send it to candidates, put it in a
              job advert, or print the QR code.
            </p>
          </div>
          <QrCode
            svg={qrSvg}
            alt={`QR code of the link of ${invitation.title}`}
            caption={
              <a href={`/invitations/${invitation.id}/qr.svg`} download>
                Download the QR code (SVG)
              </a>
            }
          />
        </div>
      </section>

      <section className="panel" aria-labelledby="came-through">
        <h2 id="came-through" className="panel-title">
          Candidates who came through it ({candidates.length === listLimit ? `latest ${listLimit}` : candidates.length})
        </h2>
        {candidates.length === 0 ? (
          <p className="muted">Nobody has submitted through this invitation yet.</p>
        ) : (
          <ul className="invitation-people">
            {candidates.map((c) => (
              <li key={c.id}>
                <Link to={`/candidates/${c.id}`}>{c.name}</Link>{" "}
                <span className="muted small">
                  · {c.emailConfirmed ? "email confirmed" : "email not confirmed yet"} · {c.submissions} submission
                  {c.submissions === 1 ? "" : "s"}, last {formatDate(c.lastSubmittedAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <WalletRequests
        open={open}
        answer={answer && !("closed" in answer) ? answer : undefined}
        requests={walletRequests}
        presentationRequests={presentationRequests}
        templates={templates}
      />

      {open ? (
        <details className="panel close-invitation">
          <summary>Close this invitation</summary>
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="close" />
            <p>
              Its link and its wallet requests stop taking submissions at once; candidates who open the link are told
              so. What came through stays. A closed invitation cannot be opened again: make a new one instead.
            </p>
            <div>
              <button type="submit" className="danger">
                Close invitation
              </button>
            </div>
          </Form>
        </details>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.invitation.title} · Invitations · Attest` : "Invitation not found · Attest" },
];

export function ErrorBoundary() {
  const error = useRouteError();
  const title = isRouteErrorResponse(error) ? error.statusText || "Invitation not found" : "Something went wrong";
  const detail =
    isRouteErrorResponse(error) && typeof error.data === "string"
      ? error.data
      : "The invitation could not be shown; the error has been logged.";
  return (
    <section className="panel">
      <h1>{title}</h1>
      <p>{detail}</p>
      <p>
        <Link to="/invitations">← All invitations</Link>
      </p>
    </section>
  );
}
