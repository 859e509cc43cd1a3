import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExperimentVisual, type PlotRow, plotPoints } from "@iqf/visual";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";

const folder = await mkdtemp(join(tmpdir(), "iqf-experiment-visual-"));
afterAll(() => rm(folder, { recursive: true, force: true }));

// Two repetitions per (quality, scale): rmse falls with quality, scale 4 is worse.
const rows: PlotRow[] = [10, 50, 90].flatMap((quality) =>
  [2, 4].flatMap((scale) =>
    [0, 1].map((rep) => ({
      name: `ds#jpg${quality}_modifier`,
      quality,
      scale,
      rmse: 10 - quality / 10 + scale + rep,
    })),
  ),
);

function layerMarks(spec: unknown): string[] {
  return ((spec as { layer: { mark: { type: string } }[] }).layer ?? []).map((layer) => layer.mark.type);
}

describe("ExperimentVisual", () => {
  it("aggregates repetitions into mean and sample std per (x, legend)", () => {
    const points = plotPoints(rows, "quality", "rmse", "scale");
    expect(points).toHaveLength(6);
    const first = points.find((p) => p.x === 10 && p.series === "2")!;
    expect(first.y).toBeCloseTo(11.5, 12);
    expect(first.upper - first.y).toBeCloseTo(Math.SQRT1_2, 12);
    expect(first.n).toBe(2);
  });

  it("draws a line per legend value with a mean ± std band and writes PNG and SVG", async () => {
    const output = join(folder, "rmse-quality.png");
    const result = await new ExperimentVisual(rows, output).visualize({
      x: "quality",
      y: "rmse",
      legend: "scale",
      title: "rmse - quality",
      formats: ["svg"],
    });
    expect(layerMarks(result.spec)).toEqual(["area", "line"]);
    expect(result.files).toEqual([output, join(folder, "rmse-quality.svg")]);
    const meta = await sharp(output).metadata();
    expect(meta.format).toBe("png");
    expect(meta.width).toBeGreaterThan(400);
    const svg = await readFile(join(folder, "rmse-quality.svg"), "utf8");
    expect(svg).toContain("rmse - quality");
    expect(svg).toContain("quality");
  });

  it("draws bars and scatter plots with error bars, and no band without repetitions", async () => {
    const visual = new ExperimentVisual({ rows });
    const bars = await visual.visualize({
      x: "quality",
      y: "rmse",
      legend: "scale",
      kind: "bars",
      output: join(folder, "b.svg"),
    });
    expect(layerMarks(bars.spec)).toEqual(["bar", "rule"]);
    expect((await stat(join(folder, "b.svg"))).size).toBeGreaterThan(0);
    expect(layerMarks(visual.spec({ x: "quality", y: "rmse", legend: "scale", kind: "scatter" }))).toEqual([
      "point",
      "rule",
    ]);
    const single = rows.filter(
      (row) => row.rmse !== undefined && (row.rmse as number) % 1 === 0 && row.scale === 2,
    );
    const once = new ExperimentVisual(single.filter((_, index) => index % 2 === 0));
    expect(layerMarks(once.spec({ x: "quality", y: "rmse" }))).toEqual(["line"]);
  });

  it("plots a grouped table through its <y>_mean and <y>_std columns", () => {
    const grouped = [
      { quality: 10, rmse_mean: 3, rmse_std: 0.5, runs: 4 },
      { quality: 90, rmse_mean: 1, rmse_std: 0.25, runs: 4 },
    ];
    const points = plotPoints(grouped, "quality", "rmse");
    expect(points.map((p) => [p.lower, p.y, p.upper])).toEqual([
      [2.5, 3, 3.5],
      [0.75, 1, 1.25],
    ]);
  });

  it("names the missing column and the available ones", () => {
    expect(() => new ExperimentVisual(rows).spec({ x: "lr", y: "rmse" })).toThrow(
      /lr not in the table \(columns: name, quality/,
    );
    expect(() => new ExperimentVisual(rows).spec({ x: "quality", y: "rmse", kind: "pie" as never })).toThrow(
      /kind/,
    );
  });
});
