import { and, asc, desc, eq, isNull, lte, sql } from "drizzle-orm";
import type { Database } from "../client.server";
import { mailOutbox, type OutgoingMail } from "../schema/index";

export interface NewMail {
  to: string;
  subject: string;
  body: string;
}

/** Adds a mail to the outbox; call it inside the transaction that stores what the mail is about. */
export async function queueMail(db: Database, mail: NewMail, now: Date): Promise<void> {
  await db
    .insert(mailOutbox)
    .values({ toAddress: mail.to, subject: mail.subject, body: mail.body, createdAt: now, nextAttemptAt: now });
}

/** Unsent mail whose next attempt is due, oldest first. */
export function listDueMail(db: Database, now: Date, limit = 50): Promise<OutgoingMail[]> {
  return db
    .select()
    .from(mailOutbox)
    .where(and(isNull(mailOutbox.sentAt), lte(mailOutbox.nextAttemptAt, now)))
    .orderBy(asc(mailOutbox.id))
    .limit(limit);
}

export async function markMailSent(db: Database, id: number, now: Date): Promise<void> {
  await db
    .update(mailOutbox)
    .set({ sentAt: now, attempts: sql`${mailOutbox.attempts} + 1`, lastError: null })
    .where(eq(mailOutbox.id, id));
}

export async function markMailFailed(db: Database, id: number, error: string, retryAt: Date): Promise<void> {
  await db
    .update(mailOutbox)
    .set({ attempts: sql`${mailOutbox.attempts} + 1`, lastError: error.slice(0, 500), nextAttemptAt: retryAt })
    .where(eq(mailOutbox.id, id));
}

/** The outbox as an admin reads it: newest first. */
export function listOutgoingMail(db: Database, limit = 100): Promise<OutgoingMail[]> {
  return db.select().from(mailOutbox).orderBy(desc(mailOutbox.id)).limit(limit);
}
