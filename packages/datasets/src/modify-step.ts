import { mkdirSync, readFile } from "node:fs";
import { copyFile, cp, mkdir, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import {
  checkOutputFolder,
  type DatasetLayout,
  InvalidFile,
  type Modifier,
  type ModifyContext,
  type Params,
  type ProgressCallback,
} from "@iqf/core";
import { forEachBounded } from "./bounded.js";
import { checkModifierFits, datasetHeaders } from "./dataset-headers.js";
import type { DsWrapper } from "./ds-wrapper.js";
import { NoImageModified } from "./errors.js";
import { listFiles, sealFiles } from "./file-listing.js";
import { fingerprintSource } from "./fingerprint.js";
import { byCodeUnits } from "./image-files.js";
import { sniffImageFormat } from "./image-format.js";
import { MANIFEST_FILE, readManifest, sameParams, writeManifest } from "./manifest.js";
import { modifiedLayout } from "./modified-layout.js";
import { commitOutput, createTemporaryOutput, removeStaleTemporaries } from "./output-folder.js";
import { ImageTooLarge } from "./pixel-limit.js";
import { producerOf } from "./producer.js";
import { DatasetImage } from "./source-image.js";
import { storeModified } from "./store-modified.js";

/** Settings of one modification step. */
export interface StepOptions {
  readonly concurrency: number;
  readonly onProgress?: ProgressCallback;
  readonly signal?: AbortSignal;
  readonly force?: boolean;
}

/** Outcome of one modification step. */
export interface StepResult {
  readonly output: string;
  readonly layout: DatasetLayout;
  readonly images: number;
  readonly failed: { file: string; error: string }[];
  readonly reused: boolean;
  /** True when a complete output was rebuilt because its files had changed since it was built. */
  readonly repaired: boolean;
}

/**
 * One-line failure reason, without the image's name (the caller names it): an `InvalidFile`
 * about the image gives its reason, and a message starting with the image's path or relative
 * path loses that prefix.
 */
function reasonOf(error: unknown, path: string, relative: string): string {
  const text =
    (error instanceof InvalidFile || error instanceof ImageTooLarge) && error.file === path
      ? error.reason
      : error instanceof Error
        ? error.message
        : String(error);
  const line = text.replace(/\s*\n\s*/g, " ");
  const prefix = [`${path}: `, `${relative}: `].find((name) => line.startsWith(name));
  return prefix === undefined ? line : line.slice(prefix.length);
}

function datasetParamsFor(source: DatasetLayout, modifier: Modifier): Params {
  const { ds_name: _name, modifier: previous, ...inherited } = source.params;
  const chainName =
    typeof previous === "string" && previous !== "" ? `${previous}#${modifier.name}` : modifier.name;
  return { ...inherited, ...modifier.params, modifier: chainName };
}

async function copyAnnotations(source: DatasetLayout, target: string): Promise<void> {
  const copies: Promise<void>[] = [];
  for (const file of [source.cocoAnnotations, source.geojsonAnnotations])
    if (file) copies.push(copyFile(file, join(target, basename(file))));
  if (source.masksDir)
    copies.push(cp(source.masksDir, join(target, basename(source.masksDir)), { recursive: true }));
  await Promise.all(copies);
}

interface ImageJob {
  readonly source: DatasetLayout;
  readonly modifier: Modifier;
  readonly imagesOut: string;
  readonly workRoot: string;
  readonly signal?: AbortSignal;
}

/**
 * The context handed to a modifier for one image. Its scratch folder is created the first time a
 * modifier reads `workDir` (most modifiers never do), so the pipeline only removes folders that exist.
 */
class ImageContext implements ModifyContext {
  readonly index: number;
  readonly signal?: AbortSignal;
  private readonly scratch: string;
  private created = false;

  constructor(index: number, scratch: string, signal?: AbortSignal) {
    this.index = index;
    this.scratch = scratch;
    if (signal) this.signal = signal;
  }

  get workDir(): string {
    if (!this.created) {
      mkdirSync(this.scratch, { recursive: true });
      this.created = true;
    }
    return this.scratch;
  }

  /** Removes the scratch folder when it was created. */
  async dispose(): Promise<void> {
    if (this.created) await rm(this.scratch, { recursive: true, force: true });
  }
}

/**
 * Reads a whole file through the callback API: per image it costs measurably less CPU than
 * `fs/promises`' `readFile`, which opens a file handle object for every read.
 */
const readImageFile = promisify(readFile);

/** Modifies one image; resolves to the failure reason, or `undefined` on success. */
async function modifyImageFile(job: ImageJob, relative: string, index: number): Promise<string | undefined> {
  // Modifiers get absolute paths, whatever the working folder of the caller or of their programs.
  const path = resolve(job.source.imagesDir, relative);
  const context = new ImageContext(index, join(job.workRoot, String(index)), job.signal);
  try {
    const bytes = await readImageFile(path);
    const format = sniffImageFormat(bytes);
    if (!format) return `not a JPEG, PNG or TIFF image (unrecognised header, ${bytes.length} bytes)`;
    const image = new DatasetImage(path, relative, format, bytes);
    const result = await job.modifier.modifyImage(image, context);
    const destination = join(job.imagesOut, relative);
    // The images folder itself exists; only nested sub-folders need creating.
    if (dirname(relative) !== ".") await mkdir(dirname(destination), { recursive: true });
    await storeModified(result, image, destination);
    return undefined;
  } catch (error) {
    if (job.signal?.aborted) throw job.signal.reason;
    return reasonOf(error, path, relative);
  } finally {
    await context.dispose();
  }
}

/**
 * Applies one modifier to a dataset, writing (or reusing) `<dataset>#<modifier.name>` next to it.
 */
export async function modifyOnce(
  dataset: DsWrapper,
  modifier: Modifier,
  options: StepOptions,
): Promise<StepResult> {
  const source = dataset.layout;
  const absoluteRoot = resolve(source.root);
  const output = join(dirname(absoluteRoot), `${basename(absoluteRoot)}#${modifier.name}`);
  const images = await dataset.listImages();
  const fingerprint = await fingerprintSource(source, images);
  const producer = producerOf(modifier);
  const datasetParams = datasetParamsFor(source, modifier);
  const layout = modifiedLayout(source, output, { ds_name: basename(output), ...datasetParams });
  const report = (done: number, item?: string) =>
    options.onProgress?.({
      done,
      total: images.length,
      label: modifier.name,
      ...(item !== undefined && { item }),
    });

  const existing = options.force ? undefined : await readManifest(output);
  const current =
    existing?.complete &&
    existing.modifier === modifier.name &&
    existing.sourceFingerprint === fingerprint &&
    existing.producer === producer &&
    sameParams(existing.modifierParams, modifier.params);
  // A current output is reused only while its files are as built (a task may have written into it).
  const untouched = current && existing.files === (await listFiles(output)).digest;
  if (untouched) {
    report(images.length);
    return { output, layout, images: existing.images, failed: [], reused: true, repaired: false };
  }

  // Params that cannot work for this dataset are refused before any folder or image is touched.
  await checkModifierFits(modifier, datasetHeaders(source, images));
  // Only a folder this pipeline wrote (its manifest proves it) is ever replaced, unless forced.
  await checkOutputFolder(output, {
    markers: [MANIFEST_FILE],
    ...(options.force && { force: true }),
    forceHint: "--force (force: true)",
  });
  await removeStaleTemporaries(output);
  const temporary = await createTemporaryOutput(output);
  try {
    await modifier.prepare?.(source);
    const imagesOut = join(temporary, basename(source.imagesDir));
    const workRoot = join(temporary, ".iqf-work");
    await Promise.all([mkdir(imagesOut), mkdir(workRoot), copyAnnotations(source, temporary)]);
    const failed: { file: string; error: string }[] = [];
    let done = 0;
    const job: ImageJob = {
      source,
      modifier,
      imagesOut,
      workRoot,
      ...(options.signal && { signal: options.signal }),
    };
    await forEachBounded(
      images,
      options.concurrency,
      async (relative, index) => {
        const error = await modifyImageFile(job, relative, index);
        if (error !== undefined) failed.push({ file: join(source.imagesDir, relative), error });
        report(++done, relative);
      },
      options.signal,
    );
    await rm(workRoot, { recursive: true, force: true });
    const sealed = await sealFiles(temporary);
    failed.sort((a, b) => byCodeUnits(a.file, b.file));
    const written = images.length - failed.length;
    if (written === 0 && images.length > 0) throw new NoImageModified(modifier.name, source.root, failed);
    await writeManifest(temporary, {
      version: 1,
      modifier: modifier.name,
      modifierParams: { ...modifier.params },
      datasetParams: { ...datasetParams },
      sourceFingerprint: fingerprint,
      producer,
      files: sealed.digest,
      complete: failed.length === 0,
      images: written,
      failed,
    });
    await commitOutput(temporary, output);
    return { output, layout, images: written, failed, reused: false, repaired: current === true };
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
}
