import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, type ShouldRevalidateFunction } from "@remix-run/react";
import { findWithdrawal, withdrawCandidate } from "#app/ingest/public-submission.server";

const unknownLink = () =>
  new Response("This withdrawal link is not valid: it may have been used already, or the data was deleted.", {
    status: 404,
    statusText: "Not found",
  });

export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = await findWithdrawal(context.services.db, params.token ?? "");
  if (!found) throw unknownLink();
  return json({ name: found.name });
}

export async function action({ params, context }: ActionFunctionArgs) {
  const { services } = context;
  const withdrawn = await withdrawCandidate({ db: services.db, onCommitted: services.indexer.nudge }, params.token ?? "");
  if (!withdrawn) throw unknownLink();
  services.log("a candidate withdrew their submission; their data was deleted");
  return json({ withdrawn: true });
}

// After a withdrawal the link is used up, so reloading this loader would put a 404 over the confirmation.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod === "POST" ? false : defaultShouldRevalidate;

export default function WithdrawPage() {
  const { name } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (done) {
    return (
      <section className="panel" role="status">
        <h1>Your submission was withdrawn</h1>
        <p>Everything Attest held about you (your details, credentials and skills) has been deleted, search included.</p>
      </section>
    );
  }
  return (
    <section className="panel">
      <h1>Withdraw your submission</h1>
      <p>
        This deletes everything Attest holds about {name ?? "you"}: your details, every credential you submitted
        and the skills they prove. Recruiters will no longer find you. This cannot be undone.
      </p>
      <Form method="post">
        <button type="submit" className="danger" disabled={busy}>
          {busy ? "Deleting…" : "Withdraw and delete my data"}
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Withdraw · Attest" }];
