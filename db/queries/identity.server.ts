import { and, count, eq, gt, inArray, ne, sql } from "drizzle-orm";
import type { Database } from "../client.server";
import {
  candidates,
  credentials,
  credentialSkills,
  emailLinks,
  submissions,
  type EmailLink,
  type EmailLinkPurpose,
} from "../schema/index";
import { enqueueCandidateIndexing } from "./search-outbox.server";

export async function insertEmailLink(db: Database, link: typeof emailLinks.$inferInsert): Promise<void> {
  await db.insert(emailLinks).values(link);
}

export async function getEmailLinkByHash(db: Database, tokenHash: string): Promise<EmailLink | null> {
  const [row] = await db.select().from(emailLinks).where(eq(emailLinks.tokenHash, tokenHash));
  return row ?? null;
}

/** Marks a link used; false when another request used it first (the row is locked by the update). */
export async function useEmailLink(db: Database, id: string, now: Date): Promise<boolean> {
  const used = await db
    .update(emailLinks)
    .set({ usedAt: now })
    .where(and(eq(emailLinks.id, id), sql`${emailLinks.usedAt} is null`))
    .returning({ id: emailLinks.id });
  return used.length === 1;
}

/** The candidate that is known (asserted or confirmed) under this email, if any. */
export async function findKnownCandidateByEmail(db: Database, email: string) {
  const [row] = await db
    .select({ id: candidates.id })
    .from(candidates)
    .where(and(eq(candidates.email, email), ne(candidates.identity, "pending")));
  return row ?? null;
}

/**
 * The known candidate with this email who has a credential bound to this DID (proven by a holder signature
 * earlier): a wallet that proves the same DID is the same person.
 */
export async function findCandidateByProvenDid(db: Database, email: string, did: string) {
  const [row] = await db
    .select({ id: candidates.id })
    .from(candidates)
    .innerJoin(credentials, eq(credentials.candidateId, candidates.id))
    .where(
      and(
        eq(candidates.email, email),
        ne(candidates.identity, "pending"),
        sql`${credentials.holderBinding}->>'did' = ${did}`,
      ),
    )
    .limit(1);
  return row ?? null;
}

/**
 * A pending candidate whose email was just confirmed: joins the known candidate with that email (its credentials
 * move there, identical ones are dropped, the confirmed name and headline win), or, when there is none, becomes
 * the known candidate itself. Returns the candidate the submission now belongs to.
 */
export async function confirmPendingCandidate(
  tx: Database,
  pending: { id: string; submissionId: string },
  now: Date,
): Promise<{ candidateId: string; joined: boolean } | null> {
  const [person] = await tx.select().from(candidates).where(eq(candidates.id, pending.id)).for("update");
  if (!person || person.identity !== "pending") return null;
  const [known] = await tx
    .select({ id: candidates.id })
    .from(candidates)
    .where(and(eq(candidates.email, person.email), ne(candidates.identity, "pending")))
    .for("update");
  if (!known) {
    await tx.update(candidates).set({ identity: "confirmed", updatedAt: now }).where(eq(candidates.id, person.id));
    await enqueueCandidateIndexing(tx, [person.id]);
    return { candidateId: person.id, joined: false };
  }
  const held = await tx
    .select({ contentHash: credentials.contentHash })
    .from(credentials)
    .where(eq(credentials.candidateId, known.id));
  const already = held.map((row) => row.contentHash);
  if (already.length) {
    await tx
      .delete(credentials)
      .where(and(eq(credentials.candidateId, person.id), inArray(credentials.contentHash, already)));
  }
  await tx.update(credentials).set({ candidateId: known.id }).where(eq(credentials.candidateId, person.id));
  await tx.update(credentialSkills).set({ candidateId: known.id }).where(eq(credentialSkills.candidateId, person.id));
  await tx.update(submissions).set({ candidateId: known.id }).where(eq(submissions.candidateId, person.id));
  await tx
    .update(candidates)
    .set({
      displayName: person.displayName,
      headline: person.headline ?? sql`${candidates.headline}`,
      consentedAt: person.consentedAt,
      consentTextVersion: person.consentTextVersion,
      updatedAt: now,
    })
    .where(eq(candidates.id, known.id));
  await tx.delete(candidates).where(eq(candidates.id, person.id));
  await enqueueCandidateIndexing(tx, [person.id, known.id]);
  return { candidateId: known.id, joined: true };
}

/** Every candidate record under this email, known or pending: what "erase everything about me" erases. */
export async function listCandidateIdsByEmail(db: Database, email: string): Promise<string[]> {
  const rows = await db.select({ id: candidates.id }).from(candidates).where(eq(candidates.email, email));
  return rows.map((row) => row.id);
}

/** How many links of this purpose were mailed to the address since then (a limit on erasure mails). */
export async function countEmailLinksSince(
  db: Database,
  where: { email: string; purpose: EmailLinkPurpose },
  since: Date,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(emailLinks)
    .where(
      and(eq(emailLinks.email, where.email), eq(emailLinks.purpose, where.purpose), gt(emailLinks.createdAt, since)),
    );
  return Number(row?.n ?? 0);
}
