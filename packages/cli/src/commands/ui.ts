import { InvalidParams } from "@iqf/core";
import type { Command } from "commander";

interface UiCommandOptions {
  readonly trackingUri?: string;
  readonly host: string;
  readonly port: string;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new InvalidParams("iqf ui", [`--port ${text}: must be an integer from 0 to 65535`]);
  return port;
}

/**
 * Registers `iqf ui [--tracking-uri U] [--host 127.0.0.1] [--port 5010]`: serves the read-only
 * web app over the tracking store until Ctrl-C. A host other than loopback is allowed with a
 * warning on stderr.
 */
export function registerUi(program: Command): void {
  program
    .command("ui")
    .description(
      "browse a tracking store in a local, read-only web app (runs, search, compare, artifacts, reports)",
    )
    .option("--tracking-uri <uri>", "tracking store (default: MLFLOW_TRACKING_URI, else ./mlruns)")
    .option("--host <host>", "interface to listen on (other than loopback: reachable by others)", "127.0.0.1")
    .option("--port <port>", "port (0 picks a free one)", "5010")
    .action(async (options: UiCommandOptions) => {
      const { startUiServer } = await import("@iqf/ui");
      const ui = await startUiServer({
        ...(options.trackingUri ? { tracking: options.trackingUri } : {}),
        host: options.host,
        port: parsePort(options.port),
        onWarning: (message) => process.stderr.write(`iqf: warning: ${message}\n`),
      });
      process.stdout.write(`iqf ui: ${ui.url} (store ${ui.store.uri}; Ctrl-C stops)\n`);
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off("SIGINT", stop);
          process.off("SIGTERM", stop);
          ui.close().then(resolve);
        };
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
      });
    });
}
