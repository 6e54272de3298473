import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getOverview } from "#app/recruiting/overview.server";

export async function loader({ context }: LoaderFunctionArgs) {
  const { demoInvitationPath } = await getOverview(context.services.db);
  return json({ demoInvitationPath });
}

export default function SubmitWithoutInvitation() {
  const { demoInvitationPath } = useLoaderData<typeof loader>();
  return (
    <section className="panel">
      <h1>Submit a credential</h1>
      <p>
        Candidates submit through the invitation link an employer sends them for a job opening. Open that link to share
        your credentials.
      </p>
      {demoInvitationPath ? (
        <p>
          This installation has demo data: try the candidate side with the{" "}
          <Link to={demoInvitationPath}>demo invitation</Link>.
        </p>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Submit a credential · Attest" }];
