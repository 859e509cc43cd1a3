import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { copyFile, lstat, mkdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { checkOutputFolder, InvalidParams, writeOutputMarker } from "@iqf/core";

/** Files copied at once by default: copying waits on the disk, not the CPU. */
const COPY_CONCURRENCY = 16;

/** What goes into a sanitized copy. */
export interface SanitizedCopy {
  /** Output folder. */
  readonly out: string;
  /** Replace `out` even when it is a file or a folder iqf did not create. */
  readonly overwrite: boolean;
  /** Images folder of the input. */
  readonly imagesDir: string;
  /** Image file names (relative to `imagesDir`) to copy. */
  readonly images: readonly string[];
  /** Annotation file name and content, when there are annotations. */
  readonly annotations?: { readonly name: string; readonly content: string };
  /** Dataset root of the input, which the output may not overlap. */
  readonly root: string;
  /** Files copied at once. */
  readonly concurrency?: number;
}

const inside = (parent: string, child: string) => {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
};

async function assertWritable(copy: SanitizedCopy): Promise<void> {
  const out = resolve(copy.out);
  const root = resolve(copy.root);
  if (inside(root, out) || inside(out, root) || inside(out, resolve(copy.imagesDir))) {
    throw new InvalidParams("sanity", [
      `out ${copy.out} overlaps the dataset ${copy.root}; choose a folder outside it`,
    ]);
  }
  await checkOutputFolder(out, { force: copy.overwrite, forceHint: "--force (overwrite: true)" });
}

/**
 * Writes the sanitized dataset: the rewritten annotation file beside a copy of the images folder
 * holding only the kept images. Everything is written into a temporary sibling folder that is
 * renamed into place at the end, so `out` is either the old content or the complete new copy.
 * The copy holds iqf's output marker; an existing `out` is only replaced when it is empty or holds
 * that marker, unless `overwrite` is set. The input is only read.
 */
export async function writeSanitizedCopy(copy: SanitizedCopy): Promise<string> {
  await assertWritable(copy);
  const out = resolve(copy.out);
  const temporary = `${out}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const imagesOut = join(temporary, basename(copy.imagesDir));
    await mkdir(imagesOut, { recursive: true });
    await writeOutputMarker(temporary, "iqf sanity");
    if (copy.annotations) await writeFile(join(temporary, copy.annotations.name), copy.annotations.content);
    const folders = new Set(copy.images.map((name) => dirname(join(imagesOut, name))));
    for (const folder of folders) await mkdir(folder, { recursive: true });
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < copy.images.length; i = next++) {
        const name = copy.images[i]!;
        await copyFile(join(copy.imagesDir, name), join(imagesOut, name), constants.COPYFILE_FICLONE);
      }
    };
    const workers = Math.max(1, Math.min(copy.concurrency ?? COPY_CONCURRENCY, copy.images.length));
    await Promise.all(Array.from({ length: workers }, worker));
    if (await lstat(out).catch(() => undefined)) {
      const old = `${out}.${randomBytes(6).toString("hex")}.old`;
      await rename(out, old);
      await rename(temporary, out);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temporary, out);
    }
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  return out;
}
