import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../client.server";
import { candidates, exchanges, invitations, presentationRequests, staffUsers, submissions } from "../schema/index";

/** Submissions through an invitation, and the distinct candidates among them whose email is proven (not pending). */
const counts = {
  submissions: sql<number>`count(${submissions.id})::int`,
  confirmedCandidates: sql<number>`(count(distinct ${submissions.candidateId}) filter (where ${candidates.identity} <> 'pending'))::int`,
};

const invitationColumns = {
  id: invitations.id,
  token: invitations.token,
  title: invitations.title,
  createdAt: invitations.createdAt,
  expiresAt: invitations.expiresAt,
  closedAt: invitations.closedAt,
  createdByName: staffUsers.name,
};

/** Every invitation with its counts, newest first. */
export async function listInvitationsWithCounts(db: Database) {
  return db
    .select({ ...invitationColumns, ...counts })
    .from(invitations)
    .leftJoin(staffUsers, eq(staffUsers.id, invitations.createdById))
    .leftJoin(submissions, eq(submissions.invitationId, invitations.id))
    .leftJoin(candidates, eq(candidates.id, submissions.candidateId))
    .groupBy(invitations.id, staffUsers.name)
    .orderBy(desc(invitations.createdAt), invitations.id);
}

export async function getInvitationWithCounts(db: Database, id: string) {
  const [row] = await db
    .select({ ...invitationColumns, ...counts })
    .from(invitations)
    .leftJoin(staffUsers, eq(staffUsers.id, invitations.createdById))
    .leftJoin(submissions, eq(submissions.invitationId, invitations.id))
    .leftJoin(candidates, eq(candidates.id, submissions.candidateId))
    .where(eq(invitations.id, id))
    .groupBy(invitations.id, staffUsers.name);
  return row ?? null;
}

export async function getInvitationById(db: Database, id: string) {
  const [row] = await db.select().from(invitations).where(eq(invitations.id, id));
  return row ?? null;
}

export async function getInvitationByToken(db: Database, token: string) {
  const [row] = await db.select().from(invitations).where(eq(invitations.token, token));
  return row ?? null;
}

/** Sets closed_at unless it is set already; true when this call closed it. */
export async function markInvitationClosed(db: Database, id: string, now: Date): Promise<boolean> {
  const closed = await db
    .update(invitations)
    .set({ closedAt: now })
    .where(and(eq(invitations.id, id), isNull(invitations.closedAt)))
    .returning({ id: invitations.id });
  return closed.length > 0;
}

/** The candidates who came through an invitation (their latest submission first), at most `limit`. */
export async function listInvitationCandidates(db: Database, invitationId: string, limit: number) {
  const lastSubmitted = sql<Date>`max(${submissions.createdAt})`.mapWith(submissions.createdAt);
  return db
    .select({
      candidateId: candidates.id,
      displayName: candidates.displayName,
      identity: candidates.identity,
      submissions: sql<number>`count(${submissions.id})::int`,
      lastSubmittedAt: lastSubmitted,
    })
    .from(submissions)
    .innerJoin(candidates, eq(candidates.id, submissions.candidateId))
    .where(eq(submissions.invitationId, invitationId))
    .groupBy(candidates.id)
    .orderBy(desc(lastSubmitted))
    .limit(limit);
}

/** The wallet requests (VC-API exchanges) made for an invitation, newest first. */
export async function listInvitationExchanges(db: Database, invitationId: string, limit: number) {
  return db
    .select({
      id: exchanges.id,
      candidateName: exchanges.candidateName,
      createdAt: exchanges.createdAt,
      expiresAt: exchanges.expiresAt,
      completedAt: exchanges.completedAt,
    })
    .from(exchanges)
    .where(eq(exchanges.invitationId, invitationId))
    .orderBy(desc(exchanges.createdAt))
    .limit(limit);
}

/** The OpenID4VP requests made for an invitation, newest first. */
export async function listInvitationPresentationRequests(db: Database, invitationId: string, limit: number) {
  return db
    .select()
    .from(presentationRequests)
    .where(eq(presentationRequests.invitationId, invitationId))
    .orderBy(desc(presentationRequests.createdAt))
    .limit(limit);
}

/** The invitations a candidate came through (by form or by a wallet request made for one), oldest first. */
export async function listCandidateInvitations(db: Database, candidateId: string) {
  const first = sql<Date>`min(${submissions.createdAt})`.mapWith(submissions.createdAt);
  return db
    .select({ id: invitations.id, title: invitations.title, firstSubmittedAt: first })
    .from(submissions)
    .innerJoin(invitations, eq(invitations.id, submissions.invitationId))
    .where(eq(submissions.candidateId, candidateId))
    .groupBy(invitations.id)
    .orderBy(first);
}
