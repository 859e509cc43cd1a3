import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { CommandNotFound } from "../errors.js";

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return false;
    await access(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves a task's executable the way the operating system will when it is spawned: a name
 * without `/` is searched on `PATH`, a path is taken relative to `cwd`. Throws
 * `CommandNotFound` with the places searched, so a typo is reported before any run starts.
 */
export async function resolveCommand(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (command.includes("/")) {
    const path = isAbsolute(command) ? command : resolve(cwd, command);
    if (await isExecutableFile(path)) return path;
    throw new CommandNotFound(command, `${path} does not exist or is not an executable file (chmod +x it)`);
  }
  const folders = (env.PATH ?? "").split(delimiter).filter((folder) => folder !== "");
  for (const folder of folders) {
    const candidate = join(folder, command);
    if (await isExecutableFile(candidate)) return candidate;
  }
  throw new CommandNotFound(
    command,
    `it is not on PATH (${folders.join(delimiter) || "PATH is empty"}); install it or give its full path`,
  );
}
