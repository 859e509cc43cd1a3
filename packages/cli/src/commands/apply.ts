import { resolve } from "node:path";
import type { Command } from "commander";
import { applyMetrics } from "./apply-metrics.js";
import { parseParamPairs } from "./modify.js";
import { addPluginOption, collect, openCliRegistry, type PluginOptions } from "./plugin-options.js";

interface ApplyCommandOptions extends PluginOptions {
  readonly metric: string;
  readonly param: readonly string[];
  readonly gt?: string;
  readonly trackingUri?: string;
  readonly json?: boolean;
}

/**
 * Registers `iqf apply <experiment> --metric <type> [--param k=v]… [--plugin spec]… [--gt file]
 * [--json]`: computes a metric (built-in or a plugin's) for every finished run of an existing
 * experiment and logs it on the run, as iquaflow's `apply_metric_per_run`. A run the metric
 * fails on gets the error recorded (tag `iqf.metric_error.<metric>`) and the others go on; the
 * exit code is 1 when the metric failed on a run or an image. `--json` prints
 * `{ experiment, metric, runs: [{ runId, name, values?, error?, failedImages? }] }`.
 */
export function registerApply(program: Command): void {
  addPluginOption(
    program
      .command("apply")
      .description("apply a metric to every finished run of an experiment and log it on the runs")
      .argument("<experiment>", "experiment name")
      .requiredOption("--metric <type>", "metric type (iqf plugins lists them), e.g. bbox, snr, psnr, ssim")
      .option(
        "-p, --param <key=value>",
        "metric parameter, repeatable (relative paths: from the current folder)",
        collect,
        [],
      )
      .option("--gt <file>", "ground-truth file handed to the metric (e.g. COCO annotations for bbox)")
      .option("--tracking-uri <uri>", "tracking store (default: MLFLOW_TRACKING_URI, else ./mlruns)")
      .option("--json", "print one JSON object with the result of every run"),
  ).action(async (name: string, options: ApplyCommandOptions) => {
    const registry = await openCliRegistry(options);
    const metric = registry.createMetric(options.metric, parseParamPairs(options.param, "iqf apply"), {
      baseDir: process.cwd(),
    });
    const { ExperimentInfo } = await import("@iqf/experiments");
    const info = await ExperimentInfo.open(
      name,
      options.trackingUri ? { tracking: options.trackingUri } : {},
    );
    const outcome = await applyMetrics(info, [metric], {
      ...(options.gt !== undefined && { gtPath: resolve(options.gt) }),
      ...(options.json && { quiet: true }),
    });
    if (options.json) {
      const runs = outcome.get(metric.name) ?? [];
      process.stdout.write(`${JSON.stringify({ experiment: name, metric: options.metric, runs })}\n`);
    }
  });
}
