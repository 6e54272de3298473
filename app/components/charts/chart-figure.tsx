import { Suspense, useEffect, useState, type ReactNode } from "react";

export interface ChartTable {
  columns: string[];
  /** Keep row headers on one line (dates). */
  nowrap?: boolean;
  rows: (string | number)[][];
}

/**
 * True once React has hydrated in the browser. Recharts 3 draws nothing on the server, so a chart rendered during
 * hydration would not match the server's HTML: charts render only after this turns true, in a box of the same
 * fixed height, so nothing jumps.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

const numberFormat = new Intl.NumberFormat("en-GB");
/** Thousands separators with a fixed locale, so the server's HTML and the browser's render agree. */
export const formatCount = (n: number) => numberFormat.format(n);

/**
 * A chart with its title, an accessible description of what it shows (role="img": screen readers read the
 * description, not the SVG's parts), an empty state instead of an empty axis, and the same numbers as a table.
 */
export function ChartFigure({
  title,
  description,
  emptyMessage,
  isEmpty,
  height,
  table,
  children,
}: {
  title: string;
  /** One or two sentences with the numbers that matter; the chart's accessible name. */
  description: string;
  emptyMessage: string;
  isEmpty: boolean;
  /** Pixels: ResponsiveContainer measures its parent, so the parent needs a height of its own. */
  height: number;
  table: ChartTable;
  children: () => ReactNode;
}) {
  const hydrated = useHydrated();
  return (
    <figure className="chart">
      <figcaption className="chart-title">{title}</figcaption>
      {isEmpty ? (
        <p className="chart-empty">{emptyMessage}</p>
      ) : (
        <>
          <div className="chart-area" role="img" aria-label={description} style={{ height }}>
            {hydrated ? <Suspense fallback={null}>{children()}</Suspense> : null}
          </div>
          <details className="chart-table">
            <summary>Show as table</summary>
            <table className={table.nowrap ? "table nowrap-rows" : "table"}>
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  {table.columns.map((c, i) => (
                    <th key={c} scope="col" className={i > 0 ? "num" : undefined}>
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, r) => (
                  <tr key={r}>
                    {row.map((cell, i) =>
                      i === 0 ? (
                        <th key={i} scope="row">
                          {cell}
                        </th>
                      ) : (
                        <td key={i} className="num">
                          {typeof cell === "number" ? formatCount(cell) : cell}
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </figure>
  );
}
