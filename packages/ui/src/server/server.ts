import { createReadStream } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { extname } from "node:path";
import { pipeline } from "node:stream/promises";
import { escapeHtml } from "@iqf/core";
import { openTrackingStore, resolveTrackingUri, TrackingError, type TrackingStore } from "@iqf/tracking";
import { type AssetName, assetNames, readAsset } from "../assets.js";
import { REPORT_CSP } from "../report/render-html.js";
import { buildReport } from "../report/write-report.js";
import { answerApi } from "./api.js";
import { findArtifactFile } from "./artifact-file.js";
import { allowedHostHeaders, isLoopback } from "./host-check.js";

/** Options of {@link startUiServer}. */
export interface UiServerOptions {
  /** Tracking store or URI; `MLFLOW_TRACKING_URI`, else `./mlruns`, when absent. */
  readonly tracking?: TrackingStore | string;
  /** Interface to bind (default `127.0.0.1`). */
  readonly host?: string;
  /** Port (default 5010; 0 picks a free one). */
  readonly port?: number;
  /** Called with a warning, e.g. when binding to a non-loopback interface. */
  readonly onWarning?: (message: string) => void;
}

/** A running `iqf ui` server. */
export interface UiServer {
  /** The app's URL, e.g. `http://127.0.0.1:5010/`. */
  readonly url: string;
  /** The underlying Node server. */
  readonly server: Server;
  /** The store it reads. */
  readonly store: TrackingStore;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Policy of the app's pages: scripts and styles from the server itself, vega's evaluator, no framing. */
export const APP_CSP =
  "default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** Policy of artifact downloads: never run anything they contain. */
const ARTIFACT_CSP = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".svg": "image/svg+xml",
  ".tif": "image/tiff",
  ".tiff": "image/tiff",
  ".json": "application/json",
  ".csv": "text/csv; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".log": "text/plain; charset=utf-8",
  ".yaml": "text/plain; charset=utf-8",
  ".yml": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
};

const ASSET_TYPES: Readonly<Record<string, string>> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

function send(
  response: ServerResponse,
  status: number,
  body: string,
  type: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    "Content-Type": type,
    "Content-Length": String(Buffer.byteLength(body)),
    "Content-Security-Policy": APP_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    ...headers,
  });
  response.end(response.req.method === "HEAD" ? undefined : body);
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, JSON.stringify(body), "application/json; charset=utf-8");
}

function appShell(): string {
  const scripts = ["vega.js", "vega-lite.js", "vega-embed.js", "common.js", "app.js"]
    .map((name) => `<script src="/assets/${name}"></script>`)
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>iqf ui</title>
<link rel="stylesheet" href="/assets/page.css">
</head>
<body>
<header><h1><a href="#/">iqf ui</a></h1><p class="meta">read-only view of the tracking store · <span id="refreshed"></span></p></header>
<main id="app"></main>
${scripts}
</body>
</html>
`;
}

async function sendArtifact(
  store: TrackingStore,
  response: ServerResponse,
  runId: string,
  path: string,
  download: boolean,
): Promise<void> {
  const file = await findArtifactFile(store, runId, path);
  if (file === undefined) {
    sendJson(response, 404, { error: `run ${runId} has no artifact file ${path}` });
    return;
  }
  try {
    const name = path.split("/").pop()!;
    response.writeHead(200, {
      "Content-Type": CONTENT_TYPES[extname(name).toLowerCase()] ?? "application/octet-stream",
      "Content-Length": String(file.size),
      "Content-Security-Policy": ARTIFACT_CSP,
      "X-Content-Type-Options": "nosniff",
      "Cache-Control": "no-store",
      "Content-Disposition": `${download ? "attachment" : "inline"}; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
    if (response.req.method === "HEAD") response.end();
    else await pipeline(createReadStream(file.path), response);
  } finally {
    await file.release();
  }
}

