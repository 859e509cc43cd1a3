export type { CommandRegistration } from "./commands/index.js";
export { createProgram } from "./program.js";
export { runCli } from "./run-cli.js";
