import { and, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { credentialReviews, credentials } from "#db/schema/index";
import { toDecisionMarker, type CredentialDecision, type DecisionMarker } from "./decision-marker";

/** The latest accept or reject on each credential of these candidates (notes are not decisions). */
async function latestDecisionRows(db: Database, where: { candidateIds?: string[]; credentialIds?: string[] }) {
  const condition = where.candidateIds
    ? inArray(credentials.candidateId, where.candidateIds)
    : inArray(credentials.id, where.credentialIds ?? []);
  return db
    .selectDistinctOn([credentialReviews.credentialId], {
      credentialId: credentialReviews.credentialId,
      candidateId: credentials.candidateId,
      achievementName: credentials.achievementName,
      kind: credentialReviews.kind,
      body: credentialReviews.body,
      by: credentialReviews.staffEmail,
      at: credentialReviews.createdAt,
    })
    .from(credentialReviews)
    .innerJoin(credentials, eq(credentials.id, credentialReviews.credentialId))
    .where(and(condition, inArray(credentialReviews.kind, ["accept", "reject"])))
    .orderBy(credentialReviews.credentialId, desc(credentialReviews.createdAt), desc(credentialReviews.id));
}

function toDecision(row: Awaited<ReturnType<typeof latestDecisionRows>>[number]): CredentialDecision {
  return {
    credentialId: row.credentialId,
    achievementName: row.achievementName,
    kind: row.kind as "accept" | "reject",
    reason: row.body,
    by: row.by,
    at: row.at.toISOString(),
  };
}

/** The latest decision on each of these credentials, by credential id (absent: none yet). */
export async function getLatestDecisions(
  db: Database,
  credentialIds: string[],
): Promise<Map<string, CredentialDecision>> {
  if (credentialIds.length === 0) return new Map();
  const rows = await latestDecisionRows(db, { credentialIds });
  return new Map(rows.map((row) => [row.credentialId, toDecision(row)]));
}

/** Each candidate's decision marker for the result cards (one query for a page of hits); candidates without a decision are absent. */
export async function getDecisionMarkers(
  db: Database,
  candidateIds: string[],
): Promise<Record<string, DecisionMarker>> {
  if (candidateIds.length === 0) return {};
  const rows = await latestDecisionRows(db, { candidateIds });
  const byCandidate = new Map<string, CredentialDecision[]>();
  for (const row of rows)
    byCandidate.set(row.candidateId, [...(byCandidate.get(row.candidateId) ?? []), toDecision(row)]);
  const markers: Record<string, DecisionMarker> = {};
  for (const [candidateId, decisions] of byCandidate) {
    const marker = toDecisionMarker(decisions);
    if (marker) markers[candidateId] = marker;
  }
  return markers;
}

/** The latest decision on each credential of one candidate, by credential id. */
export async function getLatestDecisionsOfCandidate(
  db: Database,
  candidateId: string,
): Promise<Record<string, CredentialDecision>> {
  const rows = await latestDecisionRows(db, { candidateIds: [candidateId] });
  return Object.fromEntries(rows.map((row) => [row.credentialId, toDecision(row)]));
}
