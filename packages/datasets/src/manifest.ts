import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Params, withoutByteOrderMark, writeFileAtomic } from "@iqf/core";
import { z } from "zod";

/** File name of the manifest the modification pipeline writes into every modified dataset. */
export const MANIFEST_FILE = ".iqf-dataset.json";

const paramValue = z.union([z.string(), z.number(), z.boolean()]);

/** What the pipeline records about how a modified dataset was produced. */
export interface DatasetManifest {
  /** Manifest format version. */
  readonly version: 1;
  /** Name of the modifier of the last step, e.g. `jpg85_modifier`. */
  readonly modifier: string;
  /** That modifier's own params (compared to decide reuse). */
  readonly modifierParams: Params;
  /** Params of the modified dataset besides `ds_name` (chain name and every step's params). */
  readonly datasetParams: Params;
  /** Fingerprint of the source files the output was built from. */
  readonly sourceFingerprint: string;
  /**
   * Package versions that produced the output (pipeline and modifier); absent in manifests of
   * versions before it was recorded, which are therefore never reused.
   */
  readonly producer?: string;
  /**
   * Digest of the output's file listing (`listFiles`: names, sizes, modification times) when it
   * was built; an output whose files no longer match was changed afterwards (e.g. by a task
   * writing into its input) and is rebuilt instead of reused.
   */
  readonly files?: string;
  /** True when every image was written; only complete outputs are reused. */
  readonly complete: boolean;
  /** Number of images written. */
  readonly images: number;
  /** Images that failed, with the reason. */
  readonly failed: readonly { readonly file: string; readonly error: string }[];
}

const manifestSchema = z.object({
  version: z.literal(1),
  modifier: z.string(),
  modifierParams: z.record(z.string(), paramValue),
  datasetParams: z.record(z.string(), paramValue),
  sourceFingerprint: z.string(),
  producer: z.string().optional(),
  files: z.string().optional(),
  complete: z.boolean(),
  images: z.number().int().nonnegative(),
  failed: z.array(z.object({ file: z.string(), error: z.string() })),
});

/** Reads a dataset's manifest, or `undefined` when it has none or it is unreadable. */
export async function readManifest(root: string): Promise<DatasetManifest | undefined> {
  let text: string;
  try {
    text = await readFile(join(root, MANIFEST_FILE), "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(withoutByteOrderMark(text)));
    return parsed.success ? (parsed.data as DatasetManifest) : undefined;
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
