import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The tracking URI used when neither an explicit one nor `MLFLOW_TRACKING_URI` is given. */
export const defaultTrackingUri = "./mlruns";

/**
 * Picks the tracking URI: the explicit one, else `MLFLOW_TRACKING_URI`, else `./mlruns`.
 * Empty strings count as absent.
 * @param explicit - a URI given by the caller (option or `--tracking-uri`).
 * @param env - the environment to read `MLFLOW_TRACKING_URI` from.
 */
export function resolveTrackingUri(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit !== undefined && explicit.trim() !== "") return explicit.trim();
  const fromEnv = env.MLFLOW_TRACKING_URI;
  if (fromEnv !== undefined && fromEnv.trim() !== "") return fromEnv.trim();
  return defaultTrackingUri;
}

/** Whether a tracking URI points to an MLflow server (`http://` or `https://`). */
export function isHttpUri(uri: string): boolean {
  return /^https?:\/\//i.test(uri);
}

/**
 * Removes user name, password and query string from a URI so it can be shown in messages.
 * Anything that is not a URL is returned unchanged.
 */
export function redactUri(uri: string): string {
  if (!isHttpUri(uri)) return uri;
  try {
    const url = new URL(uri);
    url.username = "";
    url.password = "";
    url.search = "";
    url.hash = "";
    return url.toString().replace(/\/$/, "");
  } catch {
    return "<invalid URI>";
  }
}

/**
 * Turns a file-store tracking URI (`./mlruns`, `/abs/mlruns`, `file:///abs/mlruns`) into an
 * absolute folder path.
 * @param uri - the tracking URI.
 * @param cwd - folder that relative paths are resolved against.
 */
export function fileUriToPath(uri: string, cwd: string = process.cwd()): string {
  if (/^file:/i.test(uri)) {
    if (uri.startsWith("file://")) return fileURLToPath(uri);
    return resolve(cwd, uri.slice("file:".length));
  }
  return resolve(cwd, uri);
}
