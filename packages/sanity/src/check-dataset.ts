import { basename } from "node:path";
import {
  blankAnnotationWarning,
  DEFAULT_MAX_ANNOTATION_BYTES,
  InvalidParams,
  isBlankAnnotationFile,
  type ProgressCallback,
  readAnnotationFile,
  zodProblems,
} from "@iqf/core";
import { listImageFiles } from "@iqf/datasets";
import { z } from "zod";
import { checkCoco, type FormatCheckResult, type FormatCheckSettings } from "./check-coco.js";
import { checkGeoJson } from "./check-geojson.js";
import type { SanityCode } from "./codes.js";
import { resolveSanityTarget, type SanitySource } from "./dataset-source.js";
import { imagePath, probeImages } from "./image-files.js";
import type { SanityProblem, SanityReport } from "./report.js";
import { writeSanitizedCopy } from "./sanitized-copy.js";

/** Options of {@link checkDataset}, validated with zod. */
export const sanityOptionsSchema = z.object({
  /** Write a sanitized copy of the dataset into this folder (fixes applied, bad images left out). */
  out: z.string().min(1).optional(),
  /** Replace `out` when it already exists and is not empty. */
  overwrite: z.boolean().default(false),
  /** Images decoded or copied at once (default: one per core). */
  concurrency: z.number().int().positive().optional(),
  /** Refuse annotation files larger than this many bytes. */
  maxAnnotationBytes: z.number().int().positive().default(DEFAULT_MAX_ANNOTATION_BYTES),
  /** Progress of image decoding. */
  onProgress: z.custom<ProgressCallback>((v) => typeof v === "function").optional(),
  /** Cancels the check between images. */
  signal: z.custom<AbortSignal>((v) => v instanceof AbortSignal).optional(),
});

/** Options of {@link checkDataset}. */
export type SanityOptions = z.input<typeof sanityOptionsSchema>;

async function checkImagesOnly(imagesDir: string, settings: FormatCheckSettings): Promise<FormatCheckResult> {
  const names = await listImageFiles(imagesDir);
  const probes = await probeImages(
    names.map((n) => imagePath(imagesDir, n)),
    settings,
  );
  const problems: SanityProblem[] = [];
  const keptImages: string[] = [];
  for (const name of names) {
    const path = imagePath(imagesDir, name);
    const probe = probes.get(path)!;
    if (probe.status === "ok") keptImages.push(name);
    else {
      problems.push({
        code: probe.status === "missing" ? "IMAGE_MISSING" : "IMAGE_UNDECODABLE",
        file: path,
        image: { fileName: name },
        message:
          probe.status === "missing"
            ? `image file ${path} vanished`
            : `image file ${path} does not decode: ${probe.reason}`,
        fix: { action: "remove-image", applied: settings.applied },
      });
    }
  }
  return {
    problems,
    sanitized: {},
    keptImages,
    checked: { images: names.length, annotations: 0, categories: 0 },
    keptAnnotations: 0,
  };
}

function summarise(problems: readonly SanityProblem[]): Partial<Record<SanityCode, number>> {
  const summary: Partial<Record<SanityCode, number>> = {};
  for (const p of problems) summary[p.code] = (summary[p.code] ?? 0) + 1;
  return summary;
}

/**
 * Checks a dataset — COCO or GeoJSON annotations and the image files, which are decoded for real
 * in parallel — and returns a report listing every problem with a stable code and its fix.
 * With `out`, also writes a sanitized copy (rewritten annotations, only the good images) into that
 * folder atomically; the input is never modified.
 *
 * Bad input throws a typed `IqfError` naming the file: `DATASET_NOT_FOUND`, `ANNOTATIONS_NOT_FOUND`,
 * `INVALID_FILE` (not JSON, or COCO with string ids), `ANNOTATIONS_UNRECOGNISED` (neither COCO nor
 * GeoJSON), `ANNOTATIONS_TOO_LARGE`, `INVALID_PARAMS`. An unknown CRS and GeoJSON features that are
 * not polygons are `warnings`, as in `iqf stats`.
 *
 * @example
 * ```ts
 * const report = await checkDataset("data/ds_coco_dataset", { out: "/tmp/ds_coco_clean" });
 * for (const p of report.problems) console.log(p.code, p.message, p.fix.action);
 * ```
 */
export async function checkDataset(source: SanitySource, options: SanityOptions = {}): Promise<SanityReport> {
  const parsed = sanityOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new InvalidParams("sanity", zodProblems(parsed.error.issues));
  }
  const opts = parsed.data;
  const target = await resolveSanityTarget(source);
  const settings: FormatCheckSettings = {
    applied: opts.out !== undefined,
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  };
  const blank = target.annotations !== undefined && (await isBlankAnnotationFile(target.annotations));
  const warnings = blank ? [blankAnnotationWarning(target.annotations!)] : [];
  const document =
    target.annotations && !blank
      ? await readAnnotationFile(target.annotations, { maxBytes: opts.maxAnnotationBytes })
      : undefined;
  const result = !document
    ? await checkImagesOnly(target.imagesDir, settings)
    : document.format === "coco"
      ? await checkCoco(document.file, document.data, target.imagesDir, settings)
      : await checkGeoJson(document.file, document.data, target.imagesDir, settings);
  const output =
    opts.out === undefined
      ? undefined
      : await writeSanitizedCopy({
          out: opts.out,
          overwrite: opts.overwrite,
          imagesDir: target.imagesDir,
          images: result.keptImages,
          root: target.root,
          ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
          ...(document
            ? { annotations: { name: basename(document.file), content: JSON.stringify(result.sanitized) } }
            : {}),
        });
  const clean = result.problems.length === 0;
  return {
    dataset: target.root,
    imagesDir: target.imagesDir,
    ...(target.annotations ? { annotations: target.annotations } : {}),
    format: document?.format ?? "none",
    checked: result.checked,
    warnings: [...warnings, ...(result.warnings ?? [])],
    problems: result.problems,
    summary: summarise(result.problems),
    ...(output
      ? { output, kept: { images: result.keptImages.length, annotations: result.keptAnnotations } }
      : {}),
    clean,
    fixedAll: output !== undefined && result.problems.every((p) => p.fix.applied),
  };
}
