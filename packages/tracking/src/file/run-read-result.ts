import { InvalidFile, IqfError } from "@iqf/core";
import type { Run } from "../types.js";

/** What reading one run folder gave, in a form that crosses a worker boundary (structured clone). */
export type SerialRunResult =
  | { readonly folder: string; readonly run?: Run }
  | {
      readonly folder: string;
      readonly error: { code: string; message: string; file?: string; reason?: string };
    };

/** What reading one run folder gave: the run (undefined when the folder has no `meta.yaml`) or an error. */
export interface RunReadResult {
  /** The run folder's name (the run id). */
  readonly folder: string;
  /** The run, when it was read. */
  readonly run?: Run;
  /** The typed error, when the folder's files are malformed. */
  readonly error?: IqfError;
}

/** Flattens an error for a worker message; errors that are not {@link IqfError}s are rethrown as such. */
export function serialiseError(error: unknown): {
  code: string;
  message: string;
  file?: string;
  reason?: string;
} {
  if (error instanceof InvalidFile)
    return { code: error.code, message: error.message, file: error.file, reason: error.reason };
  if (error instanceof IqfError) return { code: error.code, message: error.message };
  return { code: "", message: error instanceof Error ? error.message : String(error) };
}

/** Rebuilds a typed result from a worker message. */
export function deserialiseResult(result: SerialRunResult): RunReadResult {
  if (!("error" in result)) return result;
  const { code, message, file, reason } = result.error;
  if (code === "") throw new Error(message);
  const error =
    file !== undefined && reason !== undefined ? new InvalidFile(file, reason) : new IqfError(code, message);
  return { folder: result.folder, error };
}
