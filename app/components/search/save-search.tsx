import { Link, useFetcher } from "@remix-run/react";
import { CsrfInput } from "#app/components/csrf-input";

type SaveResult = { error: string | null; saved: { id: string; name: string; status: string } | null };

/**
 * "Save this search" on the results page: names the search (the default name describes its filters) and posts it,
 * as its URL query string, to the saved searches page's action through a fetcher, so the results stay on screen.
 * Rendered outside the search form, which is a GET.
 */
export function SaveSearch({
  query,
  defaultName,
  savedAs,
}: {
  query: string;
  defaultName: string;
  savedAs: { id: string; name: string } | null;
}) {
  const fetcher = useFetcher<SaveResult>();
  const justSaved = fetcher.data?.saved ?? null;
  const saved = savedAs ?? justSaved;
  return (
    <div className="save-search">
      {saved ? (
        <p className="small" role="status">
          ✓ Saved as “{saved.name}” · <Link to="/saved-searches">Saved searches</Link>
        </p>
      ) : (
        <details>
          <summary className="chip">Save this search</summary>
          <fetcher.Form method="post" action="/saved-searches?index" className="save-search-form">
            <CsrfInput />
            <input type="hidden" name="intent" value="save" />
            <input type="hidden" name="query" value={query} />
            <label>
              Name of the saved search
              <input type="text" name="name" defaultValue={defaultName} required maxLength={120} />
            </label>
            <button type="submit" disabled={fetcher.state !== "idle"}>
              Save
            </button>
            {fetcher.data?.error ? (
              <p className="field-error" role="alert">
                {fetcher.data.error}
              </p>
            ) : null}
          </fetcher.Form>
        </details>
      )}
    </div>
  );
}
