import { lazy } from "react";
import { ChartFigure } from "./chart-figure";

export interface RankedItem {
  label: string;
  value: number;
  /** Defaults to the neutral blue. */
  color?: string;
}

const RankedBars = lazy(() => import("./drawings"));
const ROW_HEIGHT = 30;

/**
 * Horizontal bars, largest first as given: top skills, top issuers, reasons. Long names are shortened on the axis
 * (the tooltip and the table have them whole), so the chart still fits a 400-pixel-wide window.
 */
export function RankedBarChart({
  title,
  description,
  emptyMessage,
  items,
  labelName,
  valueName,
}: {
  title: string;
  description: string;
  emptyMessage: string;
  items: RankedItem[];
  /** What a bar is, for the table's first column: "Skill", "Issuer". */
  labelName: string;
  /** What a value counts, for the tooltip and the table: "Candidates", "Credentials". */
  valueName: string;
}) {
  const height = Math.max(2, items.length) * ROW_HEIGHT + 30;
  return (
    <ChartFigure
      title={title}
      description={description}
      emptyMessage={emptyMessage}
      isEmpty={items.every((item) => item.value === 0)}
      height={height}
      table={{ columns: [labelName, valueName], rows: items.map((item) => [item.label, item.value]) }}
    >
      {() => <RankedBars items={items} valueName={valueName} height={height} />}
    </ChartFigure>
  );
}
