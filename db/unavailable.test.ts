import { describeDatabaseFailure, isDatabaseUnavailable } from "./unavailable";

/** An error shaped like postgres.js's: Node's or its own code, and the query it was for (set on every query error). */
function queryError(message: string, fields: Record<string, unknown>) {
  return Object.assign(new Error(message), { query: "select 1", ...fields });
}

/** drizzle's wrapper around a driver error. */
function drizzleError(cause: unknown) {
  return Object.assign(new Error("Failed query: select 1\nparams: "), {
    name: "DrizzleQueryError",
    query: "select 1",
    cause,
  });
}

/** A PostgreSQL error response, as postgres.js's PostgresError carries it. */
function serverError(code: string, severity: string, message: string) {
  return Object.assign(new Error(message), { name: "PostgresError", code, severity });
}

describe("isDatabaseUnavailable", () => {
  it.each([
    [
      "a connection postgres.js lost",
      queryError("write CONNECTION_CLOSED 127.0.0.1:5432", { code: "CONNECTION_CLOSED" }),
    ],
    ["a pool that was ended", queryError("write CONNECTION_ENDED 127.0.0.1:5432", { code: "CONNECTION_ENDED" })],
    [
      "a connection destroyed",
      queryError("write CONNECTION_DESTROYED 127.0.0.1:5432", { code: "CONNECTION_DESTROYED" }),
    ],
    ["a connect timeout", queryError("write CONNECT_TIMEOUT 127.0.0.1:5432", { code: "CONNECT_TIMEOUT" })],
    ["a refused connection", queryError("connect ECONNREFUSED 127.0.0.1:5432", { code: "ECONNREFUSED" })],
    ["a reset connection", queryError("read ECONNRESET", { code: "ECONNRESET" })],
    [
      "a terminated backend (57P01)",
      serverError("57P01", "FATAL", "terminating connection due to administrator command"),
    ],
    ["a server starting up (57P03)", serverError("57P03", "FATAL", "the database system is starting up")],
    ["a missing database (3D000)", serverError("3D000", "FATAL", 'database "attest" does not exist')],
    ["too many connections (53300)", serverError("53300", "FATAL", "sorry, too many clients already")],
    ["a connection exception (class 08)", serverError("08006", "ERROR", "connection failure")],
    [
      "a database closed to new connections (55000, FATAL)",
      serverError("55000", "FATAL", 'database "attest" is not currently accepting connections'),
    ],
  ])("recognises %s, bare and wrapped by drizzle", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
    expect(isDatabaseUnavailable(drizzleError(error))).toBe(true);
  });

  it("recognises a refused connection to every address of a host (an AggregateError)", () => {
    const refused = Object.assign(
      new AggregateError([Object.assign(new Error("connect ECONNREFUSED ::1:5432"), { code: "ECONNREFUSED" })]),
      {
        query: "select 1",
      },
    );
    expect(isDatabaseUnavailable(refused)).toBe(true);
  });

  it.each([
    ["a unique violation", serverError("23505", "ERROR", "duplicate key value violates unique constraint")],
    ["a syntax error", serverError("42601", "ERROR", 'syntax error at or near "selec"')],
    ["55000 as an ordinary error", serverError("55000", "ERROR", "object not in prerequisite state")],
    ["a statement timeout", serverError("57014", "ERROR", "canceling statement due to statement timeout")],
    // What postgres.js raises for a wrong password: FATAL, yet no outage (waiting would not fix it).
    [
      "a wrong password (28P01, FATAL)",
      serverError("28P01", "FATAL", 'password authentication failed for user "attest"'),
    ],
    [
      "a login pg_hba.conf refuses (28000, FATAL)",
      serverError("28000", "FATAL", 'no pg_hba.conf entry for host "10.0.0.9"'),
    ],
    ["a programmer's mistake", new TypeError("Cannot read properties of undefined (reading 'id')")],
    ["a thrown Response", new Response("Not found", { status: 404 })],
    ["a string", "CONNECTION_CLOSED"],
    ["null", null],
  ])("does not take %s for an outage", (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
    expect(isDatabaseUnavailable(drizzleError(error))).toBe(false);
  });

  it("does not take a search engine or share link that cannot be reached for the database", () => {
    // fetch() failing: the same socket error as a refused database connection, but not from a query.
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:7700"), { code: "ECONNREFUSED" });
    expect(isDatabaseUnavailable(Object.assign(new TypeError("fetch failed"), { cause: refused }))).toBe(false);
  });

  it("stops at a cause chain that loops", () => {
    const a: { message: string; cause?: unknown } = { message: "a" };
    a.cause = { message: "b", cause: a };
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});

describe("describeDatabaseFailure", () => {
  it("names the connection failure inside a drizzle error, not drizzle's query text", () => {
    const error = drizzleError(serverError("57P01", "FATAL", "terminating connection due to administrator command"));
    expect(describeDatabaseFailure(error)).toBe("57P01 terminating connection due to administrator command");
  });
});
