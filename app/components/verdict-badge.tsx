import type { Verdict } from "#app/verification/report";

const words: Record<Verdict, string> = {
  verified: "Verified",
  failed: "Failed",
  indeterminate: "Could not check",
};

export function VerdictBadge({ verdict }: { verdict: Verdict }) {
  return <span className={`badge ${verdict}`}>{words[verdict]}</span>;
}
