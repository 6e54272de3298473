import { randomUUID } from "node:crypto";
import { z } from "zod";
import {
  countSavedSearches,
  deleteSavedSearch,
  findSavedSearchByQuery,
  getSavedSearch,
  insertSavedSearch,
  listExistingCandidateIds,
  listSavedSearches,
  listSeenCandidates,
  recordSavedSearchVisit,
  renameSavedSearch as renameStoredSearch,
} from "#db/queries/saved-searches.server";
import type { Services } from "#app/services.server";
import { getVerifiedPolicy } from "#app/verification/verified-policy.server";
import { SAVED_SEARCH_NAME_MAX } from "./describe-search";
import { findMatchingCandidateIds } from "./find-candidates.server";
import { parseCandidateSearchParams, toSearchQueryString, type CandidateSearchParams } from "./search-params";

/**
 * How many matches of one saved search are remembered at a visit (the most recently verified). Beyond it the count
 * of new matches is a lower bound ("at least n"); Meilisearch returns at most 1,000 hits by default anyway.
 */
export const TRACKED_MATCHES = 1000;
/** Per staff member: the list page runs one search per saved search. */
export const MAX_SAVED_SEARCHES = 50;

export type SavedSearchDeps = Pick<Services, "db" | "search" | "now">;

export const savedSearchNameSchema = z
  .string()
  .trim()
  .min(1, "Name the search.")
  .max(SAVED_SEARCH_NAME_MAX, `Keep the name under ${SAVED_SEARCH_NAME_MAX} characters.`);

/** The saved form of a search: its URL query string, first page (a saved search always opens at the top). */
export function toSavedQuery(params: CandidateSearchParams): string {
  return toSearchQueryString({ ...params, page: 1 });
}

/** A stored query read back as a search, through the same parser as a URL typed by hand. */
function paramsOf(query: string): CandidateSearchParams {
  return parseCandidateSearchParams(new URL(`/search${query}`, "http://saved.invalid"));
}

export type SaveOutcome =
  { status: "saved" | "already-saved"; id: string; name: string } | { status: "refused"; message: string };

/**
 * Saves a search for its owner. Saving counts as the first visit: the candidates it matches now are remembered, so
 * it starts at "0 new". A search the owner has already saved is not saved twice (its existing name comes back).
 */
export async function saveSearch(
  deps: SavedSearchDeps,
  ownerId: string,
  input: { name: string; params: CandidateSearchParams },
): Promise<SaveOutcome> {
  const query = toSavedQuery(input.params);
  const existing = await findSavedSearchByQuery(deps.db, ownerId, query);
  if (existing) return { status: "already-saved", id: existing.id, name: existing.name };
  if ((await countSavedSearches(deps.db, ownerId)) >= MAX_SAVED_SEARCHES)
    return {
      status: "refused",
      message: `You have ${MAX_SAVED_SEARCHES} saved searches, the most one person can keep. Delete one first.`,
    };
  const matching = await findMatchingCandidateIds(deps, input.params, TRACKED_MATCHES);
  const saved = await insertSavedSearch(
    deps.db,
    { id: `ss_${randomUUID()}`, ownerId, name: input.name, query, visitedAt: deps.now(), matches: matching.total },
    matching.ids,
  );
  if (!saved) return { status: "refused", message: `You already have a saved search called “${input.name}”.` };
  return { status: "saved", id: saved.id, name: saved.name };
}

export interface SavedSearchSummary {
  id: string;
  name: string;
  /** The query string to append to /search. */
  query: string;
  lastVisitedAt: Date;
  /** Candidates it matches now. */
  matches: number;
  /** Candidates it matches now that it did not match at the last visit (docs/decisions/051-saved-searches.md). */
  newMatches: number;
  /** True when more than TRACKED_MATCHES match: then newMatches counts only among the most recent of them. */
  newIsLowerBound: boolean;
}

/**
 * The owner's saved searches, each with how many candidates match now and how many of those are new since the last
 * visit. One engine query per saved search (the embedded engine answers a repeated one from its cache until the
 * next write) and two database queries in all, whatever the number of saved searches.
 */
export async function listSavedSearchSummaries(deps: SavedSearchDeps, ownerId: string): Promise<SavedSearchSummary[]> {
  const saved = await listSavedSearches(deps.db, ownerId);
  if (saved.length === 0) return [];
  const policy = await getVerifiedPolicy(deps.db);
  const [current, seen] = await Promise.all([
    Promise.all(saved.map((s) => findMatchingCandidateIds(deps, paramsOf(s.query), TRACKED_MATCHES, policy))),
    listSeenCandidates(
      deps.db,
      saved.map((s) => s.id),
    ),
  ]);
  const unseen = saved.map((s, i) => current[i]!.ids.filter((id) => !seen.get(s.id)?.has(id)));
  // The index may still hold a candidate erased a moment ago (it is updated from the outbox): their seen rows went
  // with them, so without this check they would come back as "new".
  const onRecord = await listExistingCandidateIds(deps.db, unseen.flat());
  return saved.map((s, i) => ({
    id: s.id,
    name: s.name,
    query: s.query,
    lastVisitedAt: s.lastVisitedAt,
    matches: current[i]!.total,
    newMatches: unseen[i]!.filter((id) => onRecord.has(id)).length,
    newIsLowerBound: current[i]!.total > TRACKED_MATCHES,
  }));
}

/**
 * Opens a saved search: records the visit (now, and the candidates it matches now) and returns the /search URL it
 * stands for. Null when the owner has no such saved search, including one another staff member owns.
 */
export async function openSavedSearch(deps: SavedSearchDeps, ownerId: string, id: string): Promise<string | null> {
  const saved = await getSavedSearch(deps.db, ownerId, id);
  if (!saved) return null;
  const matching = await findMatchingCandidateIds(deps, paramsOf(saved.query), TRACKED_MATCHES);
  const visited = await recordSavedSearchVisit(deps.db, ownerId, id, {
    at: deps.now(),
    matches: matching.total,
    matchingCandidateIds: matching.ids,
  });
  return visited ? `/search${visited.query}` : null;
}

/** The owner's saved search of this exact search, if any (the search page says "Saved as …"). */
export async function getSavedSearchFor(deps: Pick<Services, "db">, ownerId: string, params: CandidateSearchParams) {
  const saved = await findSavedSearchByQuery(deps.db, ownerId, toSavedQuery(params));
  return saved ? { id: saved.id, name: saved.name } : null;
}

export async function renameSavedSearch(
  deps: Pick<Services, "db">,
  ownerId: string,
  id: string,
  name: string,
): Promise<{ status: "renamed" } | { status: "missing" } | { status: "refused"; message: string }> {
  const outcome = await renameStoredSearch(deps.db, ownerId, id, name);
  if (outcome === "name-taken")
    return { status: "refused", message: `You already have a saved search called “${name}”.` };
  return { status: outcome };
}

export async function removeSavedSearch(deps: Pick<Services, "db">, ownerId: string, id: string): Promise<boolean> {
  return deleteSavedSearch(deps.db, ownerId, id);
}
