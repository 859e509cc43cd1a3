import { basename, resolve } from "node:path";
import { countOf, InvalidParams, type ProgressEvent } from "@iqf/core";
import type { StatsEntry } from "@iqf/stats";
import type { Command } from "commander";

interface StatsOptions {
  readonly out?: string;
  readonly force?: boolean;
  readonly json?: boolean;
  readonly plots: boolean;
  readonly html: boolean;
  readonly sample: string;
  readonly maxAnnotationMb: string;
}

/** Parses a positive number option or explains which option is wrong. */
function positive(name: string, value: string, integer: boolean): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0 || (integer && !Number.isInteger(parsed))) {
    throw new InvalidParams("iqf stats", [
      `${name}: expected a positive ${integer ? "integer" : "number"}, got "${value}"`,
    ]);
  }
  return parsed;
}

/** A number for a summary line, or `n/a` when there is none (no annotations: NaN or null). */
function shown(value: number | null | undefined, format: (value: number) => string = String): string {
  return typeof value === "number" && Number.isFinite(value) ? format(value) : "n/a";
}

/** One readable line per statistics entry; never `NaN` (an empty feature list has no sizes or areas). */
function describeEntry(entry: StatsEntry): string {
  if ("mask_dir" in entry) return `${entry.mask_dir}: pixel coverage ${JSON.stringify(entry.stats)} %`;
  const file = basename(entry.file);
  switch (entry.obj) {
    case "images":
      if (!Number.isFinite(entry.stats.mean_width))
        return `${file}: mean image size n/a (no annotated images)`;
      return `${file}: mean image size ${entry.stats.mean_width} × ${entry.stats.mean_height} px`;
    case "class_histo":
      return `${file}: ${countOf(entry.stats.cat_ids.length, "class", "classes")}, ${countOf(
        entry.stats.cat_tags_count.reduce((a, b) => a + b, 0),
        "annotation",
      )}`;
    case "area_coverage_by_class":
      return `${file}: background covers ${shown(entry.stats.background, (value) => (value * 100).toFixed(2))} % of the mean image`;
    case "geojson": {
      const area = entry.stats.area;
      if (!Number.isFinite(area[0].min ?? Number.NaN)) return `${file}: no polygons`;
      return `${file}: polygon area min ${area[0].min} / mean ${area[1].mean} / max ${area[2].max}`;
    }
    default:
      return `${file}: ${entry.obj.replaceAll("_", " ")} (${entry.stats.ar_counts.join(", ")})`;
  }
}

/** Progress on one rewritten stderr line, only when stderr is a terminal. */
function progressLine(event: ProgressEvent): void {
  if (!process.stderr.isTTY) return;
  process.stderr.write(`\r\u001b[K${event.label ?? "stats"} ${event.done}/${event.total}`);
  if (event.done === event.total) process.stderr.write("\r\u001b[K");
}

/**
 * Registers `iqf stats <dataset> [--out DIR] [--json]`: dataset statistics (iquaflow's
 * `DsStats`) written as `stats.json`, PNG/SVG plots under `images/`, `annotations.html` and
 * `preview.html` into `--out` (default `./<dataset name>-stats`, never inside the dataset).
 * Prints a short summary, or with `--json` the statistics themselves.
 */
export function registerStats(program: Command): void {
  program
    .command("stats")
    .description("dataset statistics: stats.json, plots and two HTML pages (annotation table, image preview)")
    .argument("<dataset>", "dataset folder (images sub-folder plus COCO *.json and/or *.geojson)")
    .option("--out <dir>", "output folder (default: ./<dataset name>-stats); must not lie inside the dataset")
    .option("--force", "write into --out even when it is a file or a folder iqf did not create")
    .option("--json", "print the statistics (the content of stats.json) instead of a summary")
    .option("--no-plots", "do not write the PNG/SVG plots")
    .option("--no-html", "do not write the HTML pages")
    .option("--sample <n>", "images shown in preview.html (a deterministic sample)", "24")
    .option("--max-annotation-mb <n>", "refuse annotation files larger than this many MiB", "256")
    .action(async (dataset: string, options: StatsOptions) => {
      const outputDir = options.out ?? resolve(`${basename(resolve(dataset))}-stats`);
      const { DsStats } = await import("@iqf/stats");
      const result = await new DsStats(dataset, {
        outputDir,
        ...(options.force && { force: true }),
        plots: options.plots,
        html: options.html,
        previewSample: positive("--sample", options.sample, true),
        maxAnnotationBytes: Math.round(
          positive("--max-annotation-mb", options.maxAnnotationMb, false) * 2 ** 20,
        ),
        onProgress: progressLine,
      }).performStats();
      for (const warning of result.warnings) process.stderr.write(`iqf: warning: ${warning}\n`);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(result.entries, null, 2)}\n`);
        return;
      }
      const outputs = result.outputs!;
      const lines = [
        ...result.entries.map(describeEntry),
        `wrote ${outputs.statsJson}`,
        ...(outputs.plots.length > 0
          ? [`wrote ${countOf(outputs.plots.length, "plot file")} under ${resolve(outputDir, "images")}`]
          : []),
        ...(outputs.annotationSummary ? [`wrote ${outputs.annotationSummary}`] : []),
        ...(outputs.imagePreview ? [`wrote ${outputs.imagePreview}`] : []),
      ];
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}
