import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOverview } from "#app/recruiting/overview.server";
import { requireStaffUser } from "#app/auth/session.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "recruiter");
  return json(await getOverview(context.services.db));
}

export default function Home() {
  const overview = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Verified skills, not résumé claims</h1>
      <div className="stats">
        <Stat label="candidates" value={overview.candidates} />
        <Stat label="credentials received" value={overview.credentials} />
        <Stat label="passed every check" value={overview.verifiedCredentials} />
      </div>
      <h2>Most held verified skills</h2>
      {overview.topSkills.length === 0 ? (
        <div className="panel empty">
          <p>No verified skills yet.</p>
          <p><Link to="/submit">Submit the first credential</Link></p>
        </div>
      ) : (
        <div className="chips">
          {overview.topSkills.map((s) => (
            <Link key={s.key} className="chip verified" to={`/search?skill=${encodeURIComponent(s.key)}`}>
              ✓ {s.label} <span className="muted">{s.candidates}</span>
            </Link>
          ))}
        </div>
      )}
      <p>
        <Link className="button" to="/search">Search candidates</Link>
      </p>
      {overview.demoInvitationPath ? (
        <p className="muted">
          Demo data is loaded. Try the candidate side through the{" "}
          <Link to={overview.demoInvitationPath}>demo invitation link</Link>.
        </p>
      ) : null}
    </>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="stat" role="group" aria-label={label}>
      <strong>{value}</strong>
      {label}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Attest" }];
