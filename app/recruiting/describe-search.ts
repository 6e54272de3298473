import type { CandidateSearchParams } from "./search-params";

/** The longest name a saved search may have; a described search is cut to it. */
export const SAVED_SEARCH_NAME_MAX = 120;

/**
 * A short name for a search, from its filters, as a recruiter would say it: "Python + SQL · any of Java, Go ·
 * not PHP · “nurse”". The default name of a saved search; shared by the server and the browser.
 */
export function describeSearch(params: CandidateSearchParams, labelOf: (key: string) => string): string {
  const labels = (keys: string[]) => keys.map(labelOf).join(", ");
  const parts = [
    params.skills.map(labelOf).join(" + "),
    params.anySkills.length ? `any of ${labels(params.anySkills)}` : "",
    params.excludedSkills.length ? `not ${labels(params.excludedSkills)}` : "",
    params.q ? `“${params.q}”` : "",
    params.issuers.length ? `from ${params.issuers.join(", ")}` : "",
    params.formats.length ? params.formats.join(", ") : "",
    params.achievementTypes.length ? params.achievementTypes.join(", ") : "",
    params.trustedOnly ? "registered issuers" : "",
    params.includeClaimed ? "claimed too" : "",
    params.since ? `verified since ${params.since}` : "",
  ].filter(Boolean);
  const text = parts.length ? parts.join(" · ") : "All candidates";
  return text.length > SAVED_SEARCH_NAME_MAX ? `${text.slice(0, SAVED_SEARCH_NAME_MAX - 1)}…` : text;
}
