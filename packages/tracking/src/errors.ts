import { IqfError } from "@iqf/core";

/**
 * MLflow's error codes, as both stores report them: `RESOURCE_DOES_NOT_EXIST`,
 * `RESOURCE_ALREADY_EXISTS`, `INVALID_PARAMETER_VALUE`, `BAD_REQUEST`, `INTERNAL_ERROR`, …
 */
export type MlflowErrorCode = string;

/**
 * An error reported by a tracking store. `code` (and `errorCode`) is MLflow's error code, so the
 * same mistake gives the same code whether the store is a local folder or a tracking server.
 */
export class TrackingError extends IqfError {
  /** MLflow's error code, e.g. `RESOURCE_DOES_NOT_EXIST`. */
  readonly errorCode: MlflowErrorCode;

  /**
   * @param errorCode - MLflow's error code.
   * @param message - what went wrong, naming the experiment, run, key or value at fault.
   * @param options - standard `ErrorOptions` (e.g. `cause`).
   */
  constructor(errorCode: MlflowErrorCode, message: string, options?: ErrorOptions) {
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
   * @param details - MLflow's `error_code` and `message`, the HTTP status, the endpoint and the
   *   tracking URI (already stripped of credentials).
   */
  constructor(details: {
    errorCode: MlflowErrorCode;
    message: string;
    httpStatus: number;
    endpoint: string;
    uri: string;
  }) {
    super(
      details.errorCode,
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
