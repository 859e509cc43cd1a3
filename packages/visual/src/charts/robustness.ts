import type { ChartSpec } from "../render.js";
import { CHART_STYLE } from "./common.js";

/** One level of a robustness series. */
export interface RobustnessChartLevel {
  /** The level of the degradation parameter (number, or text such as a modifier name). */
  readonly level: number | string;
  /** Mean of the metric at the level. */
  readonly mean: number;
  /** Standard deviation of the metric (`null` for a single run: no band). */
  readonly std: number | null;
  /** Relative performance to the reference (1 = as good). */
  readonly relative: number;
}

/** Input of {@link robustnessChart}. */
export interface RobustnessChartInput {
  /** The metric (y axis of the left panel). */
  readonly metric: string;
  /** The degradation parameter (x axis). */
  readonly by: string;
  /** One series per combination of the other grid parameters (or one `all` series). */
  readonly series: readonly {
    readonly label: string;
    readonly levels: readonly RobustnessChartLevel[];
  }[];
  /** Chart title (default `<metric> against <by>`). */
  readonly title?: string;
}

/**
 * A vega-lite chart of a robustness summary: the metric (mean line with a mean ± std band) and
 * its relative performance (with 100 %, 95 % and 90 % rules) against the degradation level,
 * side by side, one colour per series. Numeric levels are on a linear axis, text levels in the
 * given order. Interactive in a page (tooltips, legend click highlights a series); renders to
 * SVG/PNG with `renderSvg` / `writeChart`.
 */
export function robustnessChart(input: RobustnessChartInput): ChartSpec {
  const rows = input.series.flatMap((series) =>
    series.levels.map((level, order) => ({
      series: series.label,
      level: level.level,
      order,
      mean: level.mean,
      low: level.std === null ? level.mean : level.mean - level.std,
      high: level.std === null ? level.mean : level.mean + level.std,
      relative: level.relative,
    })),
  );
  const numeric = rows.every((row) => typeof row.level === "number");
  const levelOrder = [...new Set(rows.map((row) => String(row.level)))];
  const x = numeric
    ? { field: "level", type: "quantitative", title: input.by, scale: { zero: false } }
    : { field: "level", type: "ordinal", title: input.by, sort: levelOrder };
  const color = { field: "series", type: "nominal", title: "series" };
  const highlight = {
    name: "pick",
    select: { type: "point", fields: ["series"] },
    bind: "legend",
  };
  const opacity = { condition: { param: "pick", value: 1 }, value: 0.2 };
  const tooltip = [
    { field: "series", type: "nominal" },
    { field: "level", title: input.by },
    { field: "mean", type: "quantitative", format: ".4g", title: input.metric },
    { field: "relative", type: "quantitative", format: ".1%", title: "relative" },
  ];
  const panel = { width: Math.round(CHART_STYLE.width * 0.7), height: Math.round(CHART_STYLE.height * 0.7) };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: input.title ?? `${input.metric} against ${input.by}`,
    data: { values: rows },
    hconcat: [
      {
        ...panel,
        layer: [
          {
            mark: { type: "errorband", opacity: 0.2 },
            encoding: {
              x,
              y: {
                field: "low",
                type: "quantitative",
                title: `${input.metric} (mean ± std)`,
                scale: { zero: false },
              },
              y2: { field: "high" },
              color,
            },
          },
          {
            params: [highlight],
            mark: { type: "line", point: true },
            encoding: {
              x,
              y: { field: "mean", type: "quantitative", title: `${input.metric} (mean ± std)` },
              color,
              opacity,
              tooltip,
            },
          },
        ],
      },
      {
        ...panel,
        layer: [
          {
            data: { values: [{ rule: 1 }, { rule: 0.95 }, { rule: 0.9 }] },
            mark: { type: "rule", strokeDash: [4, 4], color: "#999999" },
            encoding: { y: { field: "rule", type: "quantitative" } },
          },
          {
            mark: { type: "line", point: true },
            encoding: {
              x,
              y: {
                field: "relative",
                type: "quantitative",
                title: "relative performance",
                axis: { format: "%" },
                scale: { zero: false },
              },
              color,
              opacity,
              tooltip,
            },
          },
        ],
      },
    ],
    config: CHART_STYLE.config,
  } as ChartSpec;
}
