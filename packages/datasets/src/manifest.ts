import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Params } from "@iqf/core";
import { z } from "zod";
import { writeFileAtomic } from "./atomic-write.js";

/** File name of the manifest the modification pipeline writes into every modified dataset. */
export const MANIFEST_FILE = ".iqf-dataset.json";

const paramValue = z.union([z.string(), z.number(), z.boolean()]);

const manifestSchema = z.object({
  version: z.literal(1),
  modifier: z.string(),
  modifierParams: z.record(z.string(), paramValue),
  datasetParams: z.record(z.string(), paramValue),
  sourceFingerprint: z.string(),
  complete: z.boolean(),
  images: z.number().int().nonnegative(),
  failed: z.array(z.object({ file: z.string(), error: z.string() })),
});

/** What the pipeline records about how a modified dataset was produced. */
export type DatasetManifest = z.infer<typeof manifestSchema>;

/** Reads a dataset's manifest, or `undefined` when it has none or it is unreadable. */
export async function readManifest(root: string): Promise<DatasetManifest | undefined> {
  let text: string;
  try {
    text = await readFile(join(root, MANIFEST_FILE), "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Writes a dataset's manifest atomically. */
export async function writeManifest(root: string, manifest: DatasetManifest): Promise<void> {
  await writeFileAtomic(join(root, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** True when two parameter sets hold the same keys and values. */
export function sameParams(a: Params, b: Params): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.is(a[key], b[key]));
}
