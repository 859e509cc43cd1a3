import { stat } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { countOf, type ImageFailure, InvalidParams, type MetricContext } from "@iqf/core";
import type { SharpnessKey, SharpnessMethod, SharpnessReport, SkippedFile, SnrReport } from "@iqf/metrics";
import type { Command } from "commander";
import { ProgressBar } from "../progress-bar.js";
import { parseParamPairs } from "./modify.js";
import { addPluginOption, collect, openCliRegistry, type PluginOptions } from "./plugin-options.js";

interface MeasureMetricOptions extends PluginOptions {
  readonly param: readonly string[];
  readonly gt?: string;
  readonly json?: boolean;
}

interface MeasureSnrOptions {
  readonly method: string;
  readonly patchSize?: string;
  readonly json?: boolean;
}

interface MeasureSharpnessOptions {
  readonly method: string;
  readonly json?: boolean;
}

function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}

function formatNumber(value: number, digits = 3): string {
  return Number.isNaN(value) ? "n/a" : Number.isFinite(value) ? value.toFixed(digits) : String(value);
}

function warnSkipped(skipped: readonly SkippedFile[]): void {
  for (const s of skipped) process.stderr.write(`iqf: warning: skipping ${shown(s.file)}: ${s.reason}\n`);
}

/** Reports unreadable images on stderr and makes the command exit with code 1. */
function reportFailures(images: readonly { file: string; status: string; error?: string }[]): void {
  const failed = images.filter((i) => i.status === "error");
  for (const f of failed) process.stderr.write(`iqf: ${f.error ?? `${shown(f.file)}: cannot be read`}\n`);
  if (failed.length > 0) process.exitCode = 1;
}

function parsePatchSize(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2) {
    throw new InvalidParams("iqf measure snr", [`--patch-size ${value}: give an integer of at least 2`]);
  }
  return n;
}

/** Sharpness estimators, as `measureSharpness` names them. */
const sharpnessMethods: readonly SharpnessMethod[] = ["slanted-edge", "iquaflow"];

function parseMethod<M extends string>(command: string, value: string, methods: readonly M[]): M {
  const method = value.toLowerCase();
  if (!(methods as readonly string[]).includes(method)) {
    throw new InvalidParams(command, [`--method ${value}: use one of ${methods.join(", ")}`]);
  }
  return method as M;
}

function snrJson(report: SnrReport): unknown {
  return {
    snr_median: report.snr_median,
    snr_mean: report.snr_mean,
    snr_std: report.snr_std,
    method: report.method,
    images: report.images.map((i) => ({ ...i, file: shown(i.file) })),
    skipped: report.skipped.map((s) => ({ ...s, file: shown(s.file) })),
  };
}

function snrText(report: SnrReport): string {
  const lines = report.images.map(
    (i) => `${shown(i.file)}\t${formatNumber(i.snr)}\t±${formatNumber(i.err)}\t${i.status}`,
  );
  lines.push(
    `snr_median ${formatNumber(report.snr_median)}  snr_mean ${formatNumber(report.snr_mean)}  snr_std ${formatNumber(report.snr_std)}  (${report.method}, linear mean/σ)`,
  );
  return lines.join("\n");
}

function sharpnessJson(report: SharpnessReport, sharpnessKeys: readonly SharpnessKey[]): unknown {
  return {
    ...Object.fromEntries(sharpnessKeys.map((k) => [k, report[k]])),
    images: report.images.map((i) => ({ ...i, file: shown(i.file) })),
    skipped: report.skipped.map((s) => ({ ...s, file: shown(s.file) })),
  };
}

function sharpnessText(report: SharpnessReport, sharpnessKeys: readonly SharpnessKey[]): string {
  const lines = report.images.map((i) => {
    const edges = i.channels.reduce((n, c) => n + c.edges.X + c.edges.Y + c.edges.other, 0);
    return `${shown(i.file)}\t${i.status}\t${countOf(edges, "edge")}\tRER_X ${formatNumber(i.RER_X)}\tRER_Y ${formatNumber(i.RER_Y)}\tRER_other ${formatNumber(i.RER_other)}`;
  });
  for (const k of sharpnessKeys) lines.push(`${k.padEnd(18)} ${formatNumber(report[k])}`);
  return lines.join("\n");
}

/** The metric context of `iqf measure <metric> <target>`: a run output folder, a dataset folder or a predictions file. */
async function targetContext(target: string, gt: string | undefined): Promise<MetricContext> {
  const path = resolve(target);
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new InvalidParams("iqf measure", [`${target}: no such file or folder`]);
  const groundTruth = gt === undefined ? {} : { groundTruthPath: resolve(gt) };
  if (info.isFile()) return { predictionsPath: path, outputDir: dirname(path), ...groundTruth };
  const predictions = join(path, "output.json");
  const hasPredictions = (await stat(predictions).catch(() => undefined))?.isFile() === true;
  return {
    datasetPath: path,
    outputDir: path,
    ...(hasPredictions && { predictionsPath: predictions }),
    ...groundTruth,
  };
}

