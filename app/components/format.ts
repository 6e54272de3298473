// Dates are formatted in UTC with a fixed locale, so the server's HTML and the browser's render agree.
const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** "29 Nov 2026" from an ISO string, a Date or unix seconds. */
export function formatDate(value: string | Date | number): string {
  return dateFormat.format(typeof value === "number" ? new Date(value * 1000) : new Date(value));
}
