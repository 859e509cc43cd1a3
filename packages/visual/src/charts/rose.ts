import type { ChartSpec } from "../render.js";
import { CHART_STYLE } from "./common.js";

/** Input of {@link roseChart}. */
export interface RoseChartInput {
  /**
   * Angles in degrees, measured counter-clockwise from the +x axis (east), as `atan2` gives
   * them; any range (they are wrapped onto the circle). NaN values are left out.
   */
  readonly anglesDegrees: ArrayLike<number>;
  /** Chart title. */
  readonly title: string;
  /** Number of equal sectors over the full circle (default 16). */
  readonly sectors?: number;
}

/** Counts angles per sector of the full circle, sector k covering [k·w, (k+1)·w) degrees from east. */
export function roseCounts(anglesDegrees: ArrayLike<number>, sectors = 16): number[] {
  const counts = new Array<number>(sectors).fill(0);
  const width = 360 / sectors;
  for (let i = 0; i < anglesDegrees.length; i++) {
    const angle = anglesDegrees[i]!;
    if (!Number.isFinite(angle)) continue;
    const wrapped = ((angle % 360) + 360) % 360;
    counts[Math.min(sectors - 1, Math.floor(wrapped / width))]! += 1;
  }
  return counts;
}

/**
 * A rose (polar) histogram of angles over the whole circle: equal sectors whose radius grows
 * with the square root of the share of angles in them (so areas are proportional to counts).
 * East (0°) is on the right and angles turn counter-clockwise, as in the data.
 */
export function roseChart(input: RoseChartInput): ChartSpec {
  const sectors = input.sectors ?? 16;
  const counts = roseCounts(input.anglesDegrees, sectors);
  const width = 360 / sectors;
  // vega-lite's theta starts at 12 o'clock and turns clockwise: sector k (counter-clockwise
  // from east) is drawn from 90° − (k+1)·w to 90° − k·w.
  const values = counts.map((count, k) => {
    const from = k * width;
    const start = (((90 - (k + 1) * width) % 360) + 360) % 360;
    return {
      sector: `${from}°–${from + width}°`,
      count,
      theta: (start * Math.PI) / 180,
      theta2: ((start + width) * Math.PI) / 180,
    };
  });
  const size = Math.min(CHART_STYLE.width, CHART_STYLE.height);
  const outer = size / 2 - 18;
  // Direction labels every 90°, placed just outside the largest sector.
  const labels = [0, 90, 180, 270].map((degrees) => ({
    label: `${degrees}°`,
    theta: ((((90 - degrees) % 360) + 360) % 360) * (Math.PI / 180),
  }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: input.title, subtitle: "0° = east, counter-clockwise; sector area ∝ count" },
    width: size,
    height: size,
    config: { ...CHART_STYLE.config, view: { stroke: null } },
    layer: [
      {
        data: { values },
        mark: {
          type: "arc",
          stroke: CHART_STYLE.color,
          strokeWidth: 1,
          fill: CHART_STYLE.color,
          fillOpacity: 0.35,
        },
        encoding: {
          theta: { field: "theta", type: "quantitative", scale: null },
          theta2: { field: "theta2" },
          radius: {
            field: "count",
            type: "quantitative",
            scale: { type: "sqrt", zero: true, range: [0, outer] },
          },
          tooltip: [
            { field: "sector", type: "nominal" },
            { field: "count", type: "quantitative" },
          ],
        },
      },
      {
        data: { values: labels },
        mark: { type: "text", radius: outer + 12, fontSize: 12, color: "#555555" },
        encoding: {
          theta: { field: "theta", type: "quantitative", scale: null },
          text: { field: "label", type: "nominal" },
        },
      },
    ],
  };
}
