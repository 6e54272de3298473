import { formatDate } from "#app/components/format";

type State = "open" | "closed" | "expired";

const badgeClass: Record<State, string> = { open: "verified", closed: "failed", expired: "indeterminate" };
const words: Record<State, string> = { open: "Open", closed: "Closed", expired: "Expired" };

export function InvitationStateBadge({ state }: { state: State }) {
  return <span className={`badge ${badgeClass[state]}`}>{words[state]}</span>;
}

/** "open until 31 Dec 2026", "no end date", "closed 5 Dec 2026", "ended 30 Nov 2026". */
export function describeAvailability(invitation: {
  state: State;
  lastDay: string | null;
  closedAt: string | null;
}): string {
  if (invitation.state === "closed" && invitation.closedAt) return `closed ${formatDate(invitation.closedAt)}`;
  if (invitation.state === "expired" && invitation.lastDay) return `ended ${formatDate(invitation.lastDay)}`;
  return invitation.lastDay ? `open until ${formatDate(invitation.lastDay)}` : "no end date";
}

/** "3 submissions · 2 candidates confirmed their email". */
export function describeCounts(invitation: { submissions: number; confirmedCandidates: number }): string {
  const submissions = `${invitation.submissions} submission${invitation.submissions === 1 ? "" : "s"}`;
  const confirmed = `${invitation.confirmedCandidates} candidate${invitation.confirmedCandidates === 1 ? "" : "s"} confirmed`;
  return `${submissions} · ${confirmed}`;
}
