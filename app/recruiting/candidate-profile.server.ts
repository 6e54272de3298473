import type { Database } from "#db/client.server";
import { getCandidate, listCandidateCredentials } from "#db/queries/candidates.server";

export interface SkillEvidence {
  credentialId: string;
  achievementName: string | null;
  issuerName: string | null;
  verdict: string;
  submittedAt: string;
  /** How the credential names the skill: a framework code, a URL, or a name. */
  mapping: string;
  framework: string | null;
  targetUrl: string | null;
  /** The candidate's own claim (an LER-RS résumé's skill): never verified, whatever the document's verdict. */
  selfAsserted: boolean;
}

export interface CandidateSkill {
  key: string;
  label: string;
  /** True while at least one credential backing it is verified. */
  verified: boolean;
  evidence: SkillEvidence[];
}

/**
 * A candidate, their credentials with each verification report, and every skill with the evidence behind it:
 * verified skills; claimed skills backed by credentials that did not verify; and skills claimed only on the
 * candidate's résumé, listed apart so nobody reads them as evidence.
 */
export async function getCandidateProfile(db: Database, candidateId: string) {
  const candidate = await getCandidate(db, candidateId);
  if (!candidate) return null;
  const credentialList = await listCandidateCredentials(db, candidateId);
  const skills = new Map<string, CandidateSkill>();
  for (const credential of credentialList) {
    for (const skill of credential.skills) {
      const entry = skills.get(skill.skillKey) ?? { key: skill.skillKey, label: skill.label, verified: false, evidence: [] };
      entry.verified ||= credential.verdict === "verified" && !skill.selfAsserted;
      entry.evidence.push({
        credentialId: credential.id,
        achievementName: credential.achievementName,
        issuerName: credential.issuerName ?? credential.issuerId ?? (skill.selfAsserted ? "the candidate (their own résumé)" : null),
        verdict: credential.verdict,
        submittedAt: credential.submittedAt.toISOString(),
        mapping: skill.mapping,
        framework: skill.framework,
        targetUrl: skill.targetUrl,
        selfAsserted: skill.selfAsserted,
      });
      skills.set(skill.skillKey, entry);
    }
  }
  const byLabel = (a: CandidateSkill, b: CandidateSkill) => a.label.localeCompare(b.label);
  const all = [...skills.values()];
  return {
    candidate: { id: candidate.id, displayName: candidate.displayName, email: candidate.email, headline: candidate.headline },
    verifiedSkills: all.filter((s) => s.verified).sort(byLabel),
    claimedSkills: all.filter((s) => !s.verified && !onlyFromResume(s)).sort(byLabel),
    resumeSkills: all.filter((s) => !s.verified && onlyFromResume(s)).sort(byLabel),
    credentials: credentialList.map((c) => ({
      id: c.id,
      achievementName: c.achievementName,
      issuerName: c.issuerName ?? c.issuerId ?? (c.format === "ler-rs" ? "the candidate (their own résumé)" : null),
      format: c.format,
      verdict: c.verdict,
      checks: c.report.checks,
      source: c.source,
      submittedAt: c.submittedAt.toISOString(),
      skills: c.skills.map((s) => s.label),
    })),
  };
}

function onlyFromResume(skill: CandidateSkill): boolean {
  return skill.evidence.every((e) => e.selfAsserted);
}
