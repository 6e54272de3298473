import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfInput } from "#app/components/csrf-input";
import { formatDate } from "#app/components/format";
import {
  listSavedSearchSummaries,
  removeSavedSearch,
  renameSavedSearch,
  saveSearch,
  savedSearchNameSchema,
} from "#app/recruiting/saved-searches.server";
import { parseCandidateSearchParams } from "#app/recruiting/search-params";
import { requireStaffUser } from "#app/auth/session.server";

const formSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), name: savedSearchNameSchema, query: z.string().max(4000).default("") }),
  z.object({ intent: z.literal("rename"), id: z.string().min(1), name: savedSearchNameSchema }),
  z.object({ intent: z.literal("delete"), id: z.string().min(1) }),
]);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "recruiter");
  return json({ savedSearches: await listSavedSearchSummaries(context.services, user.id) });
}

type ActionResult = { error: string | null; saved: { id: string; name: string; status: string } | null };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "recruiter");
  const parsed = formSchema.safeParse(Object.fromEntries(await request.formData()));
  const fail = (error: string, status = 400) => json<ActionResult>({ error, saved: null }, { status });
  if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? "Check the form.");
  const form = parsed.data;
  if (form.intent === "save") {
    // The query goes through the URL parser, so only what a search URL can carry is stored.
    const params = parseCandidateSearchParams(new URL(`/search?${form.query.replace(/^\?/, "")}`, request.url));
    const outcome = await saveSearch(context.services, user.id, { name: form.name, params });
    if (outcome.status === "refused") return fail(outcome.message, 409);
    return json<ActionResult>({ error: null, saved: outcome });
  }
  if (form.intent === "rename") {
    const outcome = await renameSavedSearch(context.services, user.id, form.id, form.name);
    if (outcome.status === "missing") return fail("No such saved search.", 404);
    if (outcome.status === "refused") return fail(outcome.message, 409);
    return json<ActionResult>({ error: null, saved: null });
  }
  if (!(await removeSavedSearch(context.services, user.id, form.id))) return fail("No such saved search.", 404);
  return json<ActionResult>({ error: null, saved: null });
}

export default function SavedSearches() {
  const { savedSearches } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1>Saved searches</h1>
      {actionData?.error ? (
        <p className="notice bad" role="alert">
          {actionData.error}
        </p>
      ) : null}
      {savedSearches.length === 0 ? (
        <div className="panel empty">
          <p>No saved searches yet.</p>
          <p>
            Run a <Link to="/search">search</Link> and choose “Save this search”: it will show here with the number of
            new matches since your last visit.
          </p>
        </div>
      ) : (
        <ul className="results" aria-label="Your saved searches">
          {savedSearches.map((s) => (
            <li key={s.id} className="panel saved-search">
              <div className="saved-search-head">
                <h2 className="saved-search-name">
                  <Link to={`/saved-searches/${s.id}`}>{s.name}</Link>
                </h2>
                {s.newMatches > 0 ? (
                  <span className="badge verified">
                    {s.newIsLowerBound ? "at least " : ""}
                    {s.newMatches} new {s.newMatches === 1 ? "match" : "matches"} since your last visit
                  </span>
                ) : (
                  <span className="muted small">No new matches since your last visit</span>
                )}
              </div>
              <p className="muted small">
                {s.matches === 1 ? "1 candidate matches" : `${s.matches} candidates match`} · last visit{" "}
                {formatDate(s.lastVisitedAt)}
              </p>
              <div className="saved-search-actions">
                <details className="rename">
                  <summary className="chip">Rename</summary>
                  <Form method="post" className="rename-form">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="rename" />
                    <input type="hidden" name="id" value={s.id} />
                    <label>
                      <span className="visually-hidden">New name for {s.name}</span>
                      <input type="text" name="name" defaultValue={s.name} required maxLength={120} />
                    </label>
                    <button type="submit" className="small-button">
                      Save name
                    </button>
                  </Form>
                </details>
                <Form method="post" className="inline-form">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="delete" />
                  <input type="hidden" name="id" value={s.id} />
                  <button type="submit" className="small-button danger" aria-label={`Delete ${s.name}`}>
                    Delete
                  </button>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Saved searches · Attest" }];
