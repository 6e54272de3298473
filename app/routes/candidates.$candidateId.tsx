import { formatDate } from "#app/components/format";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { addToShortlist, shortlistFormSchema } from "#app/recruiting/shortlists.server";
import { SkillEvidence } from "#app/components/skill-evidence";
import { VerdictBadge } from "#app/components/verdict-badge";
import { viewCandidateProfile } from "#app/recruiting/candidate-profile.server";
import { searchBackLink } from "#app/recruiting/search-params";
import { requireStaffUser } from "#app/auth/session.server";
import { canAccess } from "#app/auth/roles";
import { staffActor } from "#app/audit/audit.server";
import { eraseCandidate } from "#app/retention/erasure.server";
import { CsrfInput } from "#app/components/csrf-input";
import { checkNames, outcomeWords } from "#app/components/review/check-words";
import { CredentialDecisionLine } from "#app/components/decision-marker";
import { CredentialCard } from "#app/components/credential-card";
import { summarizeChecks } from "#app/components/review/summary-line";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "recruiter");
  const page = await viewCandidateProfile(
    context.services.db,
    params.candidateId ?? "",
    staffActor(user, context.clientAddress),
  );
  if (!page)
    throw new Response("No candidate with this id exists; it may have been removed.", {
      status: 404,
      statusText: "Not found",
    });
  return json({
    ...page,
    canErase: canAccess(user.role, "admin"),
    canReview: canAccess(user.role, "verifier"),
    backToSearch: searchBackLink(new URL(request.url)),
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "recruiter");
  const fields = Object.fromEntries(await request.formData());
  if (fields.intent === "erase") {
    if (!canAccess(user.role, "admin"))
      throw new Response("Only an admin can erase a candidate.", { status: 403, statusText: "Forbidden" });
    if (fields.confirm !== "erase")
      return json({ error: "Tick the box to confirm the erasure.", saved: null }, { status: 400 });
    const candidateId = params.candidateId ?? "";
    const erased = await eraseCandidate(
      { db: context.services.db, onCommitted: context.services.indexer.nudge },
      candidateId,
      {
        actor: staffActor(user, context.clientAddress),
        reason: "admin",
      },
    );
    if (!erased) throw new Response("No candidate with this id exists; it may have been removed.", { status: 404 });
    throw redirect(`/admin/audit?subjectType=candidate&subjectId=${encodeURIComponent(candidateId)}`);
  }
  const form = shortlistFormSchema.safeParse(fields);
  if (!form.success) return json({ error: form.error.issues[0]?.message, saved: null }, { status: 400 });
  const saved = await addToShortlist(context.services.db, params.candidateId ?? "", form.data);
  if (!saved) throw new Response("No candidate with this id exists; it may have been removed.", { status: 404 });
  return json({ error: null, saved: { ...saved, name: form.data.shortlist } });
}

