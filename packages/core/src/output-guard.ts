import { lstat, readdir, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { IqfError } from "./errors.js";

/** Name of the marker file iqf writes into every output folder it creates (sanitized copies, stats). */
export const OUTPUT_MARKER = ".iqf-output";

/** An output path is taken by something iqf did not create. */
export class OutputInTheWay extends IqfError {
  /**
   * @param path - the output path.
   * @param detail - what is in the way and how to get past it.
   */
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super("OUTPUT_IN_THE_WAY", `${path}: ${detail}`);
  }
}

/** The folder an output is to be written into does not exist (iqf never creates it silently). */
export class OutputFolderMissing extends IqfError {
  /**
   * @param path - the output path as given.
   * @param folder - the missing folder.
   */
  constructor(
    readonly path: string,
    readonly folder: string,
  ) {
    super(
      "OUTPUT_FOLDER_MISSING",
      `${path}: the folder ${folder} does not exist; create it first or choose another path`,
    );
  }
}

/**
 * The rule for every output path (file or folder): the folder it goes into must exist, so that a
 * mistyped path is refused instead of created. Nothing is changed on disk.
 * @param path - the output file or folder.
 * @throws OutputFolderMissing when its parent folder is missing (or is not a folder).
 */
export async function checkOutputParent(path: string): Promise<void> {
  const folder = dirname(resolve(path));
  if (!(await stat(folder).catch(() => undefined))?.isDirectory())
    throw new OutputFolderMissing(path, folder);
}

/** Options of {@link checkOutputFolder}. */
export interface OutputFolderOptions {
  /** Replace whatever is at the path (the user asked for it). */
  readonly force?: boolean;
  /** Files whose presence proves that iqf created the folder; {@link OUTPUT_MARKER} by default. */
  readonly markers?: readonly string[];
  /** How the user says "replace it", for the message; `--force` by default. */
  readonly forceHint?: string;
}

/** What is at an output path that {@link checkOutputFolder} allowed iqf to (re)place. */
export type OutputFolderState = "absent" | "empty" | "iqf" | "forced";

function listed(names: readonly string[]): string {
  const shown = names.slice(0, 3).join(", ");
  return names.length > 3 ? `${shown}, … (${names.length} entries)` : shown;
}

/**
 * The one rule for every output folder iqf writes: its parent folder must exist
 * ({@link checkOutputParent}); a missing path, an empty folder or a folder holding one of iqf's
 * markers may be (re)placed; a file, a link, a special file or a folder
 * with other content is refused with an {@link OutputInTheWay} naming what is there, unless
 * `force` is set. Nothing is changed on disk.
 * @param path - the output folder.
 * @param options - markers, `force` and the hint for the message.
 * @returns what is at the path.
 * @throws OutputInTheWay when something iqf did not create is in the way and `force` is not set;
 *   {@link OutputFolderMissing} when the folder it goes into does not exist.
 */
export async function checkOutputFolder(
  path: string,
  options: OutputFolderOptions = {},
): Promise<OutputFolderState> {
  const info = await lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  if (info === undefined) {
    await checkOutputParent(path);
    return "absent";
  }
  const hint = `choose another output, move it away, or pass ${options.forceHint ?? "--force"} to replace it`;
  if (!info.isDirectory()) {
    if (options.force) return "forced";
    const kind = info.isSymbolicLink() ? "a symbolic link" : info.isFile() ? "a file" : "a special file";
    throw new OutputInTheWay(path, `is ${kind}, not a folder iqf created; ${hint}`);
  }
  const entries = await readdir(path);
  if (entries.length === 0) return "empty";
  const markers = options.markers ?? [OUTPUT_MARKER];
  if (markers.some((marker) => entries.includes(marker))) return "iqf";
  if (options.force) return "forced";
  throw new OutputInTheWay(
    path,
    `already holds files iqf did not create (${listed(entries.sort())}); ${hint}`,
  );
}

/**
 * Writes {@link OUTPUT_MARKER} into a folder iqf is creating, so that a later run may replace it.
 * @param folder - the output folder (or its temporary copy).
 * @param producer - what wrote it, e.g. `iqf sanity`.
 */
export async function writeOutputMarker(folder: string, producer: string): Promise<void> {
  await writeFile(
    join(folder, OUTPUT_MARKER),
    `${JSON.stringify({ producer, note: "written by iqf; iqf may replace this folder" })}\n`,
  );
}
