import { existsSync } from "node:fs";
import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ExperimentInfo, type RunEntry, robustnessSummary } from "@iqf/experiments";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jpegLevelsExperimentYaml, repoRoot, sampleDataset, tempFolder } from "./helpers.js";

let counter = 0;
function entry(
  params: Record<string, string>,
  metrics: Record<string, number>,
  status = "FINISHED",
): RunEntry {
  counter += 1;
  const tags: Record<string, string> = { "iqf.modifier": params.modifier ?? "" };
  if (params.scale !== undefined) tags["iqf.hp.scale"] = params.scale;
  return {
    runId: `run${counter}`,
    name: `run${counter}`,
    status: status as RunEntry["status"],
    params,
    metrics,
    tags,
    artifactUri: "/nowhere",
    startTime: counter,
  };
}

const jpg = (quality: number, value: number, scale = "2") =>
  entry({ modifier: `jpg${quality}_modifier`, quality: String(quality), scale }, { psnr: value });
const pristine = (value: number, scale = "2") => entry({ modifier: "none", scale }, { psnr: value });

describe("robustnessSummary", () => {
  const entries = [
    pristine(40),
    jpg(10, 30),
    jpg(50, 38),
    jpg(50, 36),
    jpg(90, 40),
    entry({ modifier: "jpg90_modifier", quality: "90", scale: "2" }, { psnr: 1 }, "FAILED"),
  ];

  it("gives per-level mean, std, runs and relative performance to the pristine runs", () => {
    const summary = robustnessSummary(entries, { metric: "psnr", by: "quality" });
    expect(summary.reference).toEqual({
      kind: "pristine",
      label: "modifier=none",
      mean: 40,
      std: null,
      runs: 1,
    });
    expect(summary.levels.map((l) => [l.level, l.mean, l.runs, l.relative])).toEqual([
      [10, 30, 1, 0.75],
      [50, 37, 2, 0.925],
      [90, 40, 1, 1],
    ]);
    expect(summary.levels[1]!.std).toBeCloseTo(Math.SQRT2, 12);
    expect(summary.severity).toBe("descending");
    // trapezoids: (0.75 + 0.925) / 2 · 40 + (0.925 + 1) / 2 · 40, over the span 80
    expect(summary.auc).toBeCloseTo((0.8375 * 40 + 0.9625 * 40) / 80, 12);
    // from quality 90 (1.0) down: 95 % is crossed between 90 and 50, 90 % between 50 and 10
    const [p95, p90] = summary.breakingPoints;
    expect(p95!.between).toEqual([90, 50]);
    expect(p95!.level).toBeCloseTo(90 - (0.05 / 0.075) * 40, 10);
    expect(p90!.between).toEqual([50, 10]);
    expect(p90!.level).toBeCloseTo(50 - (0.025 / 0.175) * 40, 10);
    expect(summary.monotonicity).toEqual({ monotonic: true, trend: "increasing", breaksAt: null });
    expect(summary.series).toEqual([]);
  });

  it("falls back to the best level, honours a given reference and lower-is-better metrics", () => {
    const degraded = entries.slice(1);
    const best = robustnessSummary(degraded, { metric: "psnr", by: "quality" });
    expect(best.reference).toMatchObject({ kind: "best", label: "quality=90", mean: 40 });
    const given = robustnessSummary(entries, { metric: "psnr", by: "quality", reference: "quality=50" });
    expect(given.reference).toMatchObject({ kind: "given", label: "quality=50", mean: 37, runs: 2 });
    expect(given.levels.at(-1)!.relative).toBeCloseTo(40 / 37, 12);
    const errors = robustnessSummary(entries, { metric: "psnr", by: "quality", higherIsBetter: false });
    expect(errors.reference.kind).toBe("pristine");
    expect(errors.levels[0]!.relative).toBeCloseTo(40 / 30, 12);
  });

  it("reports unreached breaking points, broken monotonicity and one series per other grid parameter", () => {
    const summary = robustnessSummary(
      [
        pristine(10, "2"),
        jpg(10, 9.9, "2"),
        jpg(50, 9.7, "2"),
        jpg(90, 9.8, "2"),
        pristine(20, "4"),
        jpg(10, 10, "4"),
        jpg(50, 15, "4"),
        jpg(90, 19, "4"),
      ],
      { metric: "psnr", by: "quality" },
    );
    expect(summary.series.map((s) => s.params)).toEqual([{ scale: "2" }, { scale: "4" }]);
    const [two, four] = summary.series;
    expect(two!.breakingPoints.map((p) => p.level)).toEqual([null, null]);
    expect(two!.monotonicity).toEqual({ monotonic: false, trend: "decreasing", breaksAt: 90 });
    expect(four!.reference.mean).toBe(20);
    expect(four!.breakingPoints[0]!.between).toEqual([90, 50]);
    expect(four!.monotonicity.monotonic).toBe(true);
  });

  it("uses text levels in grid order when the parameter is the modifier", () => {
    const summary = robustnessSummary(entries, { metric: "psnr", by: "modifier" });
    expect(summary.levels.map((l) => l.level)).toEqual([
      "none",
      "jpg10_modifier",
      "jpg50_modifier",
      "jpg90_modifier",
    ]);
    expect(summary.levels[0]!.relative).toBe(1);
    expect(summary.breakingPoints[0]).toEqual({ threshold: 0.95, level: "jpg10_modifier", between: null });
  });

  it("names the problem for an unknown metric, parameter or reference", () => {
    expect(() => robustnessSummary(entries, { metric: "ssim", by: "quality" })).toThrow(
      /no finished run has a metric "ssim"/,
    );
    expect(() => robustnessSummary(entries, { metric: "psnr", by: "sigma" })).toThrow(/parameter "sigma"/);
    expect(() =>
      robustnessSummary(entries, { metric: "psnr", by: "quality", reference: "quality=12" }),
    ).toThrow(/quality=12/);
    expect(() => robustnessSummary(entries, { metric: "psnr", by: "quality", reference: "quality" })).toThrow(
      /param=value/,
    );
  });
});

