import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Database } from "#db/client.server";
import { getCandidate } from "#db/queries/candidates.server";
import { ensureShortlist, getShortlist, insertShortlistEntryKeepingNote, putShortlistEntry } from "#db/queries/shortlists.server";
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

export async function exportShortlistCsv(db: Database, shortlistId: string) {
  const list = await getShortlist(db, shortlistId);
  if (!list) return null;
  const csv = toCsv(
    ["name", "email", "headline", "note", "added", "profile"],
    list.entries.map((e) => [e.displayName, e.email, e.headline ?? "", e.note, e.addedAt.toISOString(), `/candidates/${e.candidateId}`]),
  );
  return { name: list.name, csv };
}

export const bulkShortlistSchema = z.object({
  shortlist: shortlistFormSchema.shape.shortlist,
  candidates: z.array(z.string().min(1)).min(1, "Tick at least one candidate.").max(200, "Tick at most 200 candidates at once."),
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