export default function CandidatePage() {
  const {
    candidate,
    verifiedSkills,
    claimedSkills,
    resumeSkills,
    credentials,
    shortlists,
    invitations,
    canErase,
    canReview,
    backToSearch,
  } = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <p>
        <Link to={backToSearch}>← Back to search</Link>
      </p>
      <h1>{candidate.displayName}</h1>
      <p className="muted">
        {candidate.headline ?? ""} {candidate.headline ? "·" : ""} {candidate.email}
      </p>
      {invitations.length ? (
        <p className="muted small" aria-label="Came through">
          Came through{" "}
          {invitations.map((invitation, index) => (
            <span key={invitation.id}>
              {index ? ", " : ""}
              <Link to={`/invitations/${invitation.id}`}>{invitation.title}</Link>
            </span>
          ))}
        </p>
      ) : null}
      {candidate.emailConfirmed ? null : (
        <p className="notice warn" role="note">
          <strong>Email not confirmed.</strong> This submission came through a public form or a wallet and nobody has
          yet followed the confirmation link mailed to {candidate.email}: the name and address are what a stranger
          typed. It is kept apart from any other record under that address and is not shown in search.
        </p>
      )}
      <section className="panel" aria-label="Skills">
        <h2 style={{ marginTop: 0 }}>Verified skills ({verifiedSkills.length})</h2>
        {verifiedSkills.length ? (
          verifiedSkills.map((skill) => <SkillEvidence key={skill.key} skill={skill} />)
        ) : (
          <p className="muted">No skill is backed by a credential that passed every check.</p>
        )}
        {claimedSkills.length ? (
          <>
            <h2>Claimed, not verified ({claimedSkills.length})</h2>
            {claimedSkills.map((skill) => (
              <SkillEvidence key={skill.key} skill={skill} />
            ))}
          </>
        ) : null}
        {resumeSkills.length ? (
          <>
            <h2>Claimed on the résumé ({resumeSkills.length})</h2>
            <p className="muted small">From the candidate&apos;s résumé: their own statement, not checked by anyone.</p>
            <ul aria-label="Claimed on the résumé">
              {resumeSkills.map((skill) => (
                <li key={skill.key}>
                  {skill.label} <span className="muted small">· from the candidate&apos;s résumé</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section className="panel" aria-label="Save to a shortlist">
        <Form method="post" className="shortlist-form">
          <CsrfInput />
          <label>
            Shortlist
            <input
              type="text"
              name="shortlist"
              list="shortlist-names"
              required
              placeholder="e.g. Welding lead, Leeds"
            />
            <datalist id="shortlist-names">
              {shortlists.map((name) => (
                <option key={name} value={name} />
              ))}
            </datalist>
          </label>
          <label>
            Note
            <input type="text" name="note" placeholder="Why this candidate" />
          </label>
          <div className="form-end">
            <button type="submit" disabled={busy}>
              Save to shortlist
            </button>
          </div>
        </Form>
        {saved?.error ? <p className="field-error">{saved.error}</p> : null}
        {saved?.saved ? (
          <p className="notice ok" role="status">
            Saved to <Link to={`/shortlists/${saved.saved.shortlistId}`}>{saved.saved.name}</Link>.
          </p>
        ) : null}
      </section>
      {canErase ? (
        <details className="panel erase-panel">
          <summary>Erase this candidate</summary>
          <Form method="post" className="stack">
            <CsrfInput />
            <input type="hidden" name="intent" value="erase" />
            <p>
              Deletes {candidate.displayName}, their {credentials.length} credential(s), skills, submissions, shortlist
              entries and notes from the database and from search. It cannot be undone; the audit trail keeps only that
              a candidate with this id was erased, by you.
            </p>
            <label className="checkbox">
              <input type="checkbox" name="confirm" value="erase" required /> I understand that this erases everything
              about this candidate
            </label>
            <div>
              <button type="submit" className="danger">
                Erase candidate
              </button>
            </div>
          </Form>
        </details>
      ) : null}
      <h2>Credentials ({credentials.length})</h2>
      {credentials.map((c) => (
        <article key={c.id} id={c.id} className="panel" aria-label={c.achievementName ?? c.card.name ?? "Credential"}>
          <CredentialCard
            credentialId={c.id}
            fields={c.card}
            issuer={c.issuerName ?? c.card.issuerName}
            summary={summarizeChecks(c.checks, c)}
            title={
              <h3 style={{ margin: 0 }}>
                {c.achievementName ?? c.card.name ?? "Untitled credential"} <VerdictBadge verdict={c.verdict} />
              </h3>
            }
          >
            <p className="muted small" style={{ margin: "0.2rem 0" }}>
              {c.format.toUpperCase()} · submitted {formatDate(c.submittedAt)}
            </p>
            {c.skills.length ? <p style={{ margin: "0.2rem 0" }}>Skills: {c.skills.join(", ")}</p> : null}
            <CredentialDecisionLine decision={c.decision} />
          </CredentialCard>
          <ul className="checks" aria-label="Checks">
            {c.checks.map((check) => (
              <li key={check.id}>
                <span className={`outcome-${check.outcome}`}>
                  {checkNames[check.id] ?? check.id}: {outcomeWords[check.outcome]}
                </span>
                <span>{check.message}</span>
              </li>
            ))}
          </ul>
          {canReview ? (
            // The report page has the evidence behind each check, the raw document and the decisions: verifiers' pages.
            <p style={{ margin: "0.4rem 0 0" }}>
              <Link to={`/review/${encodeURIComponent(c.id)}`}>Open the full verification report</Link>
            </p>
          ) : null}
        </article>
      ))}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.candidate.displayName} · Attest` : "Candidate not found · Attest" },
];
