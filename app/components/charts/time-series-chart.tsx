import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFigure } from "./chart-figure";
import { CHART_COLORS } from "./colors";

export interface Series {
  key: string;
  name: string;
  color: string;
}

export type TimePoint = { label: string } & Record<string, number | string>;

const HEIGHT = 260;

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
      {() => (
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
            <CartesianGrid vertical={false} stroke={CHART_COLORS.grid} />
            <XAxis dataKey="label" minTickGap={16} tick={{ fill: CHART_COLORS.axis, fontSize: 12 }} />
            <YAxis allowDecimals={false} tick={{ fill: CHART_COLORS.axis, fontSize: 12 }} />
            <Tooltip cursor={{ fill: "#f3f4f6" }} isAnimationActive={false} />
            <Legend itemSorter={null} wrapperStyle={{ fontSize: 13, color: CHART_COLORS.axis }} />
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.name} stackId="all" fill={s.color} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartFigure>
  );
}
