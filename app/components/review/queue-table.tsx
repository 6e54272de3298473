import { Link } from "@remix-run/react";
import { VerdictBadge } from "#app/components/verdict-badge";
import type { QueueItem } from "#app/review/queue-params";
import { DecisionBadge } from "./decision-badge";
import { formatDateTime } from "./format-time";

/** The queue as a table; on narrow screens each row becomes a card (styles.css, .queue-table). */
export function QueueTable({ items, decided }: { items: QueueItem[]; decided: boolean }) {
  return (
    <table className="table queue-table">
      <thead>
        <tr>
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
            <td data-label="Credential">
              <Link to={`/review/${item.credentialId}`}>{item.achievementName ?? "Untitled credential"}</Link>
            </td>
            <td data-label="Candidate">
              <Link to={`/candidates/${item.candidateId}`}>{item.candidateName}</Link>
              {item.emailConfirmed ? null : <span className="badge warn small"> email not confirmed</span>}
            </td>
            <td data-label="Issuer" className="queue-issuer">{item.issuer ?? <span className="muted">unknown</span>}</td>
            <td data-label="Verdict"><VerdictBadge verdict={item.verdict} /></td>
            <td data-label="Submitted" className="nowrap">{formatDateTime(item.submittedAt)}</td>
            {decided ? (
              <td data-label="Decision">
                {item.decision ? (
                  <>
                    <DecisionBadge kind={item.decision.kind} />{" "}
                    <span className="muted small">by {item.decision.by}, {formatDateTime(item.decision.at)}</span>
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
