import type { RobustnessSummary } from "@iqf/experiments";
import { type ChartSpec, robustnessChart } from "@iqf/visual";

/**
 * The vega-lite chart of a robustness summary (`robustnessChart` of `@iqf/visual`): metric and
 * relative performance against the level, one series per combination of the other grid
 * parameters (one `all` series when there are none). Render it with `writeChart` (PNG/SVG) or
 * embed it in a page.
 */
export function robustnessChartSpec(summary: RobustnessSummary): ChartSpec {
  const series =
    summary.series.length > 0
      ? summary.series.map((curve) => ({
          label: Object.entries(curve.params)
            .map(([key, value]) => `${key}=${value}`)
            .join(", "),
          levels: curve.levels,
        }))
      : [{ label: "all", levels: summary.levels }];
  return robustnessChart({ metric: summary.metric, by: summary.by, series });
}
