import { and, asc, count, desc, eq } from "drizzle-orm";
import type { Database } from "../client.server";
import { candidates, shortlistEntries, shortlists } from "../schema/index";

export async function listShortlists(db: Database) {
  return db
    .select({
      id: shortlists.id,
      name: shortlists.name,
      createdAt: shortlists.createdAt,
      size: count(shortlistEntries.candidateId),
    })
    .from(shortlists)
    .leftJoin(shortlistEntries, eq(shortlistEntries.shortlistId, shortlists.id))
    .groupBy(shortlists.id)
    .orderBy(desc(shortlists.createdAt));
}

/** Every shortlist's name, newest first: the candidate page's pick list, which needs no counts. */
export async function listShortlistNames(db: Database): Promise<string[]> {
  const rows = await db.select({ name: shortlists.name }).from(shortlists).orderBy(desc(shortlists.createdAt));
  return rows.map((r) => r.name);
}

/** The shortlist with this name, created if it does not exist yet. */
export async function ensureShortlist(db: Database, id: string, name: string) {
  await db.insert(shortlists).values({ id, name }).onConflictDoNothing({ target: shortlists.name });
  const [row] = await db.select().from(shortlists).where(eq(shortlists.name, name));
  return row;
}

export async function putShortlistEntry(db: Database, shortlistId: string, candidateId: string, note: string) {
  await db
    .insert(shortlistEntries)
    .values({ shortlistId, candidateId, note })
    .onConflictDoUpdate({ target: [shortlistEntries.shortlistId, shortlistEntries.candidateId], set: { note } });
}

export async function removeShortlistEntry(db: Database, shortlistId: string, candidateId: string) {
  await db
    .delete(shortlistEntries)
    .where(and(eq(shortlistEntries.shortlistId, shortlistId), eq(shortlistEntries.candidateId, candidateId)));
}

export async function getShortlist(db: Database, id: string) {
  const [list] = await db.select().from(shortlists).where(eq(shortlists.id, id));
  if (!list) return null;
  const entries = await db
    .select({
      candidateId: candidates.id,
      displayName: candidates.displayName,
      email: candidates.email,
      headline: candidates.headline,
      note: shortlistEntries.note,
      addedAt: shortlistEntries.addedAt,
    })
    .from(shortlistEntries)
    .innerJoin(candidates, eq(candidates.id, shortlistEntries.candidateId))
    .where(eq(shortlistEntries.shortlistId, id))
    .orderBy(asc(shortlistEntries.addedAt));
  return { ...list, entries };
}

/** Puts a candidate on a shortlist; one already there keeps their note and the date they were added. */
export async function insertShortlistEntryKeepingNote(db: Database, shortlistId: string, candidateId: string) {
  await db.insert(shortlistEntries).values({ shortlistId, candidateId, note: "" }).onConflictDoNothing();
}
