// Kept out of shortlist-sharing.server.ts so the shortlist page's form (browser code) can list the periods too.

/** How long a shortlist's share link may work, as staff choose it; a week unless they pick another. */
export const SHARE_PERIODS = [
  { days: 1, label: "1 day" },
  { days: 7, label: "7 days" },
  { days: 14, label: "14 days" },
  { days: 30, label: "30 days" },
] as const;
export const DEFAULT_SHARE_DAYS = 7;
