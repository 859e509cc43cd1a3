export {
  type AnnotationDocument,
  blankAnnotationWarning,
  DEFAULT_MAX_ANNOTATION_BYTES,
  isBlankAnnotationFile,
  type ReadAnnotationOptions,
  readAnnotationFile,
  recogniseAnnotations,
} from "./annotation-file.js";
export { temporaryName, type WriteFileAtomicOptions, writeFileAtomic } from "./atomic-write.js";
export { assertNoStringCocoIds } from "./coco-ids.js";
export { defaultConcurrency, defaultIoConcurrency, mapConcurrent } from "./concurrency.js";
export type { DatasetLayout } from "./dataset.js";
export {
  type ExternalErrorCode,
  type IqfErrorCode,
  isMlflowErrorCode,
  MLFLOW_ERROR_CODES,
  type MlflowErrorCode,
} from "./error-codes.js";
export { deserializeError, type SerializedError, serializeError } from "./error-transfer.js";
export {
  AnnotationsNotFound,
  AnnotationsTooLarge,
  DatasetNotFound,
  InvalidFile,
  InvalidParams,
  IqfError,
  ParamsDoNotFit,
  UnrecognisedAnnotations,
} from "./errors.js";
export { type ExecutableLookup, findExecutable } from "./find-executable.js";
export {
  type GeojsonCrs,
  nonPolygonalFeatures,
  resolveGeojsonCrs,
  type SkippedGeometry,
  skippedGeometriesWarning,
} from "./geojson-rules.js";
export { escapeHtml, jsonForScript } from "./html-escape.js";
export { formatFromExtension, IMAGE_EXTENSIONS } from "./image-extensions.js";
export {
  type JsonFileOptions,
  parseJsonFile,
  readJsonFile,
  readTextFile,
  withoutByteOrderMark,
} from "./json-file.js";
export type { ImageFailure, Metric, MetricContext, MetricValues } from "./metric.js";
export type {
  DatasetHeaders,
  ImageFormat,
  ImageHeader,
  ModifiedImage,
  Modifier,
  ModifyContext,
  ParamProblem,
  SourceImage,
} from "./modifier.js";
export { numpyMean, numpySum, pairwiseSum } from "./numpy-reductions.js";
export {
  checkOutputFolder,
  checkOutputParent,
  OUTPUT_MARKER,
  OutputFolderMissing,
  type OutputFolderOptions,
  type OutputFolderState,
  OutputInTheWay,
  writeOutputMarker,
} from "./output-guard.js";
export type { Params, ParamValue } from "./params.js";
export {
  checkPlugin,
  defineMetric,
  defineModifier,
  definePlugin,
  type FactoryContext,
  InvalidPlugin,
  type IqfPlugin,
  type MetricDefinition,
  type ModifierDefinition,
  PLUGIN_API_VERSION,
  PluginApiMismatch,
  type PluginInput,
} from "./plugin/define.js";
export { type LoadedPlugin, loadPlugin, PluginLoadFailed } from "./plugin/load.js";
export { paramsJsonSchema, parseParams, type RawParams } from "./plugin/params.js";
export {
  PluginClash,
  type PluginEntryInfo,
  PluginRegistry,
  type RegisteredPlugin,
} from "./plugin/registry.js";
export { countOf } from "./plural.js";
export {
  currentIdentity,
  isIdentityGone,
  isProcessAlive,
  type ProcessIdentity,
} from "./process-identity.js";
export type { ProgressCallback, ProgressEvent } from "./progress.js";
export {
  formatPyFloat,
  formatPyNumber,
  multiplyPyNumbers,
  type PyNumber,
  parsePyNumber,
  pyFloat,
} from "./python-number.js";
export type { Raster, SampleArray, SampleType } from "./raster.js";
export { allocSamples, createRaster, maxSampleValue } from "./raster.js";
export { erfc, normalCdf } from "./special-functions.js";
export { WorkerPool, type WorkerReply } from "./worker-pool.js";
export { describeZodIssues, formatJsonPath, zodProblems } from "./zod-issues.js";
