import { IqfError } from "@iqf/core";

const systemReasons: Readonly<Record<string, string>> = {
  ENOENT: "no such file or folder",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a folder, not a file",
  ENOTDIR: "a part of the path is not a folder",
  EEXIST: "already exists",
  ENOSPC: "no space left on the device",
  EROFS: "the file system is read-only",
  EMFILE: "too many open files",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links",
};

/**
 * The one `iqf:` line printed for an error: an `IqfError`'s message, a file-system error as
 * `<path>: <reason> (<code>)`, anything else with a hint to set `IQF_DEBUG=1` for the details.
 * Never a stack trace, never more than one line.
 * @param error - what was thrown.
 */
export function errorLine(error: unknown): string {
  let text: string;
  if (error instanceof IqfError) text = error.message;
  else {
    const system = error as NodeJS.ErrnoException & { dest?: string };
    const reason = system?.code === undefined ? undefined : systemReasons[system.code];
    if (reason !== undefined && system.path !== undefined) {
      const target = system.dest === undefined ? system.path : `${system.path} → ${system.dest}`;
      text = `${target}: ${reason} (${system.code})`;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      text = `${message} (unexpected error; set IQF_DEBUG=1 to see where it happened)`;
    }
  }
  return `iqf: ${text.replace(/\s*\n\s*/g, " ")}`;
}

/** Writes the error's line (and with `IQF_DEBUG=1` its stack) to stderr. */
export function reportError(error: unknown): void {
  process.stderr.write(`${errorLine(error)}\n`);
  if (process.env.IQF_DEBUG === "1" && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
}
