import { listVerifiedSkills } from "#db/queries/candidates.server";
import type { SearchResult } from "#search/engine";
import type { Services } from "#app/services.server";

export const PAGE_SIZE = 20;

/** A recruiter's search, as it appears in the URL (so every search is a shareable link). */
export interface CandidateSearchParams {
  q: string;
  /** Canonical skill keys that must all be verified. */
  skills: string[];
  page: number;
}

export function parseCandidateSearchParams(url: URL): CandidateSearchParams {
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10);
  return {
    q: (url.searchParams.get("q") ?? "").trim().slice(0, 200),
    skills: [...new Set(url.searchParams.getAll("skill").map((s) => s.trim()).filter(Boolean))].slice(0, 10),
    page: Number.isFinite(page) && page > 0 ? Math.min(page, 500) : 1,
  };
}

export interface SkillOption {
  key: string;
  label: string;
  candidates: number;
}

export interface CandidateSearch {
  params: CandidateSearchParams;
  result: SearchResult;
  skillOptions: SkillOption[];
  /** Label of each key in params.skills, for the filter chips. */
  skillLabels: Record<string, string>;
}

/** Runs a recruiter's search: candidates holding every chosen skill verified, narrowed by the text query. */
export async function findCandidates(
  services: Pick<Services, "db" | "search">,
  params: CandidateSearchParams,
): Promise<CandidateSearch> {
  const [result, skillOptions] = await Promise.all([
    services.search.search({
      q: params.q || undefined,
      verifiedSkills: params.skills,
      limit: PAGE_SIZE,
      offset: (params.page - 1) * PAGE_SIZE,
    }),
    listVerifiedSkills(services.db),
  ]);
  const labels = new Map(skillOptions.map((s) => [s.key, s.label]));
  return {
    params,
    result,
    skillOptions,
    skillLabels: Object.fromEntries(params.skills.map((key) => [key, labels.get(key) ?? key])),
  };
}

/**
 * Turns what a recruiter typed in the skill box into a canonical key: an exact key, else a skill whose label
 * matches ignoring case. Returns null when nothing matches, so the page can say so instead of guessing.
 */
export function resolveSkillInput(typed: string, options: SkillOption[]): string | null {
  const wanted = typed.trim().toLowerCase();
  if (!wanted) return null;
  const match =
    options.find((o) => o.key.toLowerCase() === wanted) ?? options.find((o) => o.label.toLowerCase() === wanted);
  return match?.key ?? null;
}
