import { count, eq } from "drizzle-orm";
import type { Database } from "#db/client.server";
import { enqueueCandidateIndexing } from "#db/queries/search-outbox.server";
import { candidates, credentials, exchanges } from "#db/schema/index";
import { recordAudit, type AuditActor } from "#app/audit/audit.server";

/** Why a candidate was erased: they withdrew, the retention period passed, or an admin erased them by hand. */
export type ErasureReason = "withdrawn" | "retention" | "admin";

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
    await enqueueCandidateIndexing(tx, [candidateId]);
    await recordAudit(tx, erasure.actor, "candidate.erase", { type: "candidate", id: candidateId }, {
      reason: erasure.reason,
      credentials: credentialCount,
    });
    return { credentials: credentialCount };
  });
  if (result) deps.onCommitted?.();
  return result;
}
