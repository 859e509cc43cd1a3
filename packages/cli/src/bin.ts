#!/usr/bin/env node
import { reportError } from "./error-line.js";
import { runCli } from "./run-cli.js";

// A reader that went away (`iqf runs … | head`) ends the output quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
for (const event of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(event, (error: unknown) => {
    reportError(error);
    process.exit(1);
  });
}

process.exitCode = await runCli(process.argv);
