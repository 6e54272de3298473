import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { recordAudit, staffActor } from "#app/audit/audit.server";
import { requireStaffUser } from "#app/auth/session.server";
import { CsrfInput } from "#app/components/csrf-input";
import { checkIndexConsistency, isConsistent, repairIndex } from "#search/consistency.server";

/** Ids listed per difference on the page; /admin/index-check.json lists them all. */
const SHOWN = 20;

/**
 * `/admin/index-check`: `attest check-index` as a page (the embedded engine lives in this process, out of the
 * CLI's reach). The button does what `--repair` does, through the same module, and is audited.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "admin");
  const result = await checkIndexConsistency(context.services);
  const shown = (ids: string[]) => ({ total: ids.length, ids: ids.slice(0, SHOWN) });
  return json(
    {
      engine: context.services.describe.search,
      candidates: result.candidates,
      indexed: result.indexed,
      pending: result.pending,
      lost: shown(result.lost),
      stale: shown(result.stale),
      orphaned: shown(result.orphaned),
      consistent: isConsistent(result),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "admin");
  const form = await request.formData();
  if (form.get("intent") !== "repair") return json({ error: "Unknown request.", enqueued: null }, { status: 400 });
  const { db, indexer } = context.services;
  // Checked again here rather than trusting the page: the index may have changed since it was shown.
  const result = await checkIndexConsistency(context.services);
  const enqueued = await repairIndex(context.services, result);
  await recordAudit(
    db,
    staffActor(user, context.clientAddress),
    "search-index.repair",
    { type: "search-index", id: "candidates" },
    { enqueued, lost: result.lost.length, stale: result.stale.length, orphaned: result.orphaned.length },
  );
  if (enqueued) indexer.nudge();
  return json({ error: null, enqueued });
}

function Differences({ label, list }: { label: string; list: { total: number; ids: string[] } }) {
  if (list.total === 0) return null;
  return (
    <section className="panel" aria-label={label}>
      <h2 style={{ marginTop: 0 }}>
        {label}: {list.total}
      </h2>
      <ul>
        {list.ids.map((id) => (
          <li key={id}>
            <code>{id}</code>
          </li>
        ))}
      </ul>
      {list.total > list.ids.length ? (
        <p className="muted small">
          … and {list.total - list.ids.length} more (<a href="/admin/index-check.json">the JSON</a> lists them all).
        </p>
      ) : null}
    </section>
  );
}

export default function IndexCheckPage() {
  const check = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const differences = check.lost.total + check.stale.total + check.orphaned.total;
  return (
    <>
      <h1>Search index</h1>
      <p className="muted">
        Compares the database (the source of truth) with the search index ({check.engine}), candidate by candidate. A{" "}
        <strong>lost</strong> candidate is in the database but missing from the index: recruiters cannot find them. A{" "}
        <strong>stale</strong> one shows an older version (e.g. a revoked skill still verified). An{" "}
        <strong>orphaned</strong> one is in the index but no longer in the database. Candidates with an index update
        still queued are <strong>pending</strong> and not compared.
      </p>
      {result?.error ? (
        <p className="notice bad" role="alert">
          {result.error}
        </p>
      ) : null}
      {result && result.enqueued !== null ? (
        <p className="notice ok" role="status">
          {result.enqueued === 0
            ? "Nothing to repair: the index matched the database."
            : `Queued ${result.enqueued} index update${result.enqueued === 1 ? "" : "s"}; the indexer applies them within seconds. Reload this page to check again.`}
        </p>
      ) : null}
      <section className="panel" aria-label="Result">
        <p className={check.consistent ? "notice ok" : "notice warn"} style={{ marginTop: 0 }}>
          {check.consistent
            ? "Consistent: the index matches the database."
            : `Not consistent: ${check.lost.total} lost, ${check.stale.total} stale, ${check.orphaned.total} orphaned.`}
          {check.pending ? ` ${check.pending} candidate(s) pending (an index update still queued).` : ""}
        </p>
        <p>
          {check.candidates} candidate{check.candidates === 1 ? "" : "s"} in the database; {check.indexed} document
          {check.indexed === 1 ? "" : "s"} in the index.
        </p>
        <Form method="post" className="button-row" style={{ alignItems: "center" }}>
          <CsrfInput />
          <button type="submit" name="intent" value="repair" disabled={busy}>
            {busy ? "Working…" : "Rebuild / repair"}
          </button>
          <Link to="/admin/index-check">Check again</Link>
        </Form>
        <p className="muted small">
          The repair queues an index update for each candidate that differs{differences ? ` (${differences} now)` : ""};
          the indexer rebuilds each from the database, or removes it. The same as{" "}
          <code>attest check-index --repair</code>, recorded in the{" "}
          <Link to="/admin/audit?action=search-index.repair">audit trail</Link>.
        </p>
      </section>
      <Differences label="Lost" list={check.lost} />
      <Differences label="Stale" list={check.stale} />
      <Differences label="Orphaned" list={check.orphaned} />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Search index · Attest" }];
