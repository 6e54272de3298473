/**
 * Recognises a failure to reach the database, as opposed to a query the database refused. During an outage
 * (PostgreSQL restarting, a failover, backends terminated, the database closed to new connections) every query
 * fails with one of these; the request is not at fault and can be sent again once the database is back, so it is
 * answered 503, not 500. PGlite runs in-process and never fails this way.
 */

/** What a person (or an applicant-tracking system) is told when a request failed because the database is away. */
export const DATABASE_UNAVAILABLE_MESSAGE =
  "Attest's database is unavailable right now, so this request could not be completed. Please try again in a minute.";

/** Errors postgres.js raises itself when a connection cannot be made or is lost. */
const CLIENT_CODES = new Set(["CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED", "CONNECT_TIMEOUT"]);

/** Socket errors from Node when the server cannot be reached or drops the connection. */
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * SQLSTATEs that mean "no usable connection": class 08 (connection exception) and these. 55000 is not among them:
 * it also means a bad request; a database closed to new connections sends it as FATAL, which the severity rule
 * below catches.
 */
const SQLSTATES = new Set([
  "57P01", // admin_shutdown: the backend was terminated (pg_terminate_backend, a fast shutdown)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: the server is starting up or shutting down
  "3D000", // invalid_catalog_name: the database does not exist (dropped, or not restored yet)
  "53300", // too_many_connections
]);

/**
 * Whether `error` (or an error it wraps: drizzle puts the driver's error in `cause`) means the database could not
 * be reached or lost the connection. A PostgreSQL error of severity FATAL or PANIC does (the server ends the
 * session after sending it), except a refused login (class 28: a wrong password, no pg_hba.conf entry): the
 * database is there and said no, and waiting will not change its answer, so start-up must not wait for it and a
 * request is not told to "try again in a minute".
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return findConnectionFailure(error) !== null;
}

/** A short description of the connection failure inside `error` for a log line ("57P01 terminating connection …"). */
export function describeDatabaseFailure(error: unknown): string {
  const failure = findConnectionFailure(error) ?? (typeof error === "object" ? (error as ErrorFields | null) : null);
  const code = typeof failure?.code === "string" ? `${failure.code} ` : "";
  const message = typeof failure?.message === "string" ? failure.message : String(error);
  return `${code}${message}`.slice(0, 300);
}

interface ErrorFields {
  code?: unknown;
  severity?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/**
 * Socket codes count only inside an error from a query (postgres.js and drizzle both give theirs a `query`), so
 * that a search engine or a share link that cannot be reached is not reported as the database.
 */
function findConnectionFailure(error: unknown, fromQuery = false, depth = 0): ErrorFields | null {
  if (depth > 5 || typeof error !== "object" || error === null) return null;
  const fields = error as ErrorFields;
  fromQuery ||= "query" in fields;
  if (typeof fields.code === "string") {
    const code = fields.code;
    if (CLIENT_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return fields;
    if (fromQuery && SOCKET_CODES.has(code)) return fields;
    if (code.startsWith("28")) return null;
  }
  if (fields.severity === "FATAL" || fields.severity === "PANIC") return fields;
  // Node reports a refused connection to every address of a host name as an AggregateError of socket errors.
  if (Array.isArray(fields.errors)) {
    for (const inner of fields.errors) {
      const found = findConnectionFailure(inner, fromQuery, depth + 1);
      if (found) return found;
    }
  }
  return findConnectionFailure(fields.cause, fromQuery, depth + 1);
}
