import { lazy } from "react";
import { ChartFigure } from "./chart-figure";

export interface Series {
  key: string;
  name: string;
  color: string;
}

export type TimePoint = { label: string } & Record<string, number | string>;

const HEIGHT = 260;
const StackedTimeBars = lazy(() => import("./drawings").then((m) => ({ default: m.StackedTimeBars })));

/** Stacked bars over time (one bar per day or week, one colour per series), with a legend. */
export function TimeSeriesChart({
  title,
  description,
  emptyMessage,
  points,
  series,
  bucketName,
}: {
  title: string;
  description: string;
  emptyMessage: string;
  /** Oldest first; `label` names the bucket on the axis ("23 Nov"). */
  points: TimePoint[];
  series: Series[];
  /** The table's first column: "Day", "Week of". */
  bucketName: string;
}) {
  const total = (p: TimePoint) => series.reduce((sum, s) => sum + Number(p[s.key] ?? 0), 0);
  return (
    <ChartFigure
      title={title}
      description={description}
      emptyMessage={emptyMessage}
      isEmpty={points.every((p) => total(p) === 0)}
      height={HEIGHT}
      table={{
        columns: [bucketName, ...series.map((s) => s.name), "Total"],
        nowrap: true,
        rows: points.map((p) => [p.label, ...series.map((s) => Number(p[s.key] ?? 0)), total(p)]),
      }}
    >
      {() => <StackedTimeBars points={points} series={series} height={HEIGHT} />}
    </ChartFigure>
  );
}
