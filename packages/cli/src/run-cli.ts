import { CommanderError } from "commander";
import { reportError } from "./error-line.js";
import { createProgram } from "./program.js";

/**
 * Runs `iqf` with the given argv (`process.argv` shape) and resolves to the exit code.
 * Every failure is printed as one `iqf:` line on stderr, never with a stack trace (set
 * `IQF_DEBUG=1` to add it); the exit code is then 1. A bad `IQF_MAX_PIXELS` is refused before
 * any command runs, rather than once per image.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = createProgram().exitOverride();
  try {
    if (process.env.IQF_MAX_PIXELS !== undefined) (await import("@iqf/datasets")).maxImagePixels();
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    reportError(error);
    return 1;
  }
}