/** `iqf measure <metric> <target>` for every metric of the registry (built-in or from a plugin). */
async function measureWithMetric(type: string, target: string, options: MeasureMetricOptions): Promise<void> {
  const registry = await openCliRegistry(options);
  const metric = registry.createMetric(type, parseParamPairs(options.param, "iqf measure"), {
    baseDir: process.cwd(),
  });
  const failedImages: ImageFailure[] = [];
  const values = await metric.compute({
    ...(await targetContext(target, options.gt)),
    onImageFailure: (failure) => failedImages.push(failure),
  });
  for (const f of failedImages) process.stderr.write(`iqf: ${f.file}: ${f.error}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify({ metric: type, values, failedImages })}\n`);
  else
    for (const [key, value] of Object.entries(values))
      process.stdout.write(`${key}\t${formatNumber(value, 6)}\n`);
  if (failedImages.length > 0) process.exitCode = 1;
}

/**
 * Registers `iqf measure snr <target> [--method hb|ha|robust] [--patch-size N] [--json]` and
 * `iqf measure sharpness <target> [--method slanted-edge|iquaflow] [--json]`. The target is a dataset folder, an image folder or
 * one image. Non-image files are skipped with a warning; an unreadable image is reported on
 * stderr (exit code 1) while the others are still measured. Any other metric type (built-in or
 * from a plugin: `--plugin`, `IQF_PLUGINS`) runs as `iqf measure <metric> <target> [--param k=v]…
 * [--gt file] [--json]` on a run's output folder, a predictions file or a dataset folder.
 */
export function registerMeasure(program: Command): void {
  const measure = addPluginOption(
    program
      .command("measure")
      // The sub-commands' own --json/--method come after their name: keep them away from this command.
      .enablePositionalOptions()
      .description(
        "measure image quality (SNR, sharpness) or apply any metric (built-in or a plugin's) to a target",
      )
      .argument(
        "<metric>",
        "snr | sharpness (sub-commands below), or any metric type: iqf plugins lists them",
      )
      .argument("<target>", "a run's output folder or predictions file, or a dataset folder")
      .option("-p, --param <key=value>", "metric parameter, repeatable", collect, [])
      .option("--gt <file>", "ground-truth file handed to the metric (e.g. COCO annotations)")
      .option("--json", "print one JSON object { metric, values, failedImages }"),
  ).action(measureWithMetric);
  measure
    .command("snr")
    .description("signal-to-noise ratio (linear mean/σ) of every image, aggregated as iquaflow's SNRMetric")
    .argument("<target>", "dataset folder, image folder or image file")
    .option("--method <method>", "estimator: hb | ha | robust", "hb")
    .option("--patch-size <n>", "window side in pixels for hb/ha (default 3)")
    .option("--json", "print one JSON object: snr_median, snr_mean, snr_std and the images")
    .action(async (target: string, options: MeasureSnrOptions) => {
      const { measureSnr, snrMethods } = await import("@iqf/metrics");
      const bar = new ProgressBar(process.stderr);
      const patchSize = parsePatchSize(options.patchSize);
      const report = await measureSnr(target, {
        method: parseMethod("iqf measure snr", options.method, snrMethods),
        ...(patchSize === undefined ? {} : { patchSize }),
        onProgress: bar.update,
      });
      bar.clear();
      warnSkipped(report.skipped);
      process.stdout.write(`${options.json ? JSON.stringify(snrJson(report)) : snrText(report)}\n`);
      reportFailures(report.images);
    });
  measure
    .command("sharpness")
    .description("edge sharpness (RER, FWHM, MTF at Nyquist and half Nyquist per direction X / Y / other)")
    .argument("<target>", "dataset folder, image folder or image file")
    .option(
      "--method <method>",
      "estimator: slanted-edge (true ESF/LSF/MTF) | iquaflow (iquaflow's logistic-ESF fit)",
      "slanted-edge",
    )
    .option("--json", "print one JSON object: the 12 aggregate keys and the images")
    .action(async (target: string, options: MeasureSharpnessOptions) => {
      const method = parseMethod("iqf measure sharpness", options.method, sharpnessMethods);
      const { measureSharpness, sharpnessKeys } = await import("@iqf/metrics");
      const bar = new ProgressBar(process.stderr);
      const report = await measureSharpness(target, { method, onProgress: bar.update });
      bar.clear();
      warnSkipped(report.skipped);
      process.stdout.write(
        `${options.json ? JSON.stringify(sharpnessJson(report, sharpnessKeys)) : sharpnessText(report, sharpnessKeys)}\n`,
      );
      reportFailures(report.images);
    });
}
