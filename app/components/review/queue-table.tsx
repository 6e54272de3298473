import { Link } from "@remix-run/react";
import { VerdictBadge } from "#app/components/verdict-badge";
import type { QueueItem } from "#app/review/queue-params";
import { DecisionBadge } from "./decision-badge";
import { formatDateTime } from "./format-time";

/** The queue as a table; on narrow screens each row becomes a card (styles.css, .queue-table). */
export function QueueTable({
  items,
  decided,
  selectable = false,
  filter,
}: {
  items: QueueItem[];
  decided: boolean;
  /** A checkbox per row (name "credentialId"), ticked: bulk acceptance. */
  selectable?: boolean;
  /** The filter shown, carried to the report so "decide and next" continues in it. */
  filter?: string;
}) {
  return (
    <table className="table queue-table">
      <thead>
        <tr>
          {selectable ? (
            <th scope="col">
              <span className="visually-hidden">Select</span>
            </th>
          ) : null}
          <th scope="col">Credential</th>
          <th scope="col">Candidate</th>
          <th scope="col">Issuer</th>
          <th scope="col">Verdict</th>
          <th scope="col">Submitted</th>
          {decided ? <th scope="col">Decision</th> : null}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.credentialId}>
            {selectable ? (
              <td data-label="Select">
                <input
                  type="checkbox"
                  name="credentialId"
                  value={item.credentialId}
                  defaultChecked
                  aria-label={`Select ${item.achievementName ?? "Untitled credential"} of ${item.candidateName}`}
                />
              </td>
            ) : null}
            <td data-label="Credential">
              <Link to={`/review/${item.credentialId}${filter && filter !== "attention" ? `?filter=${filter}` : ""}`}>
                {item.achievementName ?? "Untitled credential"}
              </Link>
            </td>
            <td data-label="Candidate">
              <Link to={`/candidates/${item.candidateId}`}>{item.candidateName}</Link>
              {item.emailConfirmed ? null : <span className="badge warn small"> email not confirmed</span>}
            </td>
            <td data-label="Issuer" className="queue-issuer">
              {item.issuer ?? <span className="muted">unknown</span>}
            </td>
            <td data-label="Verdict">
              <VerdictBadge verdict={item.verdict} />
            </td>
            <td data-label="Submitted" className="nowrap">
              {formatDateTime(item.submittedAt)}
            </td>
            {decided ? (
              <td data-label="Decision">
                {item.decision ? (
                  <>
                    <DecisionBadge kind={item.decision.kind} />{" "}
                    <span className="muted small">
                      by {item.decision.by}, {formatDateTime(item.decision.at)}
                    </span>
                  </>
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
