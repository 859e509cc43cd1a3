import { InvalidParams, type ProgressCallback, zodProblems } from "@iqf/core";
import * as z from "zod";
import type { GroundTruthTable } from "./tables.js";

/**
 * `np.linspace(start, stop, num)` with the endpoint, as numpy computes it in doubles:
 * `start + i * ((stop - start) / (num - 1))`, the last value set exactly to `stop`.
 *
 * @param start - first value.
 * @param stop - last value.
 * @param num - number of values (≥ 1).
 * @returns the `num` values.
 */
export function numpyLinspace(start: number, stop: number, num: number): Float64Array {
  const values = new Float64Array(num);
  if (num === 0) return values;
  const step = (stop - start) / (num - 1);
  for (let i = 0; i < num; i++) values[i] = i * step + start;
  if (num > 1) values[num - 1] = stop;
  return values;
}

/** A named object-area range `[min, max]` (inclusive at both ends), in square pixels. */
export interface CocoAreaRange {
  /** Label, e.g. `all`, `small`; the summary statistics look up `all`, `small`, `medium`, `large`. */
  readonly label: string;
  /** Inclusive `[min, max]` area. */
  readonly range: readonly [number, number];
}

/** pycocotools' default area ranges: all, small (≤ 32²), medium (32²–96²), large (≥ 96²). */
export const COCO_DEFAULT_AREA_RANGES: readonly CocoAreaRange[] = [
  { label: "all", range: [0, 1e10] },
  { label: "small", range: [0, 32 ** 2] },
  { label: "medium", range: [32 ** 2, 96 ** 2] },
  { label: "large", range: [96 ** 2, 1e10] },
];

/** pycocotools' default detection limits per image and category. */
export const COCO_DEFAULT_MAX_DETS: readonly number[] = [1, 10, 100];

const unit = z.number().min(0).max(1);
const ascending = (values: readonly number[]) =>
  values.every((v, i) => i === 0 || v > (values[i - 1] as number));

/** Options of `evaluateCoco`; every field is optional and defaults to pycocotools' value. */
export const cocoEvalOptionsSchema = z.strictObject({
  iouThresholds: z.array(unit).min(1).optional(),
  recallThresholds: z.array(unit).min(1).refine(ascending, "must be strictly ascending").optional(),
  maxDets: z.array(z.number().int().positive()).min(1).optional(),
  areaRanges: z
    .array(z.object({ label: z.string().min(1), range: z.tuple([z.number(), z.number()]) }))
    .min(1)
    .refine((ranges) => new Set(ranges.map((r) => r.label)).size === ranges.length, "labels must be unique")
    .optional(),
  categoryIds: z.array(z.number()).optional(),
  imageIds: z.array(z.number()).optional(),
  useCats: z.boolean().optional(),
  perImage: z.union([z.boolean(), z.strictObject({ iouThresholds: z.array(unit).min(1) })]).optional(),
  onProgress: z.custom<ProgressCallback>((v) => typeof v === "function", "must be a function").optional(),
});

/**
 * Options of `evaluateCoco`. Defaults are pycocotools' `Params(iouType="bbox")`:
 * IoU thresholds `linspace(.5, .95, 10)`, recall thresholds `linspace(0, 1, 101)`,
 * maxDets `[1, 10, 100]`, area ranges all/small/medium/large, every ground-truth category and
 * image, per-category evaluation.
 */
export interface CocoEvalOptions {
  /** IoU thresholds (each in [0, 1]); default the 10 values 0.50:0.05:0.95 as numpy builds them. */
  readonly iouThresholds?: readonly number[];
  /** Recall thresholds, strictly ascending in [0, 1]; default the 101 values 0:0.01:1. */
  readonly recallThresholds?: readonly number[];
  /** Detections kept per image and category; sorted and de-duplicated; default `[1, 10, 100]`. */
  readonly maxDets?: readonly number[];
  /** Area ranges with unique labels; default {@link COCO_DEFAULT_AREA_RANGES}. */
  readonly areaRanges?: readonly CocoAreaRange[];
  /** Evaluate only these categories (sorted, de-duplicated); default all ground-truth categories. */
  readonly categoryIds?: readonly number[];
  /** Evaluate only these images (sorted, de-duplicated); default all ground-truth images. */
  readonly imageIds?: readonly number[];
  /** `false` pools all categories into one (class-agnostic); default `true`. */
  readonly useCats?: boolean;
  /**
   * Also report per-image true positives, false positives and misses: `true` at IoU 0.5 and
   * 0.75, or the given thresholds.
   */
  readonly perImage?: boolean | { readonly iouThresholds: readonly number[] };
  /** Progress, one event per evaluated category. */
  readonly onProgress?: ProgressCallback;
}

/** Fully resolved evaluation parameters (what was actually used). */
export interface CocoEvalParams {
  /** IoU thresholds, length T. */
  readonly iouThresholds: Float64Array;
  /** Recall thresholds, length R. */
  readonly recallThresholds: Float64Array;
  /** Detection limits, ascending, length M. */
  readonly maxDets: readonly number[];
  /** Area ranges, length A. */
  readonly areaRanges: readonly CocoAreaRange[];
  /** Category ids, ascending, length K (one pooled entry `-1` when `useCats` is false). */
  readonly categoryIds: readonly number[];
  /** Image ids, ascending, length I. */
  readonly imageIds: readonly number[];
  /** Whether categories are evaluated separately. */
  readonly useCats: boolean;
  /** IoU thresholds of the per-image report; empty when it was not asked for. */
  readonly perImageIouThresholds: readonly number[];
}

const sortedUnique = (values: readonly number[]) => [...new Set(values)].sort((a, b) => a - b);

/**
 * Validates options and resolves them against the ground truth.
 *
 * @throws InvalidParams naming each bad option.
 */
export function resolveCocoParams(
  options: CocoEvalOptions,
  groundTruth: GroundTruthTable,
): { params: CocoEvalParams; onProgress: ProgressCallback | undefined } {
  const parsed = cocoEvalOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new InvalidParams("evaluateCoco options", zodProblems(parsed.error.issues));
  }
  const o = parsed.data;
  const useCats = o.useCats ?? true;
  const perImage = o.perImage ?? false;
  const params: CocoEvalParams = {
    iouThresholds: o.iouThresholds ? Float64Array.from(o.iouThresholds) : numpyLinspace(0.5, 0.95, 10),
    recallThresholds: o.recallThresholds ? Float64Array.from(o.recallThresholds) : numpyLinspace(0, 1, 101),
    maxDets: sortedUnique(o.maxDets ?? COCO_DEFAULT_MAX_DETS),
    areaRanges: o.areaRanges ?? COCO_DEFAULT_AREA_RANGES,
    categoryIds: useCats ? sortedUnique(o.categoryIds ?? groundTruth.categoryIds) : [-1],
    imageIds: sortedUnique(o.imageIds ?? groundTruth.imageIds),
    useCats,
    perImageIouThresholds:
      perImage === false ? [] : perImage === true ? [0.5, 0.75] : [...perImage.iouThresholds],
  };
  return { params, onProgress: o.onProgress };
}
