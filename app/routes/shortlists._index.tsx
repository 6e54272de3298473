import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatDate } from "#app/components/format";
import { listShortlists } from "#db/queries/shortlists.server";
import { requireStaffUser } from "#app/auth/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "recruiter");
  return json({ shortlists: await listShortlists(context.services.db) });
}

export default function Shortlists() {
  const { shortlists } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Shortlists</h1>
      {shortlists.length === 0 ? (
        <div className="panel empty">
          <p>No shortlists yet.</p>
          <p>
            Open a candidate from the <Link to="/search">search</Link> and save them to a shortlist.
          </p>
        </div>
      ) : (
        <ul className="results">
          {shortlists.map((list) => (
            <li key={list.id} className="panel">
              <h3 style={{ margin: 0 }}>
                <Link to={`/shortlists/${list.id}`}>{list.name}</Link>
              </h3>
              <p className="muted small">
                {list.size} candidate{list.size === 1 ? "" : "s"} · created {formatDate(list.createdAt)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Shortlists · Attest" }];
