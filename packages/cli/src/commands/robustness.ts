import type { Command } from "commander";
import { openCliTrackingStore } from "../tracking-store.js";

interface RobustnessCommandOptions {
  readonly metric: string;
  readonly by: string;
  readonly reference?: string;
  readonly lowerIsBetter?: boolean;
  readonly json?: boolean;
  readonly chart?: string;
  readonly trackingUri?: string;
}

/**
 * Registers `iqf robustness <experiment> --metric <m> --by <param> [--reference <param=value>]
 * [--json] [--chart file.png|svg]`: how the metric degrades with the parameter (per-level mean, std, runs and relative
 * performance, area under the curve, breaking points, monotonicity). `--json` prints the
 * `RobustnessSummary` object of `@iqf/experiments`.
 */
export function registerRobustness(program: Command): void {
  program
    .command("robustness")
    .description("summarise how a metric degrades with a degradation parameter (relative performance)")
    .argument("<experiment>", "experiment name")
    .requiredOption("--metric <metric>", "metric summarised (e.g. psnr)")
    .requiredOption("--by <param>", "degradation parameter (e.g. quality, sigma, snr, modifier)")
    .option(
      "--reference <param=value>",
      "reference runs (default: the pristine modifier=none runs, else the best level)",
    )
    .option("--lower-is-better", "the metric is an error: smaller values are better")
    .option("--json", "print the summary as one JSON object")
    .option("--chart <file>", "also write the chart (metric and relative performance), .png or .svg")
    .option("--tracking-uri <uri>", "tracking store (default: MLFLOW_TRACKING_URI, else ./mlruns)")
    .action(async (name: string, options: RobustnessCommandOptions) => {
      const { ExperimentInfo, formatRobustness } = await import("@iqf/experiments");
      const info = await ExperimentInfo.open(name, {
        tracking: await openCliTrackingStore(options.trackingUri),
      });
      const summary = info.robustness({
        metric: options.metric,
        by: options.by,
        ...(options.reference !== undefined ? { reference: options.reference } : {}),
        ...(options.lowerIsBetter ? { higherIsBetter: false } : {}),
      });
      if (options.chart !== undefined) {
        const { robustnessChartSpec } = await import("@iqf/ui");
        const { writeChart } = await import("@iqf/visual");
        const written = await writeChart(robustnessChartSpec(summary), options.chart);
        process.stderr.write(`wrote ${written}\n`);
      }
      process.stdout.write(
        options.json
          ? `${JSON.stringify({ experiment: name, ...summary }, null, 2)}\n`
          : formatRobustness(summary),
      );
    });
}
