import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
  type ShouldRevalidateFunction,
  useRouteError,
} from "@remix-run/react";
import { checkErasureLink, eraseEverythingByLink } from "#app/identity/identity.server";
import { CandidateErrorPage, candidateErrorTitle } from "#app/components/error-page";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const checked = await checkErasureLink(context.services, params.token ?? "");
  return json({ problem: checked.ok ? null : checked.message }, { status: checked.ok ? 200 : 410 });
}

export async function action({ params, context }: ActionFunctionArgs) {
  const { services } = context;
  const erased = await eraseEverythingByLink({ ...services, onCommitted: services.indexer.nudge }, params.token ?? "");
  if (!erased.ok) return json({ problem: erased.message }, { status: 410 });
  services.log(`a candidate erased everything held under their address (${erased.value.candidates} record(s))`);
  return json({ problem: null });
}

export const shouldRevalidate: ShouldRevalidateFunction = ({ formMethod, defaultShouldRevalidate }) =>
  formMethod === "POST" ? false : defaultShouldRevalidate;

export default function ErasePage() {
  const { problem } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const shown = done?.problem ?? problem;
  if (shown) {
    return (
      <section className="panel" role="alert">
        <h1>This erasure link does not work</h1>
        <p>{shown}</p>
      </section>
    );
  }
  if (done) {
    return (
      <section className="panel" role="status">
        <h1>Everything was erased</h1>
        <p>
          Everything Attest held under your address (your details, credentials and skills) has been deleted, search
          included.
        </p>
      </section>
    );
  }
  return (
    <section className="panel stack">
      <h1>Erase everything about me</h1>
      <p>
        This deletes everything Attest holds under your email address: your details, every credential and the skills
        they prove. This cannot be undone.
      </p>
      <Form method="post">
        <button type="submit" className="danger" disabled={busy}>
          {busy ? "Erasing…" : "Erase everything"}
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = ({ error }) => [
  { title: error ? candidateErrorTitle(error) : "Erase everything · Attest" },
];

/** A broken link speaks to the candidate who followed it (they have no account and nothing to search). */
export function ErrorBoundary() {
  return (
    <CandidateErrorPage
      error={useRouteError()}
      whatToDo={
        "Open the link in the mail again in a few minutes; nothing was erased. If it still does not work, write to the employer who invited you."
      }
    />
  );
}
