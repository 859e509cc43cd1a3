import type { Run, TrackingStore } from "@iqf/tracking";

/** A run as the web app's API returns it. */
export interface ApiRun {
  /** Run id. */
  readonly id: string;
  /** Run name. */
  readonly name: string;
  /** Id of the run's experiment. */
  readonly experimentId: string;
  /** Status. */
  readonly status: string;
  /** Start time, ms since the epoch. */
  readonly start: number;
  /** Duration in ms once ended (for a running run: so far). */
  readonly durationMs: number | null;
  /** Params. */
  readonly params: Readonly<Record<string, string>>;
  /** Latest metric values (NaN and infinities as text). */
  readonly metrics: Readonly<Record<string, number | string>>;
  /** Tags. */
  readonly tags: Readonly<Record<string, string>>;
}

function jsonNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

/** Flattens a tracking run for the API. */
export function apiRun(run: Run): ApiRun {
  const end = run.info.endTime;
  return {
    id: run.info.runId,
    name: run.info.runName,
    experimentId: run.info.experimentId,
    status: run.info.status,
    start: run.info.startTime,
    durationMs: end !== undefined && end !== null ? end - run.info.startTime : null,
    params: run.data.params,
    metrics: Object.fromEntries(
      Object.entries(run.data.metrics).map(([key, m]) => [key, jsonNumber(m.value)]),
    ),
    tags: run.data.tags,
  };
}

/** An API answer: a status code and a JSON body. */
export interface ApiAnswer {
  /** HTTP status. */
  readonly status: number;
  /** The JSON body. */
  readonly body: unknown;
}

const ok = (body: unknown): ApiAnswer => ({ status: 200, body });

/**
 * Answers the read-only JSON API of `iqf ui` (`/api/…`), or `undefined` for an unknown path:
 * - `experiments` → `[{ id, name }]`;
 * - `experiments/<id>/runs?filter=<MLflow filter>` → `{ runs: ApiRun[] }` (a bad filter → 400
 *   with the parser's message);
 * - `runs/<id>` → `ApiRun`;
 * - `runs/<id>/history?key=<metric>` → `[{ step, value }]`;
 * - `runs/<id>/artifacts?path=<folder>` → `[{ path, isDir, size }]`.
 */
export async function answerApi(
  store: TrackingStore,
  path: string,
  query: URLSearchParams,
): Promise<ApiAnswer | undefined> {
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 1 && parts[0] === "experiments") {
    const experiments = await store.listExperiments();
    return ok(experiments.map((e) => ({ id: e.experimentId, name: e.name })));
  }
  if (parts.length === 3 && parts[0] === "experiments" && parts[2] === "runs") {
    const experiment = await store.getExperiment(parts[1]!);
    const filter = query.get("filter")?.trim();
    try {
      const runs = await store.searchRuns({
        experimentIds: [experiment.experimentId],
        ...(filter ? { filter } : {}),
      });
      return ok({
        experiment: { id: experiment.experimentId, name: experiment.name },
        runs: runs.map(apiRun),
      });
    } catch (error) {
      if (filter) return { status: 400, body: { error: (error as Error).message } };
      throw error;
    }
  }
  if (parts[0] !== "runs" || parts.length < 2) return undefined;
  const runId = parts[1]!;
  if (parts.length === 2) return ok(apiRun(await store.getRun(runId)));
  if (parts.length === 3 && parts[2] === "history") {
    const history = await store.getMetricHistory(runId, query.get("key") ?? "");
    return ok(history.map(({ step, value }) => ({ step, value: jsonNumber(value) })));
  }
  if (parts.length === 3 && parts[2] === "artifacts") {
    const listing = await store.listArtifacts(runId, query.get("path") ?? "");
    return ok(listing.map((item) => ({ path: item.path, isDir: item.isDir, size: item.fileSize ?? null })));
  }
  return undefined;
}
