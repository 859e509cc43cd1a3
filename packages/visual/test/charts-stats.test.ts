import {
  histogramChart,
  horizontalBarChart,
  renderSvg,
  roseChart,
  roseCounts,
  scatterChart,
  svgToPng,
} from "@iqf/visual";
import sharp from "sharp";
import { describe, expect, it } from "vitest";

/** Counts the items of the first vega mark group of the given type (`rect`, `symbol`, `arc`). */
function marks(svg: string, type: string): number {
  const start = svg.indexOf(`class="mark-${type} role-mark`);
  if (start < 0) return 0;
  const group = svg.slice(start, svg.indexOf("</g>", start));
  return group.split("<path").length - 1;
}

describe("stats chart builders", () => {
  it("histogram: one bar per given bin, spanning exactly its edges", async () => {
    const spec = histogramChart({ binEdges: [0, 1, 2, 4], counts: [3, 0, 5], title: "Bins", xTitle: "v" });
    const values = (spec as { data: { values: { start: number; end: number; count: number }[] } }).data
      .values;
    expect(values).toEqual([
      { start: 0, end: 1, count: 3 },
      { start: 1, end: 2, count: 0 },
      { start: 2, end: 4, count: 5 },
    ]);
    const svg = await renderSvg(spec);
    expect(marks(svg, "rect")).toBe(3);
    expect(svg).toContain("Bins");
    expect(() => histogramChart({ binEdges: [0, 1], counts: [1, 2], title: "x" })).toThrow(
      /2 bin edges for 2 counts/,
    );
  });

  it("horizontal bars keep the given order, first label on top", async () => {
    const svg = await renderSvg(
      horizontalBarChart({ labels: ["zebra", "apple"], values: [2, 5], title: "Classes" }),
    );
    expect(marks(svg, "rect")).toBe(2);
    expect(svg.indexOf("zebra")).toBeLessThan(svg.indexOf("apple"));
  });

  it("scatter: points below the limit, a density grid above it", async () => {
    const x = Float64Array.from({ length: 30 }, (_, i) => i);
    const y = Float64Array.from({ length: 30 }, (_, i) => i * i);
    y[3] = Number.NaN;
    const small = scatterChart({ x, y, title: "S", xTitle: "x", yTitle: "y" });
    expect((small as { data: { values: unknown[] } }).data.values).toHaveLength(29);
    expect(marks(await renderSvg(small), "symbol")).toBe(29);
    const dense = scatterChart({ x, y, title: "S", xTitle: "x", yTitle: "y", maxPoints: 10 });
    const cells = (dense as { data: { values: { count: number }[] } }).data.values;
    expect(cells.reduce((sum, cell) => sum + cell.count, 0)).toBe(29);
    expect(marks(await renderSvg(dense), "rect")).toBe(cells.length);
  });

  it("rose: angles in degrees wrap onto 16 sectors of the full circle", async () => {
    expect(roseCounts([0, 10, 22.5, 90, -90, 180, 360, 359, Number.NaN])).toEqual([
      3, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1,
    ]);
    const svg = await renderSvg(roseChart({ anglesDegrees: [0, 45, 90, 90], title: "Angles" }));
    expect(marks(svg, "arc")).toBe(16);
    const png = await sharp(await svgToPng(svg)).metadata();
    expect(png.width).toBeGreaterThan(500);
  });
});
