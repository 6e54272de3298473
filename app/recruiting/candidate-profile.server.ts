import type { Database } from "#db/client.server";
import { getCandidate, listCandidateCredentials } from "#db/queries/candidates.server";

/** A candidate, their credentials with each verification report, and their skills split verified / claimed. */
export async function getCandidateProfile(db: Database, candidateId: string) {
  const candidate = await getCandidate(db, candidateId);
  if (!candidate) return null;
  const credentialList = await listCandidateCredentials(db, candidateId);
  const verified = new Map<string, string>();
  const claimed = new Map<string, string>();
  for (const credential of credentialList) {
    for (const skill of credential.skills) {
      (credential.verdict === "verified" ? verified : claimed).set(skill.skillKey, skill.label);
    }
  }
  for (const key of verified.keys()) claimed.delete(key);
  return {
    candidate: { id: candidate.id, displayName: candidate.displayName, email: candidate.email, headline: candidate.headline },
    verifiedSkills: [...verified.values()].sort(),
    claimedSkills: [...claimed.values()].sort(),
    credentials: credentialList.map((c) => ({
      id: c.id,
      achievementName: c.achievementName,
      issuerName: c.issuerName ?? c.issuerId,
      format: c.format,
      verdict: c.verdict,
      checks: c.report.checks,
      source: c.source,
      submittedAt: c.submittedAt.toISOString(),
      skills: c.skills.map((s) => s.label),
    })),
  };
}
