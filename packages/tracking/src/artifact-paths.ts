import { TrackingError } from "./errors.js";

/**
 * Normalises an artifact path given by a caller (`reports/x.txt`, `/reports/`, `""`) into a
 * relative `/`-separated path without empty, `.` or `..` segments; refuses paths that would
 * leave the run's artifact root.
 * @param path - the artifact path; the root when absent or empty.
 */
export function normaliseArtifactPath(path: string | undefined): string {
  if (path === undefined) return "";
  const parts = path
    .replaceAll("\\", "/")
    .split("/")
    .filter((part) => part !== "" && part !== ".");
  if (parts.includes("..")) {
    throw new TrackingError(
      "INVALID_PARAMETER_VALUE",
      `Invalid artifact path '${path}': '..' segments are not allowed.`,
    );
  }
  return parts.join("/");
}

/** Joins normalised artifact path segments with `/`, skipping empty ones. */
export function joinArtifactPath(...parts: string[]): string {
  return parts.filter((part) => part !== "").join("/");
}
