/**
 * What a shortlist's share link shows a hiring manager: each person's verified skills with how well each is
 * proven, their roles apart, and the verified credentials behind them. Pure: the rows come in
 * (db/queries/shortlist-shares.server.ts), and the admin's "verified means" policy decides which rows count, as it
 * does in search: under "registered issuers only", a credential from an issuer off the registry proves nothing here.
 */
import type { VerifiedPolicy } from "#app/verification/verified-policy.server";
import { isOccupationKey, mergeNearDuplicates, toDisplayLabel } from "#app/skills/display";
import { describeEvidence } from "./explain-results";

export interface SharedPersonRow {
  candidateId: string;
  displayName: string;
  headline: string | null;
  identity: string;
}

export interface SharedEvidenceRow {
  candidateId: string;
  skillKey: string;
  label: string;
  credentialId: string;
  achievementName: string | null;
  issuerName: string | null;
  registeredIssuer: boolean;
  year: string | null;
}

export interface SharedPerson {
  /** A position on the list, not the candidate's id: the page needs no id, and gives none away. */
  position: number;
  displayName: string;
  headline: string | null;
  /** False while the person has not confirmed their email (decision 011): their credentials are not tied to them yet. */
  emailConfirmed: boolean;
  skills: Array<{ label: string; evidence: string; registered: boolean }>;
  roles: string[];
  credentials: Array<{ name: string; issuer: string; registered: boolean; year: number | null }>;
}

export interface SharedShortlistView {
  name: string;
  people: SharedPerson[];
  policy: VerifiedPolicy;
}

const yearOf = (text: string | null) => (text && /^\d{4}$/.test(text) ? Number(text) : null);

export function toSharedShortlistView(
  name: string,
  people: SharedPersonRow[],
  evidence: SharedEvidenceRow[],
  policy: VerifiedPolicy,
): SharedShortlistView {
  const counted = policy === "registered-issuers" ? evidence.filter((row) => row.registeredIssuer) : evidence;
  const byCandidate = new Map<string, SharedEvidenceRow[]>();
  for (const row of counted) byCandidate.set(row.candidateId, [...(byCandidate.get(row.candidateId) ?? []), row]);

  return {
    name,
    policy,
    people: people.map((person, i) => {
      const rows = byCandidate.get(person.candidateId) ?? [];
      const perSkill = new Map<
        string,
        { key: string; label: string; credentials: Set<string>; registered: boolean; latest: number | null }
      >();
      const perCredential = new Map<string, SharedPerson["credentials"][number]>();
      for (const row of rows) {
        const skill = perSkill.get(row.skillKey) ?? {
          key: row.skillKey,
          label: toDisplayLabel(row.label),
          credentials: new Set<string>(),
          registered: false,
          latest: null,
        };
        skill.credentials.add(row.credentialId);
        skill.registered ||= row.registeredIssuer;
        const year = yearOf(row.year);
        if (year !== null && (skill.latest === null || year > skill.latest)) skill.latest = year;
        perSkill.set(row.skillKey, skill);
        perCredential.set(row.credentialId, {
          name: row.achievementName ?? "A credential without a name",
          issuer: row.issuerName ?? "an issuer that gives no name",
          registered: row.registeredIssuer,
          year,
        });
      }
      // The best-proven first (a registered issuer, then more credentials), so the strongest evidence leads.
      const strength = (s: { registered: boolean; credentials: Set<string> }) =>
        Number(s.registered) * 1000 + s.credentials.size;
      const all = [...perSkill.values()].sort((a, b) => strength(b) - strength(a) || a.label.localeCompare(b.label));
      const skills = mergeNearDuplicates(all.filter((s) => !isOccupationKey(s.key))).map((s) => ({
        label: s.label,
        registered: s.registered,
        evidence: describeEvidence({
          credentials: s.credentials.size,
          registeredIssuer: s.registered,
          latestYear: s.latest,
        }),
      }));
      const roles = mergeNearDuplicates(all.filter((s) => isOccupationKey(s.key))).map((s) => s.label);
      const credentials = [...perCredential.values()].sort(
        (a, b) => (b.year ?? 0) - (a.year ?? 0) || a.name.localeCompare(b.name),
      );
      return {
        position: i + 1,
        displayName: person.displayName,
        headline: person.headline,
        emailConfirmed: person.identity !== "pending",
        skills,
        roles,
        credentials,
      };
    }),
  };
}
