import { lstat, mkdir, rm } from "node:fs/promises";
import { basename, isAbsolute, join, relative, resolve } from "node:path";
import {
  AnnotationsNotFound,
  blankAnnotationWarning,
  checkOutputFolder,
  type DatasetLayout,
  defaultConcurrency,
  InvalidParams,
  isBlankAnnotationFile,
  type ProgressCallback,
  writeFileAtomic,
  writeOutputMarker,
  zodProblems,
} from "@iqf/core";
import { listImageFiles } from "@iqf/datasets";
import { z } from "zod";
import { type AnnotationFile, loadAnnotationFile } from "./annotation-file.js";
import { cocoAnnotationTable, geojsonAnnotationTable } from "./annotation-table.js";
import { cocoStatsEntries } from "./coco-stats.js";
import { type DsStatsSource, resolveDataset } from "./dataset-source.js";
import { type GeojsonColumns, geojsonColumns, geojsonSummary } from "./geojson-stats.js";
import { annotationSummaryHtml } from "./html/annotation-summary.js";
import { imagePreviewHtml } from "./html/image-preview.js";
import { readImageSizes } from "./image-sizes.js";
import { maskCoverage } from "./mask-coverage.js";
import { exactMean } from "./numeric.js";
import { cocoPlots, geojsonPlots, maskPlots, type PlotJob, writePlot } from "./plots.js";
import { buildImagePreview } from "./preview.js";
import type { FileStatsEntry, StatsEntry } from "./stats-types.js";

const optionsSchema = z.strictObject({
  outputDir: z.string().min(1).optional(),
  force: z.boolean().optional(),
  plots: z.boolean().optional(),
  html: z.boolean().optional(),
  concurrency: z.number().int().min(1).optional(),
  maxAnnotationBytes: z.number().int().positive().optional(),
  previewSample: z.number().int().min(1).optional(),
  previewSeed: z.number().int().optional(),
  thumbnailSize: z.number().int().min(16).max(4096).optional(),
  onProgress: z
    .custom<ProgressCallback>((value) => typeof value === "function", "expected a function")
    .optional(),
  signal: z
    .custom<AbortSignal>((value) => value instanceof AbortSignal, "expected an AbortSignal")
    .optional(),
});

/** Options of {@link DsStats}. */
export interface DsStatsOptions {
  /**
   * Folder receiving `stats.json`, `images/*.png|svg` (plots), `annotations.html` and
   * `preview.html`. Without it nothing is written and {@link DsStats.performStats} only
   * returns the statistics. It may not lie inside the dataset folder.
   */
  readonly outputDir?: string;
  /**
   * Write into `outputDir` even when it is a file or a folder iqf did not create (otherwise
   * refused with `OutputInTheWay`; an empty folder or an earlier stats output is fine).
   */
  readonly force?: boolean;
  /** Write the plots (default true; needs `outputDir`). */
  readonly plots?: boolean;
  /** Write the two HTML pages (default true; needs `outputDir`). */
  readonly html?: boolean;
  /** Images read at once (default: one per core). */
  readonly concurrency?: number;
  /** Annotation files larger than this are refused (default 256 MiB). */
  readonly maxAnnotationBytes?: number;
  /** Images shown in the preview page (default 24). */
  readonly previewSample?: number;
  /** Seed of the preview's deterministic sample (default 0). */
  readonly previewSeed?: number;
  /** Thumbnail size in pixels (default 256). */
  readonly thumbnailSize?: number;
  /** Progress of the long steps (`image sizes`, `masks`, `plots`, `thumbnails`). */
  readonly onProgress?: ProgressCallback;
  /** Cancels the work. */
  readonly signal?: AbortSignal;
}

/** Paths written by {@link DsStats.performStats}. */
export interface StatsOutputs {
  /** `stats.json`. */
  readonly statsJson: string;
  /** Plot files (`.svg` and `.png`). */
  readonly plots: string[];
  /** The annotation summary page, when written. */
  readonly annotationSummary?: string;
  /** The image preview page, when written. */
  readonly imagePreview?: string;
}

/** What {@link DsStats.performStats} returns. */
export interface StatsResult {
  /** The `stats.json` entries, in iquaflow's order (mask folders, COCO file, GeoJSON file). */
  readonly entries: StatsEntry[];
  /** The dataset parts that were read. */
  readonly dataset: DatasetLayout;
  /** The files written, when `outputDir` was given. */
  readonly outputs?: StatsOutputs;
  /** Notes that did not stop the statistics, e.g. an empty annotation file treated as "no annotations". */
  readonly warnings: readonly string[];
}

/** Drops blank annotation files (0 bytes, like iquaflow's inria sample) from a layout, with a warning each. */
async function withoutBlankAnnotations(
  layout: DatasetLayout,
): Promise<{ dataset: DatasetLayout; warnings: string[] }> {
  const warnings: string[] = [];
  const dataset: { -readonly [K in keyof DatasetLayout]: DatasetLayout[K] } = { ...layout };
  for (const key of ["cocoAnnotations", "geojsonAnnotations"] as const) {
    const file = layout[key];
    if (file !== undefined && (await isBlankAnnotationFile(file))) {
      warnings.push(blankAnnotationWarning(file));
      delete dataset[key];
    }
  }
  return { dataset, warnings };
}

