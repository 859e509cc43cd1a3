import { createRequire } from "node:module";
import { Command } from "commander";
import { commandRegistrations } from "./commands/index.js";

const packageJson = createRequire(import.meta.url)("../package.json") as { version: string };

/** Builds the `iqf` command-line program with every sub-command registered. */
export function createProgram(): Command {
  const program = new Command("iqf")
    .description("Measure how image quality changes what your models can do.")
    .version(packageJson.version)
    .enablePositionalOptions()
    .showHelpAfterError()
    .configureOutput({ outputError: (text, write) => write(text) });
  for (const register of commandRegistrations) register(program);
  return program;
}
