import { and, count, desc, eq, gt, isNull, or } from "drizzle-orm";
import type { Database } from "../client.server";
import { candidates, credentials, invitations, submissions } from "../schema/index";

export async function insertInvitation(db: Database, invitation: typeof invitations.$inferInsert) {
  await db.insert(invitations).values(invitation);
}

export async function listInvitations(db: Database) {
  return db.select().from(invitations).orderBy(desc(invitations.createdAt));
}

/** The invitation behind a link, if it is still open; null for an unknown, closed or expired one. */
export async function getOpenInvitation(db: Database, token: string, now: Date) {
  const [invitation] = await db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.token, token),
        isNull(invitations.closedAt),
        or(isNull(invitations.expiresAt), gt(invitations.expiresAt, now)),
      ),
    );
  return invitation ?? null;
}

export async function countSubmissionsSince(
  db: Database,
  where: { clientHash: string } | { invitationId: string },
  since: Date,
): Promise<number> {
  const match =
    "clientHash" in where
      ? eq(submissions.clientHash, where.clientHash)
      : eq(submissions.invitationId, where.invitationId);
  const [row] = await db
    .select({ n: count() })
    .from(submissions)
    .where(and(match, gt(submissions.createdAt, since)));
  return Number(row?.n ?? 0);
}

export async function insertSubmission(db: Database, submission: typeof submissions.$inferInsert) {
  await db.insert(submissions).values(submission);
}

export async function getSubmissionByWithdrawHash(db: Database, withdrawTokenHash: string) {
  const [row] = await db
    .select({
      id: submissions.id,
      candidateId: submissions.candidateId,
      name: candidates.displayName,
      email: candidates.email,
      identity: candidates.identity,
    })
    .from(submissions)
    .leftJoin(candidates, eq(candidates.id, submissions.candidateId))
    .where(eq(submissions.withdrawTokenHash, withdrawTokenHash));
  return row ?? null;
}

/** The candidate record a submission stored into (its own pending one until confirmed), if it still exists. */
export async function getSubmissionCandidate(db: Database, submissionId: string): Promise<string | null> {
  const [row] = await db
    .select({ candidateId: submissions.candidateId })
    .from(submissions)
    .where(eq(submissions.id, submissionId));
  return row?.candidateId ?? null;
}

export async function countSubmissionCredentials(db: Database, submissionId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(credentials).where(eq(credentials.submissionId, submissionId));
  return Number(row?.n ?? 0);
}
