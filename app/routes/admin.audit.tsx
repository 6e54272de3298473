import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { AUDIT_ACTIONS } from "#app/audit/actions";
import {
  auditFilterSearch,
  parseAuditFilterParams,
  toAuditFilter,
  type AuditFilterParams,
} from "#app/audit/audit-filter";
import { listAuditEvents } from "#app/audit/audit.server";
import { describeAuditEntry } from "#app/audit/describe";
import { requireStaffUser } from "#app/auth/session.server";

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "admin");
  const params = parseAuditFilterParams(new URL(request.url).searchParams);
  const rows = await listAuditEvents(context.services.db, { ...toAuditFilter(params), limit: PAGE_SIZE + 1 });
  const entries = rows.slice(0, PAGE_SIZE);
  const olderThan = rows.length > PAGE_SIZE ? entries[entries.length - 1].id : null;
  return json({ params, entries, olderThan });
}

const timeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

export default function AuditPage() {
  const { params, entries, olderThan } = useLoaderData<typeof loader>();
  const filtered = Boolean(auditFilterSearch(params));
  const link = (more: Partial<AuditFilterParams>) => `/admin/audit${auditFilterSearch({ ...params, ...more })}`;
  return (
    <>
      <div className="audit-head">
        <h1>Audit trail</h1>
        <a href={`/admin/audit/export${auditFilterSearch(params)}`} download>
          Export these entries (CSV)
        </a>
      </div>
      <p className="muted">
        Who did what, when and from where: sign-ins, views of candidates, exports, decisions, changes to staff,
        registry, aliases and retention, and erasures. Entries cannot be edited or removed. Candidates are named by id
        only, so the trail keeps no personal data of someone who was erased. Times are UTC.
      </p>
      <Form method="get" className="panel audit-filters" aria-label="Filter the audit trail">
        <label>
          Action
          <select name="action" defaultValue={params.action ?? ""}>
            <option value="">Any action</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label>
          Actor
          <input type="text" name="actor" defaultValue={params.actor ?? ""} placeholder="email, system, cli…" />
        </label>
        <label>
          Subject type
          <input
            type="text"
            name="subjectType"
            defaultValue={params.subjectType ?? ""}
            placeholder="candidate, staff…"
          />
        </label>
        <label>
          Subject id
          <input type="text" name="subjectId" defaultValue={params.subjectId ?? ""} />
        </label>
        <label>
          From
          <input type="date" name="from" defaultValue={params.from ?? ""} />
        </label>
        <label>
          To
          <input type="date" name="to" defaultValue={params.to ?? ""} />
        </label>
        <div className="form-end audit-filter-buttons">
          <button type="submit">Filter</button>
          {filtered ? <Link to="/admin/audit">Clear</Link> : null}
        </div>
      </Form>
      {entries.length === 0 ? (
        <div className="panel empty">
          <p>{filtered || params.before ? "No entries match these filters." : "Nothing has been recorded yet."}</p>
        </div>
      ) : (
        <section className="panel" aria-label="Audit entries">
          <table className="table audit-table">
            <thead>
              <tr>
                <th>When (UTC)</th>
                <th>Who</th>
                <th>What</th>
                <th>Subject</th>
                <th>From</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="audit-when">
                    <time dateTime={e.at}>{timeFormat.format(new Date(e.at))}</time>
                  </td>
                  <td className="audit-who">
                    <Link to={link({ actor: e.actor, before: undefined })}>{e.actor}</Link>
                  </td>
                  <td>{describeAuditEntry(e)}</td>
                  <td className="audit-subject">
                    {e.subjectType ? (
                      <Link
                        to={link({
                          subjectType: e.subjectType,
                          subjectId: e.subjectId ?? undefined,
                          before: undefined,
                        })}
                      >
                        {e.subjectType}
                        {e.subjectId ? ` ${e.subjectId}` : ""}
                      </Link>
                    ) : null}
                  </td>
                  <td className="audit-from">{e.fromAddress ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <nav className="audit-pager" aria-label="Pages">
        {params.before ? <Link to={link({ before: undefined })}>Newest entries</Link> : null}
        {olderThan ? (
          <Link to={`/admin/audit${auditFilterSearch(params, { before: olderThan })}`}>Older entries →</Link>
        ) : null}
      </nav>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Audit trail · Attest" }];
