import type { Database } from "#db/client.server";
import { getCandidateWithCredentials, type CredentialLine } from "#db/queries/candidates.server";
import type { Candidate } from "#db/schema/index";
import { listShortlistNames } from "#db/queries/shortlists.server";
import { recordAudit, type AuditActor } from "#app/audit/audit.server";
import { getCandidateInvitations } from "#app/invitations/invitations.server";
import { getLatestDecisionsOfCandidate } from "#app/review/latest-decisions.server";
import { getCredentialTexts } from "#db/queries/credential-images.server";
import { toCardFields, type CardFields } from "#app/credential-card/card-fields.server";

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
  /**
   * True when a verified credential backing it comes from an issuer on the trust registry (its issuer check
   * passed): a self-signed "diploma mill" verifies too, and recruiters must see the difference (issue 11, finding 6).
   */
  fromRegisteredIssuer: boolean;
  evidence: SkillEvidence[];
}

/**
 * A candidate, their credentials with each verification report, and every skill with the evidence behind it:
 * verified skills; claimed skills backed by credentials that did not verify; and skills claimed only on the
 * candidate's résumé, listed apart so nobody reads them as evidence.
 */
export async function getCandidateProfile(db: Database, candidateId: string) {
  const found = await getCandidateWithCredentials(db, candidateId);
  return found ? toCandidateProfile(found.candidate, found.credentials) : null;
}

/** The page's shape of a candidate and their credentials: every skill grouped with the evidence behind it. */
export function toCandidateProfile(
  candidate: Pick<Candidate, "id" | "displayName" | "email" | "headline"> & Partial<Pick<Candidate, "identity">>,
  credentialList: CredentialLine[],
) {
  const skills = new Map<string, CandidateSkill>();
  for (const credential of credentialList) {
    for (const skill of credential.skills) {
      const entry = skills.get(skill.skillKey) ?? {
        key: skill.skillKey,
        label: skill.label,
        verified: false,
        fromRegisteredIssuer: false,
        evidence: [],
      };
      const verified = credential.verdict === "verified" && !skill.selfAsserted;
      entry.verified ||= verified;
      entry.fromRegisteredIssuer ||=
        verified && credential.checks.some((c) => c.id === "issuer" && c.outcome === "pass");
      entry.evidence.push({
        credentialId: credential.id,
        achievementName: credential.achievementName,
        issuerName:
          credential.issuerName ??
          credential.issuerId ??
          (skill.selfAsserted ? "the candidate (their own résumé)" : null),
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
    candidate: {
      id: candidate.id,
      displayName: candidate.displayName,
      email: candidate.email,
      headline: candidate.headline,
      /** False while the email is not confirmed (decision 011): the page says so above everything else. */
      emailConfirmed: candidate.identity !== "pending",
    },
    verifiedSkills: all.filter((s) => s.verified).sort(byLabel),
    claimedSkills: all.filter((s) => !s.verified && !onlyFromResume(s)).sort(byLabel),
    resumeSkills: all.filter((s) => !s.verified && onlyFromResume(s)).sort(byLabel),
    credentials: credentialList.map((c) => ({
      id: c.id,
      achievementName: c.achievementName,
      issuerName: c.issuerName ?? c.issuerId ?? (c.format === "ler-rs" ? "the candidate (their own résumé)" : null),
      format: c.format,
      verdict: c.verdict,
      checks: c.checks,
      validFrom: c.validFrom ?? null,
      validUntil: c.validUntil ?? null,
      source: c.source,
      submittedAt: c.submittedAt.toISOString(),
      skills: c.skills.map((s) => s.label),
    })),
  };
}

/**
 * A staff member opens a candidate's page: the profile, the shortlist names to save them to, the invitations they
 * came through, and the audit entry
 * that this person saw these records. The entry is written, and awaited, before anything is returned: a view that
 * could not be recorded is not shown (the error reaches the page's ErrorBoundary). Null, and nothing recorded,
 * when no candidate has this id. The profile, the shortlist names and the invitations are read side by side, so a
 * view costs two round trips one after the other (the reads, then the audit insert) rather than six.
 */
export async function viewCandidateProfile(db: Database, candidateId: string, viewer: AuditActor) {
  const [profile, shortlists, invitations, decisions] = await Promise.all([
    getCandidateProfile(db, candidateId),
    listShortlistNames(db),
    getCandidateInvitations(db, candidateId),
    getLatestDecisionsOfCandidate(db, candidateId),
  ]);
  if (!profile) return null;
  await recordAudit(db, viewer, "candidate.view", { type: "candidate", id: profile.candidate.id });
  // Verifiers' latest decision on each credential, with its reason: recruiters read it beside the verdict.
  const cards = await getCardFields(
    db,
    profile.credentials.map((c) => c.id),
  );
  const credentials = profile.credentials.map((c) => ({
    ...c,
    decision: decisions[c.id] ?? null,
    card: cards.get(c.id) ?? toCardFields(""),
  }));
  return { ...profile, credentials, shortlists, invitations };
}

/**
 * Each card's description, criteria and image come from the credential's own text (app/credential-card). A stored
 * credential's text never changes, so what was read from it is kept in this process: reading and parsing every
 * raw text on each view cost about a third of the page (npm run bench -- candidate-page). Only ids not yet seen
 * are read; an erased credential's entry is never asked for again and ages out.
 */
const cardCache = new Map<string, CardFields>();
const CARD_CACHE_SIZE = 5_000;

async function getCardFields(db: Database, credentialIds: string[]): Promise<Map<string, CardFields>> {
  const missing = credentialIds.filter((id) => !cardCache.has(id));
  if (missing.length) {
    for (const [id, text] of await getCredentialTexts(db, missing)) {
      if (cardCache.size >= CARD_CACHE_SIZE) cardCache.delete(cardCache.keys().next().value!);
      cardCache.set(id, toCardFields(text));
    }
  }
  return new Map(credentialIds.flatMap((id) => (cardCache.has(id) ? [[id, cardCache.get(id)!] as const] : [])));
}

function onlyFromResume(skill: CandidateSkill): boolean {
  return skill.evidence.every((e) => e.selfAsserted);
}
