import { basename, resolve } from "node:path";
import { countOf, InvalidParams } from "@iqf/core";
import type { SanityProblem } from "@iqf/sanity";
import type { Command } from "commander";

import { ProgressBar } from "../progress-bar.js";
import { addDatasetPathOptions, type DatasetPathOptions, datasetPaths } from "./dataset-options.js";

interface SanityCliOptions extends DatasetPathOptions {
  readonly fix?: boolean;
  readonly out?: string;
  readonly force?: boolean;
  readonly json?: boolean;
  readonly maxAnnotationMb: string;
}

/** Where a problem is, as a short text: `images[3] "a.jpg"`, `annotations[7] id 12`, `features[2]`. */
function location(problem: SanityProblem): string {
  if (problem.annotation)
    return `annotations[${problem.annotation.index}] id ${String(problem.annotation.id)}`;
  if (problem.feature)
    return `features[${problem.feature.index}]${problem.image?.fileName ? ` "${problem.image.fileName}"` : ""}`;
  if (problem.category) return `categories[${problem.category.index}]`;
  if (problem.image)
    return `images${problem.image.index === undefined ? "" : `[${problem.image.index}]`} "${problem.image.fileName ?? ""}"`;
  return basename(problem.file);
}

function describe(problem: SanityProblem): string {
  const fix =
    problem.fix.action === "none"
      ? "no automatic fix"
      : `${problem.fix.applied ? "fixed" : "fix"}: ${problem.fix.action}${problem.fix.detail ? ` (${problem.fix.detail})` : ""}`;
  return `${problem.code.padEnd(27)} ${location(problem)}: ${problem.message} → ${fix}`;
}

function maxBytes(value: string): number {
  const mb = Number(value);
  if (!Number.isFinite(mb) || mb <= 0) {
    throw new InvalidParams("iqf sanity", [
      `--max-annotation-mb: expected a positive number, got "${value}"`,
    ]);
  }
  return Math.round(mb * 2 ** 20);
}

/**
 * Registers `iqf sanity <dataset> [--fix [--out DIR]] [--json]`: checks the annotations (COCO or
 * GeoJSON) and decodes every image, printing one line per problem with its stable code, or with
 * `--json` the whole report. `--fix` writes a sanitized copy into `--out` (default
 * `./<dataset name>-sanitized`); the input is never modified. Exit code 0 only when no problem was
 * found, or when `--fix` fixed every one; 1 otherwise.
 */
export function registerSanity(program: Command): void {
  addDatasetPathOptions(
    program
      .command("sanity")
      .description("check a dataset's annotations and images; --fix writes a sanitized copy")
      .argument("<dataset>", "dataset folder (images sub-folder plus a COCO *.json or a *.geojson)"),
  )
    .option("--fix", "write a sanitized copy (fixed annotations, bad images left out)")
    .option(
      "--out <dir>",
      "folder of the sanitized copy (default: ./<dataset name>-sanitized); implies --fix",
    )
    .option("--force", "replace --out when it already exists")
    .option("--json", "print the report as JSON")
    .option("--max-annotation-mb <n>", "refuse annotation files larger than this many MiB", "256")
    .action(async (dataset: string, options: SanityCliOptions) => {
      const { DsWrapper } = await import("@iqf/datasets");
      const { checkDataset } = await import("@iqf/sanity");
      const ds = await DsWrapper.open(dataset, datasetPaths(options));
      const fix = options.fix === true || options.out !== undefined;
      const out = fix ? (options.out ?? resolve(`${basename(resolve(dataset))}-sanitized`)) : undefined;
      const bar = new ProgressBar(process.stderr);
      const report = await checkDataset(ds, {
        ...(out ? { out } : {}),
        overwrite: options.force === true,
        maxAnnotationBytes: maxBytes(options.maxAnnotationMb),
        onProgress: bar.update,
      });
      bar.clear();
      for (const warning of report.warnings) process.stderr.write(`iqf: warning: ${warning}\n`);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        const target = report.annotations ?? report.imagesDir;
        process.stdout.write(
          `${target}: ${countOf(report.checked.images, "image")}, ${countOf(report.checked.annotations, "annotation")} checked, ${countOf(report.problems.length, "problem")}\n`,
        );
        for (const problem of report.problems) process.stdout.write(`${describe(problem)}\n`);
        if (report.output && report.kept) {
          process.stdout.write(
            `sanitized copy: ${report.output} (${countOf(report.kept.images, "image")}, ${countOf(report.kept.annotations, "annotation")})\n`,
          );
        }
      }
      if (!report.clean && !report.fixedAll) process.exitCode = 1;
    });
}
