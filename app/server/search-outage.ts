import type { ServerBuild } from "@remix-run/node";
import { isSearchUnavailable, SEARCH_UNAVAILABLE_MESSAGE } from "#search/unavailable";

type DataFunction = (args: { request: Request }) => unknown;

/** The status text of a search outage's 503, by which the error page tells it from the database's (app/components/error-page). */
export const SEARCH_UNAVAILABLE_STATUS_TEXT = "Search is temporarily unavailable";

/**
 * The Remix build with every loader and action answering 503 while the search engine is away (a Meilisearch
 * restart, a server down: search/unavailable.ts), as answerDatabaseOutagesWith503 does for the database: JSON
 * `{ error: "search-unavailable", message }` under /api/, otherwise the sentence, shown by the error page with
 * links to the pages that do not need search. Anything else passes through unchanged, so a bug is still a 500.
 */
export function answerSearchOutagesWith503(build: ServerBuild, log: (message: string) => void): ServerBuild {
  const guard =
    (routeId: string, run: DataFunction): DataFunction =>
    async (args) => {
      try {
        return await run(args);
      } catch (error) {
        if (error instanceof Response || !isSearchUnavailable(error)) throw error;
        // The route, not the path: a search's query string may hold a candidate's name.
        log(
          `search engine unavailable: ${args.request.method} ${routeId} answered 503 (${error instanceof Error ? error.name : typeof error})`,
        );
        throw searchUnavailableResponse(args.request);
      }
    };
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module = { ...route.module };
    if (module.loader) module.loader = guard(id, module.loader as DataFunction) as typeof module.loader;
    if (module.action) module.action = guard(id, module.action as DataFunction) as typeof module.action;
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}

export function searchUnavailableResponse(request: Request): Response {
  const headers = { "Retry-After": "30", "Cache-Control": "no-store" };
  if (new URL(request.url).pathname.startsWith("/api/")) {
    return Response.json(
      { error: "search-unavailable", message: SEARCH_UNAVAILABLE_MESSAGE },
      { status: 503, headers },
    );
  }
  return new Response(SEARCH_UNAVAILABLE_MESSAGE, {
    status: 503,
    statusText: SEARCH_UNAVAILABLE_STATUS_TEXT,
    headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" },
  });
}
