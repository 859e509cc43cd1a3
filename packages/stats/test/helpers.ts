import { cp, mkdtemp, readdir, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";

/** Repository root (tests run from it). */
export const repoRoot = resolve(import.meta.dirname, "../../..");
/** The in-repo sample datasets. */
export const cocoDataset = join(repoRoot, "data/ds_coco_dataset");
export const geoDataset = join(repoRoot, "data/ds_geo_dataset");

/** A fresh temporary folder. */
export function tempDir(prefix = "iqf-stats-"): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

/** Copies a sample dataset into a temporary folder and returns the copy's path. */
export async function copyDataset(source: string): Promise<string> {
  const target = join(await tempDir(), source.split("/").pop()!);
  await cp(source, target, { recursive: true });
  return target;
}

/** Every file under a folder with its size and modification time, to prove nothing changed. */
export async function snapshot(folder: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else {
        const info = await stat(path);
        result[relative(folder, path)] = `${info.size}:${info.mtimeMs}`;
      }
    }
  };
  await walk(folder);
  return result;
}

/** Reads a reference stats.json written by iquaflow. */
export async function readReference(name: string): Promise<{ file?: string; obj: string; stats: unknown }[]> {
  return JSON.parse(await readFile(join(repoRoot, "fixtures/reference/iquaflow/dsstats", name), "utf8"));
}
