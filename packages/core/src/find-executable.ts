import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { delimiter, isAbsolute, join, resolve } from "node:path";

/** Where an executable was found, or why it was not. */
export type ExecutableLookup = { readonly path: string } | { readonly problem: string };

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
 * Looks an executable up the way the operating system will when it is spawned: a name without
 * `/` is searched on `PATH`, a path is taken relative to `cwd`. A miss is described with the
 * places searched and the fix, so a typo can be reported before anything runs.
 * @param command - the program as configured, e.g. `python3` or `./sr.sh`.
 * @param cwd - the folder a relative path starts at.
 * @param env - the environment whose `PATH` is searched.
 */
export async function findExecutable(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<ExecutableLookup> {
  if (command.includes("/")) {
    const path = isAbsolute(command) ? command : resolve(cwd, command);
    if (await isExecutableFile(path)) return { path };
    return { problem: `${path} does not exist or is not an executable file (chmod +x it)` };
  }
  const folders = (env.PATH ?? "").split(delimiter).filter((folder) => folder !== "");
  for (const folder of folders) {
    const candidate = join(folder, command);
    if (await isExecutableFile(candidate)) return { path: candidate };
  }
  return {
    problem: `it is not on PATH (${folders.join(delimiter) || "PATH is empty"}); install it or give its full path`,
  };
}
