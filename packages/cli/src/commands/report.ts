import { relative } from "node:path";
import type { Command } from "commander";

interface ReportCommandOptions {
  readonly output: string;
  readonly trackingUri?: string;
  readonly by?: string;
}

/**
 * Registers `iqf report <experiment> [-o report.html] [--tracking-uri U]`: writes the
 * experiment's self-contained HTML report (robustness per metric with charts, run table with
 * details, before/after samples), which opens from `file://` with no network access.
 */
export function registerReport(program: Command): void {
  program
    .command("report")
    .description("write a self-contained HTML report of an experiment (opens offline from file://)")
    .argument("<experiment>", "experiment name")
    .option("-o, --output <file>", "output file", "report.html")
    .option("--by <param>", "degradation parameter of the robustness sections (default: detected)")
    .option("--tracking-uri <uri>", "tracking store (default: MLFLOW_TRACKING_URI, else ./mlruns)")
    .action(async (name: string, options: ReportCommandOptions) => {
      const { writeReport } = await import("@iqf/ui");
      const written = await writeReport(name, options.output, {
        ...(options.trackingUri ? { tracking: options.trackingUri } : {}),
        ...(options.by ? { by: options.by } : {}),
      });
      const size = (written.bytes / 1024 / 1024).toFixed(2);
      process.stdout.write(`wrote ${relative(process.cwd(), written.path) || written.path} (${size} MB)\n`);
    });
}
