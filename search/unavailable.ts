/**
 * "The search engine cannot answer right now" as one recognisable condition: a search server that is down or
 * restarting (connection refused or reset, a timeout, a 5xx), or the fault drill of ATTEST_SEARCH_FAULT_FILE.
 * Pages that search answer 503 with SEARCH_UNAVAILABLE_MESSAGE for it (app/server/search-outage.ts), not a 500:
 * it is an outage that passes, not a bug. A 4xx from Meilisearch (a bad filter, a missing index) is not an
 * outage and stays an error.
 */
export const SEARCH_UNAVAILABLE_MESSAGE =
  "Search is temporarily unavailable. Candidates, shortlists and the review queue still work; try the search again in a minute.";

export class SearchUnavailableError extends Error {
  override name = "SearchUnavailableError";
}

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
]);

/** True when `error`, or an error in its `cause` chain, says the search engine is away rather than wrong. */
export function isSearchUnavailable(error: unknown): boolean {
  for (let cause = error, depth = 0; cause instanceof Error && depth < 8; cause = cause.cause, depth++) {
    if (cause instanceof SearchUnavailableError) return true;
    if (cause.name === "MeilisearchRequestTimeOutError") return true;
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_CODES.has(code)) return true;
    if (cause.name === "MeilisearchApiError") {
      const status = (cause as { response?: { status?: number } }).response?.status ?? 0;
      return status >= 500;
    }
  }
  return false;
}
