import { constants, type Dirent, type Stats } from "node:fs";
import { type FileHandle, lstat, open, readdir, realpath, stat } from "node:fs/promises";
import { basename, isAbsolute, join, relative } from "node:path";
import { InvalidParams } from "@iqf/core";
import { joinArtifactPath, normaliseArtifactPath } from "../artifact-paths.js";

/** One file to log: where it is read from and its path inside the run's artifacts. */
export interface ArtifactUpload {
  /** File on disk (a regular file; for a link inside the logged folder, its target). */
  readonly source: string;
  /** `/`-separated path inside the run's artifacts. */
  readonly target: string;
}

/** An entry that was not logged, and why. */
export interface SkippedArtifact {
  /** Path of the entry on disk. */
  readonly path: string;
  /** Why it was left out, e.g. `a FIFO, not a regular file`. */
  readonly reason: string;
}

/** What logging a file or folder uploads and leaves out. */
export interface ArtifactPlan {
  /** Regular files to upload, sorted by target. */
  readonly uploads: ArtifactUpload[];
  /** Entries left out: special files, links leaving the folder or to folders, unreadable files. */
  readonly skipped: SkippedArtifact[];
}

/** What `logArtifact` did: how many files it logged and which entries it left out. */
export interface LoggedArtifacts {
  /** Number of files logged. */
  readonly files: number;
  /** Entries left out, with the reason. */
  readonly skipped: readonly SkippedArtifact[];
}

function kindOf(entry: Dirent | Stats): string {
  if (entry.isFIFO()) return "a FIFO";
  if (entry.isSocket()) return "a socket";
  if (entry.isCharacterDevice() || entry.isBlockDevice()) return "a device";
  return "not a regular file";
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** Plans a symbolic link: a link to a regular file inside the logged folder is logged with the target's content. */
async function planLink(path: string, target: string, realRoot: string, plan: ArtifactPlan): Promise<void> {
  const real = await realpath(path).catch(() => undefined);
  if (real === undefined) {
    plan.skipped.push({ path, reason: "a broken symbolic link" });
    return;
  }
  if (!isInside(realRoot, real)) {
    plan.skipped.push({ path, reason: `a symbolic link to ${real}, outside the logged folder` });
    return;
  }
  const info = await stat(real);
  if (info.isFile()) plan.uploads.push({ source: real, target });
  else if (info.isDirectory()) {
    plan.skipped.push({
      path,
      reason: "a symbolic link to a folder (its files are logged under the folder's own name)",
    });
  } else plan.skipped.push({ path, reason: `a symbolic link to ${kindOf(info)}` });
}

async function walk(folder: string, prefix: string, realRoot: string, plan: ArtifactPlan): Promise<void> {
  const entries = await readdir(folder, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(folder, entry.name);
    const target = joinArtifactPath(prefix, entry.name);
    if (entry.isDirectory()) await walk(path, target, realRoot, plan);
    else if (entry.isFile()) plan.uploads.push({ source: path, target });
    else if (entry.isSymbolicLink()) await planLink(path, target, realRoot, plan);
    else plan.skipped.push({ path, reason: `${kindOf(entry)}, not a regular file` });
  }
}

/**
 * The files to upload when logging `localPath` under `artifactPath`: a file goes to
 * `<artifactPath>/<name>`, a folder's content to `<artifactPath>/…` (as MLflow's `log_artifact(s)`).
 * Only regular files are uploaded: FIFOs, sockets and devices are left out (reading them could
 * block forever), symbolic links are never followed out of the folder, and a link to a folder is
 * left out (its files are logged under the folder's own path). Nothing is opened for reading.
 * @param localPath - a file or folder on disk.
 * @param artifactPath - destination folder inside the run's artifacts (root when absent).
 */
export async function planArtifactUpload(
  localPath: string,
  artifactPath: string | undefined,
): Promise<ArtifactPlan> {
  const base = normaliseArtifactPath(artifactPath);
  let info: Stats;
  try {
    info = await lstat(localPath);
  } catch {
    throw new InvalidParams("logArtifact", [`localPath '${localPath}' does not exist`]);
  }
  const plan: ArtifactPlan = { uploads: [], skipped: [] };
  if (info.isDirectory()) await walk(localPath, base, await realpath(localPath), plan);
  else if (info.isFile())
    plan.uploads.push({ source: localPath, target: joinArtifactPath(base, basename(localPath)) });
  else plan.skipped.push({ path: localPath, reason: `${kindOf(info)}, not a regular file` });
  return plan;
}

/**
 * Opens a planned file for reading without blocking and without following a link that appeared
 * since planning; resolves to `undefined` (with the reason recorded) when it is no longer a
 * readable regular file.
 * @param upload - the planned file.
 * @param skipped - receives the reason when the file is left out.
 */
export async function openArtifactSource(
  upload: ArtifactUpload,
  skipped: SkippedArtifact[],
): Promise<FileHandle | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(upload.source, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT"
        ? "removed while being logged"
        : code === "ELOOP"
          ? "replaced by a symbolic link while being logged"
          : `not readable (${code ?? (error as Error).message})`;
    skipped.push({ path: upload.source, reason });
    return undefined;
  }
  const info = await handle.stat();
  if (info.isFile()) return handle;
  await handle.close();
  skipped.push({ path: upload.source, reason: `${kindOf(info)}, not a regular file` });
  return undefined;
}
