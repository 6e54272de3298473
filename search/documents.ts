import type { CandidateDocument } from "#search/engine";
import { compareCodeUnits } from "#search/query";

export interface CandidateInput {
  id: string;
  displayName: string;
  email: string;
  headline: string | null;
}

/** One skill extracted from one credential, with the verdict of that credential. */
export interface SkillClaimInput {
  /** Canonical skill key, e.g. "esco:ccd0a1d9-…" or "onet:15-1252.00". */
  key: string;
  label: string;
  /** True only when the credential that carries the claim passed every check. */
  verified: boolean;
  issuerId: string | null;
  issuerName: string | null;
  format: string;
  achievementType: string | null;
  verifiedAt: Date | null;
  /** True when the credential's issuer is on the trust registry. Default false. */
  trusted?: boolean;
  /**
   * True for a skill the candidate claims about themselves (an LER-RS résumé's `skills[]`): claimed, never
   * verified, whatever the verdict of the document that carried it. Default false.
   */
  selfAsserted?: boolean;
}

export interface CandidateDocumentInput {
  candidate: CandidateInput;
  claims: SkillClaimInput[];
}

/**
 * Maps a candidate and every skill claim extracted from their credentials to the one flat search document.
 *
 * - A key is in `verifiedSkills` when at least one claim for it is verified, and in `claimedSkills` when none is:
 *   a skill is never in both, so "X verified" cannot be satisfied by an unverified copy of X. A self-asserted
 *   claim (a résumé's skill) counts as unverified even when its document verified: a signed résumé proves who
 *   wrote it, not that the skills are real.
 * - Keys are sorted (code-unit order) and deduplicated; `verifiedSkillLabels[i]` is the label of
 *   `verifiedSkills[i]` (likewise for claimed). A key's label is its most frequent non-blank label among the
 *   claims that put it in its list (verified claims for a verified key), ties broken alphabetically; the key
 *   itself when no claim has a label.
 * - `issuers`, `formats` and `achievementTypes` come from verified claims only: they describe evidence that was
 *   checked, and an unverified credential can name any issuer it likes. An issuer is shown by its name, or by
 *   its id when it has none. Names are what a recruiter reads; note that two issuers with the same name share
 *   one facet value (trust is a separate question, answered by the trust registry).
 * - `vskillTrusted` lists the verified keys backed by at least one claim that is verified AND trusted: trust is
 *   decided per skill, so an untrusted X and a trusted Y never make "X and Y, trusted" true.
 * - `lastVerifiedAt` is the newest `verifiedAt` of a verified claim, in unix seconds; 0 when there is none.
 *
 * Throws on a blank skill key: keys come from the normaliser, so a blank one is a bug upstream.
 */
export function toCandidateDocument(input: CandidateDocumentInput): CandidateDocument {
  const { candidate, claims } = input;
  const verifiedLabels = new Map<string, string[]>();
  const claimedLabels = new Map<string, string[]>();
  const issuers = new Set<string>();
  const formats = new Set<string>();
  const achievementTypes = new Set<string>();
  const trusted = new Set<string>();
  let lastVerifiedMs = 0;

  for (const input of claims) {
    if (input.key.trim() === "") {
      throw new TypeError(`Skill claim for candidate ${candidate.id} has a blank key`);
    }
    const claim = input.selfAsserted === true ? { ...input, verified: false } : input;
    const labels = claim.verified ? verifiedLabels : claimedLabels;
    const list = labels.get(claim.key) ?? [];
    list.push(claim.label.trim());
    labels.set(claim.key, list);
    if (!claim.verified) continue;
    if (claim.trusted === true) trusted.add(claim.key);

    const issuer = nonBlank(claim.issuerName) ?? nonBlank(claim.issuerId);
    if (issuer !== null) issuers.add(issuer);
    const format = nonBlank(claim.format);
    if (format !== null) formats.add(format);
    const achievementType = nonBlank(claim.achievementType);
    if (achievementType !== null) achievementTypes.add(achievementType);
    const verifiedMs = claim.verifiedAt?.getTime();
    if (verifiedMs !== undefined && Number.isFinite(verifiedMs) && verifiedMs > lastVerifiedMs) {
      lastVerifiedMs = verifiedMs;
    }
  }

  const verifiedSkills = sortedUnique(verifiedLabels.keys());
  const claimedSkills = sortedUnique(claimedLabels.keys()).filter((key) => !verifiedLabels.has(key));

  return {
    id: candidate.id,
    displayName: candidate.displayName,
    email: candidate.email,
    headline: candidate.headline ?? "",
    verifiedSkills,
    claimedSkills,
    verifiedSkillLabels: verifiedSkills.map((key) => pickLabel(key, verifiedLabels.get(key) ?? [])),
    claimedSkillLabels: claimedSkills.map((key) => pickLabel(key, claimedLabels.get(key) ?? [])),
    issuers: sortedUnique(issuers),
    formats: sortedUnique(formats),
    achievementTypes: sortedUnique(achievementTypes),
    verifiedSkillCount: verifiedSkills.length,
    lastVerifiedAt: Math.floor(lastVerifiedMs / 1000),
    vskillTrusted: sortedUnique(trusted),
  };
}

function nonBlank(value: string | null): string | null {
  const trimmed = value?.trim() ?? "";
  return trimmed === "" ? null : trimmed;
}

/** Code-unit order, not locale order: the same on every machine and in every engine. */
function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareCodeUnits);
}

function pickLabel(key: string, labels: string[]): string {
  const counts = new Map<string, number>();
  for (const label of labels) {
    if (label !== "") counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  let best: string | null = null;
  let bestCount = 0;
  for (const [label, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== null && label < best)) {
      best = label;
      bestCount = count;
    }
  }
  return best ?? key;
}
