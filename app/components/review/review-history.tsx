import { VerdictBadge } from "#app/components/verdict-badge";
import type { Verdict } from "#app/verification/report";
import { formatDateTime } from "./format-time";

interface Entry {
  at: string;
  key: string;
  node: React.ReactNode;
}

const kindWords = { accept: "Accepted", reject: "Rejected", note: "Note" } as const;

/** Decisions, notes and verdict changes found by re-checks, newest first, in one timeline. */
export function ReviewHistory({
  history,
  verdictChanges,
}: {
  history: Array<{ id: number; kind: "accept" | "reject" | "note"; body: string; by: string; at: string }>;
  verdictChanges: Array<{ id: number; from: string; to: string; reason: string | null; at: string }>;
}) {
  const entries: Entry[] = [
    ...history.map((h) => ({
      at: h.at,
      key: `r${h.id}`,
      node: (
        <>
          <strong className={`history-${h.kind}`}>{kindWords[h.kind]}</strong> by {h.by}: {h.body}
        </>
      ),
    })),
    ...verdictChanges.map((c) => ({
      at: c.at,
      key: `v${c.id}`,
      node: (
        <>
          <strong>Verdict changed</strong> from <VerdictBadge verdict={c.from as Verdict} /> to{" "}
          <VerdictBadge verdict={c.to as Verdict} />
          {c.reason ? <> ({c.reason})</> : null}
        </>
      ),
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section className="panel" aria-label="History">
      <h2 className="panel-title">History</h2>
      {entries.length === 0 ? (
        <p className="muted">No decision or note yet.</p>
      ) : (
        <ol className="history">
          {entries.map((e) => (
            <li key={e.key}>
              <time className="muted small" dateTime={e.at}>
                {formatDateTime(e.at)}
              </time>
              <div>{e.node}</div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
