import { Link, useFetcher } from "@remix-run/react";

export type BulkShortlistResult =
  | { error: string; added: null }
  | { error: null; added: { shortlistId: string; name: string; added: number; missing: number } };

/**
 * Bulk actions over the ticked result cards. The controls belong to the form "bulk-actions" (rendered outside the
 * search form, which is a GET): "Export selected" posts it natively to /search/export, so the browser downloads
 * the CSV; "Add to shortlist" posts it to the search page's action through a fetcher, and the cards then show the
 * shortlist.
 */
export function BulkActions({
  selected,
  shortlistNames,
  actionUrl,
}: {
  selected: number;
  shortlistNames: string[];
  actionUrl: string;
}) {
  const fetcher = useFetcher<BulkShortlistResult>();
  const data = fetcher.data;
  return (
    <div
      className={selected === 0 ? "bulk-actions none-selected" : "bulk-actions"}
      role="group"
      aria-label="Selected candidates"
    >
      <span className="muted small" aria-live="polite">
        {selected === 1 ? "1 selected" : `${selected} selected`}
      </span>
      <label className="inline-label">
        <span className="visually-hidden">Shortlist for the selected candidates</span>
        <input
          type="text"
          name="shortlist"
          form="bulk-actions"
          list="bulk-shortlist-names"
          placeholder="Shortlist name"
          required
        />
      </label>
      <datalist id="bulk-shortlist-names">
        {shortlistNames.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <button
        type="submit"
        form="bulk-actions"
        formAction={actionUrl}
        disabled={selected === 0 || fetcher.state !== "idle"}
        onClick={(event) => {
          const button = event.currentTarget;
          if (!button.form?.reportValidity()) return event.preventDefault();
          event.preventDefault();
          fetcher.submit(button, { method: "post", action: actionUrl });
        }}
      >
        Add to shortlist
      </button>
      <button type="submit" form="bulk-actions" className="secondary" disabled={selected === 0} formNoValidate>
        Export selected
      </button>
      {data?.error ? (
        <p className="field-error" role="alert">
          {data.error}
        </p>
      ) : null}
      {data?.added ? (
        <p className="notice ok small" role="status">
          Added {data.added.added === 1 ? "1 candidate" : `${data.added.added} candidates`} to{" "}
          <Link to={`/shortlists/${data.added.shortlistId}`}>{data.added.name}</Link>
          {data.added.missing ? ` (${data.added.missing} no longer exist)` : ""}.
        </p>
      ) : null}
    </div>
  );
}
