import { countOf, IqfError } from "@iqf/core";
import type { Command } from "commander";
import { openCliTrackingStore } from "../tracking-store.js";

interface PlotCommandOptions {
  readonly x: string;
  readonly y: string;
  readonly legend?: string;
  readonly kind: string;
  readonly title?: string;
  readonly output?: string;
  readonly trackingUri?: string;
}

/**
 * Registers `iqf plot <experiment>`: plots a metric (or param) of the experiment's finished
 * runs against another, one series per legend value, mean ± std across repetitions; writes
 * PNG or SVG.
 */
export function registerPlot(program: Command): void {
  program
    .command("plot")
    .description("plot y against x over an experiment's finished runs (PNG or SVG)")
    .argument("<experiment>", "experiment name")
    .requiredOption("--x <column>", "param or metric on the x axis (e.g. quality, lr)")
    .requiredOption("--y <column>", "metric or param on the y axis (e.g. rmse)")
    .option("--legend <column>", "param whose values make one series each (e.g. epochs)")
    .option("--kind <kind>", "line, scatter or bar", "line")
    .option("--title <title>", "chart title (default: '<y> - <x>')")
    .option("-o, --output <file>", "output file, .png or .svg (default: <experiment>-<y>-<x>.png)")
    .option("--tracking-uri <uri>", "tracking store (default: MLFLOW_TRACKING_URI, else ./mlruns)")
    .action(async (name: string, options: PlotCommandOptions) => {
      const { ExperimentInfo } = await import("@iqf/experiments");
      const info = await ExperimentInfo.open(name, {
        tracking: await openCliTrackingStore(options.trackingUri),
      });
      const table = info.getTable({
        params: [options.x, ...(options.legend ? [options.legend] : [])],
        metrics: [options.y],
      });
      if (table.size === 0) {
        const columns = [options.x, options.y, options.legend].filter(Boolean).join(", ");
        throw new IqfError(
          "NOTHING_TO_PLOT",
          `experiment "${name}" has no finished run with values for ${columns}; check the column names with: iqf runs ${name}`,
        );
      }
      const output = options.output ?? `${name}-${options.y}-${options.x}.png`;
      const { ExperimentVisual } = await import("@iqf/visual");
      const result = await new ExperimentVisual(table, output).visualize({
        x: options.x,
        y: options.y,
        ...(options.legend ? { legend: options.legend } : {}),
        kind: options.kind as "line",
        title: options.title ?? `${options.y} - ${options.x}`,
      });
      process.stdout.write(`wrote ${result.files.join(", ")} (${countOf(table.size, "run")})\n`);
    });
}
