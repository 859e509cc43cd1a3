import type { TaskArguments } from "@iqf/experiments";
import { containerRoot } from "../local/job-folder.js";
import { encodeHyperparameter } from "./hyperparameters.js";

/** Dataset channels of iqf's task arguments, in channel-name order. */
export type ChannelName = "trainds" | "valds" | "testds";

/** The channels a run has: `trainds` always, `valds` and `testds` when configured. */
export function runChannels(args: TaskArguments): Partial<Record<ChannelName, string>> {
  return {
    trainds: args.trainds,
    ...(args.valds !== undefined ? { valds: args.valds } : {}),
    ...(args.testds !== undefined ? { testds: args.testds } : {}),
  };
}

/** Where the framework container finds the code. */
export interface ProgramSpec {
  /** Entry point, relative to the code folder (`sagemaker_program`). */
  readonly entryPoint: string;
  /** URI of the code (`sagemaker_submit_directory`): `s3://…/sourcedir.tar.gz`, or a local folder. */
  readonly submitDirectory: string;
  /** Region (`sagemaker_region`), when known. */
  readonly region?: string;
}

/**
 * The hyperparameters of one run, as SageMaker strings: the grid's params, iqf's task
 * arguments pointing at the container's folders (`--trainds /opt/ml/input/data/trainds`,
 * `--outputpath /opt/ml/output/data`, `--valds`, `--testds`, and `--mlfuri --mlfexpid
 * --mlfrunid` with monitoring), and the framework keys `sagemaker_program` /
 * `sagemaker_submit_directory`. Scripts reading `SM_CHANNEL_TRAINDS` and scripts reading
 * `--trainds` both run unchanged.
 */
export function runHyperparameters(args: TaskArguments, program: ProgramSpec): Record<string, string> {
  const hyperparameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(args.params))
    hyperparameters[name] = encodeHyperparameter(value);
  for (const channel of Object.keys(runChannels(args))) {
    hyperparameters[channel] = encodeHyperparameter(`${containerRoot}/input/data/${channel}`);
  }
  hyperparameters.outputpath = encodeHyperparameter(`${containerRoot}/output/data`);
  if (args.monitoring) {
    hyperparameters.mlfuri = encodeHyperparameter(args.monitoring.uri);
    hyperparameters.mlfexpid = encodeHyperparameter(args.monitoring.experimentId);
    hyperparameters.mlfrunid = encodeHyperparameter(args.monitoring.runId);
  }
  hyperparameters.sagemaker_program = encodeHyperparameter(program.entryPoint);
  hyperparameters.sagemaker_submit_directory = encodeHyperparameter(program.submitDirectory);
  hyperparameters.sagemaker_container_log_level = "20";
  if (program.region !== undefined) hyperparameters.sagemaker_region = encodeHyperparameter(program.region);
  return hyperparameters;
}
