import type { SanityCode } from "./codes.js";

/** What was (or would be, without `out`) done about a problem. */
export type FixAction =
  | "remove-image"
  | "remove-annotation"
  | "remove-category"
  | "remove-feature"
  | "set-size"
  | "recompute-bbox"
  | "clip-bbox"
  | "recompute-area"
  | "close-ring"
  | "drop-ring"
  | "repair-geometry"
  | "none";

/** The fix for one problem. */
export interface SanityFix {
  /** The action. `none` means the problem cannot be fixed automatically. */
  readonly action: FixAction;
  /** Details, e.g. the new size or the areas before and after a geometry repair. */
  readonly detail?: string;
  /** True when the fix was written to the sanitized copy. */
  readonly applied: boolean;
}

/** The image entry a problem concerns (COCO `images[index]`, or the image a feature names). */
export interface ImageRef {
  /** Index in the COCO `images` list. */
  readonly index?: number;
  /** COCO image id. */
  readonly id?: unknown;
  /** File name as written in the annotations. */
  readonly fileName?: string;
}

/** One problem found in a dataset. */
export interface SanityProblem {
  /** Stable code; see `sanityCodes`. */
  readonly code: SanityCode;
  /** The file the problem is in (annotation file, or image file for image problems). */
  readonly file: string;
  /** Human-readable explanation. */
  readonly message: string;
  /** The image concerned. */
  readonly image?: ImageRef;
  /** The COCO annotation concerned (`annotations[index]`). */
  readonly annotation?: { readonly index: number; readonly id?: unknown };
  /** The COCO category concerned (`categories[index]`). */
  readonly category?: { readonly index: number; readonly id?: unknown };
  /** The GeoJSON feature concerned (`features[index]`). */
  readonly feature?: { readonly index: number };
  /** The closest iquaflow `SanityCheck` code (`ERR_JSON_…`), when there is one. */
  readonly legacyCode?: string;
  /** What is done about it. */
  readonly fix: SanityFix;
}

/** Result of {@link checkDataset}. */
export interface SanityReport {
  /** Dataset root folder. */
  readonly dataset: string;
  /** Images folder. */
  readonly imagesDir: string;
  /** Annotation file checked, when there is one. */
  readonly annotations?: string;
  /** Annotation format. */
  readonly format: "coco" | "geojson" | "none";
  /** Counts of what was checked. */
  readonly checked: { readonly images: number; readonly annotations: number; readonly categories: number };
  /** Every problem, in file order. */
  readonly problems: readonly SanityProblem[];
  /** Notes that are not problems, e.g. an empty annotation file treated as "no annotations" (left out of a sanitized copy). */
  readonly warnings: readonly string[];
  /** Number of problems per code. */
  readonly summary: Partial<Record<SanityCode, number>>;
  /** Folder of the sanitized copy, when one was written. */
  readonly output?: string;
  /** What the sanitized copy holds, when one was written. */
  readonly kept?: { readonly images: number; readonly annotations: number };
  /** True when no problem was found. */
  readonly clean: boolean;
  /** True when a sanitized copy was written and every problem in it was fixed. */
  readonly fixedAll: boolean;
}
