import { useEffect, useRef } from "react";
import { Form, useNavigation } from "@remix-run/react";
import { CsrfInput } from "#app/components/csrf-input";

export interface ActionResult {
  error: string | null;
  /** Which form the error belongs to. */
  intent: string | null;
  done: string | null;
}

/** Re-verify, decide with a reason, or add a note: each a plain POST to the report page. */
export function ReviewActions({
  result,
  queue,
}: {
  result: ActionResult | undefined;
  /** The queue filter "… and next" continues in. */ queue: string;
}) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formMethod === "POST";
  const busyIntent = busy ? navigation.formData?.get("intent") : null;
  const decisionForm = useRef<HTMLFormElement>(null);
  const noteForm = useRef<HTMLFormElement>(null);
  useEffect(() => {
    // A recorded decision or note clears its text box; an error keeps what was typed.
    if (result?.done && !result.error) {
      decisionForm.current?.reset();
      noteForm.current?.reset();
    }
  }, [result]);
  const decisionError = result?.error && /^(accept|reject)/.test(result.intent ?? "") ? result.error : null;
  const noteError = result?.error && result.intent === "note" ? result.error : null;
  const otherError = result?.error && !decisionError && !noteError ? result.error : null;

  return (
    <section className="panel" aria-label="Actions">
      <h2 className="panel-title">Actions</h2>
      {result?.done ? (
        <p className="notice ok" role="status">
          {result.done}
        </p>
      ) : null}
      {otherError ? (
        <p className="notice bad" role="alert">
          {otherError}
        </p>
      ) : null}
      <Form method="post" className="review-form">
        <CsrfInput />
        <input type="hidden" name="intent" value="re-verify" />
        <button type="submit" disabled={busy}>
          {busyIntent === "re-verify" ? "Verifying…" : "Re-verify now"}
        </button>
        <p className="muted small">
          Checks the stored document again: signature, dates, revocation, issuer and holder.
        </p>
      </Form>
      <Form method="post" className="review-form" ref={decisionForm}>
        <CsrfInput />
        <label>
          Reason for your decision
          <textarea
            name="reason"
            className="short"
            aria-invalid={decisionError ? true : undefined}
            aria-describedby={decisionError ? "decision-error" : undefined}
            placeholder="e.g. Confirmed with the issuer by phone."
          />
        </label>
        {decisionError ? (
          <p id="decision-error" className="field-error">
            {decisionError}
          </p>
        ) : null}
        <input type="hidden" name="queue" value={queue} />
        <div className="button-row">
          <button type="submit" name="intent" value="accept" disabled={busy}>
            Accept
          </button>
          <button type="submit" name="intent" value="reject" className="danger" disabled={busy}>
            Reject
          </button>
        </div>
        <div className="button-row">
          <button type="submit" name="intent" value="accept-next" className="secondary" disabled={busy}>
            Accept and next
          </button>
          <button type="submit" name="intent" value="reject-next" className="secondary" disabled={busy}>
            Reject and next
          </button>
        </div>
        <p className="muted small">
          A decision is recorded beside the verification report; it does not change the verdict.
        </p>
      </Form>
      <Form method="post" className="review-form" ref={noteForm}>
        <CsrfInput />
        <input type="hidden" name="intent" value="note" />
        <label>
          Note
          <textarea
            name="reason"
            className="short"
            aria-invalid={noteError ? true : undefined}
            aria-describedby={noteError ? "note-error" : undefined}
          />
        </label>
        {noteError ? (
          <p id="note-error" className="field-error">
            {noteError}
          </p>
        ) : null}
        <div className="button-row">
          <button type="submit" className="secondary" disabled={busy}>
            Add note
          </button>
        </div>
      </Form>
    </section>
  );
}
