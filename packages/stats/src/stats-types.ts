import type { BasicStats } from "./numeric.js";

/** Mean image size (`obj: "images"`). */
export interface ImageSizeStats {
  /** Mean of the image heights in pixels. */
  readonly mean_height: number;
  /** Mean of the image widths in pixels. */
  readonly mean_width: number;
}

/** Annotation count per category (`obj: "class_histo"`), categories sorted by id. */
export interface ClassHistoStats {
  /** Category ids used by at least one annotation, ascending. */
  readonly cat_ids: (number | string)[];
  /** The names of `cat_ids`. */
  readonly cat_names: string[];
  /** Number of annotations of each category of `cat_ids`. */
  readonly cat_tags_count: number[];
}

/** A list of values with its 10-bin numpy histogram, keyed as iquaflow keys it. */
export type ValuesHistogram<K extends "aspect_ratios" | "areas"> = {
  /** The values, in annotation or image order. */
  readonly [key in K]: number[];
} & {
  /** 11 bin edges (numpy `histogram`). */
  readonly bin_edges: number[];
  /** 10 counts. */
  readonly ar_counts: number[];
};

/** Statistics about one annotation file (COCO or GeoJSON): same keys and layout as iquaflow's `stats.json`. */
export type FileStatsEntry =
  | { readonly file: string; readonly obj: "images"; readonly stats: ImageSizeStats }
  | { readonly file: string; readonly obj: "class_histo"; readonly stats: ClassHistoStats }
  | { readonly file: string; readonly obj: "area_coverage_by_class"; readonly stats: Record<string, number> }
  | {
      readonly file: string;
      readonly obj: "bbox_aspect_ratio_histo";
      readonly stats: ValuesHistogram<"aspect_ratios">;
    }
  | { readonly file: string; readonly obj: "bbox_area_histo"; readonly stats: ValuesHistogram<"areas"> }
  | {
      readonly file: string;
      readonly obj: "images_aspect_ratio_histo";
      readonly stats: ValuesHistogram<"aspect_ratios">;
    }
  | { readonly file: string; readonly obj: "images_area_histo"; readonly stats: ValuesHistogram<"areas"> }
  | { readonly file: string; readonly obj: "geojson"; readonly stats: Record<GeojsonStatsKey, BasicStats> };

/** Pixel-value coverage of a mask folder, in percent per value. */
export interface MaskStatsEntry {
  /** Base name of the mask folder, e.g. `images_mask`. */
  readonly mask_dir: string;
  /** Always `area_coverage_by_class`. */
  readonly obj: "area_coverage_by_class";
  /** Percentage of pixels per pixel value (keys are the values as strings). */
  readonly stats: Record<string, number>;
}

/** One entry of `stats.json`. */
export type StatsEntry = MaskStatsEntry | FileStatsEntry;

/** The per-feature columns summarised for GeoJSON files, in `stats.json` order. */
export const GEOJSON_STATS_KEYS = [
  "area",
  "rarea",
  "rhigh",
  "rwidth",
  "rangle",
  "bbx_area",
  "bbx_high",
  "bbx_width",
  "bbx_angle",
  "compactness",
  "x",
  "y",
] as const;

/** Name of one per-feature GeoJSON column. */
export type GeojsonStatsKey = (typeof GEOJSON_STATS_KEYS)[number];
