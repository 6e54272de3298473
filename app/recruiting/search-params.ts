import type { SearchSort } from "#search/engine";

/** Shared by the server and the browser: the page builds its links with toSearchQueryString. */
export const PAGE_SIZE = 20;
const SORTS: SearchSort[] = ["relevance", "verifiedSkillCount", "lastVerifiedAt"];

/** A recruiter's search, exactly as it appears in the URL, so every search is a shareable link. */
export interface CandidateSearchParams {
  q: string;
  /** Canonical skill keys that must all be verified (`skill=`). */
  skills: string[];
  /** Keys of which at least one must be verified (`any=`). */
  anySkills: string[];
  /** Keys no result may hold verified (`not=`). */
  excludedSkills: string[];
  /** Let claimed (unverified) skills satisfy the skill filters (`claimed=1`). */
  includeClaimed: boolean;
  /** Each skill filter must be met by a trusted issuer's credential (`trusted=1`). */
  trustedOnly: boolean;
  issuers: string[];
  formats: string[];
  achievementTypes: string[];
  /** yyyy-mm-dd, or "" (`since=`). */
  since: string;
  sort: SearchSort;
  page: number;
}

const list = (url: URL, name: string, max = 10) =>
  [
    ...new Set(
      url.searchParams
        .getAll(name)
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ].slice(0, max);

export function parseCandidateSearchParams(url: URL): CandidateSearchParams {
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10);
  const since = url.searchParams.get("since") ?? "";
  const sort = url.searchParams.get("sort") as SearchSort;
  return {
    q: (url.searchParams.get("q") ?? "").trim().slice(0, 200),
    skills: list(url, "skill"),
    anySkills: list(url, "any"),
    excludedSkills: list(url, "not"),
    includeClaimed: url.searchParams.get("claimed") === "1",
    trustedOnly: url.searchParams.get("trusted") === "1",
    issuers: list(url, "issuer"),
    formats: list(url, "format"),
    achievementTypes: list(url, "type"),
    since: /^\d{4}-\d{2}-\d{2}$/.test(since) && !Number.isNaN(Date.parse(since)) ? since : "",
    sort: SORTS.includes(sort) ? sort : "relevance",
    page: Number.isFinite(page) && page > 0 ? Math.min(page, 500) : 1,
  };
}

/** The URL query string for a search; the inverse of parseCandidateSearchParams (defaults left out). */
export function toSearchQueryString(params: Partial<CandidateSearchParams>): string {
  const out = new URLSearchParams();
  if (params.q) out.set("q", params.q);
  params.skills?.forEach((s) => out.append("skill", s));
  params.anySkills?.forEach((s) => out.append("any", s));
  params.excludedSkills?.forEach((s) => out.append("not", s));
  if (params.includeClaimed) out.set("claimed", "1");
  if (params.trustedOnly) out.set("trusted", "1");
  params.issuers?.forEach((s) => out.append("issuer", s));
  params.formats?.forEach((s) => out.append("format", s));
  params.achievementTypes?.forEach((s) => out.append("type", s));
  if (params.since) out.set("since", params.since);
  if (params.sort && params.sort !== "relevance") out.set("sort", params.sort);
  if (params.page && params.page > 1) out.set("page", String(params.page));
  const text = out.toString();
  return text ? `?${text}` : "";
}

/** How a skill picked in the skill box joins the search: every one required, any one of them, or none of them. */
export type SkillMode = "all" | "any" | "not";
export const SKILL_MODES: Record<SkillMode, { label: string; field: "skills" | "anySkills" | "excludedSkills" }> = {
  all: { label: "Must have", field: "skills" },
  any: { label: "Any of", field: "anySkills" },
  not: { label: "Exclude", field: "excludedSkills" },
};

export function parseSkillMode(value: string | null): SkillMode {
  return value === "any" || value === "not" ? value : "all";
}

/** The search with one more skill in the list `mode` names; a key moves out of the other two lists. */
export function withSkill(params: CandidateSearchParams, key: string, mode: SkillMode): CandidateSearchParams {
  const without = (keys: string[]) => keys.filter((k) => k !== key);
  const next = {
    ...params,
    skills: without(params.skills),
    anySkills: without(params.anySkills),
    excludedSkills: without(params.excludedSkills),
    page: 1,
  };
  const field = SKILL_MODES[mode].field;
  return { ...next, [field]: [...next[field], key] };
}

/**
 * Where "← Back to search" on a candidate's page goes: the search the recruiter came from (the result card's link
 * carries it as `?back=`), else a fresh search. Only a path on /search is accepted, so the link can never lead off
 * the site or to another page.
 */
export function searchBackLink(url: URL): string {
  const back = url.searchParams.get("back") ?? "";
  return /^\/search(\?[^#\\]*)?$/.test(back) ? back : "/search";
}
