import {
  AnnotationsNotFound,
  AnnotationsTooLarge,
  DatasetNotFound,
  InvalidFile,
  InvalidParams,
  IqfError,
  UnrecognisedAnnotations,
} from "./errors.js";

/**
 * A thrown value flattened for `postMessage` (structured clone keeps neither an error's class
 * nor its extra fields): its class name, message, stack, the `code` of an {@link IqfError} and
 * the error's own fields of plain data (`file`, `reason`, `path`, `problems`, …).
 */
export interface SerializedError {
  /** Class name, e.g. `InvalidFile` or `RangeError`. */
  readonly name: string;
  /** The error's message. */
  readonly message: string;
  /** Stack trace in the thread that threw, when there was one. */
  readonly stack?: string | undefined;
  /** Stable code, for an {@link IqfError}. */
  readonly code?: IqfError["code"] | undefined;
  /** The error's own enumerable fields that are strings, numbers, booleans or arrays of them. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** Errors of core rebuilt with their own class; other `IqfError` subclasses come back as `IqfError`. */
const coreClasses: Readonly<Record<string, { readonly prototype: IqfError }>> = {
  AnnotationsNotFound,
  AnnotationsTooLarge,
  DatasetNotFound,
  InvalidFile,
  InvalidParams,
  UnrecognisedAnnotations,
};

function isPlainValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(isPlainValue);
  return ["string", "number", "boolean"].includes(typeof value);
}

/** Flattens a thrown value so that it can cross a worker-thread boundary; see {@link deserializeError}. */
export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (key !== "code" && key !== "name" && isPlainValue(value)) fields[key] = value;
  }
  const code = error instanceof IqfError ? error.code : undefined;
  return { name: error.name, message: error.message, stack: error.stack, code, fields };
}

/**
 * Rebuilds an error flattened by {@link serializeError} in the receiving thread: an `IqfError`
 * keeps its `code`, name, message and fields (and its class, for the errors of `@iqf/core`:
 * `InvalidFile`, `InvalidParams`, `DatasetNotFound`, `AnnotationsNotFound`, `AnnotationsTooLarge`,
 * `UnrecognisedAnnotations`), so callers and the
 * CLI treat it as the same typed error as in one thread. Any other error comes back as an
 * `Error` (or `RangeError`/`TypeError`) with its name and message.
 */
export function deserializeError(serialized: SerializedError): Error {
  const { name, message, stack, code, fields } = serialized;
  let error: Error;
  if (code !== undefined) {
    const proto = coreClasses[name]?.prototype ?? IqfError.prototype;
    error = Object.assign(Object.create(proto) as IqfError, { code });
    Object.defineProperty(error, "message", { value: message, writable: true, configurable: true });
  } else {
    error =
      name === "RangeError"
        ? new RangeError(message)
        : name === "TypeError"
          ? new TypeError(message)
          : new Error(message);
  }
  Object.assign(error, fields);
  Object.defineProperty(error, "name", { value: name, writable: true, configurable: true });
  if (stack !== undefined)
    Object.defineProperty(error, "stack", { value: stack, writable: true, configurable: true });
  return error;
}
