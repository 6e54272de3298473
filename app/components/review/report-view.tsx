import { VerdictBadge } from "#app/components/verdict-badge";
import type { CheckResult, VerificationReport } from "#app/verification/report";
import { checkNames, outcomeWords } from "./check-words";
import { formatDateTime } from "./format-time";

/** One check: its name and outcome, the sentence, and the facts behind it as a definition list. */
function CheckItem({ check }: { check: CheckResult }) {
  const evidence = Object.entries(check.evidence ?? {});
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
  return report.summary?.achievementName ?? report.summary?.types.filter((t) => t !== "VerifiableCredential").join(", ") ?? fallback;
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
        {report.checks.map((check) => <CheckItem key={check.id} check={check} />)}
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
