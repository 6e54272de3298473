import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../client.server";
import { credentials, credentialSkills, shortlistEntries, shortlists, trustedIssuers } from "../schema/index";

/** How strong the verified evidence for one candidate's skill is: "2 credentials · registered issuer · 2025". */
export interface SkillEvidenceStrength {
  candidateId: string;
  skillKey: string;
  /** Verified credentials (self-asserted résumé skills never count) that back the skill. */
  credentials: number;
  /** At least one of them comes from an issuer on the trust registry. */
  registeredIssuer: boolean;
  /** The year of the newest of them (its validFrom, else when it was verified); null when unreadable. */
  latestYear: number | null;
}

/**
 * The evidence behind the given skills of the given candidates (one search page: at most 20 × a few keys), in
 * one grouped query, so result cards can say how well each matched skill is proven.
 */
export async function summarizeSkillEvidence(
  db: Database,
  candidateIds: string[],
  skillKeys: string[],
): Promise<SkillEvidenceStrength[]> {
  if (candidateIds.length === 0 || skillKeys.length === 0) return [];
  const rows = await db
    .select({
      candidateId: credentialSkills.candidateId,
      skillKey: credentialSkills.skillKey,
      credentials: sql<number>`count(distinct ${credentials.id})`.mapWith(Number),
      registeredIssuer: sql<boolean>`bool_or(${trustedIssuers.issuerId} is not null)`,
      latest: sql<
        string | null
      >`max(substring(coalesce(${credentials.report}->'summary'->>'validFrom', ${credentials.verifiedAt}::text) from 1 for 4))`,
    })
    .from(credentialSkills)
    .innerJoin(credentials, and(eq(credentials.id, credentialSkills.credentialId), eq(credentials.verdict, "verified")))
    .leftJoin(trustedIssuers, eq(trustedIssuers.issuerId, credentials.issuerId))
    .where(
      and(
        inArray(credentialSkills.candidateId, candidateIds),
        inArray(credentialSkills.skillKey, skillKeys),
        eq(credentialSkills.selfAsserted, false),
      ),
    )
    .groupBy(credentialSkills.candidateId, credentialSkills.skillKey);
  return rows.map((row) => ({
    candidateId: row.candidateId,
    skillKey: row.skillKey,
    credentials: row.credentials,
    registeredIssuer: row.registeredIssuer === true,
    latestYear: row.latest && /^\d{4}$/.test(row.latest) ? Number(row.latest) : null,
  }));
}

/** The shortlists that hold each of these candidates, by name. */
export async function listShortlistsHolding(
  db: Database,
  candidateIds: string[],
): Promise<Array<{ candidateId: string; id: string; name: string }>> {
  if (candidateIds.length === 0) return [];
  return db
    .select({ candidateId: shortlistEntries.candidateId, id: shortlists.id, name: shortlists.name })
    .from(shortlistEntries)
    .innerJoin(shortlists, eq(shortlists.id, shortlistEntries.shortlistId))
    .where(inArray(shortlistEntries.candidateId, candidateIds))
    .orderBy(asc(shortlists.name));
}
