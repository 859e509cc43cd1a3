import { cp, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { ModifiedImage, Modifier, ModifyContext, Raster, SourceImage } from "@iqf/core";

/** Repository root (tests run from it or from the package). */
export const repoRoot = resolve(import.meta.dirname, "../../..");

/** Copies a sample dataset from `data/` into a fresh temporary folder; returns the copy's path. */
export async function copySample(name: string): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), "iqf-datasets-"));
  const target = join(parent, name);
  await cp(join(repoRoot, "data", name), target, { recursive: true });
  return target;
}

/** Inverts every sample of a raster (max − value). */
export function invert(raster: Raster): Raster {
  const max = raster.sampleType === "uint16" ? 65535 : 255;
  const data = raster.data.slice();
  for (let i = 0; i < data.length; i++) data[i] = max - data[i]!;
  return { ...raster, data };
}

/** Test modifier: inverts the pixels and returns them as a raster; records the contexts it saw. */
export class InvertModifier implements Modifier {
  readonly name: string;
  readonly params: { strength: number };
  readonly contexts: ModifyContext[] = [];
  readonly producer: string;
  prepared = 0;

  constructor(strength = 1, producer = "@test/invert@1.0.0") {
    this.params = { strength };
    this.producer = producer;
    this.name = `invert${strength}_modifier`;
  }

  async prepare(): Promise<void> {
    this.prepared++;
  }

  async modifyImage(image: SourceImage, context: ModifyContext): Promise<ModifiedImage> {
    this.contexts.push(context);
    const first = await image.decode();
    const second = await image.decode();
    if (first !== second) throw new Error("decode() is not cached");
    return { raster: invert(first) };
  }
}

export { treeHashes } from "../../../test-support/tree-hashes.js";
