import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { staffActor } from "#app/audit/audit.server";
import { requireStaffUser } from "#app/auth/session.server";
import { CsrfInput } from "#app/components/csrf-input";
import { ExternalLink } from "#app/components/external-link";
import { formatDate } from "#app/components/format";
import {
  addTrustedIssuer,
  describeImport,
  describeReevaluated,
  getRegistryAdmin,
  importRegistryFile,
  removeTrustedIssuer,
  trustedIssuerSchema,
} from "#app/verification/registry-admin.server";
import {
  getVerifiedPolicy,
  setVerifiedPolicy,
  VERIFIED_POLICIES,
  type VerifiedPolicy,
} from "#app/verification/verified-policy.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "admin");
  return json({
    entries: await getRegistryAdmin(context.services.db),
    policy: await getVerifiedPolicy(context.services.db),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "admin");
  const { services } = context;
  const deps = { db: services.db, now: services.now, onChanged: services.trustRegistryChanged };
  const actor = staffActor(user, context.clientAddress);
  const form = await request.formData();
  const refuse = (error: string) => json({ error, done: null }, { status: 400 });
  let done: string;
  if (form.get("intent") === "policy") {
    const policy = String(form.get("policy") ?? "");
    if (!VERIFIED_POLICIES.includes(policy as VerifiedPolicy)) return refuse("Choose what “verified” means.");
    await setVerifiedPolicy(services.db, actor, policy as VerifiedPolicy);
    done =
      policy === "registered-issuers"
        ? "Verified now means: from a registered issuer only."
        : "Verified now means: a valid signature from any issuer.";
  } else if (form.get("intent") === "remove") {
    const removed = await removeTrustedIssuer(deps, actor, String(form.get("issuerId") ?? ""));
    if (!removed) return refuse("That issuer is no longer on the registry; someone may have removed it already.");
    done = `Removed ${removed.name} from the registry.${describeReevaluated(removed.reevaluated)}`;
  } else if (form.get("intent") === "import") {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return refuse("Choose a registry file (JSON) to import.");
    const registryName = String(form.get("registryName") ?? "");
    const result = await importRegistryFile(deps, actor, {
      text: await file.text(),
      fileName: file.name,
      registryName,
    });
    if (result.status === "refused") return refuse(result.message);
    done = `Imported: ${describeImport(result)}`;
  } else {
    const input = trustedIssuerSchema.safeParse(Object.fromEntries(form));
    if (!input.success) return refuse(input.error.issues[0]?.message ?? "Check the form.");
    const { change, reevaluated } = await addTrustedIssuer(deps, actor, input.data);
    done = `${input.data.name} ${change === "added" ? "is now on the registry" : "was updated"}.${describeReevaluated(reevaluated)}`;
  }
  services.indexer.nudge();
  return json({ error: null, done });
}

export default function RegistryPage() {
  const { entries, policy } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>Trust registry</h1>
      <p className="muted">
        Issuers you recognise. A credential from a listed issuer shows the registry’s name for it and says which entry
        matched; anyone else’s credential can still verify, but its issuer line says it is not on the registry.
      </p>
      {result?.error ? (
        <p className="notice bad" role="alert">
          {result.error}
        </p>
      ) : null}
      {result?.done ? (
        <p className="notice ok" role="status">
          {result.done}
        </p>
      ) : null}
      <section className="panel" aria-label="What verified means">
        <h2 style={{ marginTop: 0 }}>What “verified” means</h2>
        <Form method="post" className="stack">
          <CsrfInput />
          <input type="hidden" name="intent" value="policy" />
          <label className="inline">
            <input type="radio" name="policy" value="any-issuer" defaultChecked={policy === "any-issuer"} />
            <span>A valid signature from any issuer (a self-signed credential counts)</span>
          </label>
          <label className="inline">
            <input
              type="radio"
              name="policy"
              value="registered-issuers"
              defaultChecked={policy === "registered-issuers"}
            />
            <span>A valid signature from a registered issuer only (search, its filters and counts)</span>
          </label>
          <div>
            <button type="submit" disabled={busy}>
              Save
            </button>
          </div>
        </Form>
      </section>
      <section className="panel" aria-label="Add an issuer">
        <h2 style={{ marginTop: 0 }}>Add an issuer</h2>
        <Form method="post" className="registry-form" key={result?.done ?? "add"}>
          <CsrfInput />
          <input type="hidden" name="intent" value="add" />
          <label>
            Issuer DID or URL
            <input type="text" name="issuerId" required placeholder="did:key:z6Mk… or https://…" />
          </label>
          <label>
            Display name
            <input type="text" name="name" required placeholder="e.g. Riverside Community College" />
          </label>
          <label>
            Homepage (optional)
            <input type="text" name="homepage" inputMode="url" placeholder="https://…" />
          </label>
          <div className="form-end">
            <button type="submit" disabled={busy}>
              Add issuer
            </button>
          </div>
        </Form>
      </section>
      <section className="panel" aria-label="Import a registry file">
        <h2 style={{ marginTop: 0 }}>Import a registry file</h2>
        <p className="muted small">
          A Digital Credentials Consortium registry (JSON). Issuers already listed are updated.
        </p>
        <Form
          method="post"
          encType="multipart/form-data"
          className="registry-form import"
          key={`import-${result?.done ?? ""}`}
        >
          <CsrfInput />
          <input type="hidden" name="intent" value="import" />
          <label>
            Registry file
            <input type="file" name="file" accept=".json,application/json" required />
          </label>
          <label>
            Registry name (optional)
            <input type="text" name="registryName" placeholder="defaults to the file name" />
          </label>
          <div className="form-end">
            <button type="submit" disabled={busy}>
              Import
            </button>
          </div>
        </Form>
      </section>
      <section className="panel" aria-label="Trusted issuers">
        <h2 style={{ marginTop: 0 }}>Trusted issuers ({entries.length})</h2>
        {entries.length === 0 ? (
          <p className="empty">
            No issuer is on the registry yet. Add one above or import a registry file; until then every credential’s
            issuer line says it is not on the registry.
          </p>
        ) : (
          <table className="registry-table">
            <thead>
              <tr>
                <th>Issuer</th>
                <th>Homepage</th>
                <th>Source</th>
                <th>Added</th>
                <th>Credentials</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.issuerId}>
                  <td className="issuer-cell">
                    <strong>{e.name}</strong>
                    <code className="issuer-id">{e.issuerId}</code>
                  </td>
                  <td data-label="Homepage">
                    {e.homepage ? (
                      <ExternalLink href={e.homepage}>{e.homepage.replace(/^https?:\/\//, "")}</ExternalLink>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td data-label="Source">{e.registry === "manual" ? "added by hand" : e.registry}</td>
                  <td data-label="Added" className="nowrap">
                    {formatDate(e.addedAt)}
                  </td>
                  <td data-label="Credentials">{e.matches}</td>
                  <td>
                    <details className="confirm">
                      <summary className="small-button danger" aria-label={`Remove ${e.name}`}>
                        Remove
                      </summary>
                      <Form method="post">
                        <CsrfInput />
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="issuerId" value={e.issuerId} />
                        <p className="small">
                          {e.matches === 1 ? "1 stored credential" : `${e.matches} stored credentials`} from this issuer
                          will show as not on the registry.
                        </p>
                        <button type="submit" className="small-button danger" disabled={busy}>
                          Yes, remove {e.name}
                        </button>
                      </Form>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Trust registry · Attest" }];
