// UTC with a fixed locale, like formatDate, so the server's HTML and the browser's render agree.
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** "29 Nov 2026, 19:20 UTC" from an ISO string or a Date. */
export function formatDateTime(value: string | Date): string {
  return `${dateTimeFormat.format(new Date(value))} UTC`;
}
