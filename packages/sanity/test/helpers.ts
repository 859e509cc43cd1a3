import { cp, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository folders the tests read. */
export const repo = fileURLToPath(new URL("../../../", import.meta.url));
export const data = join(repo, "data");
export const reference = join(repo, "fixtures/reference/iquaflow/sanity");

/** A fresh temporary folder. */
export function temporaryFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), "iqf-sanity-"));
}

/** Reads a JSON file. */
export async function readJson<T = Record<string, unknown>>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, "utf8")) as T;
}

/**
 * Rebuilds the broken datasets iquaflow's reference outputs were made from: the sample copied,
 * its annotations replaced by the broken ones, and one image overwritten with text.
 */
export async function brokenDataset(kind: "coco" | "geo", corruptImage = true): Promise<string> {
  const folder = join(await temporaryFolder(), `broken_${kind}`);
  if (kind === "coco") {
    await cp(join(data, "ds_coco_dataset"), folder, { recursive: true });
    await cp(join(reference, "inputs/broken_coco_annotations.json"), join(folder, "coco_annotations.json"));
    if (corruptImage) await writeFile(join(folder, "images/000000184613.jpg"), "NOT A JPEG".repeat(100));
  } else {
    await cp(join(data, "ds_geo_dataset"), folder, { recursive: true });
    await cp(join(reference, "inputs/broken_geo_annots.geojson"), join(folder, "annots.geojson"));
    if (corruptImage) {
      await writeFile(join(folder, "images/sample_geotiff_733601_3725139.tif"), "NOT A TIFF".repeat(100));
    }
  }
  return folder;
}

export { treeHashes as folderHashes } from "../../../test-support/tree-hashes.js";
