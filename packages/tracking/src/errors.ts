import { IqfError, isMlflowErrorCode, type MlflowErrorCode } from "@iqf/core";

/**
 * The code of a {@link TrackingError}: MLflow's error code as both stores report it
 * (`RESOURCE_DOES_NOT_EXIST`, `INVALID_PARAMETER_VALUE`, …), or `mlflow:<code>` for a tracking
 * server's code that is not one of `MLFLOW_ERROR_CODES` of `@iqf/core`.
 */
export type TrackingErrorCode = MlflowErrorCode | `mlflow:${string}`;

/**
 * An error reported by a tracking store. `code` (and `errorCode`) is MLflow's error code, so the
 * same mistake gives the same code whether the store is a local folder or a tracking server.
 */
export class TrackingError extends IqfError {
  /** MLflow's error code, e.g. `RESOURCE_DOES_NOT_EXIST` (the same as `code`). */
  readonly errorCode: TrackingErrorCode;

  /**
   * @param errorCode - MLflow's error code.
   * @param message - what went wrong, naming the experiment, run, key or value at fault.
   * @param options - standard `ErrorOptions` (e.g. `cause`).
   */
  constructor(errorCode: TrackingErrorCode, message: string, options?: ErrorOptions) {
    super(errorCode, message, options);
    this.errorCode = errorCode;
  }
}

/** An MLflow tracking server answered a request with an error. */
export class MlflowServerError extends TrackingError {
  /** HTTP status of the answer. */
  readonly httpStatus: number;
  /** Tracking URI of the server, without credentials. */
  readonly uri: string;

  /**
   * @param details - MLflow's `error_code` as the server sent it (`mlflow:`-prefixed in `code`
   *   when it is not one of iqf's list) and `message`, the HTTP status, the endpoint and the
   *   tracking URI (already stripped of credentials).
   */
  constructor(details: {
    errorCode: string;
    message: string;
    httpStatus: number;
    endpoint: string;
    uri: string;
  }) {
    super(
      isMlflowErrorCode(details.errorCode) ? details.errorCode : `mlflow:${details.errorCode}`,
      `MLflow server ${details.uri} answered ${details.endpoint} with HTTP ${details.httpStatus} ${details.errorCode}: ${details.message}`,
    );
    this.httpStatus = details.httpStatus;
    this.uri = details.uri;
  }
}

/** A tracking server could not be reached (connection refused, DNS failure, timeout) after every retry. */
export class TrackingServerUnreachable extends IqfError {
  /** Tracking URI of the server, without credentials. */
  readonly uri: string;

  /**
   * @param uri - the tracking URI, already stripped of credentials.
   * @param attempts - how many attempts were made.
   * @param reason - the last low-level failure (e.g. `ECONNREFUSED`).
   */
  constructor(uri: string, attempts: number, reason: string) {
    super(
      "TRACKING_SERVER_UNREACHABLE",
      `Cannot reach the MLflow tracking server at ${uri} after ${attempts} attempt(s): ${reason}. ` +
        "Check that the server is running and the URI (--tracking-uri or MLFLOW_TRACKING_URI) is right.",
    );
    this.uri = uri;
  }
}

/** `RESOURCE_DOES_NOT_EXIST` for a run id. */
export function runNotFound(runId: string): TrackingError {
  return new TrackingError("RESOURCE_DOES_NOT_EXIST", `Run with id=${runId} not found`);
}

/** `RESOURCE_DOES_NOT_EXIST` for an experiment id. */
export function experimentNotFound(experimentId: string): TrackingError {
  return new TrackingError("RESOURCE_DOES_NOT_EXIST", `No Experiment with id=${experimentId} exists`);
}

/** `INVALID_PARAMETER_VALUE` for a param logged again with another value; names both values. */
export function paramConflict(runId: string, key: string, oldValue: string, newValue: string): TrackingError {
  return new TrackingError(
    "INVALID_PARAMETER_VALUE",
    `Changing param values is not allowed. Param with key='${key}' was already logged with value='${oldValue}' ` +
      `for run ID='${runId}'. Attempted logging new value '${newValue}'.`,
  );
}
