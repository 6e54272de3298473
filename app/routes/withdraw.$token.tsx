import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
  type ShouldRevalidateFunction,
  useRouteError,
} from "@remix-run/react";
import { findWithdrawal, requestErasureFromWithdrawal, withdrawSubmission } from "#app/ingest/public-submission.server";
import { CandidateErrorPage, candidateErrorTitle } from "#app/components/error-page";

const unknownLink = () =>
  new Response(
    "This withdrawal link is not valid: it may have been used already, or the data was deleted. Nothing was changed.",
    {
      status: 404,
      statusText: "Not found",
    },
  );

export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = await findWithdrawal(context.services.db, params.token ?? "");
  if (!found) throw unknownLink();
  return json({ name: found.name, credentials: found.credentials });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { services } = context;
  const intent = (await request.formData()).get("intent");
  if (intent === "erase-all") {
    const sent = await requestErasureFromWithdrawal(
      { ...services, onCommitted: services.indexer.nudge },
      params.token ?? "",
    );
    if (sent === "unknown") throw unknownLink();
    return json({ done: "erase-all-mailed" as const, again: sent === "already-sent" });
  }
  const withdrawn = await withdrawSubmission(
    { db: services.db, onCommitted: services.indexer.nudge },
    params.token ?? "",
  );
  if (!withdrawn) throw unknownLink();
  services.log("a candidate withdrew a submission; what it stored was deleted");
  return json({ done: "withdrawn" as const, again: false });
}

// After a withdrawal the link is used up, so reloading this loader would put a 404 over the confirmation.
export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod === "POST" ? false : defaultShouldRevalidate;

export default function WithdrawPage() {
  const { name, credentials } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (done?.done === "withdrawn") {
    return (
      <section className="panel" role="status">
        <h1>Your submission was withdrawn</h1>
        <p>
          The credentials you sent with this submission, and the skills they prove, have been deleted, search included.
        </p>
      </section>
    );
  }
  if (done?.done === "erase-all-mailed") {
    return (
      <section className="panel" role="status">
        <h1>Check your mail</h1>
        <p>
          {done.again
            ? "A link was already mailed in the last hour. "
            : "We mailed a link to the address you submitted with. "}
          Open it to erase everything Attest holds under that address. Nothing is erased until you do.
        </p>
      </section>
    );
  }
  return (
    <section className="panel stack">
      <h1>Withdraw your submission</h1>
      <p>
        This deletes what this submission stored for {name ?? "you"}:{" "}
        {credentials === 1 ? "1 credential" : `${credentials} credentials`} and the skills{" "}
        {credentials === 1 ? "it proves" : "they prove"}. Recruiters will no longer see them. This cannot be undone.
      </p>
      <Form method="post">
        <button type="submit" name="intent" value="withdraw" className="danger" disabled={busy}>
          {busy ? "Deleting…" : "Withdraw this submission"}
        </button>
      </Form>
      <h2>Erase everything about me</h2>
      <p>
        To erase everything Attest holds under your email address (other submissions included), we mail a one-time link
        to that address: only the person who reads it can erase everything.
      </p>
      <Form method="post">
        <button type="submit" name="intent" value="erase-all" disabled={busy}>
          Mail me a link to erase everything
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = ({ error }) => [{ title: error ? candidateErrorTitle(error) : "Withdraw · Attest" }];

/** A broken link speaks to the candidate who followed it (they have no account and nothing to search). */
export function ErrorBoundary() {
  return (
    <CandidateErrorPage
      error={useRouteError()}
      whatToDo={
        "If you still want to withdraw, open the link from your confirmation mail again, or write to the employer who invited you."
      }
    />
  );
}
