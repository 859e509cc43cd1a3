import { TrackingError } from "./errors.js";

const validKey = /^[\w\-. :/]+$/;

/**
 * Checks a param, metric or tag key against MLflow's rule (alphanumerics, `_ - . space : /`) and
 * refuses keys that would escape their folder in a file store (`..` segments, leading `/`).
 * @param key - the key to check.
 * @param kind - `param`, `metric` or `tag`, for the message.
 */
export function assertValidKey(key: string, kind: string): void {
  if (!validKey.test(key)) {
    throw new TrackingError(
      "INVALID_PARAMETER_VALUE",
      `Invalid ${kind} key "${key}": names may only contain alphanumerics, underscores (_), dashes (-), ` +
        "periods (.), spaces ( ), colon(:) and slashes (/).",
    );
  }
  if (key.startsWith("/") || key.split("/").some((part) => part === "" || part === "." || part === "..")) {
    throw new TrackingError(
      "INVALID_PARAMETER_VALUE",
      `Invalid ${kind} key "${key}": a key may not start with '/', contain '//' or have '.' or '..' segments.`,
    );
  }
}
