import { InvalidParams, type ProgressCallback, zodProblems } from "@iqf/core";
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

/** Validates options with the zod schema, which names each problem. */
async function parseEvalOptions(options: unknown): Promise<CocoEvalOptions> {
  const { cocoEvalOptionsSchema } = await import("./options-schema.js");
  const parsed = cocoEvalOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new InvalidParams("evaluateCoco options", zodProblems(parsed.error.issues));
  }
  return parsed.data;
}

const sortedUnique = (values: readonly number[]) => [...new Set(values)].sort((a, b) => a - b);

const isUnit = (value: unknown) => typeof value === "number" && value >= 0 && value <= 1;
const isFiniteNumber = (value: unknown) => typeof value === "number" && Number.isFinite(value);
const isListOf = (value: unknown, item: (entry: unknown) => boolean, minLength = 0) =>
  Array.isArray(value) && value.length >= minLength && value.every(item);
const isAreaRange = (value: unknown) => {
  if (typeof value !== "object" || value === null || Object.keys(value).length !== 2) return false;
  const { label, range } = value as { label?: unknown; range?: unknown };
  return (
    typeof label === "string" &&
    label.length > 0 &&
    Array.isArray(range) &&
    range.length === 2 &&
    range.every(isFiniteNumber)
  );
};

/** A check per option: `undefined` always passes; rules as in `cocoEvalOptionsSchema`. */
const OPTION_CHECKS: Readonly<Record<keyof CocoEvalOptions, (value: unknown) => boolean>> = {
  iouThresholds: (value) => isListOf(value, isUnit, 1),
  recallThresholds: (value) =>
    isListOf(value, isUnit, 1) &&
    (value as number[]).every((v, i, all) => i === 0 || v > (all[i - 1] as number)),
  maxDets: (value) => isListOf(value, (v) => Number.isSafeInteger(v) && (v as number) > 0, 1),
  areaRanges: (value) =>
    isListOf(value, isAreaRange, 1) &&
    new Set((value as CocoAreaRange[]).map((r) => r.label)).size === (value as CocoAreaRange[]).length,
  categoryIds: (value) => isListOf(value, isFiniteNumber),
  imageIds: (value) => isListOf(value, isFiniteNumber),
  useCats: (value) => typeof value === "boolean",
  perImage: (value) =>
    typeof value === "boolean" ||
    (typeof value === "object" &&
      value !== null &&
      Object.keys(value).length === 1 &&
      isListOf((value as { iouThresholds?: unknown }).iouThresholds, isUnit, 1)),
  onProgress: (value) => typeof value === "function",
};

/**
 * True for options that `cocoEvalOptionsSchema` accepts unchanged: a cheap check for the common
 * case, so that zod is loaded only to explain bad options.
 */
function isPlainEvalOptions(options: unknown): options is CocoEvalOptions {
  if (typeof options !== "object" || options === null || Array.isArray(options)) return false;
  return Object.entries(options).every(([key, value]) => {
    const check = Object.hasOwn(OPTION_CHECKS, key) ? OPTION_CHECKS[key as keyof CocoEvalOptions] : undefined;
    return check !== undefined && (value === undefined || check(value));
  });
}

/**
 * Validates options and resolves them against the ground truth.
 *
 * @throws InvalidParams naming each bad option.
 */
export async function resolveCocoParams(
  options: CocoEvalOptions,
  groundTruth: GroundTruthTable,
): Promise<{ params: CocoEvalParams; onProgress: ProgressCallback | undefined }> {
  const o = isPlainEvalOptions(options) ? options : await parseEvalOptions(options);
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
