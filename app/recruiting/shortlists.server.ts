import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Database } from "#db/client.server";
import { getCandidate } from "#db/queries/candidates.server";
import {
  ensureShortlist,
  getShortlist,
  insertShortlistEntryKeepingNote,
  putShortlistEntry,
  removeShortlistEntry,
} from "#db/queries/shortlists.server";
import { toCsv } from "./csv";

export const shortlistFormSchema = z.object({
  shortlist: z.string().trim().min(1, "Name the shortlist.").max(120, "Keep the name under 120 characters."),
  note: z.string().trim().max(2000, "Keep the note under 2,000 characters.").default(""),
});

/** Saves a candidate to the named shortlist (created on first use), with a note; saving again updates the note. */
export async function addToShortlist(
  db: Database,
  candidateId: string,
  form: z.infer<typeof shortlistFormSchema>,
): Promise<{ shortlistId: string } | null> {
  if (!(await getCandidate(db, candidateId))) return null;
  const list = await ensureShortlist(db, `list_${randomUUID()}`, form.shortlist);
  await putShortlistEntry(db, list.id, candidateId, form.note);
  return { shortlistId: list.id };
}

/**
 * A shortlist as CSV. The profile column holds absolute links on `publicUrl` (ATTEST_PUBLIC_URL): the file is
 * opened in a spreadsheet or mailed to a hiring manager, where a path like /candidates/… leads nowhere.
 */
export async function exportShortlistCsv(db: Database, shortlistId: string, publicUrl: string) {
  const list = await getShortlist(db, shortlistId);
  if (!list) return null;
  const csv = toCsv(
    ["name", "email", "headline", "note", "added", "profile"],
    list.entries.map((e) => [
      e.displayName,
      e.email,
      e.headline ?? "",
      e.note,
      e.addedAt.toISOString(),
      new URL(`/candidates/${encodeURIComponent(e.candidateId)}`, publicUrl).toString(),
    ]),
  );
  return { name: list.name, csv };
}

export const bulkShortlistSchema = z.object({
  shortlist: shortlistFormSchema.shape.shortlist,
  candidates: z
    .array(z.string().min(1))
    .min(1, "Tick at least one candidate.")
    .max(200, "Tick at most 200 candidates at once."),
});

/**
 * Adds the ticked candidates of a search to the named shortlist (created on first use). A candidate already on it
 * keeps their note; ids that name no candidate (erased since the page was shown) are skipped and counted.
 */
export async function addManyToShortlist(
  db: Database,
  form: z.infer<typeof bulkShortlistSchema>,
): Promise<{ shortlistId: string; added: number; missing: number }> {
  const list = await ensureShortlist(db, `list_${randomUUID()}`, form.shortlist);
  let added = 0;
  for (const candidateId of new Set(form.candidates)) {
    if (!(await getCandidate(db, candidateId))) continue;
    await insertShortlistEntryKeepingNote(db, list.id, candidateId);
    added++;
  }
  return { shortlistId: list.id, added, missing: new Set(form.candidates).size - added };
}

/** Takes a candidate off a shortlist; false when they were not on it. */
export async function removeFromShortlist(db: Database, shortlistId: string, candidateId: string): Promise<boolean> {
  const list = await getShortlist(db, shortlistId);
  if (!list?.entries.some((e) => e.candidateId === candidateId)) return false;
  await removeShortlistEntry(db, shortlistId, candidateId);
  return true;
}

/**
 * Moves a candidate from one shortlist to another (created when the name is new), keeping their note, in one
 * transaction so they are never on neither list nor on both. Null when they were not on the first list.
 */
export async function moveToShortlist(
  db: Database,
  fromShortlistId: string,
  candidateId: string,
  toName: string,
): Promise<{ shortlistId: string } | null> {
  const name = toName.trim();
  if (!name) return null;
  return db.transaction(async (tx) => {
    const from = await getShortlist(tx, fromShortlistId);
    const entry = from?.entries.find((e) => e.candidateId === candidateId);
    if (!from || !entry) return null;
    const target = await ensureShortlist(tx, `list_${randomUUID()}`, name);
    if (target.id === from.id) return { shortlistId: from.id };
    await putShortlistEntry(tx, target.id, candidateId, entry.note);
    await removeShortlistEntry(tx, from.id, candidateId);
    return { shortlistId: target.id };
  });
}
