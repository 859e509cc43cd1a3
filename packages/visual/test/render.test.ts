import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChartSpec, renderSvg, writeChart } from "@iqf/visual";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";

const spec: ChartSpec = {
  title: "rmse by quality",
  data: {
    values: [
      { q: 10, rmse: 3 },
      { q: 50, rmse: 2 },
      { q: 90, rmse: 1 },
    ],
  },
  mark: "line",
  encoding: { x: { field: "q", type: "quantitative" }, y: { field: "rmse", type: "quantitative" } },
};
const folder = await mkdtemp(join(tmpdir(), "iqf-visual-"));
afterAll(() => rm(folder, { recursive: true, force: true }));

describe("chart rendering", () => {
  it("renders a vega-lite spec to SVG with its title", async () => {
    const svg = await renderSvg(spec);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("rmse by quality");
  });

  it("writes PNG files that decode to a non-empty picture", async () => {
    await expect(writeChart(spec, join(folder, "nested", "chart.png"))).rejects.toThrow(
      /the folder .*nested does not exist; create it first/,
    );
    await mkdir(join(folder, "nested"));
    const path = await writeChart(spec, join(folder, "nested", "chart.png"));
    const { width, height, format } = await sharp(await readFile(path)).metadata();
    expect(format).toBe("png");
    expect(width).toBeGreaterThan(100);
    expect(height).toBeGreaterThan(100);
  });

  it("refuses unknown extensions", async () => {
    await expect(writeChart(spec, join(folder, "chart.gif"))).rejects.toThrow(
      /chart\.gif: the file name must end in \.png or \.svg/,
    );
  });
});
