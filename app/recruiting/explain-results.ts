/**
 * Why each result matched, in the shape a result card shows: the skills searched for first, each with how well it
 * is proven; the candidate's roles apart from their skills; near duplicates merged; labels in one case style.
 * Pure: the hits and the evidence summaries come in (find-candidates.server.ts loads them).
 */
import type { SearchHit } from "#search/engine";
import { isOccupationKey, mergeNearDuplicates, nearDuplicateKey, toDisplayLabel } from "#app/skills/display";
import type { CandidateSearchParams } from "./search-params";

export interface EvidenceStrength {
  credentials: number;
  registeredIssuer: boolean;
  latestYear: number | null;
}

export interface MatchedSkill {
  key: string;
  label: string;
  /** False when it matched only as a claimed skill ("also match claimed skills"). */
  verified: boolean;
  /** "2 credentials · registered issuer · 2025", or "claimed, not verified". */
  evidence: string;
}

export interface ResultCardView {
  id: string;
  displayName: string;
  headline: string;
  matched: MatchedSkill[];
  /** Occupations the candidate's verified credentials name (O*NET-SOC), shown as roles, not skills. */
  roles: string[];
  /** The other verified skills, near duplicates merged; `registered`: a registered issuer backs it. */
  otherSkills: Array<{ label: string; registered: boolean }>;
  /** Claimed (unverified) skills that are not already shown as verified. */
  claimed: string[];
  issuers: string[];
  lastVerifiedAt: number;
  /** The shortlists that already hold the candidate. */
  shortlists: Array<{ id: string; name: string }>;
}

export function describeEvidence(strength: EvidenceStrength | undefined): string {
  if (!strength || strength.credentials === 0) return "verified";
  return [
    `${strength.credentials} credential${strength.credentials === 1 ? "" : "s"}`,
    strength.registeredIssuer ? "registered issuer" : "issuer not on the registry",
    ...(strength.latestYear ? [String(strength.latestYear)] : []),
  ].join(" · ");
}

/** The skill keys a search asks for (all, any): the ones a card puts first. */
export function searchedSkillKeys(params: Pick<CandidateSearchParams, "skills" | "anySkills">): string[] {
  return [...new Set([...params.skills, ...params.anySkills])];
}

export function explainHit(
  hit: SearchHit,
  params: Pick<CandidateSearchParams, "skills" | "anySkills" | "includeClaimed">,
  annotations: {
    /** Evidence per skill key of this candidate. */
    evidence: ReadonlyMap<string, EvidenceStrength>;
    shortlists: Array<{ id: string; name: string }>;
  },
): ResultCardView {
  const wanted = new Set(searchedSkillKeys(params).map((key) => key.toLowerCase()));
  const trusted = new Set((hit.vskillTrusted ?? []).map((key) => key.toLowerCase()));
  const verified = hit.verifiedSkills.map((key, i) => ({
    key,
    label: toDisplayLabel(hit.verifiedSkillLabels[i] ?? key),
  }));
  const claimed = hit.claimedSkills.map((key, i) => ({ key, label: toDisplayLabel(hit.claimedSkillLabels[i] ?? key) }));

  const matched: MatchedSkill[] = [
    ...verified
      .filter((s) => wanted.has(s.key.toLowerCase()))
      .map((s) => ({ ...s, verified: true, evidence: describeEvidence(annotations.evidence.get(s.key)) })),
    ...(params.includeClaimed ? claimed.filter((s) => wanted.has(s.key.toLowerCase())) : []).map((s) => ({
      ...s,
      verified: false,
      evidence: "claimed, not verified",
    })),
  ];
  const matchedKeys = new Set(matched.map((m) => m.key));
  const matchedGroups = new Set(matched.map((m) => nearDuplicateKey(m.label)));

  const rest = verified.filter((s) => !matchedKeys.has(s.key));
  const roles = mergeNearDuplicates(rest.filter((s) => isOccupationKey(s.key))).map((s) => s.label);
  // Skills a registered issuer backs first, so the strongest evidence shows even when the list is cut short.
  const skills = rest
    .filter((s) => !isOccupationKey(s.key) && !matchedGroups.has(nearDuplicateKey(s.label)))
    .map((s) => ({ ...s, registered: trusted.has(s.key.toLowerCase()) }))
    .sort((a, b) => Number(b.registered) - Number(a.registered));
  const otherSkills = mergeNearDuplicates(skills).map((s) => ({ label: s.label, registered: s.registered }));
  const verifiedGroups = new Set([...matched, ...verified].map((s) => nearDuplicateKey(s.label)));
  const claimedOnly = mergeNearDuplicates(
    claimed.filter(
      (s) => !matchedKeys.has(s.key) && !isOccupationKey(s.key) && !verifiedGroups.has(nearDuplicateKey(s.label)),
    ),
  );

  return {
    id: hit.id,
    displayName: hit.displayName,
    headline: hit.headline,
    matched: mergeNearDuplicates(matched),
    roles,
    otherSkills,
    claimed: claimedOnly.map((s) => s.label),
    issuers: hit.issuers,
    lastVerifiedAt: hit.lastVerifiedAt,
    shortlists: annotations.shortlists,
  };
}
