import { DrizzleQueryError } from "drizzle-orm/errors";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handleError } from "#app/entry.server";
import { describeErrorForLog } from "./log-safe";

const EMAIL = "ada.lovelace@example.com";
const TOKEN = "Zq9s3cr3tInv1tat10nT0ken";

function failedQuery() {
  const cause = Object.assign(new Error(`invalid input syntax for type uuid: "${TOKEN}"`), { code: "22P02" });
  return new DrizzleQueryError(
    'select "id" from "candidates" where "email" = $1 and "token" = $2',
    [EMAIL, TOKEN],
    cause,
  );
}

describe("errors in the server log", () => {
  afterEach(() => vi.restoreAllMocks());

  it("a failed query is logged with its SQL and reason, never its parameters or the values the database quotes", () => {
    const error = failedQuery();
    // What drizzle itself puts in the message, and what the log used to print.
    expect(error.message).toContain(EMAIL);
    const line = describeErrorForLog(error);
    expect(line).not.toContain(EMAIL);
    expect(line).not.toContain(TOKEN);
    expect(line).toMatch(
      /failed query \(2 parameters withheld\): select "id" from "candidates".*22P02 invalid input syntax for type uuid/,
    );
    expect(line).toMatch(/\n\s+at /);
  });

  it("a 404 (an unknown page, a dead link) is not logged at all; a real error is, without the URL's token", () => {
    const lines: string[] = [];
    vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
    const request = new Request(`http://attest.test/submit/${TOKEN}`, { method: "POST" });
    const notFound = {
      status: 404,
      statusText: "Not Found",
      internal: true,
      data: "no route",
      error: new Error('No route matches URL "/x"'),
    };
    handleError(Object.assign(Object.create(Object.getPrototypeOf(routeErrorResponse())), notFound), {
      request,
      params: {},
      context: {} as never,
    });
    expect(lines).toEqual([]);
    handleError(failedQuery(), { request, params: { token: TOKEN }, context: {} as never });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/POST request failed: failed query/);
    expect(lines[0]).not.toContain(TOKEN);
    expect(lines[0]).not.toContain(EMAIL);
  });
});

/** An ErrorResponse as Remix builds one for an unknown URL (the class is not exported; json() errors share it). */
function routeErrorResponse() {
  // isRouteErrorResponse checks the fields, not the class.
  return { status: 404, statusText: "Not Found", internal: true, data: "" };
}
