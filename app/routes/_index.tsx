import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireStaffUser } from "#app/auth/session.server";
import { getDashboard } from "#app/dashboard/dashboard.server";
import {
  ChangesPanel,
  OutcomesPanel,
  SubmissionsPanel,
  TopIssuersPanel,
  TopSkillsPanel,
  TrustPanel,
} from "#app/dashboard/dashboard-view";

const Query = z.object({ by: z.enum(["day", "week"]).catch("day") });

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "recruiter");
  const { by } = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json(await getDashboard(context.services.db, { now: context.services.now(), period: by }));
}

export default function Home() {
  const dashboard = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Verified skills, not résumé claims</h1>
      <div className="stats">
        <Stat label="candidates" value={dashboard.totals.candidates} />
        <Stat label="credentials received" value={dashboard.totals.credentials} />
        <Stat
          label={
            dashboard.policy === "registered-issuers"
              ? "passed every check, from a registered issuer"
              : "passed every check"
          }
          value={dashboard.totals.verifiedCredentials}
        />
      </div>
      {dashboard.policy === "registered-issuers" ? (
        <p className="muted">Verified means: from a registered issuer only (an admin’s choice, as in search).</p>
      ) : null}
      <p className="dashboard-actions">
        <Link className="button" to="/search">
          Search candidates
        </Link>
      </p>
      {dashboard.demoInvitationPath ? (
        <p className="muted">
          Demo data is loaded. Try the candidate side through the{" "}
          <Link to={dashboard.demoInvitationPath}>demo invitation link</Link>.
        </p>
      ) : null}
      <div className="dashboard">
        <ChangesPanel changes={dashboard.changes} />
        <SubmissionsPanel submissions={dashboard.submissions} policy={dashboard.policy} />
        <OutcomesPanel outcomes={dashboard.outcomes} policy={dashboard.policy} />
        <TrustPanel trust={dashboard.outcomes.trust} />
        <TopSkillsPanel skills={dashboard.topSkills} />
        <TopIssuersPanel issuers={dashboard.topIssuers} />
      </div>
    </>
  );
}

function Stat({ label, value }: { label: string; value: number }) {
  return (
    <div className="stat" role="group" aria-label={label}>
      {/* A plain number: scripts and tests read it (e2e/walking-skeleton.spec.ts). */}
      <strong>{value}</strong>
      {label}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Dashboard · Attest" }];
