import { copyFile, cp, mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidParams } from "@iqf/core";
import { joinArtifactPath, normaliseArtifactPath } from "../artifact-paths.js";
import { TrackingError } from "../errors.js";
import type { ArtifactInfo } from "../types.js";
import { temporaryName } from "./atomic.js";

/**
 * The local folder an artifact URI points to (`file:///…` or an absolute path), or `undefined`
 * when the URI names a remote store (`s3://`, `mlflow-artifacts:`, …).
 * @param uri - a run's `artifact_uri`.
 */
export function localArtifactFolder(uri: string): string | undefined {
  if (uri.startsWith("file://")) return fileURLToPath(uri);
  if (uri.startsWith("/") || /^[A-Za-z]:[\\/]/.test(uri)) return uri;
  return undefined;
}

/** Copies one file into place atomically (temporary name in the same folder, then rename). */
async function copyFileAtomic(source: string, destination: string): Promise<void> {
  await mkdir(dirname(destination), { recursive: true });
  const temporary = join(dirname(destination), temporaryName());
  try {
    await copyFile(source, temporary);
    await rename(temporary, destination);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** Every file below `folder`, as `/`-separated paths relative to it. */
export async function listFilesRecursively(folder: string, prefix = ""): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const relative = joinArtifactPath(prefix, entry.name);
    if (entry.isDirectory()) files.push(...(await listFilesRecursively(join(folder, entry.name), relative)));
    else files.push(relative);
  }
  return files.sort();
}

/**
 * The files to upload when logging `localPath` under `artifactPath`: a file goes to
 * `<artifactPath>/<name>`, a folder's content to `<artifactPath>/…` (as MLflow's `log_artifact(s)`).
 * @param localPath - a file or folder on disk.
 * @param artifactPath - destination folder inside the run's artifacts (root when absent).
 */
export async function planArtifactUpload(
  localPath: string,
  artifactPath: string | undefined,
): Promise<{ source: string; target: string }[]> {
  const base = normaliseArtifactPath(artifactPath);
  let info: import("node:fs").Stats;
  try {
    info = await stat(localPath);
  } catch {
    throw new InvalidParams("logArtifact", [`localPath '${localPath}' does not exist`]);
  }
  if (!info.isDirectory())
    return [{ source: localPath, target: joinArtifactPath(base, basename(localPath)) }];
  const files = await listFilesRecursively(localPath);
  return files.map((file) => ({
    source: join(localPath, ...file.split("/")),
    target: joinArtifactPath(base, file),
  }));
}

/**
 * Artifact operations on a local artifact folder (file stores, or servers whose artifact root is a
 * path on this machine).
 */
export class LocalArtifactFolder {
  /**
   * @param root - the run's artifact folder.
   * @param runId - the run, for messages.
   */
  constructor(
    readonly root: string,
    private readonly runId: string,
  ) {}

  /** Copies a file or folder under `artifactPath`, each file written atomically. */
  async log(localPath: string, artifactPath?: string): Promise<void> {
    for (const { source, target } of await planArtifactUpload(localPath, artifactPath)) {
      await copyFileAtomic(source, join(this.root, ...target.split("/")));
    }
  }

  /** Entries directly under `path`, sorted by path. */
  async list(path?: string): Promise<ArtifactInfo[]> {
    const relative = normaliseArtifactPath(path);
    const folder = join(this.root, ...relative.split("/").filter(Boolean));
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return [];
      throw error;
    }
    const infos = await Promise.all(
      entries.map(async (entry): Promise<ArtifactInfo> => {
        const entryPath = joinArtifactPath(relative, entry.name);
        if (entry.isDirectory()) return { path: entryPath, isDir: true };
        const { size } = await stat(join(folder, entry.name));
        return { path: entryPath, isDir: false, fileSize: size };
      }),
    );
    return infos.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Copies the artifact file or folder `path` into `destinationDir`; returns the local path. */
  async download(path: string, destinationDir: string): Promise<string> {
    const relative = normaliseArtifactPath(path);
    const source = join(this.root, ...relative.split("/").filter(Boolean));
    try {
      await stat(source);
    } catch {
      throw new TrackingError(
        "RESOURCE_DOES_NOT_EXIST",
        `Artifact '${relative === "" ? "(root)" : relative}' of run ${this.runId} does not exist in ${this.root}`,
      );
    }
    const destination = relative === "" ? destinationDir : join(destinationDir, basename(source));
    await mkdir(destinationDir, { recursive: true });
    await cp(source, destination, { recursive: true });
    return destination;
  }
}
