import { setTimeout as sleep } from "node:timers/promises";
import { MlflowServerError, TrackingError, TrackingServerUnreachable } from "../errors.js";
import { redactUri } from "../uri.js";

/** Retry and timeout settings of {@link MlflowHttpClient}. */
export interface HttpSettings {
  /** Retries after the first attempt on connection errors, timeouts, 429 and 5xx. */
  readonly maxRetries: number;
  /** Wait before the first retry, in ms; doubled (× `backoffFactor`) for each further one. */
  readonly initialBackoffMs: number;
  /** Growth factor of the wait between retries. */
  readonly backoffFactor: number;
  /** Longest wait between two retries, in ms. */
  readonly maxBackoffMs: number;
  /** Time limit of one API request, in ms. */
  readonly timeoutMs: number;
  /** Time limit of one artifact transfer (upload or download), in ms. */
  readonly transferTimeoutMs: number;
  /** Called once per client when a request has had no answer for `waitingNoteMs`. */
  readonly onWaiting?: (note: { readonly uri: string; readonly waitedMs: number }) => void;
  /** After how many ms without an answer `onWaiting` is called (default 3000). */
  readonly waitingNoteMs?: number;
}

/** A request body: JSON (sent with `Content-Type: application/json`) or raw bytes made afresh for each attempt. */
export type RequestBody = { readonly json: unknown } | { readonly bytes: () => Promise<Blob> };

/** Options of one request. */
export interface RequestOptions {
  /** HTTP method. */
  readonly method: "GET" | "POST" | "PUT";
  /** Path below the server's base URL, starting with `/api/…`, query string included. */
  readonly path: string;
  /** Body, if any. */
  readonly body?: RequestBody;
  /** An artifact transfer: the longer `transferTimeoutMs` applies. */
  readonly transfer?: boolean;
}

/**
 * The HTTP side of the REST store: base URL, credentials (sent only as an `Authorization`
 * header, never shown), retries with exponential backoff, per-request timeouts, and MLflow error
 * bodies turned into {@link MlflowServerError}.
 */
export class MlflowHttpClient {
  /** The server URI without credentials, for messages. */
  readonly uri: string;
  private readonly baseUrl: string;
  private readonly authorization: string | undefined;
  private waitingNoted = false;

  /**
   * @param uri - the tracking URI (`http(s)://[user:password@]host[:port][/prefix]`).
   * @param env - environment holding `MLFLOW_TRACKING_TOKEN` or `MLFLOW_TRACKING_USERNAME`/`PASSWORD`.
   * @param settings - retries and timeouts.
   */
  constructor(
    uri: string,
    env: NodeJS.ProcessEnv,
    private readonly settings: HttpSettings,
  ) {
    const url = parseServerUri(uri);
    const userFromUri = decodeURIComponent(url.username);
    const passwordFromUri = decodeURIComponent(url.password);
    url.username = "";
    url.password = "";
    url.search = "";
    url.hash = "";
    this.baseUrl = url.toString().replace(/\/+$/, "");
    this.uri = redactUri(uri);
    this.authorization = authorizationHeader(env, userFromUri, passwordFromUri);
  }

