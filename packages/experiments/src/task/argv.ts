import type { ParamCombination } from "../grid.js";
import { formatArgValue } from "../py-str.js";

/** What a task is told on its command line (the seed's training-script contract). */
export interface TaskArguments {
  /** Root of the (modified) train dataset. */
  readonly trainds: string;
  /** A fresh, empty folder for the task's outputs. */
  readonly outputpath: string;
  /** Root of the (modified) validation dataset, when configured. */
  readonly valds?: string;
  /** Root of the (modified) test dataset, when configured. */
  readonly testds?: string;
  /** This run's hyperparameter values. */
  readonly params: ParamCombination;
  /** Tracking coordinates, when the task is asked to log live (`mlflowMonitoring`). */
  readonly monitoring?: {
    /** Tracking URI without credentials (credentials travel in the environment). */
    readonly uri: string;
    /** Experiment id. */
    readonly experimentId: string;
    /** Run id, already created. */
    readonly runId: string;
  };
}

/**
 * Builds the argument list for a task, in iquaflow's order: `--trainds`, `--outputpath`, the
 * hyperparameters in grid order, `--testds`, `--mlfuri --mlfexpid --mlfrunid`, `--valds`.
 * Each value is one argv entry (never re-split by a shell); numbers are rendered as Python does.
 */
export function buildTaskArgv(args: TaskArguments): string[] {
  const argv = ["--trainds", args.trainds, "--outputpath", args.outputpath];
  for (const [name, value] of Object.entries(args.params)) argv.push(`--${name}`, formatArgValue(value));
  if (args.testds !== undefined) argv.push("--testds", args.testds);
  if (args.monitoring) {
    argv.push("--mlfuri", args.monitoring.uri);
    argv.push("--mlfexpid", args.monitoring.experimentId);
    argv.push("--mlfrunid", args.monitoring.runId);
  }
  if (args.valds !== undefined) argv.push("--valds", args.valds);
  return argv;
}