/** True when `inner` is `outer` or lies inside it. */
function isInside(inner: string, outer: string): boolean {
  const path = relative(resolve(outer), resolve(inner));
  return path === "" || (!path.startsWith("..") && !isAbsolute(path));
}

/**
 * Dataset statistics, iquaflow's `DsStats`: mean image size, class histogram, area coverage
 * by class (background included), bounding-box and image aspect-ratio and area histograms
 * (numpy bins) for COCO; areas, rotated minimum rectangles, bounding boxes, angles,
 * compactness and centroids (min/mean/max) for GeoJSON; pixel coverage of mask folders. The
 * numbers equal iquaflow's on its samples. Optionally writes `stats.json`, PNG and SVG plots
 * and two self-contained HTML pages. The dataset is only read.
 *
 * @example
 * ```ts
 * const { entries } = await new DsStats("data/ds_coco_dataset", { outputDir: "coco-stats" }).performStats();
 * ```
 */
export class DsStats {
  private readonly options: DsStatsOptions;

  /**
   * @param source - a dataset folder, an opened `DsWrapper` (its `layout` is used) or explicit files.
   * @param options - see {@link DsStatsOptions}; validated here.
   */
  constructor(
    readonly source: DsStatsSource,
    options: DsStatsOptions = {},
  ) {
    const parsed = optionsSchema.safeParse(options);
    if (!parsed.success) {
      throw new InvalidParams("DsStats", zodProblems(parsed.error.issues));
    }
    this.options = options;
  }

  /** Computes every statistic and, with `outputDir`, writes `stats.json`, the plots and the HTML pages. */
  async performStats(): Promise<StatsResult> {
    const { signal, onProgress } = this.options;
    const concurrency = this.options.concurrency ?? defaultConcurrency();
    const { dataset, warnings } = await withoutBlankAnnotations(await resolveDataset(this.source));
    const outputDir = this.options.outputDir;
    if (outputDir !== undefined && isInside(outputDir, dataset.root)) {
      throw new InvalidParams("DsStats", [
        `outputDir: ${outputDir} lies inside the dataset ${dataset.root}; choose a folder outside it (datasets are never written)`,
      ]);
    }
    if (outputDir !== undefined) {
      await checkOutputFolder(outputDir, {
        force: this.options.force === true,
        forceHint: "--force (force: true)",
      });
    }
    if (
      !dataset.cocoAnnotations &&
      !dataset.geojsonAnnotations &&
      !dataset.masksDir &&
      warnings.length === 0
    ) {
      throw new AnnotationsNotFound(
        dataset.root,
        "no COCO *.json, *.geojson or *_mask folder to compute statistics from",
      );
    }
    const readOptions = this.options.maxAnnotationBytes ? { maxBytes: this.options.maxAnnotationBytes } : {};
    const coco = dataset.cocoAnnotations
      ? await loadAnnotationFile(dataset.cocoAnnotations, readOptions)
      : undefined;
    const geojson = dataset.geojsonAnnotations
      ? await loadAnnotationFile(dataset.geojsonAnnotations, readOptions)
      : undefined;

    const entries: StatsEntry[] = [];
    const plots: PlotJob[] = [];
    if (dataset.masksDir) {
      const stats = await maskCoverage(dataset.masksDir, concurrency, signal);
      const entry = { mask_dir: basename(dataset.masksDir), obj: "area_coverage_by_class", stats } as const;
      entries.push(entry);
      plots.push(...maskPlots(entry));
      onProgress?.({ done: 1, total: 1, item: dataset.masksDir, label: "masks" });
    }
    if (coco) {
      const cocoEntries = cocoStatsEntries(coco.path, this.expect(coco, "coco").data);
      entries.push(...cocoEntries);
      plots.push(...cocoPlots(basename(coco.path), cocoEntries));
    }
    let columns: GeojsonColumns | undefined;
    if (geojson) {
      const file = this.expect(geojson, "geojson");
      columns = geojsonColumns(file.data);
      entries.push(await this.geojsonImagesEntry(file, dataset, concurrency));
      entries.push({ file: file.path, obj: "geojson", stats: geojsonSummary(columns) });
      // An empty feature list is valid; it has nothing to plot (no charts with NaN axes).
      if (columns.area.length > 0)
        plots.push(...geojsonPlots(columns, file.crs.kind === "geographic" ? "degree" : "CRS unit"));
      warnings.push(...file.warnings);
    }
    if (entries.length === 0) entries.push(await this.allImagesEntry(dataset, concurrency));
    if (outputDir === undefined) return { entries, dataset, warnings };
    const outputs = await this.writeOutputs(
      outputDir,
      dataset,
      entries,
      plots,
      coco ?? geojson,
      columns,
      warnings,
    );
    return { entries, dataset, outputs, warnings };
  }

