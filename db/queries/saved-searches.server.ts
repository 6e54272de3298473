import { and, count, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "../client.server";
import { candidates, savedSearchSeen, savedSearches, type SavedSearch } from "../schema/index";

/** The database or a transaction on it. */
type Executor = Pick<Database, "select" | "insert">;

// Every query names the owner: a saved search another staff member owns reads as absent, never as forbidden.

/** Bound parameters per statement stay far below PostgreSQL's 65,535 whatever the caller passes. */
const CHUNK = 1000;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

export async function listSavedSearches(db: Database, ownerId: string): Promise<SavedSearch[]> {
  return db
    .select()
    .from(savedSearches)
    .where(eq(savedSearches.ownerId, ownerId))
    .orderBy(desc(savedSearches.createdAt), savedSearches.name);
}

export async function countSavedSearches(db: Database, ownerId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(savedSearches).where(eq(savedSearches.ownerId, ownerId));
  return Number(row?.n ?? 0);
}

export async function getSavedSearch(db: Database, ownerId: string, id: string): Promise<SavedSearch | null> {
  const [row] = await db
    .select()
    .from(savedSearches)
    .where(and(eq(savedSearches.id, id), eq(savedSearches.ownerId, ownerId)));
  return row ?? null;
}

export async function findSavedSearchByQuery(db: Database, ownerId: string, query: string) {
  const [row] = await db
    .select()
    .from(savedSearches)
    .where(and(eq(savedSearches.ownerId, ownerId), eq(savedSearches.query, query)));
  return row ?? null;
}

/**
 * Stores a saved search with the candidates it matches now (its first visit), in one transaction. Null when the
 * owner already has a saved search of that name.
 */
export async function insertSavedSearch(
  db: Database,
  row: { id: string; ownerId: string; name: string; query: string; visitedAt: Date; matches: number },
  matchingCandidateIds: readonly string[],
): Promise<SavedSearch | null> {
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(savedSearches)
      .values({
        id: row.id,
        ownerId: row.ownerId,
        name: row.name,
        query: row.query,
        createdAt: row.visitedAt,
        lastVisitedAt: row.visitedAt,
        matchesAtLastVisit: row.matches,
      })
      .onConflictDoNothing({ target: [savedSearches.ownerId, savedSearches.name] })
      .returning();
    if (!inserted) return null;
    await replaceSeen(tx, inserted.id, matchingCandidateIds);
    return inserted;
  });
}

/**
 * Records a visit: the time, and the candidates matching now replace the ones seen before. Null when the owner has
 * no such saved search.
 */
export async function recordSavedSearchVisit(
  db: Database,
  ownerId: string,
  id: string,
  visit: { at: Date; matches: number; matchingCandidateIds: readonly string[] },
): Promise<SavedSearch | null> {
  return db.transaction(async (tx) => {
    const [updated] = await tx
      .update(savedSearches)
      .set({ lastVisitedAt: visit.at, matchesAtLastVisit: visit.matches })
      .where(and(eq(savedSearches.id, id), eq(savedSearches.ownerId, ownerId)))
      .returning();
    if (!updated) return null;
    await tx.delete(savedSearchSeen).where(eq(savedSearchSeen.savedSearchId, id));
    await replaceSeen(tx, id, visit.matchingCandidateIds);
    return updated;
  });
}

/** Candidates the index still returns may have been erased a moment ago: only existing ones are stored. */
async function replaceSeen(db: Executor, savedSearchId: string, candidateIds: readonly string[]) {
  const existing = await listExistingCandidateIds(db, [...new Set(candidateIds)]);
  for (const part of chunks([...existing])) {
    await db.insert(savedSearchSeen).values(part.map((candidateId) => ({ savedSearchId, candidateId })));
  }
}

/** "renamed", "missing" (no such saved search of this owner) or "name-taken". */
export async function renameSavedSearch(
  db: Database,
  ownerId: string,
  id: string,
  name: string,
): Promise<"renamed" | "missing" | "name-taken"> {
  const current = await getSavedSearch(db, ownerId, id);
  if (!current) return "missing";
  if (current.name === name) return "renamed";
  const [clash] = await db
    .select({ id: savedSearches.id })
    .from(savedSearches)
    .where(and(eq(savedSearches.ownerId, ownerId), eq(savedSearches.name, name)));
  if (clash) return "name-taken";
  const updated = await db
    .update(savedSearches)
    .set({ name })
    .where(and(eq(savedSearches.id, id), eq(savedSearches.ownerId, ownerId)))
    .returning({ id: savedSearches.id });
  return updated.length ? "renamed" : "missing";
}

/** False when the owner has no such saved search. Its seen candidates go with it (cascade). */
export async function deleteSavedSearch(db: Database, ownerId: string, id: string): Promise<boolean> {
  const deleted = await db
    .delete(savedSearches)
    .where(and(eq(savedSearches.id, id), eq(savedSearches.ownerId, ownerId)))
    .returning({ id: savedSearches.id });
  return deleted.length > 0;
}

/** The candidates each of these saved searches matched at its last visit, as a set per saved search. */
export async function listSeenCandidates(
  db: Database,
  savedSearchIds: readonly string[],
): Promise<Map<string, Set<string>>> {
  const seen = new Map<string, Set<string>>(savedSearchIds.map((id) => [id, new Set()]));
  if (savedSearchIds.length === 0) return seen;
  const rows = await db
    .select()
    .from(savedSearchSeen)
    .where(inArray(savedSearchSeen.savedSearchId, [...savedSearchIds]));
  for (const row of rows) seen.get(row.savedSearchId)?.add(row.candidateId);
  return seen;
}

/** Which of these ids name a candidate still on record. */
export async function listExistingCandidateIds(db: Executor, ids: readonly string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db.select({ id: candidates.id }).from(candidates).where(inArray(candidates.id, part));
    for (const row of rows) found.add(row.id);
  }
  return found;
}
