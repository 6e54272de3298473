import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { staffActor } from "#app/audit/audit.server";
import { requireStaffUser } from "#app/auth/session.server";
import { acceptPassedInBulk } from "#app/review/decisions.server";
import { listReviewQueue } from "#app/review/queue.server";
import {
  parseQueueQuery,
  queueHref,
  QUEUE_FILTERS,
  QUEUE_STATUSES,
  type QueueFilter,
  type QueueStatus,
} from "#app/review/queue-params";
import { CsrfInput } from "#app/components/csrf-input";
import { QueueTable } from "#app/components/review/queue-table";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "verifier");
  const query = parseQueueQuery(new URL(request.url).searchParams);
  return json(await listReviewQueue(context.services.db, query));
}

/** Bulk acceptance of ticked credentials that passed every check (the server checks each again). */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaffUser(request, context.services, "verifier");
  const form = await request.formData();
  const ids = form.getAll("credentialId").filter((v): v is string => typeof v === "string");
  if (ids.length === 0) return json({ error: "Tick at least one credential to accept.", accepted: 0 }, { status: 400 });
  const accepted = await acceptPassedInBulk(context.services.db, staffActor(user, context.clientAddress), ids);
  return json({ error: null, accepted });
}

const statusLabels: Record<QueueStatus, string> = { waiting: "Waiting for a decision", decided: "Decided" };
const filterLabels: Record<QueueFilter, string> = {
  attention: "Needs attention",
  failed: "Failed",
  indeterminate: "Could not check",
  "untrusted-issuer": "Untrusted issuer",
  "holder-mismatch": "Holder mismatch",
  passed: "All checks passed",
  all: "All",
};

export default function ReviewQueue() {
  const { query, items, counts, statusCounts, pageCount } = useLoaderData<typeof loader>();
  const bulk = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const decided = query.status === "decided";
  const canBulkAccept = !decided && query.filter === "passed" && items.length > 0;
  const table = <QueueTable items={items} decided={decided} selectable={canBulkAccept} filter={query.filter} />;
  return (
    <>
      <h1>Review queue</h1>
      <nav aria-label="Status" className="queue-tabs">
        {QUEUE_STATUSES.map((status) => (
          <Link
            key={status}
            to={queueHref({ status, filter: query.filter })}
            aria-current={status === query.status ? "page" : undefined}
          >
            {statusLabels[status]} <span className="count">{statusCounts[status]}</span>
          </Link>
        ))}
      </nav>
      <nav aria-label="Filter by outcome" className="chips">
        {QUEUE_FILTERS.map((filter) => (
          <Link
            key={filter}
            className={filter === query.filter ? "chip filter" : "chip"}
            to={queueHref({ status: query.status, filter })}
            aria-current={filter === query.filter ? "page" : undefined}
          >
            {filterLabels[filter]} <span className="count">{counts[filter]}</span>
          </Link>
        ))}
      </nav>
      <p className="muted small">
        {query.filter === "attention"
          ? "Failed, could not check, untrusted issuer or holder mismatch: the credentials a person should look at. "
          : ""}
        {decided
          ? "Credentials someone accepted or rejected, the latest decision first."
          : "Credentials no one has accepted or rejected yet, the oldest submission first."}
      </p>
      {bulk?.error ? (
        <p className="notice bad" role="alert">
          {bulk.error}
        </p>
      ) : null}
      {bulk && !bulk.error ? (
        <p className="notice ok" role="status">
          Accepted {bulk.accepted === 1 ? "1 credential" : `${bulk.accepted} credentials`} that passed every check.
        </p>
      ) : null}
      {items.length === 0 ? (
        <div className="panel empty">
          <p>
            {decided ? "No credential has been decided" : "Nothing is waiting for a decision"}
            {query.filter === "all" ? "." : ` with the filter “${filterLabels[query.filter]}”.`}
          </p>
          {query.filter !== "all" ? (
            <p>
              <Link to={queueHref({ status: query.status, filter: "all" })}>Show all</Link>
            </p>
          ) : null}
        </div>
      ) : canBulkAccept ? (
        <Form method="post" className="panel queue-panel" aria-label="Credentials">
          <CsrfInput />
          <div className="button-row bulk-bar">
            <button type="submit" disabled={busy}>
              {busy ? "Accepting…" : "Accept the ticked credentials"}
            </button>
            <span className="muted small">
              Each gets the reason “Accepted in bulk: every check passed.” and its own audit entry.
            </span>
          </div>
          {table}
        </Form>
      ) : (
        <section className="panel queue-panel" aria-label="Credentials">
          {table}
        </section>
      )}
      {pageCount > 1 ? (
        <nav aria-label="Pages" className="chips pager">
          {query.page > 1 ? (
            <Link className="chip" to={queueHref({ ...query, page: query.page - 1 })}>
              ← Previous
            </Link>
          ) : null}
          <span className="muted">
            Page {query.page} of {pageCount}
          </span>
          {query.page < pageCount ? (
            <Link className="chip" to={queueHref({ ...query, page: query.page + 1 })}>
              Next →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Review queue · Attest" }];