async function route(
  store: TrackingStore,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://localhost");
  const path = url.pathname;
  if (path === "/") return send(response, 200, appShell(), "text/html; charset=utf-8");
  if (path.startsWith("/assets/")) {
    const name = path.slice("/assets/".length) as AssetName;
    if (!assetNames.includes(name)) return sendJson(response, 404, { error: `no asset ${name}` });
    return send(response, 200, await readAsset(name), ASSET_TYPES[extname(name)]!);
  }
  if (path.startsWith("/api/")) {
    const answer = await answerApi(store, path.slice("/api/".length), url.searchParams);
    if (answer === undefined) return sendJson(response, 404, { error: `no API endpoint ${path}` });
    return sendJson(response, answer.status, answer.body);
  }
  const artifact = /^\/runs\/([^/]+)\/artifacts\/(.+)$/.exec(path);
  if (artifact) {
    // Decode segment by segment so an encoded "/" cannot form new segments.
    const segments = artifact[2]!.split("/").map(decodeURIComponent);
    if (segments.some((segment) => segment.includes("/")))
      return sendJson(response, 404, { error: "no such artifact" });
    return sendArtifact(
      store,
      response,
      decodeURIComponent(artifact[1]!),
      segments.join("/"),
      url.searchParams.has("download"),
    );
  }
  const report = /^\/experiments\/([^/]+)\/report$/.exec(path);
  if (report) {
    const experiment = await store.getExperiment(decodeURIComponent(report[1]!));
    const html = await buildReport(experiment.name, { tracking: store });
    return send(response, 200, html, "text/html; charset=utf-8", { "Content-Security-Policy": REPORT_CSP });
  }
  sendJson(response, 404, { error: `nothing at ${path}` });
}

function statusOf(error: unknown): number {
  if (error instanceof URIError) return 400;
  if (!(error instanceof TrackingError)) return 500;
  if (error.errorCode === "RESOURCE_DOES_NOT_EXIST") return 404;
  return error.errorCode === "INVALID_PARAMETER_VALUE" || error.errorCode === "BAD_REQUEST" ? 400 : 500;
}

/**
 * Starts `iqf ui`: a read-only web app over a tracking store (experiments, run search with
 * MLflow filters, run comparison, run pages with metric charts and an artifact browser, the
 * report of any experiment). Binds 127.0.0.1 unless `host` says otherwise (then warns through
 * `onWarning`), answers only requests whose `Host` header names the bound address (DNS-rebinding
 * protection), serves artifacts only from inside each run's artifact root, sends a CSP with every
 * page, and accepts only GET and HEAD.
 */
export async function startUiServer(options: UiServerOptions = {}): Promise<UiServer> {
  const store =
    typeof options.tracking === "object"
      ? options.tracking
      : openTrackingStore(resolveTrackingUri(options.tracking));
  const host = options.host ?? "127.0.0.1";
  if (!isLoopback(host)) {
    options.onWarning?.(
      `iqf ui is listening on ${host}, not only on this machine: anyone who can reach it can read every run and artifact of ${store.uri}`,
    );
  }
  let allowed = new Set<string>();
  const server = createServer((request, response) => {
    if (!allowed.has((request.headers.host ?? "").toLowerCase())) {
      send(response, 403, "forbidden: unexpected Host header", "text/plain; charset=utf-8");
      return;
    }
    if (request.method !== "GET" && request.method !== "HEAD") {
      send(response, 405, "iqf ui is read-only", "text/plain; charset=utf-8", { Allow: "GET, HEAD" });
      return;
    }
    route(store, request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const status = statusOf(error);
      const message = error instanceof Error ? error.message : String(error);
      if ((request.headers.accept ?? "").includes("text/html"))
        send(response, status, `<p class="error">${escapeHtml(message)}</p>`, "text/html; charset=utf-8");
      else sendJson(response, status, { error: message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 5010, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  allowed = allowedHostHeaders(host, port);
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    server,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
