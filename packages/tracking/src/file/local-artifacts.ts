import { createWriteStream } from "node:fs";
import { cp, type FileHandle, mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { temporaryName } from "@iqf/core";
import { joinArtifactPath, normaliseArtifactPath } from "../artifact-paths.js";
import { TrackingError } from "../errors.js";
import type { ArtifactInfo } from "../types.js";
import {
  type LoggedArtifacts,
  openArtifactSource,
  planArtifactUpload,
  type SkippedArtifact,
} from "./artifact-sources.js";

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

/** Files up to this size are copied in one read and one write rather than streamed. */
const wholeFileLimit = 1 << 20;
/** Files copied at once by one `log` call. */
const copyConcurrency = 4;

/**
 * Copies an open file into place atomically (temporary name in the same folder, then rename);
 * the destination folder must exist.
 */
async function copyHandleAtomic(source: FileHandle, destination: string): Promise<void> {
  const temporary = join(dirname(destination), temporaryName());
  try {
    if ((await source.stat()).size <= wholeFileLimit) await writeFile(temporary, await source.readFile());
    else await pipeline(source.createReadStream({ autoClose: false }), createWriteStream(temporary));
    await rename(temporary, destination);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
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

  /**
   * Copies a file or folder under `artifactPath`, each regular file written atomically; entries
   * that are not regular files inside the folder are left out and reported (see `planArtifactUpload`).
   */
  async log(localPath: string, artifactPath?: string): Promise<LoggedArtifacts> {
    const { uploads, skipped } = await planArtifactUpload(localPath, artifactPath);
    const destinations = uploads.map((upload) => join(this.root, ...upload.target.split("/")));
    for (const folder of new Set(destinations.map((destination) => dirname(destination))))
      await mkdir(folder, { recursive: true });
    // Entries found unreadable while copying are reported in plan order, whatever order copies end in.
    const lateSkips = uploads.map((): SkippedArtifact[] => []);
    let files = 0;
    let next = 0;
    const copyNext = async (): Promise<void> => {
      while (next < uploads.length) {
        const index = next++;
        const handle = await openArtifactSource(uploads[index]!, lateSkips[index]!);
        if (handle === undefined) continue;
        try {
          await copyHandleAtomic(handle, destinations[index]!);
          files += 1;
        } finally {
          await handle.close();
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(copyConcurrency, uploads.length) }, copyNext));
    return { files, skipped: [...skipped, ...lateSkips.flat()] };
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
