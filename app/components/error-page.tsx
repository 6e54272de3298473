import { isRouteErrorResponse, Link, useLocation, useRouteLoaderData } from "@remix-run/react";
import { canAccess, type Role } from "#app/auth/roles";

/** What went wrong, in a few words: the error page's heading and its <title>. */
export function describeError(error: unknown): {
  title: string;
  detail: string;
  kind: "search-down" | "database-down" | "not-found" | "forbidden" | "other";
} {
  if (isRouteErrorResponse(error)) {
    const text = typeof error.data === "string" ? error.data : "";
    if (error.status === 503 && text.startsWith("Search is temporarily unavailable")) {
      // The heading already says the first sentence.
      return {
        kind: "search-down",
        title: "Search is temporarily unavailable",
        detail: text.replace(/^Search is temporarily unavailable\.\s*/, ""),
      };
    }
    if (error.status === 503)
      return {
        kind: "database-down",
        title: "Attest is temporarily unavailable",
        detail: text || "Try again in a minute.",
      };
    if (error.status === 404)
      return { kind: "not-found", title: "Page not found", detail: text || "There is nothing at this address." };
    if (error.status === 403)
      return { kind: "forbidden", title: "Not allowed", detail: text || "Your account may not open this page." };
    return {
      kind: "other",
      title: `${error.status} ${error.statusText}`.trim(),
      detail: text || "The page could not be shown.",
    };
  }
  return {
    kind: "other",
    title: "Something went wrong",
    detail: "An unexpected error happened; it has been logged. Try again in a moment.",
  };
}

/** The document title of an error page (root meta). */
export function errorDocumentTitle(error: unknown): string {
  return `${describeError(error).title} · Attest`;
}

/**
 * A staff error page: the sentence, and links that work. While search is down the page never links back to the
 * search (that would only lead here again) but to shortlists and, for verifiers, the review queue.
 */
export function StaffErrorPage({ error }: { error: unknown }) {
  const { title, detail, kind } = describeError(error);
  const role = useRouteLoaderData<{ user: { role: Role } | null }>("root")?.user?.role ?? null;
  const location = useLocation();
  return (
    <section className="panel stack" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      <p>{detail}</p>
      {role ? (
        <nav aria-label="Where to go instead">
          <ul className="link-row">
            {kind === "search-down" ? null : (
              <li>
                <Link to="/search">Search candidates</Link>
              </li>
            )}
            <li>
              <Link to="/shortlists">Shortlists</Link>
            </li>
            {canAccess(role, "verifier") ? (
              <li>
                <Link to="/review">Review queue</Link>
              </li>
            ) : null}
            {kind === "search-down" ? (
              <li>
                <a href={`${location.pathname}${location.search}`}>Try the search again</a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : (
        <p>
          <Link to="/">Home page</Link>
        </p>
      )}
    </section>
  );
}

/**
 * The error page of a candidate's link (invitation, withdrawal, confirmation, erasure): it speaks to the
 * candidate, who has no account and nothing to search, and says what to do next.
 */
export function CandidateErrorPage({ error, whatToDo }: { error: unknown; whatToDo: string }) {
  const { title, detail, kind } = describeError(error);
  const heading = kind === "not-found" ? "This link does not work" : title;
  return (
    <section className="panel stack" aria-labelledby="error-title">
      <h1 id="error-title">{heading}</h1>
      <p>{detail}</p>
      <p>{whatToDo}</p>
    </section>
  );
}

/** The document title of a candidate's error page. */
export function candidateErrorTitle(error: unknown): string {
  const { title, kind } = describeError(error);
  return `${kind === "not-found" ? "This link does not work" : title} · Attest`;
}
