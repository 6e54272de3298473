import { stringify } from "csv-stringify/sync";

/**
 * CSV for spreadsheets: csv-stringify does the quoting; cells that a spreadsheet would run as a formula
 * (starting with = + - @ or a tab/carriage return) get a leading apostrophe, since candidate names and
 * headlines come from the public.
 */
export function toCsv(header: string[], rows: Array<Array<string | number>>): string {
  const neutralise = (cell: string | number) =>
    typeof cell === "string" && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return stringify([header, ...rows.map((row) => row.map(neutralise))], { bom: true });
}

export function csvResponse(filename: string, body: string): Response {
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\w.-]+/g, "-")}"`,
      "Cache-Control": "no-store",
    },
  });
}
