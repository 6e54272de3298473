import {
  json,
  type LoaderFunctionArgs,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type ActionFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRouteError } from "@remix-run/react";
import type { ReceiptItem } from "#app/ingest/receipt";
import { MAX_IMAGE_BYTES } from "#app/ingest/resolvers/baked-image";
import { submitThroughInvitation } from "#app/ingest/public-submission.server";
import { lookUpInvitation } from "#app/invitations/invitations.server";
import { candidateDetailsSchema, type SubmissionInput } from "#app/ingest/submit.server";
import { countSubmissionParts } from "#app/server/body-limits";
import { DATABASE_UNAVAILABLE_MESSAGE, describeDatabaseFailure, isDatabaseUnavailable } from "#db/unavailable";
import { CandidateErrorPage, candidateErrorTitle } from "#app/components/error-page";

type FieldErrors = Partial<Record<"name" | "email" | "consent" | "credential", string>>;
interface ActionData {
  fieldErrors?: FieldErrors;
  receipt?: ReceiptItem[];
  withdrawPath?: string | null;
  /** A confirmation link was mailed to the address given: the submission stays apart until it is followed. */
  confirmationMailed?: boolean;
  limited?: string;
  /** The database was away: the form stays as it was, to be sent again. */
  unavailable?: string;
  /** The invitation closed or expired while the form was open: why, in the candidate's words. */
  refused?: string;
}

// A link that is closed, expired or unknown answers 404 with a page for the candidate (not the staff error page).
export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = await lookUpInvitation(context.services, params.token ?? "");
  if (found.status === "refused") return json({ title: found.title, refused: found.message }, { status: 404 });
  return json({ title: found.invitation.title, refused: null });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const found = await lookUpInvitation(context.services, params.token ?? "");
  if (found.status === "refused") return json<ActionData>({ refused: found.message }, { status: 404 });
  const { invitation } = found;
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      // Baked badge images may be larger than a credential; each document inside is still capped at 1 MB.
      unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMAGE_BYTES }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return json<ActionData>(
        { fieldErrors: { credential: "A file is larger than 10 MB; files that large are not accepted." } },
        { status: 400 },
      );
    }
    // A body the multipart parser cannot read (e.g. a file name with quotes or "=": found by the malformed stress
    // scenario) is the sender's problem, not a 500.
    context.services.log(`submission form: unreadable upload (${error instanceof Error ? error.name : typeof error})`);
    return json<ActionData>(
      {
        fieldErrors: {
          credential:
            "The upload could not be read. Rename the file (letters, digits and dashes) and try again, or paste the credential.",
        },
      },
      { status: 400 },
    );
  }
  const tooMany = countSubmissionParts(form);
  if (tooMany) return json<ActionData>({ fieldErrors: { credential: tooMany } }, { status: 400 });
  const details = candidateDetailsSchema.safeParse({
    name: form.get("name") ?? "",
    email: form.get("email") ?? "",
    headline: form.get("headline") ?? "",
    consent: form.get("consent") === "on",
  });
  const inputs: SubmissionInput[] = [];
  for (const file of form.getAll("file")) {
    if (file instanceof File && file.size > 0) {
      inputs.push({ type: "file", bytes: new Uint8Array(await file.arrayBuffer()), source: file.name });
    }
  }
  const pasted = String(form.get("credential") ?? "");
  if (pasted.trim()) inputs.push({ type: "text", text: pasted, source: "pasted text" });
  for (const link of String(form.get("links") ?? "")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 20)) {
    inputs.push({ type: "link", url: link });
  }
  const fieldErrors: FieldErrors = {};
  if (!details.success) {
    for (const issue of details.error.issues) fieldErrors[issue.path[0] as keyof FieldErrors] ??= issue.message;
  }
  if (inputs.length === 0) fieldErrors.credential = "Paste a credential, give a link or choose a file.";
  if (!details.success || fieldErrors.credential) return json<ActionData>({ fieldErrors }, { status: 400 });

  const { services } = context;
  const result = await submitThroughInvitation(
    { ...services, onCommitted: services.indexer.nudge },
    { invitation, clientAddress: context.clientAddress, details: details.data, inputs },
  ).catch((error: unknown) => {
    // Answered here rather than by the server's 503 page, so that the form and what was typed into it stay.
    if (!isDatabaseUnavailable(error)) throw error;
    services.log(`database unavailable: a submission form answered 503 (${describeDatabaseFailure(error)})`);
    return null;
  });
  if (result === null) {
    return json<ActionData>(
      { unavailable: `${DATABASE_UNAVAILABLE_MESSAGE} Sending the same credential again does not store it twice.` },
      { status: 503, headers: { "Retry-After": "60" } },
    );
  }
  if (result.status === "rate-limited") {
    services.log(`submission rate-limited (${result.reason})`);
    return json<ActionData>(
      { limited: `${result.reason} Please try again in an hour; nothing you sent was stored.` },
      { status: 429, headers: { "Retry-After": String(result.retryAfterSeconds) } },
    );
  }
  // Ids and outcomes only: the email, the name and a share link's path are personal data or secrets.
  for (const item of result.receipt)
    services.log(`submission through invitation ${invitation.id}: ${item.credentialId ?? "not stored"}: ${item.tone}`);
  const allRefused = result.receipt.every((item) => !item.credentialId);
  return json<ActionData>(
    { receipt: result.receipt, withdrawPath: result.withdrawPath, confirmationMailed: result.confirmationMailed },
    { status: allRefused ? 400 : 200 },
  );
}

