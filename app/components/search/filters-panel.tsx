import { useEffect, useState, type ReactNode } from "react";

/**
 * The filters beside the results on a desktop; on a phone, behind a "Filters (n)" button above the results, so
 * the results come first. Closed again after each search (`resetKey`). A React component, not an inline script:
 * the Content-Security-Policy allows only Remix's own scripts.
 */
export function FiltersPanel({
  active,
  resetKey,
  children,
}: {
  active: number;
  resetKey: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [resetKey]);
  return (
    <div className={open ? "filters-panel open" : "filters-panel"}>
      <button
        type="button"
        className="filters-toggle secondary"
        aria-expanded={open}
        aria-controls="search-filters"
        onClick={() => setOpen(!open)}
      >
        {open ? "Hide filters" : `Filters (${active})`}
      </button>
      <aside id="search-filters" className="panel" aria-label="Filters">
        {children}
      </aside>
    </div>
  );
}
