const words = { accept: "Accepted", reject: "Rejected" } as const;

/** A person's decision, styled apart from the verifier's verdict so the two are never confused. */
export function DecisionBadge({ kind }: { kind: "accept" | "reject" }) {
  return <span className={`decision-badge ${kind}`}>{words[kind]}</span>;
}
