import { createRequire } from "node:module";
import { InvalidParams, zodProblems } from "@iqf/core";
import type { HttpSettings } from "./http-client.js";

/** The zod schema of {@link RestStoreOptions}' numbers; zod is loaded on first use to keep start-up light. */
function restStoreOptionsSchema() {
  const { z } = createRequire(import.meta.url)("zod") as typeof import("zod");
  return z
    .object({
      maxRetries: z.number().int().min(0).max(20).optional(),
      initialBackoffMs: z.number().min(0).max(60_000).optional(),
      backoffFactor: z.number().min(1).max(10).optional(),
      maxBackoffMs: z.number().min(0).max(600_000).optional(),
      timeoutMs: z.number().int().positive().optional(),
      defaultTimeoutMs: z.number().int().positive().optional(),
      defaultMaxRetries: z.number().int().min(0).max(20).optional(),
      waitingNoteMs: z.number().int().positive().optional(),
      onWaiting: z.custom<HttpSettings["onWaiting"]>((value) => typeof value === "function").optional(),
    })
    .strict();
}

/** Options of `RestStore`. Environment variables fill what is not given. */
export interface RestStoreOptions {
  /** Retries on connection errors, timeouts, 429 and 5xx (default `MLFLOW_HTTP_REQUEST_MAX_RETRIES` or 4). */
  readonly maxRetries?: number;
  /** Wait before the first retry in ms (default 250), multiplied by `backoffFactor` (default 2) each time. */
  readonly initialBackoffMs?: number;
  /** Growth factor of the wait between retries (default `MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR` or 2). */
  readonly backoffFactor?: number;
  /** Longest wait between retries in ms (default 10 000). */
  readonly maxBackoffMs?: number;
  /** Time limit of one request in ms (default `MLFLOW_HTTP_REQUEST_TIMEOUT` seconds, else `defaultTimeoutMs`, else 120 s). */
  readonly timeoutMs?: number;
  /**
   * Time limit of one API request when neither `timeoutMs` nor `MLFLOW_HTTP_REQUEST_TIMEOUT` is
   * set (the `iqf` CLI uses 15 s). Artifact transfers keep 120 s.
   */
  readonly defaultTimeoutMs?: number;
  /** Retries when neither `maxRetries` nor `MLFLOW_HTTP_REQUEST_MAX_RETRIES` is set (the CLI uses 1). */
  readonly defaultMaxRetries?: number;
  /** Called once when a request has had no answer for `waitingNoteMs` (e.g. to print "waiting for <server>"). */
  readonly onWaiting?: (note: { readonly uri: string; readonly waitedMs: number }) => void;
  /** Milliseconds without an answer before `onWaiting` is called (default 3000). */
  readonly waitingNoteMs?: number;
  /** Environment to read credentials and defaults from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

function numberFromEnv(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
}

/**
 * Validates the options (zod) and completes them from `MLFLOW_HTTP_REQUEST_MAX_RETRIES`,
 * `MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR`, `MLFLOW_HTTP_REQUEST_TIMEOUT` (seconds) and defaults.
 * @param options - the caller's options.
 * @param env - the environment.
 */
export function resolveSettings(options: RestStoreOptions, env: NodeJS.ProcessEnv): HttpSettings {
  const { env: _env, ...numbers } = options;
  const parsed = restStoreOptionsSchema().safeParse(numbers);
  if (!parsed.success) {
    throw new InvalidParams("RestStore", zodProblems(parsed.error.issues));
  }
  const timeoutSeconds = numberFromEnv(env.MLFLOW_HTTP_REQUEST_TIMEOUT);
  const fromEnv = timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000;
  const { onWaiting, waitingNoteMs } = parsed.data;
  return {
    maxRetries:
      parsed.data.maxRetries ??
      numberFromEnv(env.MLFLOW_HTTP_REQUEST_MAX_RETRIES) ??
      parsed.data.defaultMaxRetries ??
      4,
    initialBackoffMs: parsed.data.initialBackoffMs ?? 250,
    backoffFactor: parsed.data.backoffFactor ?? numberFromEnv(env.MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR) ?? 2,
    maxBackoffMs: parsed.data.maxBackoffMs ?? 10_000,
    timeoutMs: parsed.data.timeoutMs ?? fromEnv ?? parsed.data.defaultTimeoutMs ?? 120_000,
    transferTimeoutMs: parsed.data.timeoutMs ?? fromEnv ?? 120_000,
    ...(onWaiting !== undefined ? { onWaiting } : {}),
    ...(waitingNoteMs !== undefined ? { waitingNoteMs } : {}),
  };
}
