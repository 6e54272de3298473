import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireStaffUser } from "#app/auth/session.server";
import { listReviewQueue } from "#app/review/queue.server";
import { parseQueueQuery, queueHref, QUEUE_FILTERS, QUEUE_STATUSES, type QueueFilter, type QueueStatus } from "#app/review/queue-params";
import { QueueTable } from "#app/components/review/queue-table";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireStaffUser(request, context.services, "verifier");
  const query = parseQueueQuery(new URL(request.url).searchParams);
  return json(await listReviewQueue(context.services.db, query));
}

const statusLabels: Record<QueueStatus, string> = { waiting: "Waiting for a decision", decided: "Decided" };
const filterLabels: Record<QueueFilter, string> = {
  all: "All",
  failed: "Failed",
  indeterminate: "Could not check",
  "untrusted-issuer": "Untrusted issuer",
  "holder-mismatch": "Holder mismatch",
};

export default function ReviewQueue() {
  const { query, items, counts, statusCounts, pageCount } = useLoaderData<typeof loader>();
  const decided = query.status === "decided";
  return (
    <>
      <h1>Review queue</h1>
      <nav aria-label="Status" className="queue-tabs">
        {QUEUE_STATUSES.map((status) => (
          <Link key={status} to={queueHref({ status })} aria-current={status === query.status ? "page" : undefined}>
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
        {decided
          ? "Credentials someone accepted or rejected, the latest decision first."
          : "Credentials no one has accepted or rejected yet, the oldest submission first."}
      </p>
      {items.length === 0 ? (
        <div className="panel empty">
          <p>{decided ? "No credential has been decided" : "Nothing is waiting for a decision"}{query.filter === "all" ? "." : ` with the filter “${filterLabels[query.filter]}”.`}</p>
          {query.filter !== "all" ? <p><Link to={queueHref({ status: query.status })}>Show all</Link></p> : null}
        </div>
      ) : (
        <section className="panel queue-panel" aria-label="Credentials">
          <QueueTable items={items} decided={decided} />
        </section>
      )}
      {pageCount > 1 ? (
        <nav aria-label="Pages" className="chips pager">
          {query.page > 1 ? <Link className="chip" to={queueHref({ ...query, page: query.page - 1 })}>← Previous</Link> : null}
          <span className="muted">Page {query.page} of {pageCount}</span>
          {query.page < pageCount ? <Link className="chip" to={queueHref({ ...query, page: query.page + 1 })}>Next →</Link> : null}
        </nav>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Review queue · Attest" }];
