import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { formatDate } from "#app/components/format";
import { CsrfInput } from "#app/components/csrf-input";
import { getShortlist, listShortlistNames } from "#db/queries/shortlists.server";
import { moveToShortlist, removeFromShortlist } from "#app/recruiting/shortlists.server";
import {
  createShareLink,
  listShareLinks,
  revokeShareLink,
  shareLinkFormSchema,
} from "#app/recruiting/shortlist-sharing.server";
import { DEFAULT_SHARE_DAYS, SHARE_PERIODS } from "#app/recruiting/share-periods";
import { staffActor } from "#app/audit/audit.server";
import { requireStaffUser } from "#app/auth/session.server";
import { ShareLinksPanel } from "#app/components/shortlists/share-links-panel";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "recruiter");
  const list = await getShortlist(context.services.db, params.shortlistId ?? "");
  if (!list) throw new Response("No shortlist with this id exists.", { status: 404, statusText: "Not found" });
  const [names, shareLinks] = await Promise.all([
    listShortlistNames(context.services.db),
    listShareLinks(context.services, list.id),
  ]);
  return json({ ...list, others: names.filter((name) => name !== list.name), shareLinks });
}

type ActionResult = {
  error: string | null;
  done: string | null;
  shareError?: string;
  shared?: { link: string; recipient: string; expiresAt: string };
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "recruiter");
  const form = await request.formData();
  const shortlistId = params.shortlistId ?? "";
  const candidateId = String(form.get("candidateId") ?? "");
  const actor = staffActor(user, context.clientAddress);
  if (form.get("intent") === "share") {
    const parsed = shareLinkFormSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success)
      return json<ActionResult>(
        { error: null, done: null, shareError: parsed.error.issues[0]!.message },
        { status: 400 },
      );
    const made = await createShareLink(context.services, actor, shortlistId, parsed.data);
    if (!made) throw new Response("No shortlist with this id exists.", { status: 404, statusText: "Not found" });
    const shared = { link: made.link, recipient: parsed.data.recipient, expiresAt: made.expiresAt.toISOString() };
    return json<ActionResult>({ error: null, done: null, shared }, { headers: { "Cache-Control": "no-store" } });
  }
  if (form.get("intent") === "revoke-share") {
    const revoked = await revokeShareLink(context.services, actor, shortlistId, String(form.get("linkId") ?? ""));
    if (!revoked)
      return json<ActionResult>({ error: "This shortlist has no such share link.", done: null }, { status: 400 });
    return json<ActionResult>({ error: null, done: "Share link revoked: it no longer opens the shortlist." });
  }
  if (form.get("intent") === "move") {
    const to = String(form.get("to") ?? "").trim();
    if (!to || to.length > 120)
      return json<ActionResult>(
        { error: "Name the shortlist to move the candidate to (under 120 characters).", done: null },
        { status: 400 },
      );
    const moved = await moveToShortlist(context.services.db, shortlistId, candidateId, to);
    if (!moved)
      return json<ActionResult>(
        { error: "That candidate is no longer on this shortlist.", done: null },
        { status: 400 },
      );
    return json<ActionResult>({ error: null, done: `Moved to “${to}”.` });
  }
  const removed = await removeFromShortlist(context.services.db, shortlistId, candidateId);
  if (!removed)
    return json<ActionResult>({ error: "That candidate is no longer on this shortlist.", done: null }, { status: 400 });
  return json<ActionResult>({ error: null, done: "Removed from this shortlist." });
}

export default function ShortlistPage() {
  const list = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <p>
        <Link to="/shortlists">← All shortlists</Link>
      </p>
      <div className="results-bar">
        <h1>{list.name}</h1>
        <a className="button" href={`/shortlists/${list.id}/export`} download>
          Export CSV
        </a>
      </div>
      {result?.error ? (
        <p className="notice bad" role="alert">
          {result.error}
        </p>
      ) : null}
      {result?.done ? (
        <p className="notice ok" role="status">
          {result.done}
        </p>
      ) : null}
      {list.entries.length === 0 ? (
        <div className="panel empty">
          <p>This shortlist is empty.</p>
        </div>
      ) : (
        <ul className="results">
          {list.entries.map((e) => (
            <li key={e.candidateId} className="panel">
              <h3 style={{ margin: 0 }}>
                <Link to={`/candidates/${e.candidateId}`}>{e.displayName}</Link>
              </h3>
              {e.headline ? <p className="muted headline">{e.headline}</p> : null}
              {e.note ? <p>{e.note}</p> : null}
              <p className="muted small">Added {formatDate(e.addedAt)}</p>
              <div className="button-row">
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="candidateId" value={e.candidateId} />
                  <button
                    type="submit"
                    name="intent"
                    value="remove"
                    className="secondary"
                    aria-label={`Remove ${e.displayName}`}
                  >
                    Remove
                  </button>
                </Form>
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="candidateId" value={e.candidateId} />
                  <label>
                    <span className="visually-hidden">Move {e.displayName} to the shortlist</span>
                    <input type="text" name="to" list="other-shortlists" required placeholder="Another shortlist" />
                  </label>{" "}
                  <button
                    type="submit"
                    name="intent"
                    value="move"
                    className="secondary"
                    aria-label={`Move ${e.displayName}`}
                  >
                    Move
                  </button>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      )}
      <ShareLinksPanel
        links={list.shareLinks}
        periods={SHARE_PERIODS}
        defaultDays={DEFAULT_SHARE_DAYS}
        created={result?.shared ?? null}
        error={result?.shareError ?? null}
      />
      <datalist id="other-shortlists">
        {list.others.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.name ?? "Shortlist"} · Attest` }];
