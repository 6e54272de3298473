/**
 * The Recharts drawings, loaded only in the browser after hydration (React.lazy): Recharts and its dependencies
 * are most of a page's JavaScript, so the route module stays small and navigating to the dashboard is not held up
 * by them. Props in, nothing fetched.
 */
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { CHART_COLORS } from "./colors";
import type { RankedItem } from "./ranked-bar-chart";
import type { Series, TimePoint } from "./time-series-chart";

const LABEL_CHARS = 18;
const LABEL_WIDTH = 136;

const shorten = (label: string) => (label.length > LABEL_CHARS ? `${label.slice(0, LABEL_CHARS - 1)}…` : label);

/** One line per label (Recharts would wrap a long one onto a neighbour's row), the whole name as its tooltip. */
function CategoryTick({ x, y, payload }: { x?: number | string; y?: number | string; payload?: { value?: unknown } }) {
  const label = String(payload?.value ?? "");
  return (
    <text x={Number(x)} y={Number(y)} dy="0.35em" textAnchor="end" fill={CHART_COLORS.axis} fontSize={12}>
      <title>{label}</title>
      {shorten(label)}
    </text>
  );
}

export default function RankedBars({
  items,
  valueName,
  height,
}: {
  items: RankedItem[];
  valueName: string;
  height: number;
}) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart
        data={items}
        layout="vertical"
        margin={{ top: 0, right: 48, bottom: 0, left: 0 }}
        accessibilityLayer={false}
      >
        <CartesianGrid horizontal={false} stroke={CHART_COLORS.grid} />
        <XAxis type="number" allowDecimals={false} tick={{ fill: CHART_COLORS.axis, fontSize: 12 }} />
        <YAxis
          type="category"
          dataKey="label"
          width={LABEL_WIDTH}
          interval={0}
          tick={(props: Parameters<typeof CategoryTick>[0]) => <CategoryTick {...props} />}
        />
        <Tooltip formatter={(value) => [value, valueName]} cursor={{ fill: "#f3f4f6" }} isAnimationActive={false} />
        <Bar dataKey="value" name={valueName} isAnimationActive={false} barSize={18}>
          {items.map((item) => (
            <Cell key={item.label} fill={item.color ?? CHART_COLORS.neutral} />
          ))}
          <LabelList dataKey="value" position="right" fill={CHART_COLORS.axis} fontSize={12} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

export function StackedTimeBars({ points, series, height }: { points: TimePoint[]; series: Series[]; height: number }) {
  return (
    <ResponsiveContainer width="100%" height={height}>
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
  );
}
