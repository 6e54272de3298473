import { Bar, BarChart, CartesianGrid, Cell, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { ChartFigure } from "./chart-figure";
import { CHART_COLORS } from "./colors";

export interface RankedItem {
  label: string;
  value: number;
  /** Defaults to the neutral blue. */
  color?: string;
}

const ROW_HEIGHT = 30;
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
      {() => (
        <ResponsiveContainer width="100%" height={height}>
          <BarChart data={items} layout="vertical" margin={{ top: 0, right: 48, bottom: 0, left: 0 }} accessibilityLayer={false}>
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
      )}
    </ChartFigure>
  );
}
