import { VerdictBadge } from "#app/components/verdict-badge";
import type { CheckResult, VerificationReport } from "#app/verification/report";
import { checkNames, outcomeWords } from "./check-words";
import { formatDateTime } from "./format-time";

/**
 * The order a reviewer reads evidence in. Stored reports come back from JSONB with their keys re-sorted (by length,
 * then bytes), so the order the checks wrote them in is lost; labels not listed here follow, as stored.
 */
const EVIDENCE_ORDER = [
  "Suite",
  "Key id",
  "Key",
  "Key controller",
  "Purpose",
  "Signed at",
  "Challenge",
  "Challenge Attest issued",
  "Domain",
  "Signer",
  "Status method",
  "Status list",
  "Index",
  "Found",
  "Valid from (validFrom)",
  "Valid from (issuanceDate)",
  "Valid until (validUntil)",
  "Valid until (expirationDate)",
  "Clock tolerance",
  "Expected DID",
  "Subject id",
  "Compared",
  "Identifier type",
  "Hashed",
  "Salt",
  "Checked at",
];

/** Sorted by the proof or entry number a label ends with ("Key 2"), then by the order above. */
function orderedEvidence(evidence: Record<string, string>): Array<[string, string]> {
  const rank = (label: string) => {
    const numbered = /^(.*) (\d+)$/.exec(label);
    const base = numbered ? numbered[1]! : label;
    const at = EVIDENCE_ORDER.indexOf(base);
    return [numbered ? Number(numbered[2]) : 0, at < 0 ? EVIDENCE_ORDER.length : at];
  };
  return Object.entries(evidence)
    .map((entry, i) => ({ entry, i, r: rank(entry[0]) }))
    .sort((a, b) => a.r[0]! - b.r[0]! || a.r[1]! - b.r[1]! || a.i - b.i)
    .map(({ entry }) => entry);
}

/** One check: its name and outcome, the sentence, and the facts behind it as a definition list. */
function CheckItem({ check }: { check: CheckResult }) {
  const evidence = orderedEvidence(check.evidence ?? {});
  return (
    <li className={`check check-${check.outcome}`}>
      <p className="check-line">
        <strong className={`outcome-${check.outcome}`}>
          {checkNames[check.id] ?? check.id}: {outcomeWords[check.outcome]}
        </strong>{" "}
        <span>{check.message}</span> <code className="muted small">{check.code}</code>
      </p>
      {evidence.length ? (
        <dl className="evidence" aria-label={`${checkNames[check.id] ?? check.id} evidence`}>
          {evidence.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
    </li>
  );
}

function titleOf(report: VerificationReport, fallback: string): string {
  return (
    report.summary?.achievementName ??
    report.summary?.types.filter((t) => t !== "VerifiableCredential").join(", ") ??
    fallback
  );
}

/**
 * A verification report with its checks, and, for a CLR or a presentation, each member's own report below it
 * (recursively: a CLR inside a presentation shows its members too).
 */
export function ReportView({ report, depth = 0 }: { report: VerificationReport; depth?: number }) {
  const Heading = depth === 0 ? "h2" : depth === 1 ? "h3" : "h4";
  return (
    <>
      <ul className="check-list" aria-label="Checks">
        {report.checks.map((check) => (
          <CheckItem key={check.id} check={check} />
        ))}
      </ul>
      <p className="muted small">Checked {formatDateTime(report.checkedAt)}.</p>
      {report.credentials.length ? (
        <div className="nested-reports">
          <Heading className="nested-title">Credentials inside ({report.credentials.length})</Heading>
          {report.credentials.map((member, i) => {
            const title = `Credential ${i + 1}: ${titleOf(member, "untitled")}`;
            return (
              <section key={i} className="nested-report" aria-label={title}>
                <p className="nested-heading">
                  <strong>{title}</strong> <VerdictBadge verdict={member.verdict} />
                </p>
                {member.summary?.issuerName || member.summary?.issuerId ? (
                  <p className="muted small">Issued by {member.summary.issuerName ?? member.summary.issuerId}</p>
                ) : null}
                <ReportView report={member} depth={depth + 1} />
              </section>
            );
          })}
        </div>
      ) : null}
    </>
  );
}
