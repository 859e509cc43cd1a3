import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { DsWrapper, openImageFile } from "@iqf/datasets";
import { type RunEntry, RunTags } from "@iqf/experiments";
import { measureImageSnr, measureSharpness } from "@iqf/metrics";
import sharp from "sharp";
import type { ReportSample, SampleQuality } from "./report-data.js";

/** Longest side of a sample thumbnail, in pixels. */
const THUMBNAIL_SIZE = 360;

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** SNR and mean X/Y RER of one image; a figure that cannot be measured is `null`. */
async function measureQuality(path: string): Promise<SampleQuality> {
  const snr = await measureImageSnr(path).then(
    (result) => finiteOrNull(result.snr),
    () => null,
  );
  const rer = await measureSharpness(path, { concurrency: 1 }).then(
    (report) => {
      const values = [report.RER_X, report.RER_Y].filter(Number.isFinite);
      return values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null;
    },
    () => null,
  );
  return { snr, rer };
}

/** A JPEG thumbnail of exactly `width` × `height` pixels, as a `data:` URI. */
async function thumbnail(path: string, width: number, height: number): Promise<string> {
  const bytes = await (await openImageFile(path))
    .resize({ width, height, fit: "fill" })
    .toColourspace("srgb")
    .jpeg({ quality: 80 })
    .toBuffer();
  return `data:image/jpeg;base64,${bytes.toString("base64")}`;
}

/** The reference dataset a modified dataset was made from: `<dir>/<name>#…` → `<dir>/<name>`. */
function originalOf(modified: string): string {
  return join(dirname(modified), basename(modified).split("#")[0]!);
}

async function sampleOf(modifier: string, datasetPath: string): Promise<ReportSample | undefined> {
  const original = originalOf(datasetPath);
  if (original === datasetPath || !existsSync(datasetPath) || !existsSync(original)) return undefined;
  const [modifiedSet, originalSet] = await Promise.all([
    DsWrapper.open(datasetPath),
    DsWrapper.open(original),
  ]);
  const image = (await modifiedSet.listImages())[0];
  if (image === undefined) return undefined;
  const before = join(originalSet.layout.imagesDir, image);
  const after = join(modifiedSet.layout.imagesDir, image);
  if (!existsSync(before)) return undefined;
  const meta = await sharp(before).metadata();
  const scale = Math.min(1, THUMBNAIL_SIZE / Math.max(meta.width ?? 1, meta.height ?? 1));
  const width = Math.max(1, Math.round((meta.width ?? 1) * scale));
  const height = Math.max(1, Math.round((meta.height ?? 1) * scale));
  return {
    modifier,
    image,
    original: await thumbnail(before, width, height),
    modified: await thumbnail(after, width, height),
    originalQuality: await measureQuality(before),
    modifiedQuality: await measureQuality(after),
  };
}

/**
 * One before/after sample per modified train dataset of the runs that still exists on disk:
 * its first image beside the same image of the original dataset (thumbnails of equal size),
 * with the SNR and RER measured on both. Datasets that are gone or unreadable are left out.
 */
export async function collectSamples(entries: readonly RunEntry[]): Promise<ReportSample[]> {
  const datasets = new Map<string, string>();
  for (const entry of entries) {
    const modifier = entry.params.modifier ?? entry.tags[RunTags.modifier];
    if (entry.datasetPath !== undefined && modifier !== undefined && modifier !== "none")
      if (!datasets.has(modifier)) datasets.set(modifier, entry.datasetPath);
  }
  const samples: ReportSample[] = [];
  for (const [modifier, path] of datasets) {
    const sample = await sampleOf(modifier, path).catch(() => undefined);
    if (sample) samples.push(sample);
  }
  return samples;
}
