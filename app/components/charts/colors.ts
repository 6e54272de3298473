/**
 * Chart colours, each at least 4.5:1 against white (WCAG non-text contrast asks 3:1), and told apart by more than
 * colour: every series is also named on an axis, in the legend and in the table view.
 */
export const CHART_COLORS = {
  verified: "#047857",
  failed: "#b91c1c",
  indeterminate: "#b45309",
  neutral: "#1d4ed8",
  muted: "#4b5563",
  grid: "#e5e7eb",
  axis: "#374151",
} as const;
