import { json, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useRouteError } from "@remix-run/react";
import { openSharedShortlist } from "#app/recruiting/shortlist-sharing.server";
import { CandidateErrorPage, candidateErrorTitle } from "#app/components/error-page";
import { formatDate } from "#app/components/format";
import { publicPageHandle } from "#app/components/public-page";

/**
 * A shortlist shared read-only through a link (docs/decisions/061). No action: the link reads, it never writes, so
 * a POST here is refused by Remix (405). Nothing is cached anywhere, nor indexed, nor sent on as a Referer (the
 * header is set in app/server/web-surface.ts; the meta tag below says the same).
 */
const PRIVATE_HEADERS = { "Cache-Control": "private, no-store", "X-Robots-Tag": "noindex, nofollow" };

export async function loader({ params, context }: LoaderFunctionArgs) {
  const outcome = await openSharedShortlist(context.services, params.token ?? "", context.clientAddress);
  if (outcome.status === "refused")
    throw new Response(outcome.message, { status: 404, statusText: "Not found", headers: PRIVATE_HEADERS });
  return json({ ...outcome.view, expiresAt: outcome.expiresAt.toISOString() }, { headers: PRIVATE_HEADERS });
}

export const headers: HeadersFunction = ({ loaderHeaders, errorHeaders }) => errorHeaders ?? loaderHeaders;

export const handle = publicPageHandle;

export default function SharedShortlist() {
  const list = useLoaderData<typeof loader>();
  return (
    <article className="stack shared-shortlist" aria-labelledby="shared-title">
      <header>
        <p className="muted small">Shortlist shared with you, read-only</p>
        <h1 id="shared-title">{list.name}</h1>
        <p className="muted">
          {list.people.length === 1 ? "1 candidate" : `${list.people.length} candidates`} · this link works until{" "}
          {formatDate(list.expiresAt)}. Each skill below is <strong>verified</strong>: a credential proves it whose
          signature was checked
          {list.policy === "registered-issuers" ? ", from an issuer on the employer's trust registry" : ""}.
        </p>
      </header>
      {list.people.length === 0 ? (
        <div className="panel empty">
          <p>This shortlist has no candidates at the moment.</p>
        </div>
      ) : (
        <ol className="results shared-people">
          {list.people.map((person) => (
            <li key={person.position} className="panel stack">
              <h2>{person.displayName}</h2>
              {person.headline ? <p className="muted headline">{person.headline}</p> : null}
              {person.emailConfirmed ? null : (
                <p className="notice warn">This person has not confirmed their email address yet.</p>
              )}
              {person.roles.length > 0 ? <p className="small">Roles: {person.roles.join(", ")}</p> : null}
              <h3>Verified skills</h3>
              {person.skills.length === 0 ? (
                <p className="muted">No verified skills yet.</p>
              ) : (
                <ul className="shared-skills">
                  {person.skills.map((skill) => (
                    <li key={skill.label}>
                      <span className={skill.registered ? "chip verified" : "chip verified unregistered"}>
                        {skill.label}
                      </span>{" "}
                      <span className="muted small">{skill.evidence}</span>
                    </li>
                  ))}
                </ul>
              )}
              {person.credentials.length > 0 ? (
                <details>
                  <summary>
                    Evidence: {person.credentials.length} verified credential
                    {person.credentials.length === 1 ? "" : "s"}
                  </summary>
                  <ul className="small">
                    {person.credentials.map((c, i) => (
                      <li key={i}>
                        {c.name}, issued by {c.issuer}
                        {c.registered ? " (registered issuer)" : " (issuer not on the registry)"}
                        {c.year ? ` · ${c.year}` : ""}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      <p className="muted small">
        Please do not forward this link: anyone who holds it can read this page until it expires.
      </p>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: error ? candidateErrorTitle(error) : `${data?.name ?? "Shortlist"} · shared shortlist · Attest` },
  { name: "robots", content: "noindex, nofollow" },
  { name: "referrer", content: "no-referrer" },
];

/** A link that no longer works speaks to its holder: no account, nothing to search, only whom to ask. */
export function ErrorBoundary() {
  return (
    <CandidateErrorPage
      error={useRouteError()}
      whatToDo="A shared shortlist opens only through the link a recruiter sends: there is no account to sign in with."
    />
  );
}
