import type { TrackingStore } from "@iqf/tracking";

/** Time limit of one request to an MLflow server from the CLI, unless `MLFLOW_HTTP_REQUEST_TIMEOUT` says otherwise. */
const cliTimeoutMs = 15_000;

/**
 * Opens the tracking store of a command (`--tracking-uri`, else `MLFLOW_TRACKING_URI`, else
 * `./mlruns`) with settings that fit a command line: a server request gives up after 15 s (or
 * `MLFLOW_HTTP_REQUEST_TIMEOUT` seconds) and is retried once, and a note on stderr says which
 * server iqf is waiting for when one has not answered for 3 s.
 * @param uri - the `--tracking-uri` value, if any.
 */
export async function openCliTrackingStore(uri: string | undefined): Promise<TrackingStore> {
  const { openTrackingStore, resolveTrackingUri } = await import("@iqf/tracking");
  return openTrackingStore(resolveTrackingUri(uri), {
    defaultTimeoutMs: cliTimeoutMs,
    defaultMaxRetries: 1,
    onWaiting: ({ uri: server, waitedMs }) =>
      process.stderr.write(
        `iqf: waiting for ${server} (no answer for ${waitedMs / 1000} s; a request gives up after ${
          process.env.MLFLOW_HTTP_REQUEST_TIMEOUT ?? cliTimeoutMs / 1000
        } s, set MLFLOW_HTTP_REQUEST_TIMEOUT=<seconds> to change it)\n`,
      ),
  });
}
