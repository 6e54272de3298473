import { Form, useNavigation } from "@remix-run/react";
import { CsrfInput } from "#app/components/csrf-input";

/** Admins only: trust the issuer this report could not, without retyping its DID on the registry page. */
export function TrustIssuerForm({ issuer }: { issuer: string }) {
  const busy = useNavigation().formData?.get("intent") === "trust-issuer";
  return (
    <section className="panel" aria-label="Trust registry">
      <h2 className="panel-title">Issuer not registered</h2>
      <p className="small">
        <strong>{issuer}</strong> is not on the trust registry. If you know this issuer, add it: every credential it
        issued is checked against the registry again, and the change is in the audit trail.
      </p>
      <Form method="post">
        <CsrfInput />
        <button type="submit" name="intent" value="trust-issuer" className="secondary" disabled={busy}>
          {busy ? "Adding…" : "Add this issuer to the registry"}
        </button>
      </Form>
    </section>
  );
}