  /** Sends a request and resolves to the successful response (status 2xx); retries transient failures. */
  async send(options: RequestOptions): Promise<Response> {
    const endpoint = `${options.method} ${options.path.split("?")[0]}`;
    let lastFailure = "";
    for (let attempt = 0; ; attempt++) {
      const retriesLeft = attempt < this.settings.maxRetries;
      let response: Response;
      const timeoutMs = options.transfer ? this.settings.transferTimeoutMs : this.settings.timeoutMs;
      const waiting = this.startWaitingNote();
      try {
        response = await fetch(`${this.baseUrl}${options.path}`, {
          method: options.method,
          headers: await this.headers(options.body),
          body: await bodyOf(options.body),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        lastFailure = describeNetworkError(error, timeoutMs);
        if (!retriesLeft) throw new TrackingServerUnreachable(this.uri, attempt + 1, lastFailure);
        await sleep(this.backoff(attempt));
        continue;
      } finally {
        if (waiting !== undefined) clearTimeout(waiting);
      }
      if (response.ok) return response;
      const transient = response.status === 429 || response.status >= 500;
      if (transient && retriesLeft) {
        await response.body?.cancel();
        await sleep(this.backoff(attempt, response.headers.get("retry-after")));
        continue;
      }
      throw await serverError(response, endpoint, this.uri);
    }
  }

  /** Sends a request and parses the JSON answer (`{}` for an empty body). */
  async json<T>(options: RequestOptions): Promise<T> {
    const response = await this.send(options);
    const text = await response.text();
    return (text.trim() === "" ? {} : JSON.parse(text)) as T;
  }

  /** Arms the one "waiting for <server>" note of this client, if a listener wants it. */
  private startWaitingNote(): NodeJS.Timeout | undefined {
    const { onWaiting } = this.settings;
    if (onWaiting === undefined || this.waitingNoted) return undefined;
    const waitedMs = this.settings.waitingNoteMs ?? 3000;
    const timer = setTimeout(() => {
      this.waitingNoted = true;
      onWaiting({ uri: this.uri, waitedMs });
    }, waitedMs);
    timer.unref();
    return timer;
  }

  private backoff(attempt: number, retryAfter?: string | null): number {
    const seconds = retryAfter === null || retryAfter === undefined ? Number.NaN : Number(retryAfter);
    const computed = this.settings.initialBackoffMs * this.settings.backoffFactor ** attempt;
    const wanted = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : computed;
    return Math.min(wanted, this.settings.maxBackoffMs);
  }

  private async headers(body: RequestBody | undefined): Promise<Record<string, string>> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (this.authorization !== undefined) headers.Authorization = this.authorization;
    if (body !== undefined)
      headers["Content-Type"] = "json" in body ? "application/json" : "application/octet-stream";
    return headers;
  }
}

/** Parses a server URI, or explains what is wrong with it (no host, not a URL). */
function parseServerUri(uri: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(uri);
  } catch {
    url = undefined;
  }
  if (url === undefined || url.hostname === "") {
    throw new TrackingError(
      "INVALID_PARAMETER_VALUE",
      `Tracking URI '${uri.includes("@") ? redactUri(uri) : uri}' names no server; write it as http(s)://host[:port][/prefix], e.g. http://127.0.0.1:5000.`,
    );
  }
  return url;
}

async function bodyOf(body: RequestBody | undefined): Promise<string | Blob | undefined> {
  if (body === undefined) return undefined;
  return "json" in body ? JSON.stringify(body.json) : body.bytes();
}

function authorizationHeader(
  env: NodeJS.ProcessEnv,
  userFromUri: string,
  passwordFromUri: string,
): string | undefined {
  const token = env.MLFLOW_TRACKING_TOKEN;
  if (token !== undefined && token !== "") return `Bearer ${token}`;
  const user = env.MLFLOW_TRACKING_USERNAME || userFromUri;
  const password = env.MLFLOW_TRACKING_PASSWORD || passwordFromUri;
  if (user) return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  return undefined;
}

function describeNetworkError(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === "TimeoutError")
    return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

async function serverError(response: Response, endpoint: string, uri: string): Promise<MlflowServerError> {
  const text = await response.text();
  let errorCode = response.status === 404 ? "ENDPOINT_NOT_FOUND" : `HTTP_${response.status}`;
  let message = text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 300);
  try {
    const parsed = JSON.parse(text) as { error_code?: unknown; message?: unknown };
    if (typeof parsed.error_code === "string") errorCode = parsed.error_code;
    if (typeof parsed.message === "string") message = parsed.message;
  } catch {
    // Not JSON: MLflow answers unknown routes and unexpected exceptions with an HTML page.
  }
  return new MlflowServerError({ errorCode, message, httpStatus: response.status, endpoint, uri });
}
