import { availableParallelism } from "node:os";
import { decodeHyperparameter, entryPointArgs } from "../job/hyperparameters.js";
import { type JobFolder, localPath } from "./job-folder.js";

/** What the `SM_*` environment describes besides the folder. */
export interface TrainingEnvironmentSpec {
  /** Hyperparameters as stored (strings). */
  readonly hyperparameters: Readonly<Record<string, string>>;
  /** The entry point, e.g. `train.py`. */
  readonly entryPoint: string;
  /** Where the code came from (`sagemaker_submit_directory`). */
  readonly moduleDir: string;
  /** Training job name. */
  readonly jobName: string;
  /** Instance type. */
  readonly instanceType: string;
}

/**
 * The `SM_*` variables the SageMaker training toolkit sets in framework containers:
 * `SM_CHANNEL_<NAME>` per channel, `SM_MODEL_DIR`, `SM_OUTPUT_DATA_DIR`, `SM_HPS`,
 * `SM_HP_<NAME>`, `SM_USER_ARGS`, `SM_TRAINING_ENV` and the rest, pointing into `folder`.
 */
export function trainingEnvironment(
  folder: JobFolder,
  spec: TrainingEnvironmentSpec,
): Record<string, string> {
  const userHyperparameters = Object.fromEntries(
    Object.entries(spec.hyperparameters)
      .filter(([key]) => !key.startsWith("sagemaker_"))
      .map(([key, value]) => [key, decodeHyperparameter(value)]),
  );
  const channels = Object.keys(folder.channelDirs).sort();
  const args = entryPointArgs(spec.hyperparameters, (value) => localPath(folder, value));
  const env: Record<string, string> = {
    SM_HOSTS: JSON.stringify(["algo-1"]),
    SM_CURRENT_HOST: "algo-1",
    SM_CURRENT_INSTANCE_TYPE: spec.instanceType,
    SM_NETWORK_INTERFACE_NAME: "eth0",
    SM_NUM_CPUS: String(availableParallelism()),
    SM_NUM_GPUS: "0",
    SM_LOG_LEVEL: "20",
    SM_CHANNELS: JSON.stringify(channels),
    SM_HPS: JSON.stringify(userHyperparameters),
    SM_USER_ARGS: JSON.stringify(args),
    SM_USER_ENTRY_POINT: spec.entryPoint,
    SM_MODULE_NAME: spec.entryPoint.replace(/\.(py|sh)$/, ""),
    SM_MODULE_DIR: spec.moduleDir,
    SM_INPUT_DIR: `${folder.root}/input`,
    SM_INPUT_CONFIG_DIR: folder.configDir,
    SM_OUTPUT_DIR: folder.outputDir,
    SM_OUTPUT_DATA_DIR: folder.outputDataDir,
    SM_OUTPUT_INTERMEDIATE_DIR: `${folder.outputDir}/intermediate`,
    SM_MODEL_DIR: folder.modelDir,
    SM_FRAMEWORK_PARAMS: "{}",
    TRAINING_JOB_NAME: spec.jobName,
    PYTHONUNBUFFERED: "1",
  };
  for (const channel of channels) env[`SM_CHANNEL_${channel.toUpperCase()}`] = folder.channelDirs[channel]!;
  for (const [key, value] of Object.entries(userHyperparameters)) {
    env[`SM_HP_${key.toUpperCase()}`] = typeof value === "string" ? value : JSON.stringify(value);
  }
  env.SM_TRAINING_ENV = JSON.stringify({
    channel_input_dirs: folder.channelDirs,
    current_host: "algo-1",
    hosts: ["algo-1"],
    hyperparameters: userHyperparameters,
    job_name: spec.jobName,
    model_dir: folder.modelDir,
    module_dir: spec.moduleDir,
    output_data_dir: folder.outputDataDir,
    user_entry_point: spec.entryPoint,
  });
  return env;
}

/**
 * The parent's environment without AWS credentials and settings (`AWS_*`): a training
 * container never receives the caller's credentials, and neither does a local-mode job.
 */
export function environmentWithoutAws(source: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(source).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && !entry[0].toUpperCase().startsWith("AWS_"),
    ),
  );
}
