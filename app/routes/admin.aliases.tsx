import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { aliasFormSchema, applyAliasForm, getAliasAdmin } from "#app/skills/alias-admin.server";
import { requireStaffUser } from "#app/auth/session.server";
import { CsrfInput } from "#app/components/csrf-input";
import { recordAudit, staffActor } from "#app/audit/audit.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "admin");
  return json(await getAliasAdmin(context.services.db));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const me = await requireStaffUser(request, context.services, "admin");
  const form = aliasFormSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!form.success)
    return json({ error: form.error.issues[0]?.message ?? "Check the form.", done: null }, { status: 400 });
  const done = await applyAliasForm(context.services.db, form.data);
  const { aliasText, ...change } = form.data;
  await recordAudit(
    context.services.db,
    staffActor(me, context.clientAddress),
    "alias.change",
    { type: "alias", id: aliasText },
    { ...change, result: done },
  );
  context.services.indexer.nudge();
  return json({ error: null, done });
}

export default function AliasesPage() {
  const { aliases, suggestions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Skill aliases</h1>
      <p className="muted">
        An alias maps a name or abbreviation found in credentials to one canonical skill, so that recruiters find “JS”
        and “JavaScript” as one skill. Aliases apply to skills named only by text, never over a framework code.
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
      <section className="panel" aria-label="Add an alias">
        <Form method="post" className="alias-form">
          <CsrfInput />
          <input type="hidden" name="intent" value="add" />
          <label>
            Alias text
            <input type="text" name="aliasText" required placeholder="e.g. JS" />
          </label>
          <label>
            Skill key
            <input type="text" name="skillKey" required placeholder="esco:… or name:javascript" />
          </label>
          <label>
            Label
            <input type="text" name="label" required placeholder="JavaScript" />
          </label>
          <div className="form-end">
            <button type="submit">Save alias</button>
          </div>
        </Form>
      </section>
      {suggestions.length ? (
        <section className="panel" aria-label="Suggestions">
          <h2 style={{ marginTop: 0 }}>Suggestions to confirm</h2>
          <p className="muted small">
            Close matches found among stored skill names. None applies until you confirm it.
          </p>
          <ul className="facet-list">
            {suggestions.map((s) => (
              <li key={`${s.aliasText}-${s.suggestedKey}`}>
                <span>
                  “{s.rawLabel}” → {s.suggestedLabel} <span className="muted">({Math.round(s.score * 100)}%)</span>
                </span>
                <Form method="post">
                  <CsrfInput />
                  <input type="hidden" name="intent" value="add" />
                  <input type="hidden" name="aliasText" value={s.aliasText} />
                  <input type="hidden" name="skillKey" value={s.suggestedKey} />
                  <input type="hidden" name="label" value={s.suggestedLabel} />
                  <input type="hidden" name="confirmed" value="1" />
                  <button type="submit" className="small-button">
                    Confirm
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="panel" aria-label="Aliases">
        <h2 style={{ marginTop: 0 }}>Aliases ({aliases.length})</h2>
        <table className="table">
          <thead>
            <tr>
              <th>Alias</th>
              <th>Skill</th>
              <th>Key</th>
              <th>Source</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {aliases.map((a) => (
              <tr key={a.aliasText}>
                <td>{a.aliasText}</td>
                <td>{a.label}</td>
                <td className="muted small">{a.skillKey}</td>
                <td className="muted small">{a.source}</td>
                <td>
                  <Form method="post">
                    <CsrfInput />
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="aliasText" value={a.aliasText} />
                    <button type="submit" className="small-button danger" aria-label={`Remove alias ${a.aliasText}`}>
                      Remove
                    </button>
                  </Form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Skill aliases · Attest" }];
