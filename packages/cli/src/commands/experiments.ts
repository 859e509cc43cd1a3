import type { Experiment } from "@iqf/tracking";
import type { Command } from "commander";
import { openCliTrackingStore } from "../tracking-store.js";
import { formatTextTable } from "./runs.js";

interface ExperimentsOptions {
  readonly trackingUri?: string;
  readonly json?: boolean;
}

function toJson(experiment: Experiment) {
  return {
    experiment_id: experiment.experimentId,
    name: experiment.name,
    artifact_location: experiment.artifactLocation,
    lifecycle_stage: experiment.lifecycleStage,
    creation_time: experiment.creationTime ?? null,
    last_update_time: experiment.lastUpdateTime ?? null,
    tags: experiment.tags,
  };
}

/**
 * Registers `iqf experiments [--tracking-uri U] [--json]`: lists the active experiments of a
 * tracking store (a local MLflow folder or an MLflow server), as an aligned table or one JSON array.
 */
export function registerExperiments(program: Command): void {
  program
    .command("experiments")
    .description("list the experiments of a tracking store")
    .option(
      "--tracking-uri <uri>",
      "tracking store: a folder, file:// URI or http(s):// MLflow server (default: MLFLOW_TRACKING_URI, else ./mlruns)",
    )
    .option("--json", "print one JSON array of experiments")
    .action(async (options: ExperimentsOptions) => {
      const store = await openCliTrackingStore(options.trackingUri);
      const experiments = await store.listExperiments({
        onInvalidExperiment: (error) => {
          process.stderr.write(`iqf: skipped an experiment: ${error.message}\n`);
          process.exitCode = 1;
        },
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(experiments.map(toJson), null, 2)}\n`);
        return;
      }
      const created = (ms: number | undefined) =>
        ms === undefined ? "" : new Date(ms).toISOString().replace("T", " ").slice(0, 19);
      process.stdout.write(
        formatTextTable(
          ["experiment_id", "name", "created", "artifact_location"],
          experiments.map((experiment) => [
            experiment.experimentId,
            experiment.name,
            created(experiment.creationTime),
            experiment.artifactLocation,
          ]),
        ),
      );
    });
}