  /** Narrows an annotation file to the kind its extension promises, or explains the mismatch. */
  private expect<K extends AnnotationFile["kind"]>(
    file: AnnotationFile,
    kind: K,
  ): Extract<AnnotationFile, { kind: K }> {
    if (file.kind !== kind) {
      throw new InvalidParams("DsStats", [
        `${file.path} holds ${file.kind === "coco" ? "COCO" : "GeoJSON"} annotations but its extension says ${kind === "coco" ? "COCO (.json)" : "GeoJSON (.geojson)"}; rename it`,
      ]);
    }
    return file as Extract<AnnotationFile, { kind: K }>;
  }

  /** Mean image size over every image of an image-only dataset. */
  private async allImagesEntry(dataset: DatasetLayout, concurrency: number): Promise<FileStatsEntry> {
    const names = await listImageFiles(dataset.imagesDir);
    const sizes = await readImageSizes(
      names.map((name) => join(dataset.imagesDir, name)),
      concurrency,
      undefined,
      this.options.signal,
    );
    return {
      file: dataset.imagesDir,
      obj: "images",
      stats: {
        mean_height: exactMean(sizes.map((size) => size.height)),
        mean_width: exactMean(sizes.map((size) => size.width)),
      },
    };
  }

  /** Mean image size over the GeoJSON's feature rows; each distinct image's header is read once. */
  private async geojsonImagesEntry(
    file: Extract<AnnotationFile, { kind: "geojson" }>,
    dataset: DatasetLayout,
    concurrency: number,
  ): Promise<FileStatsEntry> {
    const rows = file.data.features
      .map((feature) => feature.properties?.image_filename)
      .filter((name): name is string => typeof name === "string");
    const distinct = [...new Set(rows)];
    const sizes = await readImageSizes(
      distinct.map((name) => join(dataset.imagesDir, name)),
      concurrency,
      (path, index) =>
        this.options.onProgress?.({
          done: index + 1,
          total: distinct.length,
          item: path,
          label: "image sizes",
        }),
      this.options.signal,
    );
    const byName = new Map(distinct.map((name, index) => [name, sizes[index]!]));
    const heights = Float64Array.from(rows, (name) => byName.get(name)!.height);
    const widths = Float64Array.from(rows, (name) => byName.get(name)!.width);
    return {
      file: file.path,
      obj: "images",
      stats: { mean_height: exactMean(heights), mean_width: exactMean(widths) },
    };
  }

  /** Writes stats.json, the plots and the HTML pages into `outputDir`; images left out of the preview are added to `warnings`. */
  private async writeOutputs(
    outputDir: string,
    dataset: DatasetLayout,
    entries: readonly StatsEntry[],
    plots: readonly PlotJob[],
    annotations: AnnotationFile | undefined,
    columns: GeojsonColumns | undefined,
    warnings: string[],
  ): Promise<StatsOutputs> {
    const { onProgress, signal } = this.options;
    // --force over a file or link: that path is replaced by the folder; a folder is written into.
    if ((await lstat(outputDir).catch(() => undefined))?.isDirectory() === false) await rm(outputDir);
    await mkdir(outputDir, { recursive: true });
    await writeOutputMarker(outputDir, "iqf stats");
    const statsJson = await writeFileAtomic(join(outputDir, "stats.json"), `${JSON.stringify(entries)}\n`);
    const plotFiles: string[] = [];
    if (this.options.plots !== false) {
      for (const [index, job] of plots.entries()) {
        signal?.throwIfAborted();
        plotFiles.push(...(await writePlot(job, join(outputDir, "images"))));
        onProgress?.({ done: index + 1, total: plots.length, item: job.name, label: "plots" });
      }
    }
    if (this.options.html === false) return { statsJson, plots: plotFiles };
    let annotationSummary: string | undefined;
    if (annotations) {
      const table =
        annotations.kind === "coco"
          ? cocoAnnotationTable(dataset.name, annotations.path, annotations.data)
          : geojsonAnnotationTable(dataset.name, annotations.path, annotations.data, columns!);
      annotationSummary = await writeFileAtomic(
        join(outputDir, "annotations.html"),
        annotationSummaryHtml(table),
      );
    }
    const preview = await buildImagePreview(dataset.imagesDir, annotations, {
      title: dataset.name,
      sample: this.options.previewSample ?? 24,
      seed: this.options.previewSeed ?? 0,
      thumbnailSize: this.options.thumbnailSize ?? 256,
      concurrency: this.options.concurrency ?? defaultConcurrency(),
      onThumbnail: (name, done, total) => onProgress?.({ done, total, item: name, label: "thumbnails" }),
      ...(signal ? { signal } : {}),
    });
    for (const { name, reason } of preview.skipped ?? []) {
      warnings.push(
        `${join(dataset.imagesDir, name)}: left out of preview.html, it could not be read (${reason})`,
      );
    }
    const imagePreview = await writeFileAtomic(join(outputDir, "preview.html"), imagePreviewHtml(preview));
    return {
      statsJson,
      plots: plotFiles,
      ...(annotationSummary ? { annotationSummary } : {}),
      imagePreview,
    };
  }
}
