import { findExecutable } from "@iqf/core";
import { CommandNotFound } from "../errors.js";

/**
 * Resolves a task's executable the way the operating system will when it is spawned
 * (`findExecutable` of `@iqf/core`). Throws `CommandNotFound` with the places searched, so a
 * typo is reported before any run starts.
 */
export async function resolveCommand(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const found = await findExecutable(command, cwd, env);
  if ("path" in found) return found.path;
  throw new CommandNotFound(command, found.problem);
}
