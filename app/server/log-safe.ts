/**
 * What reaches the server log about an error: its kind, a message with nothing a person typed, and where it
 * happened. A failed query's message carries its parameters (an email, a token), and a database error quotes the
 * value it could not read, so both are withheld. The log outlives erasure; it holds ids and reasons only.
 */

interface QueryError {
  query: string;
  params: unknown[];
  cause?: unknown;
}

const isQueryError = (error: unknown): error is Error & QueryError =>
  error instanceof Error &&
  typeof (error as Partial<QueryError>).query === "string" &&
  Array.isArray((error as Partial<QueryError>).params);

/** Quoted values in a database message ("invalid input syntax for type uuid: \"…\"") are what someone sent. */
const withoutQuotedValues = (text: string) =>
  text.replace(/"[^"]*"/g, '"…"').replace(/\([^()]*\)=\([^()]*\)/g, "(…)=(…)");

/** One line: the error's kind and a message with no parameters or quoted values. */
export function errorMessageForLog(error: unknown): string {
  if (isQueryError(error)) {
    const cause = error.cause instanceof Error ? error.cause : null;
    const code = (cause as { code?: unknown } | null)?.code;
    const reason = cause
      ? `${typeof code === "string" ? `${code} ` : ""}${withoutQuotedValues(cause.message)}`
      : "no cause given";
    return `failed query (${error.params.length} parameters withheld): ${error.query.replace(/\s+/g, " ").slice(0, 300)}: ${reason.slice(0, 300)}`;
  }
  if (error instanceof Error) {
    // The first line only: drizzle's own message puts "params: …" on the second.
    const message = withoutQuotedValues(error.message).split("\n")[0]!.slice(0, 500);
    return error.name === "Error" ? message : `${error.name}: ${message}`;
  }
  return `non-error thrown: ${typeof error}`;
}

/** The one-line message and the stack's frames (not its first lines, which repeat the unsanitised message). */
export function describeErrorForLog(error: unknown): string {
  const frames =
    error instanceof Error
      ? (error.stack ?? "")
          .split("\n")
          .filter((line) => /^\s+at /.test(line))
          .slice(0, 15)
      : [];
  return [errorMessageForLog(error), ...frames].join("\n");
}
