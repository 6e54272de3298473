import type { ServerBuild } from "@remix-run/node";
import { DATABASE_UNAVAILABLE_MESSAGE } from "#db/unavailable";
import { answerDatabaseOutagesWith503 } from "./database-outage";

/** What drizzle throws when postgres.js's backend was terminated under a query. */
const terminated = Object.assign(new Error("Failed query: select 1\nparams: "), {
  query: "select 1",
  cause: Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01", severity: "FATAL" }),
});

function buildWith(module: Record<string, unknown>, id = "routes/candidates.$candidateId"): ServerBuild {
  return { routes: { [id]: { id, path: "x", module } } } as unknown as ServerBuild;
}

function guarded(module: Record<string, unknown>, id?: string) {
  const lines: string[] = [];
  const build = answerDatabaseOutagesWith503(buildWith(module, id), (line) => lines.push(line));
  const route = Object.values(build.routes)[0]!.module as unknown as Record<string, (args: { request: Request }) => Promise<unknown>>;
  return { route, lines };
}

async function thrownBy(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a throw");
    },
    (error: unknown) => error,
  );
}

describe("answerDatabaseOutagesWith503", () => {
  it("turns a page loader's database connection failure into a 503 with the sentence, and logs one line", async () => {
    const { route, lines } = guarded({ loader: async () => Promise.reject(terminated) });
    const thrown = await thrownBy(route.loader!({ request: new Request("http://attest.test/candidates/cand_1") }));
    expect(thrown).toBeInstanceOf(Response);
    const response = thrown as Response;
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("60");
    expect(await response.text()).toBe(DATABASE_UNAVAILABLE_MESSAGE);
    expect(lines).toEqual([
      "database unavailable: GET /candidates/cand_1 answered 503 (57P01 terminating connection due to administrator command)",
    ]);
  });

  it("answers an API action in JSON", async () => {
    const { route } = guarded({ action: async () => Promise.reject(terminated) }, "routes/api.submissions");
    const request = new Request("http://attest.test/api/submissions", { method: "POST", body: "{}" });
    const response = (await thrownBy(route.action!({ request }))) as Response;
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: "database-unavailable", message: DATABASE_UNAVAILABLE_MESSAGE });
  });

  it("lets everything else through unchanged: results, thrown Responses and other errors", async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    const notFound = new Response("Not found", { status: 404 });
    const request = new Request("http://attest.test/x");
    const { route, lines } = guarded({ loader: async () => "ok", action: async () => Promise.reject(bug) });
    expect(await route.loader!({ request })).toBe("ok");
    expect(await thrownBy(route.action!({ request }))).toBe(bug);
    const { route: other } = guarded({ loader: async () => Promise.reject(notFound) });
    expect(await thrownBy(other.loader!({ request }))).toBe(notFound);
    expect(lines).toEqual([]);
  });

  it("adds no loader or action to a module that had none, and leaves the original build alone", () => {
    const original = buildWith({ default: () => null });
    const build = answerDatabaseOutagesWith503(original, () => {});
    const module = Object.values(build.routes)[0]!.module as unknown as Record<string, unknown>;
    expect("loader" in module || "action" in module).toBe(false);
    expect(build).not.toBe(original);
  });
});
