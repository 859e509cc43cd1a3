/**
 * MLflow's error codes that iqf's tracking stores raise (the file store answers as a tracking
 * server would) or pass on from a tracking server. A server's code outside this list is passed on
 * as an {@link ExternalErrorCode}, `mlflow:<code>`.
 */
export const MLFLOW_ERROR_CODES = [
  "BAD_REQUEST",
  "ENDPOINT_NOT_FOUND",
  "INTERNAL_ERROR",
  "INVALID_PARAMETER_VALUE",
  "INVALID_STATE",
  "PERMISSION_DENIED",
  "RESOURCE_ALREADY_EXISTS",
  "RESOURCE_DOES_NOT_EXIST",
  "RESOURCE_LOCKED",
  "TEMPORARILY_UNAVAILABLE",
  "UNAUTHENTICATED",
] as const;

/** One of {@link MLFLOW_ERROR_CODES}, or `HTTP_<status>` for a server error answer without an MLflow code. */
export type MlflowErrorCode = (typeof MLFLOW_ERROR_CODES)[number] | `HTTP_${number}`;

/**
 * Every code an error of the `@iqf/*` packages carries, so that `switch (error.code)` is checked
 * by the compiler. A new error class adds its code here.
 */
export type IqfErrorCode =
  // @iqf/core
  | "ANNOTATIONS_NOT_FOUND"
  | "ANNOTATIONS_TOO_LARGE"
  | "ANNOTATIONS_UNRECOGNISED"
  | "DATASET_NOT_FOUND"
  | "INVALID_FILE"
  | "INVALID_PARAMS"
  | "INVALID_PLUGIN"
  | "OUTPUT_FOLDER_MISSING"
  | "OUTPUT_IN_THE_WAY"
  | "PLUGIN_API_MISMATCH"
  | "PLUGIN_CLASH"
  | "PLUGIN_FAILED"
  | "PLUGIN_LOAD_FAILED"
  // @iqf/datasets
  | "AMBIGUOUS_IMAGES_FOLDER"
  | "IMAGE_TOO_LARGE"
  | "NO_IMAGE_MODIFIED"
  // @iqf/modifiers
  | "COMMAND_FAILED"
  // @iqf/metrics
  | "NO_IMAGES_MEASURED"
  // @iqf/tracking
  | "TRACKING_SERVER_UNREACHABLE"
  | MlflowErrorCode
  // @iqf/experiments
  | "COMMAND_NOT_FOUND"
  | "EXPERIMENT_NOT_FOUND"
  // @iqf/cli
  | "NOTHING_TO_PLOT"
  | "RUN_FAILED";

/**
 * The escape hatch for codes that are not iqf's: `<scope>:<CODE>`, where the scope names who
 * raised it, e.g. a plugin's own `IqfError` (`"my-plugin:LUT_MISSING"`) or an error passed on
 * from another system (`"mlflow:QUOTA_EXCEEDED"`). The colon keeps them apart from
 * {@link IqfErrorCode}, so comparing `error.code` with a misspelt iqf code is still a type error.
 */
export type ExternalErrorCode = `${string}:${string}`;

/** Whether `code` is one of {@link MLFLOW_ERROR_CODES} or `HTTP_<status>`. */
export function isMlflowErrorCode(code: string): code is MlflowErrorCode {
  return (MLFLOW_ERROR_CODES as readonly string[]).includes(code) || /^HTTP_\d+$/.test(code);
}
