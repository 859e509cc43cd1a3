import { mkdtemp, realpath, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { localArtifactFolder, type TrackingStore } from "@iqf/tracking";

/** A run's artifact file ready to be sent. */
export interface ArtifactFile {
  /** Absolute path of the file to send. */
  readonly path: string;
  /** Size in bytes. */
  readonly size: number;
  /** Removes the temporary download, when there is one. */
  readonly release: () => Promise<void>;
}

/**
 * Splits a requested artifact path into its segments, or `undefined` when it could leave the
 * run's artifact root: empty, absolute, with `..`, `.`, empty segments, backslashes or NUL.
 */
export function artifactSegments(path: string): string[] | undefined {
  if (path === "" || path.startsWith("/") || /[\\\0]/.test(path)) return undefined;
  const segments = path.split("/");
  if (segments.some((segment) => segment === "" || segment === "." || segment === "..")) return undefined;
  return segments;
}

/** Whether `path` is `root` or inside it (both already resolved through symlinks). */
function inside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Finds an artifact file of a run, only ever inside the run's artifact root: the path is
 * checked segment by segment, and for a local root the real path (symlinks resolved) must
 * still lie inside the root's real path. Remote roots (an MLflow server's artifacts) are
 * downloaded through the store into a temporary folder. `undefined` when there is no such file.
 */
export async function findArtifactFile(
  store: TrackingStore,
  runId: string,
  path: string,
): Promise<ArtifactFile | undefined> {
  const segments = artifactSegments(path);
  if (segments === undefined) return undefined;
  const run = await store.getRun(runId);
  const local = localArtifactFolder(run.info.artifactUri);
  if (local !== undefined) {
    try {
      const root = await realpath(local);
      const target = await realpath(join(root, ...segments));
      if (!inside(root, target)) return undefined;
      const info = await stat(target);
      return info.isFile() ? { path: target, size: info.size, release: async () => {} } : undefined;
    } catch {
      return undefined;
    }
  }
  const scratch = await mkdtemp(join(tmpdir(), "iqf-ui-"));
  const release = () => rm(scratch, { recursive: true, force: true });
  try {
    const downloaded = await store.downloadArtifacts(runId, segments.join("/"), scratch);
    const info = await stat(downloaded);
    if (info.isFile() && inside(await realpath(scratch), await realpath(downloaded)))
      return { path: downloaded, size: info.size, release };
  } catch {
    // not found on the server
  }
  await release();
  return undefined;
}
