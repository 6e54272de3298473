import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "#app/components/format";
import { getShortlist } from "#db/queries/shortlists.server";
import { requireStaffUser } from "#app/auth/session.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "recruiter");
  const list = await getShortlist(context.services.db, params.shortlistId ?? "");
  if (!list) throw new Response("No shortlist with this id exists.", { status: 404, statusText: "Not found" });
  return json(list);
}

export default function ShortlistPage() {
  const list = useLoaderData<typeof loader>();
  return (
    <>
      <p><Link to="/shortlists">← All shortlists</Link></p>
      <div className="results-bar">
        <h1>{list.name}</h1>
        <a className="button" href={`/shortlists/${list.id}/export`} download>Export CSV</a>
      </div>
      {list.entries.length === 0 ? (
        <div className="panel empty"><p>This shortlist is empty.</p></div>
      ) : (
        <ul className="results">
          {list.entries.map((e) => (
            <li key={e.candidateId} className="panel">
              <h3 style={{ margin: 0 }}><Link to={`/candidates/${e.candidateId}`}>{e.displayName}</Link></h3>
              {e.headline ? <p className="muted headline">{e.headline}</p> : null}
              {e.note ? <p>{e.note}</p> : null}
              <p className="muted small">Added {formatDate(e.addedAt)}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.name ?? "Shortlist"} · Attest` }];