describe("the none modifier in a grid, and iqf robustness", () => {
  const bin = join(repoRoot, "packages", "cli", "dist", "bin.js");
  let folder: string;
  let dataset: string;
  beforeAll(async () => {
    folder = await tempFolder("robustness");
    dataset = await sampleDataset(folder, "ds", 2);
    // score = kilobytes of the train images: it falls as the JPEG quality falls
    await writeFile(
      join(folder, "size-task.mjs"),
      `import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
const a = process.argv.slice(2);
const arg = (k) => a[a.indexOf("--" + k) + 1];
const dir = join(arg("trainds"), "images");
const bytes = readdirSync(dir).reduce((s, f) => s + statSync(join(dir, f)).size, 0);
writeFileSync(join(arg("outputpath"), "results.json"), JSON.stringify({ kb: bytes / 1000 }));
`,
    );
    await writeFile(
      join(folder, "exp.yaml"),
      jpegLevelsExperimentYaml("robust", [process.execPath, "size-task.mjs"]),
    );
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it("runs the pristine level on the original dataset without a copy and summarises against it", async () => {
    const run = await execa(process.execPath, [bin, "run", "exp.yaml"], { cwd: folder, reject: false });
    expect(run.exitCode, run.stderr).toBe(0);
    expect((await readdir(folder)).filter((name) => name.startsWith("ds#")).sort()).toEqual([
      "ds#jpg20_modifier",
      "ds#jpg80_modifier",
    ]);
    expect(existsSync(join(folder, "ds#none"))).toBe(false);
    const info = await ExperimentInfo.open("robust", { tracking: join(folder, "mlruns") });
    const base = info.runs.find((r) => r.params.modifier === "none")!;
    expect(base.name).toBe("ds");
    expect(base.datasetPath).toBe(dataset);

    const cli = await execa(
      process.execPath,
      [
        bin,
        "robustness",
        "robust",
        "--metric",
        "kb",
        "--by",
        "quality",
        "--json",
        "--chart",
        "chart.svg",
        "--tracking-uri",
        "./mlruns",
      ],
      { cwd: folder, reject: false },
    );
    expect(cli.exitCode, cli.stderr).toBe(0);
    const svg = await readFile(join(folder, "chart.svg"), "utf8");
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain("relative performance");
    expect(svg).toContain("kb (mean ± std)");
    const json = JSON.parse(cli.stdout);
    expect(json).toMatchObject({
      experiment: "robust",
      metric: "kb",
      by: "quality",
      reference: { kind: "pristine" },
    });
    expect(json).toEqual(
      JSON.parse(
        JSON.stringify({ experiment: "robust", ...info.robustness({ metric: "kb", by: "quality" }) }),
      ),
    );
    expect(json.levels.map((l: { level: number }) => l.level)).toEqual([20, 80]);
    expect(json.levels[0].relative).toBeLessThan(json.levels[1].relative);

    const robustness = (metric: string) =>
      execa(process.execPath, [bin, "robustness", "robust", "--metric", metric, "--by", "quality"], {
        cwd: folder,
        reject: false,
        env: { MLFLOW_TRACKING_URI: join(folder, "mlruns") },
      });
    const text = await robustness("kb");
    expect(text.stdout).toMatch(/^Robustness of kb \(higher is better\) against quality:/);
    expect(text.stdout).toMatch(/reference: modifier=none \(pristine\)/);
    const bad = await robustness("nope");
    expect(bad.exitCode).not.toBe(0);
    expect(bad.stderr).toMatch(/no finished run has a metric "nope"/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});
