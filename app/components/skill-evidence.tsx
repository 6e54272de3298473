import { ExternalLink } from "#app/components/external-link";
import { formatDate } from "#app/components/format";
import type { CandidateSkill } from "#app/recruiting/candidate-profile.server";
import { VerdictBadge } from "./verdict-badge";
import type { Verdict } from "#app/verification/report";

const mappingWords: Record<string, string> = {
  code: "framework code",
  url: "skill URL",
  name: "skill name",
};

/** A skill that opens to the credentials behind it; each links to that credential's report further down. */
export function SkillEvidence({ skill }: { skill: CandidateSkill }) {
  return (
    <details className={`skill ${skill.verified ? "verified" : "claimed"}`}>
      <summary>
        {skill.verified ? "✓ " : ""}
        {skill.label}
        {skill.verified ? "" : " (claimed)"}
        {skill.verified ? (
          <span className={`badge small ${skill.fromRegisteredIssuer ? "verified" : "warn"}`}>
            {skill.fromRegisteredIssuer ? " registered issuer" : " issuer not on the registry"}
          </span>
        ) : null}
        <span className="muted">
          {" "}
          · {skill.evidence.length} credential{skill.evidence.length === 1 ? "" : "s"}
        </span>
      </summary>
      <ul>
        {skill.evidence.map((e) => (
          <li key={e.credentialId}>
            <a href={`#${e.credentialId}`}>{e.achievementName ?? "Untitled credential"}</a>{" "}
            <VerdictBadge verdict={e.verdict as Verdict} />
            <div className="muted small">
              {e.issuerName ? `Issued by ${e.issuerName}` : "Issuer unknown"} · submitted {formatDate(e.submittedAt)} ·
              aligned by {mappingWords[e.mapping] ?? e.mapping}
              {e.framework ? ` (${e.framework})` : ""}
              {e.targetUrl ? (
                <>
                  {" · "}
                  <ExternalLink href={e.targetUrl}>definition</ExternalLink>
                </>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </details>
  );
}
