import { IqfError } from "@iqf/core";
import { CommanderError } from "commander";
import { createProgram } from "./program.js";

/**
 * Runs `iqf` with the given argv (`process.argv` shape) and resolves to the exit code.
 * Expected failures (`IqfError`) are printed as one line on stderr without a stack trace.
 */
export async function runCli(argv: readonly string[]): Promise<number> {
  const program = createProgram().exitOverride();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof IqfError) {
      process.stderr.write(`iqf: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
