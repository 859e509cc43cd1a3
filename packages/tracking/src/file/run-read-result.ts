import { deserializeError, IqfError, type SerializedError } from "@iqf/core";
import type { Run } from "../types.js";

/** What reading one run folder gave, in a form that crosses a worker boundary (structured clone). */
export type SerialRunResult =
  | {
      readonly folder: string;
      readonly run?: Run;
      readonly stamp?: string;
      readonly cached?: true;
    }
  | {
      readonly folder: string;
      readonly error: SerializedError;
    };

/** What reading one run folder gave: the run (undefined when the folder has no `meta.yaml`) or an error. */
export interface RunReadResult {
  /** The run folder's name (the run id). */
  readonly folder: string;
  /** The run, when it was read. */
  readonly run?: Run;
  /**
   * The stamp of a terminated run's folder taken before it was read, when the folder had settled
   * (see `isSettled`): the run may be cached under it.
   */
  readonly stamp?: string;
  /** Set when the run was not read but taken from the summary cache, whose stamp still matches. */
  readonly cached?: true;
  /** The typed error, when the folder's files are malformed. */
  readonly error?: IqfError;
}

/**
 * Rebuilds a typed result from a worker message: an `IqfError` read in the worker comes back
 * with its class and code; any other error is rethrown here.
 */
export function deserialiseResult(result: SerialRunResult): RunReadResult {
  if (!("error" in result)) return result;
  const error = deserializeError(result.error);
  if (!(error instanceof IqfError)) throw error;
  return { folder: result.folder, error };
}
