import { and, asc, count, desc, eq, inArray, ne, sql } from "drizzle-orm";
import type { Database } from "../client.server";
import { candidates, credentials, credentialSkills, trustedIssuers, type CredentialSkill } from "../schema/index";
import type { StoredCheckId, StoredCheckOutcome, StoredVerdict } from "../schema/stored-report";

export async function getCandidate(db: Database, id: string) {
  const [candidate] = await db.select().from(candidates).where(eq(candidates.id, id));
  return candidate ?? null;
}

export async function countCandidates(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(candidates);
  return Number(row?.n ?? 0);
}

/**
 * Candidates whose email is not confirmed stay out of search (decision 011): staff reach them through the review
 * queue and their page, marked "email not confirmed", but a recruiter's results hold only proven identities.
 */
const SEARCHABLE = ne(candidates.identity, "pending");

/** The ids of searchable candidates, in pages (reindex, index checks). */
export async function listCandidateIds(db: Database, afterId: string | null, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: candidates.id })
    .from(candidates)
    .where(and(SEARCHABLE, afterId ? sql`${candidates.id} > ${afterId}` : undefined))
    .orderBy(asc(candidates.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** A credential's check as the candidate page shows it: the outcome and its sentence, not the evidence behind it. */
export interface CheckLine {
  id: StoredCheckId;
  outcome: StoredCheckOutcome;
  /** Absent only in rows built by hand (tests, benches); the query always reads it. */
  code?: string;
  message: string;
}

/** A credential as the candidate page lists it, with the skills it backs (alphabetical). */
export interface CredentialLine {
  id: string;
  achievementName: string | null;
  issuerId: string | null;
  issuerName: string | null;
  format: string;
  verdict: StoredVerdict;
  source: string;
  submittedAt: Date;
  /** The credential's own dates (stored summary), for "expired 29 Nov 2026". */
  validFrom?: string | null;
  validUntil?: string | null;
  checks: CheckLine[];
  skills: Pick<CredentialSkill, "skillKey" | "label" | "mapping" | "framework" | "targetUrl" | "selfAsserted">[];
}

/**
 * A candidate and their credentials, newest first, in one round trip. Only what the candidate page shows leaves
 * the database: each report's top-level checks without their evidence, never the raw credential text or the
 * member reports of a presentation or CLR (a CLR's stored report and text are tens of kilobytes each, and
 * parsing them on every view cost more than the rest of the page).
 */
export async function getCandidateWithCredentials(db: Database, candidateId: string) {
  // Written out with aliases: inside a single-table select, drizzle renders its columns unqualified ("id"),
  // which in these correlated subqueries would name the inner table's column instead of the candidate's.
  const list = sql`(select coalesce(json_agg(json_build_object(
      'id', k.id, 'achievementName', k.achievement_name, 'issuerId', k.issuer_id, 'issuerName', k.issuer_name,
      'format', k.format, 'verdict', k.verdict, 'source', k.source, 'submittedAt', k.submitted_at,
      'validFrom', k.report->'summary'->>'validFrom', 'validUntil', k.report->'summary'->>'validUntil',
      'checks', (select coalesce(json_agg(json_build_object('id', c->'id', 'outcome', c->'outcome', 'code', c->'code', 'message', c->'message') order by n), '[]'::json)
        from jsonb_array_elements(k.report->'checks') with ordinality as t(c, n)),
      'skills', (select coalesce(json_agg(json_build_object(
          'skillKey', s.skill_key, 'label', s.label, 'mapping', s.mapping, 'framework', s.framework,
          'targetUrl', s.target_url, 'selfAsserted', s.self_asserted
        ) order by s.label), '[]'::json)
        from ${credentialSkills} s where s.credential_id = k.id)
    ) order by k.submitted_at desc, k.id), '[]'::json)
    from ${credentials} k where k.candidate_id = ${sql.raw('"candidates"."id"')})`;
  const [row] = await db
    .select({
      id: candidates.id,
      displayName: candidates.displayName,
      email: candidates.email,
      identity: candidates.identity,
      headline: candidates.headline,
      credentials: list.mapWith(toCredentialLines),
    })
    .from(candidates)
    .where(eq(candidates.id, candidateId));
  if (!row) return null;
  const { credentials: credentialList, ...candidate } = row;
  return { candidate, credentials: credentialList };
}

/** json_agg's rows: the driver may hand over parsed JSON or its text, and timestamps arrive as ISO strings. */
function toCredentialLines(value: unknown): CredentialLine[] {
  const rows = (typeof value === "string" ? JSON.parse(value) : value) as Array<
    Omit<CredentialLine, "submittedAt"> & { submittedAt: string }
  >;
  return rows.map((row) => ({ ...row, submittedAt: new Date(row.submittedAt) }));
}

/** Everything the search document of these candidates is built from, in one round trip per table. */
export async function loadCandidatesForIndex(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  const people = await db
    .select()
    .from(candidates)
    .where(and(inArray(candidates.id, ids), SEARCHABLE));
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

/**
 * Skills with how many searchable candidates hold each verified: the recruiter's pick list and the dashboard's top
 * skills. `registeredOnly` counts only credentials whose issuer is on the trust registry (the "verified means:
 * registered issuers only" policy), as search does under that policy (vskillTrusted).
 */
export async function listVerifiedSkills(db: Database, options: { registeredOnly: boolean; limit?: number }) {
  const candidatesHolding = sql<number>`count(distinct ${credentialSkills.candidateId})`.mapWith(Number);
  const registered = options.registeredOnly
    ? sql`exists (select 1 from ${trustedIssuers} where ${trustedIssuers.issuerId} = ${credentials.issuerId})`
    : undefined;
  return (
    db
      .select({
        key: credentialSkills.skillKey,
        label: sql<string>`min(${credentialSkills.label})`,
        candidates: candidatesHolding,
      })
      .from(credentialSkills)
      .innerJoin(
        credentials,
        and(eq(credentials.id, credentialSkills.credentialId), eq(credentials.verdict, "verified")),
      )
      // Pending candidates are not in search (decision 011): a count that held them would promise hits search never gives.
      .innerJoin(candidates, and(eq(candidates.id, credentialSkills.candidateId), SEARCHABLE))
      .where(and(eq(credentialSkills.selfAsserted, false), registered))
      .groupBy(credentialSkills.skillKey)
      .orderBy(desc(candidatesHolding), asc(credentialSkills.skillKey))
      .limit(options.limit ?? 200)
  );
}
