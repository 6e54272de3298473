import { and, count, eq, ne } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { enqueueCandidateIndexing } from "#db/queries/search-outbox.server";
import { candidates, credentials, emailLinks, exchanges, mailOutbox, submissions } from "#db/schema/index";
import { recordAudit, type AuditActor } from "#app/audit/audit.server";

/** Why a candidate was erased: they withdrew, the retention period passed, or an admin erased them by hand. */
export type ErasureReason = "withdrawn" | "retention" | "admin" | "erase-all";

export interface ErasureDeps {
  db: Database;
  /** Called after the commit, so the indexer removes the candidate from the search index at once. */
  onCommitted?: () => void;
}

/**
 * Deletes a candidate and everything Attest holds about them, in one transaction:
 * - the candidate row, and by cascade their credentials (raw text, reports), skills, reviews and notes, verdict
 *   changes, shortlist entries, and submissions (with their receipts and withdrawal links);
 * - wallet requests (exchanges) made to their email, which carry their name and email but no foreign key;
 * - mail to their address and the links it carried, once no other record is held under that address;
 * - a search-outbox row, so the indexer removes them from the index (decision 002);
 * - a tombstone in the audit trail: the candidate's id, the reason and how many credentials went, nothing else.
 *
 * Returns null when there is no such candidate (already erased), so a repeated request writes no second tombstone.
 */
export async function eraseCandidate(
  deps: ErasureDeps,
  candidateId: string,
  erasure: { actor: AuditActor; reason: ErasureReason },
): Promise<{ credentials: number } | null> {
  const result = await deps.db.transaction(async (tx) => {
    const [person] = await tx
      .select({ id: candidates.id, email: candidates.email })
      .from(candidates)
      .where(eq(candidates.id, candidateId))
      .for("update");
    if (!person) return null;
    const [held] = await tx.select({ n: count() }).from(credentials).where(eq(credentials.candidateId, candidateId));
    const credentialCount = Number(held?.n ?? 0);
    await tx.delete(exchanges).where(eq(exchanges.candidateEmail, person.email));
    await tx.delete(candidates).where(eq(candidates.id, candidateId));
    // Mail to the address and its links name the person too; they go with the last record under that address
    // (a stranger's pending record, erased, must not take the real person's confirmation mail with it).
    const [others] = await tx.select({ n: count() }).from(candidates).where(eq(candidates.email, person.email));
    if (Number(others?.n ?? 0) === 0) {
      await tx.delete(mailOutbox).where(eq(mailOutbox.toAddress, person.email));
      await tx.delete(emailLinks).where(eq(emailLinks.email, person.email));
    }
    await enqueueCandidateIndexing(tx, [candidateId]);
    await recordAudit(
      tx,
      erasure.actor,
      "candidate.erase",
      { type: "candidate", id: candidateId },
      {
        reason: erasure.reason,
        credentials: credentialCount,
      },
    );
    return { credentials: credentialCount };
  });
  if (result) deps.onCommitted?.();
  return result;
}

/**
 * What a withdrawal link erases: exactly what its own submission stored (its credentials, by cascade their skills
 * and reviews, and the index entries nothing else backs, through the outbox), never another submission's. The
 * candidate record goes too when nothing else is left on it (no credential, no other submission): it was this
 * submission's own. The link is used up. Returns null for an unknown or used link's submission.
 */
export async function eraseSubmission(
  deps: ErasureDeps,
  submissionId: string,
  erasure: { actor: AuditActor },
): Promise<{ credentials: number; candidateErased: boolean } | null> {
  const result = await deps.db.transaction(async (tx) => {
    const [submission] = await tx
      .select({ id: submissions.id, candidateId: submissions.candidateId })
      .from(submissions)
      .where(eq(submissions.id, submissionId))
      .for("update");
    if (!submission) return null;
    const removed = await tx
      .delete(credentials)
      .where(eq(credentials.submissionId, submissionId))
      .returning({ id: credentials.id });
    await tx.update(submissions).set({ withdrawTokenHash: null }).where(eq(submissions.id, submissionId));
    let candidateErased = false;
    const candidateId = submission.candidateId;
    if (candidateId) {
      const [left] = await tx.select({ n: count() }).from(credentials).where(eq(credentials.candidateId, candidateId));
      const [others] = await tx
        .select({ n: count() })
        .from(submissions)
        .where(and(eq(submissions.candidateId, candidateId), ne(submissions.id, submissionId)));
      if (Number(left?.n ?? 0) === 0 && Number(others?.n ?? 0) === 0) {
        await tx.delete(candidates).where(eq(candidates.id, candidateId));
        candidateErased = true;
      }
      await enqueueCandidateIndexing(tx, [candidateId]);
    }
    await recordAudit(
      tx,
      erasure.actor,
      "submission.withdraw",
      { type: "candidate", id: candidateId },
      {
        submission: submissionId,
        credentials: removed.length,
        candidateErased,
      },
    );
    return { credentials: removed.length, candidateErased };
  });
  if (result) deps.onCommitted?.();
  return result;
}
