import { FileStore } from "./file-store.js";
import { RestStore, type RestStoreOptions } from "./rest-store.js";
import type { TrackingStore } from "./types.js";
import { isHttpUri, resolveTrackingUri } from "./uri.js";

/**
 * Opens the tracking store a URI names: an MLflow server for `http://`/`https://`, else a local
 * file store (`./mlruns`, a folder path or a `file://` URI). Without a URI, `MLFLOW_TRACKING_URI`
 * is used, then `./mlruns`.
 * @param uri - the tracking URI.
 * @param options - `env` (for `MLFLOW_TRACKING_URI` and credentials) and REST retry/timeout settings.
 */
export function openTrackingStore(uri?: string, options: RestStoreOptions = {}): TrackingStore {
  const resolved = resolveTrackingUri(uri, options.env ?? process.env);
  return isHttpUri(resolved) ? new RestStore(resolved, options) : new FileStore(resolved);
}
