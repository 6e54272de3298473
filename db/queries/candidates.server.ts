import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../client.server";
import { candidates, credentials, credentialSkills, trustedIssuers } from "../schema/index";

export async function getCandidate(db: Database, id: string) {
  const [candidate] = await db.select().from(candidates).where(eq(candidates.id, id));
  return candidate ?? null;
}

export async function countCandidates(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(candidates);
  return Number(row?.n ?? 0);
}

export async function listCandidateIds(db: Database, afterId: string | null, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: candidates.id })
    .from(candidates)
    .where(afterId ? sql`${candidates.id} > ${afterId}` : undefined)
    .orderBy(asc(candidates.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** A candidate's credentials, newest first, with the skills each backs. */
export async function listCandidateCredentials(db: Database, candidateId: string) {
  const rows = await db
    .select()
    .from(credentials)
    .where(eq(credentials.candidateId, candidateId))
    .orderBy(desc(credentials.submittedAt), asc(credentials.id));
  const skills = rows.length
    ? await db
        .select()
        .from(credentialSkills)
        .where(inArray(credentialSkills.credentialId, rows.map((r) => r.id)))
        .orderBy(asc(credentialSkills.label))
    : [];
  const byCredential = groupBy(skills, (s) => s.credentialId);
  return rows.map((credential) => ({ ...credential, skills: byCredential.get(credential.id) ?? [] }));
}

/** Everything the search document of these candidates is built from, in one round trip per table. */
export async function loadCandidatesForIndex(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  const people = await db.select().from(candidates).where(inArray(candidates.id, ids));
  const claims = await db
    .select({
      candidateId: credentialSkills.candidateId,
      key: credentialSkills.skillKey,
      label: credentialSkills.label,
      selfAsserted: credentialSkills.selfAsserted,
      verdict: credentials.verdict,
      issuerId: credentials.issuerId,
      issuerName: credentials.issuerName,
      format: credentials.format,
      achievementType: credentials.achievementType,
      verifiedAt: credentials.verifiedAt,
      trustedName: trustedIssuers.name,
    })
    .from(credentialSkills)
    .innerJoin(credentials, eq(credentials.id, credentialSkills.credentialId))
    .leftJoin(trustedIssuers, eq(trustedIssuers.issuerId, credentials.issuerId))
    .where(inArray(credentialSkills.candidateId, ids));
  // Grouped once: a reindex loads 500 candidates and ~5,000 claims per batch, so filtering per candidate
  // would be quadratic.
  const byCandidate = groupBy(claims, (c) => c.candidateId);
  return people.map((candidate) => ({
    candidate,
    claims: (byCandidate.get(candidate.id) ?? []).map((c) => ({
      key: c.key,
      label: c.label,
      // A résumé's skills are the candidate's claims, whatever the verdict of the document that carried them.
      verified: c.verdict === "verified" && !c.selfAsserted,
      selfAsserted: c.selfAsserted,
      issuerId: c.issuerId,
      // The registry's name, when listed, rather than the credential's own description of its issuer.
      issuerName: c.trustedName ?? c.issuerName,
      trusted: c.trustedName !== null,
      format: c.format,
      achievementType: c.achievementType,
      verifiedAt: c.verdict === "verified" ? c.verifiedAt : null,
    })),
  }));
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Skills with how many candidates hold each verified: the recruiter's pick list. */
export async function listVerifiedSkills(db: Database, limit = 200) {
  const candidatesHolding = sql<number>`count(distinct ${credentialSkills.candidateId})`.mapWith(Number);
  return db
    .select({ key: credentialSkills.skillKey, label: sql<string>`min(${credentialSkills.label})`, candidates: candidatesHolding })
    .from(credentialSkills)
    .innerJoin(credentials, and(eq(credentials.id, credentialSkills.credentialId), eq(credentials.verdict, "verified")))
    .where(eq(credentialSkills.selfAsserted, false))
    .groupBy(credentialSkills.skillKey)
    .orderBy(desc(candidatesHolding), asc(credentialSkills.skillKey))
    .limit(limit);
}
