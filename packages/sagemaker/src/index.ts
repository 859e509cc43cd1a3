export { type AwsClients, createAwsClients } from "./config/clients.js";
export { frameworkImageUri } from "./config/images.js";
export type {
  CloudOptions,
  SageMakerSection,
  SageMakerTaskOptions,
} from "./config/options.js";
export type { ResolvedSageMakerOptions } from "./config/resolve.js";
export { decodeHyperparameter, encodeHyperparameter, entryPointArgs } from "./job/hyperparameters.js";
export { attemptOf, jobName, jobNamePattern, jobNameStem } from "./job/job-name.js";
export { trainingLogGroup } from "./job/log-follower.js";
export {
  type ChannelName,
  type ProgramSpec,
  runChannels,
  runHyperparameters,
} from "./job/run-hyperparameters.js";
export {
  environmentWithoutAws,
  type TrainingEnvironmentSpec,
  trainingEnvironment,
} from "./local/environment.js";
export {
  containerRoot,
  createJobFolder,
  type JobFolder,
  type JobFolderSpec,
  localPath,
} from "./local/job-folder.js";
export {
  entryPointCommand,
  fileTail,
  type LocalJobResult,
  type RunEntryPointOptions,
  runEntryPoint,
} from "./local/run-entry-point.js";
export { SageMakerTaskExecution } from "./task/sagemaker-task.js";
export { type SageMakerTaskKindOptions, sageMakerTaskKind } from "./task/task-kind.js";
export { type FolderManifest, folderManifest, type ManifestEntry } from "./upload/manifest.js";
export { joinKey, keySafe, parseS3Uri, type S3Location, s3Uri } from "./upload/s3-location.js";
export {
  manifestObjectName,
  type UploadedFolder,
  type UploadFolderOptions,
  uploadFolder,
} from "./upload/upload-folder.js";
