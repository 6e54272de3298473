import type { VerificationReport } from "#app/verification/report";

/** What the candidate sees about one submitted item: plain words, no internal detail. */
export interface ReceiptItem {
  source: string;
  tone: "ok" | "bad" | "warn";
  headline: string;
  reasons: string[];
  /** Present when the credential was stored. */
  credentialId?: string;
}

type Outcome =
  | { status: "rejected"; source: string; reason: string }
  | {
      status: "stored";
      source: string;
      credentialId: string;
      report: VerificationReport;
      duplicate: boolean;
      otherVersions?: number;
    };

/** The plain-words sentence for a résumé's skills: they are recorded as claimed, never as verified. */
export function describeClaimedSkills(count: number): string {
  if (count === 0) return "It lists no skills Attest could read.";
  return `Its ${count === 1 ? "skill was" : `${count} skills were`} recorded as claimed by you, not as verified: a résumé is your own statement, and only credentials from issuers can verify skills.`;
}

export function toReceiptItem(outcome: Outcome): ReceiptItem {
  if (outcome.status === "rejected") {
    return { source: outcome.source, tone: "bad", headline: "Not accepted", reasons: [outcome.reason] };
  }
  const { report } = outcome;
  const problems = report.checks
    .filter((c) => c.outcome === "fail" || c.outcome === "indeterminate")
    .filter((c) => c.id !== "issuer" && c.id !== "holder")
    .map((c) => c.message);
  const already = outcome.duplicate
    ? " You had already submitted this credential; it was not stored twice."
    : outcome.otherVersions
      ? " A different document with the same credential id was submitted before; this one was stored beside it as a version of its own, and each is judged on its own verdict."
      : "";
  if (report.summary?.format === "ler-rs") {
    // A résumé's verdict says only whether its signature (if any) held; its skills are claims either way.
    const signature = report.verdict === "failed" ? " Its signature did not verify." : "";
    return {
      source: outcome.source,
      tone: report.verdict === "failed" ? "bad" : "ok",
      headline: `Résumé received.${signature} ${describeClaimedSkills(report.skills.length)}${already}`,
      reasons: problems,
      credentialId: outcome.credentialId,
    };
  }
  const name = report.summary?.achievementName ? `“${report.summary.achievementName}”` : "The credential";
  switch (report.verdict) {
    case "verified":
      return {
        source: outcome.source,
        tone: "ok",
        headline: `${name} verified.${already}`,
        reasons: [],
        credentialId: outcome.credentialId,
      };
    case "failed":
      return {
        source: outcome.source,
        tone: "bad",
        headline: `${name} did not verify.${already}`,
        reasons: problems,
        credentialId: outcome.credentialId,
      };
    case "indeterminate":
      return {
        source: outcome.source,
        tone: "warn",
        headline: `${name} could not be fully checked yet; it is kept and will be reviewed.${already}`,
        reasons: problems,
        credentialId: outcome.credentialId,
      };
  }
}
