import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { staffActor } from "#app/audit/audit.server";
import {
  API_KEY_SCOPES,
  issueApiKey,
  listApiKeys,
  newApiKeySchema,
  SCOPE_WORDS,
  withdrawApiKey,
} from "#app/auth/api-keys.server";
import { requireStaffUser } from "#app/auth/session.server";
import { CsrfInput } from "#app/components/csrf-input";
import { formatDateTime } from "#app/components/review/format-time";
import { TableScroll } from "#app/components/table-scroll";

interface ActionData {
  error: string | null;
  /** The new key's secret: in this one answer only, never stored or shown again. */
  created: { id: string; name: string; secret: string } | null;
  revoked: string | null;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "admin");
  const now = context.services.now();
  const keys = (await listApiKeys(context.services.db)).map((key) => ({
    ...key,
    state: key.revokedAt ? "revoked" : key.expiresAt && key.expiresAt <= now ? "expired" : "active",
  }));
  // From the loader, not imported by the component: the browser build empties *.server modules.
  const scopes = API_KEY_SCOPES.map((scope) => ({ scope, words: SCOPE_WORDS[scope] }));
  return json({ keys, scopes });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "admin");
  const actor = staffActor(user, context.clientAddress);
  const form = await request.formData();
  const answer = (data: Partial<ActionData>, status = 200) =>
    json<ActionData>({ error: null, created: null, revoked: null, ...data }, { status });
  if (form.get("intent") === "revoke") {
    const id = String(form.get("keyId") ?? "");
    if (!(await withdrawApiKey(context.services, actor, id)))
      return answer({ error: "That key is revoked already, or does not exist." }, 400);
    return answer({ revoked: id });
  }
  const input = newApiKeySchema.safeParse({
    name: form.get("name") ?? "",
    scopes: form.getAll("scopes"),
    expiresInDays: String(form.get("expiresInDays") ?? "").trim() || null,
  });
  if (!input.success) return answer({ error: input.error.issues[0]?.message ?? "Check the form." }, 400);
  const key = await issueApiKey(context.services, actor, input.data);
  return answer({ created: { id: key.id, name: input.data.name, secret: key.secret } });
}

export default function ApiKeysPage() {
  const { keys, scopes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <h1>API keys</h1>
      <p className="muted">
        Keys let an applicant-tracking system or a script call the API (<code>Authorization: Bearer attest_…</code>). A
        key can verify, submit for candidates, or both; give each only what it needs. The key is shown once, when it is
        made.
      </p>
      {result?.error ? (
        <p className="notice bad" role="alert">
          {result.error}
        </p>
      ) : null}
      {result?.revoked ? (
        <p className="notice ok" role="status">
          Revoked {result.revoked}: it stops working now.
        </p>
      ) : null}
      {result?.created ? (
        <section className="notice ok" aria-label="New API key">
          <p>
            <strong>{result.created.name}</strong> is ready. Copy the key now: it is not stored, and this is the only
            time it is shown.
          </p>
          <p>
            <code className="secret">{result.created.secret}</code>
          </p>
        </section>
      ) : null}
      <section className="panel" aria-label="New key">
        <h2>Make a key</h2>
        <Form method="post" className="stack">
          <CsrfInput />
          <input type="hidden" name="intent" value="create" />
          <label>
            Name
            <input type="text" name="name" required maxLength={200} placeholder="Greenhouse ATS" />
          </label>
          <fieldset>
            <legend>It may</legend>
            {scopes.map(({ scope, words }) => (
              <label key={scope} className="inline">
                <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === "verify"} /> {words} (
                {scope})
              </label>
            ))}
          </fieldset>
          <label>
            Expires after (days; empty: never)
            <input type="number" name="expiresInDays" min={1} max={3650} inputMode="numeric" />
          </label>
          <div>
            <button type="submit" disabled={busy}>
              Make the key
            </button>
          </div>
        </Form>
      </section>
      <section className="panel" aria-label="Keys">
        <h2>Keys</h2>
        {keys.length === 0 ? (
          <p className="muted">No keys yet.</p>
        ) : (
          <TableScroll label="Key list">
            <table className="table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>May</th>
                  <th>State</th>
                  <th>Made</th>
                  <th>Expires</th>
                  <th>Last used</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => (
                  <tr key={key.id}>
                    <td data-label="Name">
                      {key.name}
                      <div className="muted small">{key.id}</div>
                    </td>
                    <td data-label="May">{key.scopes.join(", ")}</td>
                    <td data-label="State">{key.state}</td>
                    <td data-label="Made">{formatDateTime(key.createdAt)}</td>
                    <td data-label="Expires">{key.expiresAt ? formatDateTime(key.expiresAt) : "never"}</td>
                    <td data-label="Last used">{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : "never"}</td>
                    <td>
                      {key.state === "active" ? (
                        <Form method="post">
                          <CsrfInput />
                          <input type="hidden" name="intent" value="revoke" />
                          <input type="hidden" name="keyId" value={key.id} />
                          <button type="submit" className="small-button" aria-label={`Revoke ${key.name}`}>
                            Revoke
                          </button>
                        </Form>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "API keys · Attest" }];
