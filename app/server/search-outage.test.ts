import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ServerBuild } from "@remix-run/node";
import { createMeilisearchEngine } from "#search/meilisearch.server";
import { isSearchUnavailable, SEARCH_UNAVAILABLE_MESSAGE, SearchUnavailableError } from "#search/unavailable";
import { answerSearchOutagesWith503, SEARCH_UNAVAILABLE_STATUS_TEXT } from "./search-outage";

function guarded(module: Record<string, unknown>, id = "routes/search") {
  const lines: string[] = [];
  const build = answerSearchOutagesWith503(
    { routes: { [id]: { id, path: "x", module } } } as unknown as ServerBuild,
    (line) => lines.push(line),
  );
  const route = Object.values(build.routes)[0]!.module as unknown as Record<
    string,
    (args: { request: Request }) => Promise<unknown>
  >;
  return { route, lines };
}

const thrownBy = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a throw");
    },
    (error: unknown) => error,
  );

/** A port nothing listens on: a Meilisearch that is down, or between stop and start during a restart. */
async function closedPort(): Promise<number> {
  const server = http.createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("a search outage answers 503, not 500", () => {
  it("turns a Meilisearch that refuses connections into the 503 sentence, with one log line", async () => {
    const engine = createMeilisearchEngine({ host: `http://127.0.0.1:${await closedPort()}`, apiKey: "k" });
    const { route, lines } = guarded({ loader: () => engine.search({ q: "python" }) });
    const thrown = (await thrownBy(
      route.loader!({ request: new Request("http://attest.test/search?q=python") }),
    )) as Response;
    engine.close();
    expect(thrown).toBeInstanceOf(Response);
    expect(thrown.status).toBe(503);
    expect(thrown.statusText).toBe(SEARCH_UNAVAILABLE_STATUS_TEXT);
    expect(thrown.headers.get("Retry-After")).toBe("30");
    expect(await thrown.text()).toBe(SEARCH_UNAVAILABLE_MESSAGE);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^search engine unavailable: GET routes\/search answered 503/);
    expect(lines[0]).not.toContain("python");
  });

  it("treats a Meilisearch 503 (starting up) as an outage and a 400 (a bad filter) as a bug", async () => {
    const answering = (status: number) =>
      createMeilisearchEngine({
        host: "http://meili.test",
        httpClient: async () => {
          const { MeilisearchApiError } = await import("meilisearch");
          throw new MeilisearchApiError(new Response(null, { status }), {
            message: "x",
            code: "x",
            type: "x",
            link: "x",
          });
        },
      });
    const starting = await thrownBy(answering(503).search({}));
    const badFilter = await thrownBy(answering(400).search({}));
    expect(isSearchUnavailable(starting)).toBe(true);
    expect(isSearchUnavailable(badFilter)).toBe(false);
  });

  it("answers the API in JSON and lets other errors and Responses through", async () => {
    const { route } = guarded(
      { action: () => Promise.reject(new SearchUnavailableError("drill")) },
      "routes/api.submissions",
    );
    const response = (await thrownBy(
      route.action!({ request: new Request("http://attest.test/api/submissions", { method: "POST", body: "{}" }) }),
    )) as Response;
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: "search-unavailable", message: SEARCH_UNAVAILABLE_MESSAGE });

    const bug = new TypeError("undefined is not a function");
    expect(
      await thrownBy(
        guarded({ loader: () => Promise.reject(bug) }).route.loader!({
          request: new Request("http://attest.test/search"),
        }),
      ),
    ).toBe(bug);
    const notFound = new Response("gone", { status: 404 });
    expect(
      await thrownBy(
        guarded({ loader: () => Promise.reject(notFound) }).route.loader!({
          request: new Request("http://attest.test/search"),
        }),
      ),
    ).toBe(notFound);
  });
});
