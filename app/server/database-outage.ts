import type { ServerBuild } from "@remix-run/node";
import { DATABASE_UNAVAILABLE_MESSAGE, describeDatabaseFailure, isDatabaseUnavailable } from "#db/unavailable";

type DataFunction = (args: { request: Request }) => unknown;

/**
 * The Remix build with every loader and action answering 503 when the database cannot be reached: JSON
 * `{ error: "database-unavailable", message }` under /api/, otherwise the sentence as text, which the route's
 * ErrorBoundary shows. Both with Retry-After. Anything else a loader or action throws passes through unchanged,
 * so a real bug still reaches an ErrorBoundary as a 500 with its stack in the log. Each such answer is logged as
 * one line, without a stack: during an outage there is one per request.
 */
export function answerDatabaseOutagesWith503(build: ServerBuild, log: (message: string) => void): ServerBuild {
  const guard =
    (routeId: string, run: DataFunction): DataFunction =>
    async (args) => {
      try {
        return await run(args);
      } catch (error) {
        if (error instanceof Response || !isDatabaseUnavailable(error)) throw error;
        // The route, not the path: a path may hold a candidate's or a set-password link's token.
        log(`database unavailable: ${args.request.method} ${routeId} answered 503 (${describeDatabaseFailure(error)})`);
        throw databaseUnavailableResponse(args.request);
      }
    };
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    // A route module is a frozen namespace object: the guarded one is a copy.
    const module = { ...route.module };
    if (module.loader) module.loader = guard(id, module.loader as DataFunction) as typeof module.loader;
    if (module.action) module.action = guard(id, module.action as DataFunction) as typeof module.action;
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}

/** 503 with a sentence saying the database is away and to try again: JSON for the API, text for pages. */
export function databaseUnavailableResponse(request: Request): Response {
  const headers = { "Retry-After": "60", "Cache-Control": "no-store" };
  if (new URL(request.url).pathname.startsWith("/api/")) {
    return Response.json(
      { error: "database-unavailable", message: DATABASE_UNAVAILABLE_MESSAGE },
      { status: 503, headers },
    );
  }
  return new Response(DATABASE_UNAVAILABLE_MESSAGE, {
    status: 503,
    headers: { ...headers, "Content-Type": "text/plain; charset=utf-8" },
  });
}
