import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { staffActor } from "#app/audit/audit.server";
import { requireStaffUser } from "#app/auth/session.server";
import { canAccess } from "#app/auth/roles";
import {
  canAddToRegistry,
  openCredentialReview,
  recordReview,
  reverifyCredential,
  reviewActionSchema,
  trustIssuerOfCredential,
} from "#app/review/decisions.server";
import { findNextInQueue } from "#app/review/queue.server";
import { parseQueueQuery, queueHref } from "#app/review/queue-params";
import { TrustIssuerForm } from "#app/components/review/trust-issuer-form";
import { VerdictBadge } from "#app/components/verdict-badge";
import { DecisionBadge } from "#app/components/review/decision-badge";
import { formatDateTime } from "#app/components/review/format-time";
import { RawDocument } from "#app/components/review/raw-document";
import { ReportView } from "#app/components/review/report-view";
import { ReviewActions, type ActionResult } from "#app/components/review/review-actions";
import { ReviewHistory } from "#app/components/review/review-history";
import { CredentialCard } from "#app/components/credential-card";
import { summarizeChecks } from "#app/components/review/summary-line";

const NOT_FOUND = "No credential with this id exists; it may have been removed.";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "verifier");
  const review = await openCredentialReview(
    context.services.db,
    staffActor(user, context.clientAddress),
    params.credentialId ?? "",
  );
  if (!review) throw new Response(NOT_FOUND, { status: 404, statusText: "Not found" });
  const url = new URL(request.url);
  return json({
    ...review,
    queue: parseQueueQuery(url.searchParams).filter,
    // Set by "… and next": the decision just recorded on the previous credential.
    previous:
      url.searchParams.get("decided") === "accept"
        ? "Accepted"
        : url.searchParams.get("decided") === "reject"
          ? "Rejected"
          : null,
    canTrustIssuer: canAccess(user.role, "admin") && canAddToRegistry(review.credential),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "verifier");
  const form = Object.fromEntries(await request.formData());
  const { services } = context;
  const actor = staffActor(user, context.clientAddress);
  const credentialId = params.credentialId ?? "";
  if (form.intent === "trust-issuer") {
    if (!canAccess(user.role, "admin"))
      throw new Response("Only an admin can change the trust registry.", { status: 403, statusText: "Forbidden" });
    const added = await trustIssuerOfCredential(
      { db: services.db, now: services.now, onChanged: services.trustRegistryChanged },
      actor,
      credentialId,
    );
    if (!added) throw new Response(NOT_FOUND, { status: 404, statusText: "Not found" });
    services.indexer.nudge();
    return json<ActionResult>({ error: null, intent: "trust-issuer", done: added });
  }
  const parsed = reviewActionSchema.safeParse(form);
  if (!parsed.success) {
    const intent = typeof form.intent === "string" ? form.intent : null;
    return json<ActionResult>(
      { error: parsed.error.issues[0]?.message ?? "Check the form.", intent, done: null },
      { status: 400 },
    );
  }

  const { intent, reason } = parsed.data;
  if (intent === "re-verify") {
    const result = await reverifyCredential(
      { db: services.db, verify: services.verify, now: services.now, onCommitted: () => services.indexer.nudge() },
      actor,
      credentialId,
    );
    if (!result) throw new Response(NOT_FOUND, { status: 404, statusText: "Not found" });
    const done =
      result.from === result.to
        ? "Verified again: the verdict is unchanged."
        : `Verified again: the verdict changed from ${result.from} to ${result.to}.`;
    return json<ActionResult>({ error: null, intent, done });
  }
  const kind = intent === "accept-next" ? "accept" : intent === "reject-next" ? "reject" : intent;
  const saved = await recordReview(services.db, actor, credentialId, { kind, body: reason });
  if (!saved) throw new Response(NOT_FOUND, { status: 404, statusText: "Not found" });
  if (intent === "accept-next" || intent === "reject-next") {
    const next = await findNextInQueue(services.db, parsed.data.queue, credentialId);
    const back = new URLSearchParams({
      decided: kind,
      ...(parsed.data.queue === "attention" ? {} : { filter: parsed.data.queue }),
    });
    throw redirect(
      next ? `/review/${encodeURIComponent(next)}?${back}` : `${queueHref({ filter: parsed.data.queue })}`,
    );
  }
  const done =
    intent === "note"
      ? "Note added."
      : intent === "accept"
        ? "Accepted: the decision is recorded."
        : "Rejected: the decision is recorded.";
  return json<ActionResult>({ error: null, intent, done });
}

export default function CredentialReport() {
  const { candidate, credential, skills, decision, history, verdictChanges, queue, previous, canTrustIssuer } =
    useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to={queueHref({ filter: queue })}>← Back to the queue</Link>
      </p>
      {previous ? (
        <p className="notice ok" role="status">
          {previous} the previous credential. This is the next one waiting.
        </p>
      ) : null}
      <h1>
        {credential.achievementName ?? "Untitled credential"} <VerdictBadge verdict={credential.verdict} />
      </h1>
      <p className="muted">
        Submitted by <Link to={`/candidates/${candidate.id}`}>{candidate.displayName}</Link> on{" "}
        {formatDateTime(credential.submittedAt)}
        {" · "}
        {credential.issuer ? `issued by ${credential.issuer}` : "issuer unknown"} · {credential.format.toUpperCase()} ·
        from {credential.source}
      </p>
      <section className="decision-line" aria-label="Current decision">
        {decision ? (
          <>
            <DecisionBadge kind={decision.kind} /> by {decision.by}, {formatDateTime(decision.at)}: {decision.reason}
          </>
        ) : (
          <span className="muted">No decision yet.</span>
        )}
      </section>
      <div className="review-layout">
        <div>
          <section className="panel" aria-label="Verification report">
            <h2 className="panel-title">What was checked</h2>
            <CredentialCard
              credentialId={credential.id}
              fields={credential.card}
              issuer={credential.issuer ?? credential.card.issuerName}
              summary={summarizeChecks(credential.report.checks, credential.report.summary)}
            />
            <ReportView report={credential.report} />
          </section>
          <section className="panel" aria-label="Skills">
            <h2 className="panel-title">Skills it backs ({skills.length})</h2>
            {skills.length ? (
              <ul className="chips review-skills">
                {skills.map((s) => (
                  <li key={s.key} className={`chip ${s.verified ? "verified" : "claimed"}`} title={s.key}>
                    {s.verified ? "✓ " : ""}
                    {s.label}{" "}
                    <span className="small">
                      ({s.verified ? "verified" : s.selfAsserted ? "self-asserted" : "claimed"})
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">No skill could be read from this credential.</p>
            )}
          </section>
          <section className="panel" aria-label="Document">
            <h2 className="panel-title">Document</h2>
            <RawDocument text={credential.document} />
          </section>
        </div>
        <aside>
          <ReviewActions result={result} queue={queue} />
          {canTrustIssuer ? <TrustIssuerForm issuer={credential.issuerName ?? credential.issuerId ?? ""} /> : null}
          <ReviewHistory history={history} verdictChanges={verdictChanges} />
        </aside>
      </div>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.credential.achievementName ?? "Credential"} · Review · Attest`
      : "Credential not found · Attest",
  },
];
