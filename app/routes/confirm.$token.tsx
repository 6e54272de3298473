import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
  type ShouldRevalidateFunction,
  useRouteError,
} from "@remix-run/react";
import { checkConfirmationLink, confirmEmail } from "#app/identity/identity.server";
import { CandidateErrorPage, candidateErrorTitle } from "#app/components/error-page";

// Opening the link only offers the button: mail scanners open links too, and must not confirm anything.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const checked = await checkConfirmationLink(context.services, params.token ?? "");
  return json({ problem: checked.ok ? null : checked.message }, { status: checked.ok ? 200 : 410 });
}

export async function action({ params, context }: ActionFunctionArgs) {
  const { services } = context;
  const confirmed = await confirmEmail({ ...services, onCommitted: services.indexer.nudge }, params.token ?? "");
  if (!confirmed.ok) return json({ problem: confirmed.message, joined: false }, { status: 410 });
  services.log(
    `a candidate confirmed their email (${confirmed.value.joined ? "joined their existing record" : "a new record"})`,
  );
  return json({ problem: null, joined: confirmed.value.joined });
}

export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod === "POST" ? false : defaultShouldRevalidate;

export default function ConfirmPage() {
  const { problem } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const shown = done?.problem ?? problem;
  if (shown) {
    return (
      <section className="panel" role="alert">
        <h1>This confirmation link does not work</h1>
        <p>{shown}</p>
      </section>
    );
  }
  if (done) {
    return (
      <section className="panel" role="status">
        <h1>Your email is confirmed</h1>
        <p>
          {done.joined
            ? "Your submission has joined the record Attest already held under this address."
            : "Your submission is now your record at Attest."}{" "}
          Recruiters see its verified skills.
        </p>
      </section>
    );
  }
  return (
    <section className="panel stack">
      <h1>Confirm your email</h1>
      <p>Confirm that this address is yours, so your submission joins your record and recruiters see it as yours.</p>
      <Form method="post">
        <button type="submit" disabled={busy}>
          {busy ? "Confirming…" : "Confirm my email"}
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = ({ error }) => [
  { title: error ? candidateErrorTitle(error) : "Confirm your email · Attest" },
];

/** A broken link speaks to the candidate who followed it (they have no account and nothing to search). */
export function ErrorBoundary() {
  return (
    <CandidateErrorPage
      error={useRouteError()}
      whatToDo={
        "Open the link in the mail again in a few minutes; if it still does not work, write to the employer who invited you."
      }
    />
  );
}
