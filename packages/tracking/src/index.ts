export { formatPyFloat } from "@iqf/core";
export {
  MlflowServerError,
  TrackingError,
  type TrackingErrorCode,
  TrackingServerUnreachable,
} from "./errors.js";
export type { LoggedArtifacts, SkippedArtifact } from "./file/artifact-sources.js";
export { localArtifactFolder } from "./file/local-artifacts.js";
export { FileStore } from "./file-store.js";
export { openTrackingStore } from "./open.js";
export { RestStore, type RestStoreOptions } from "./rest-store.js";
export { runStatuses } from "./status.js";
export type {
  ArtifactInfo,
  CreateRunOptions,
  Experiment,
  KeyValue,
  ListExperimentsOptions,
  LogBatch,
  MetricInput,
  MetricRecord,
  Run,
  RunInfo,
  RunStatus,
  SearchRunsOptions,
  TrackingStore,
  UpdateRunOptions,
  ViewType,
} from "./types.js";
export { defaultTrackingUri, redactUri, resolveTrackingUri } from "./uri.js";
