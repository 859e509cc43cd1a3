import { countOf } from "@iqf/core";
import type { BreakingPoint, RobustnessCurve, RobustnessLevel, RobustnessSummary } from "./robustness.js";

function number(value: number, digits = 4): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(digits))) : String(value);
}

function levelText(level: RobustnessLevel): string {
  return typeof level === "number" ? number(level) : level;
}

function pointText(point: BreakingPoint): string {
  const percent = `${Math.round(point.threshold * 100)} %`;
  if (point.level === null) return `below ${percent}: not reached`;
  const between = point.between ? ` (between ${point.between.map(levelText).join(" and ")})` : "";
  return `below ${percent} at ${levelText(point.level)}${between}`;
}

function curveLines(curve: RobustnessCurve, by: string, indent: string): string[] {
  const header = [by, "mean", "std", "runs", "relative"];
  const rows = curve.levels.map((level) => [
    levelText(level.level),
    number(level.mean),
    level.std === null ? "-" : number(level.std, 3),
    String(level.runs),
    `${(level.relative * 100).toFixed(1)} %`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]): string =>
    indent +
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!)))
      .join("  ");
  const reference = curve.reference;
  const { monotonic, trend, breaksAt } = curve.monotonicity;
  return [
    `${indent}reference: ${reference.label} (${reference.kind}), mean ${number(reference.mean)} over ${countOf(reference.runs, "run")}`,
    line(header),
    ...rows.map(line),
    `${indent}area under the relative-performance curve: ${curve.auc.toFixed(3)}`,
    `${indent}breaking point: ${curve.breakingPoints.map(pointText).join("; ")}`,
    `${indent}monotonic: ${monotonic ? `yes (${trend} with ${by})` : `no (${trend} overall, broken at ${by}=${levelText(breaksAt!)})`}`,
  ];
}

/**
 * The robustness summary as text for a terminal: the reference, one line per level (mean,
 * std, runs, relative performance), the area under the curve, the breaking points and
 * monotonicity; then the same per series of the other grid parameters.
 */
export function formatRobustness(summary: RobustnessSummary): string {
  const lines = [
    `Robustness of ${summary.metric} (${summary.higherIsBetter ? "higher" : "lower"} is better) against ${summary.by}:`,
    ...curveLines(summary, summary.by, "  "),
  ];
  for (const series of summary.series) {
    const label = Object.entries(series.params)
      .map(([key, value]) => `${key}=${value}`)
      .join(", ");
    lines.push("", `  ${label}:`, ...curveLines(series, summary.by, "    "));
  }
  return `${lines.join("\n")}\n`;
}