export default function SubmitPage() {
  const { title, refused } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const errors = data?.fieldErrors ?? {};
  if (refused || data?.refused) {
    return (
      <section className="panel">
        <h1>{refusedHeading(title)}</h1>
        {title ? <p className="muted">For: {title}</p> : null}
        <p role="alert">{refused ?? data?.refused}</p>
      </section>
    );
  }
  return (
    <>
      <h1>Submit a credential</h1>
      <p className="muted">For: {title}</p>
      {data?.limited || data?.unavailable ? (
        <p className="notice bad" role="alert">
          {data.limited ?? data.unavailable}
        </p>
      ) : null}
      {data?.receipt ? (
        <section className="panel" aria-label="Receipt">
          <h2 style={{ marginTop: 0 }}>Receipt</h2>
          {data.receipt.map((item, index) => (
            <div key={`${index}-${item.source}`} className={`notice ${item.tone}`} role="status">
              <strong>{item.headline}</strong>
              {item.reasons.length ? (
                <ul>
                  {item.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              ) : null}
              <div className="muted">Source: {item.source}</div>
            </div>
          ))}
          {data.confirmationMailed ? (
            <p className="notice warn">
              We mailed a confirmation link to the address you gave. Until you follow it, this submission is kept apart
              from anything else held under that address, and recruiters see it marked “email not confirmed”. The mail
              also holds this receipt and your withdrawal link.
            </p>
          ) : null}
          {data.withdrawPath ? (
            <p className="notice warn">
              Keep this link (the confirmation mail holds it too). It lets you withdraw this submission and delete what
              it stored: <Link to={data.withdrawPath}>withdraw my submission</Link>
            </p>
          ) : null}
          <p className="muted">You can submit another credential below.</p>
        </section>
      ) : (
        <p className="muted">
          Share a signed record of your learning (an Open Badge or another verifiable credential). Attest checks its
          signature and dates, and recruiters see the skills it proves.
        </p>
      )}
      <Form method="post" encType="multipart/form-data" className="stack panel" noValidate>
        <label>
          Your name
          <input type="text" name="name" autoComplete="name" aria-invalid={Boolean(errors.name)} />
          {errors.name ? <span className="field-error">{errors.name}</span> : null}
        </label>
        <label>
          Email
          <input type="email" name="email" autoComplete="email" aria-invalid={Boolean(errors.email)} />
          {errors.email ? <span className="field-error">{errors.email}</span> : null}
        </label>
        <label>
          Headline (optional)
          <input type="text" name="headline" placeholder="e.g. Data analyst, 5 years in retail" />
        </label>
        <label>
          Share links (one per line)
          <textarea
            name="links"
            rows={3}
            className="short"
            spellCheck={false}
            placeholder="https://verifierplus.org/credentials/…"
          />
        </label>
        <label>
          Credential JSON
          <textarea name="credential" spellCheck={false} aria-invalid={Boolean(errors.credential)} />
        </label>
        <label>
          …or upload credential files or badge images
          <input
            type="file"
            name="file"
            multiple
            accept=".json,.txt,.jwt,.png,.svg,application/json,application/ld+json,text/plain,image/png,image/svg+xml"
          />
          {errors.credential ? <span className="field-error">{errors.credential}</span> : null}
        </label>
        <label className="inline">
          <input type="checkbox" name="consent" aria-invalid={Boolean(errors.consent)} />
          <span>
            I consent to Attest verifying this credential and showing the skills it proves to recruiters.
            {errors.consent ? <span className="field-error"> {errors.consent}</span> : null}
          </span>
        </label>
        <div>
          <button type="submit" disabled={busy}>
            {busy ? "Verifying…" : "Submit"}
          </button>
        </div>
      </Form>
    </>
  );
}

/** A known but closed invitation keeps its title; an unknown token has none. */
function refusedHeading(title: string | null | undefined): string {
  return title ? "This invitation no longer takes submissions" : "This invitation link does not work";
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  {
    title: error
      ? candidateErrorTitle(error)
      : `${data?.refused ? refusedHeading(data.title) : "Submit a credential"} · Attest`,
  },
];

/** A broken link speaks to the candidate who followed it (they have no account and nothing to search). */
export function ErrorBoundary() {
  return (
    <CandidateErrorPage
      error={useRouteError()}
      whatToDo={
        "Ask the employer who invited you for a new invitation link. Nothing you sent through this link was lost."
      }
    />
  );
}
