import type { CocoArrays } from "./accumulate.js";
import type { CocoEvalParams } from "./params.js";
import { SliceAverager, thresholdIndices } from "./summarize.js";
import type { DetectionTable, GroundTruthTable } from "./tables.js";

/**
 * Results of one category (area range `all`, or the first range; the largest maxDets). AP and
 * AR are averaged like the summary statistics; −1 when the category has no counted object.
 */
export interface CocoCategoryResult {
  /** The category id. */
  readonly categoryId: number;
  /** The category name from the ground truth (empty when it has none). */
  readonly name: string;
  /** AP averaged over all IoU thresholds and recall thresholds. */
  readonly ap: number;
  /** AP at IoU 0.5 (−1 when 0.5 is not one of the thresholds). */
  readonly ap50: number;
  /** AP at IoU 0.75 (−1 when 0.75 is not one of the thresholds). */
  readonly ap75: number;
  /** Recall averaged over the IoU thresholds. */
  readonly ar: number;
  /** Ground-truth annotations of the category on the evaluated images (crowd regions included). */
  readonly groundTruths: number;
  /** Detections of the category on the evaluated images (before the maxDets cut). */
  readonly detections: number;
}

function countByCategory(
  count: number,
  imageId: Float64Array,
  categoryId: Float64Array,
  images: ReadonlySet<number>,
): Map<number, number> {
  const counts = new Map<number, number>();
  for (let n = 0; n < count; n++) {
    if (!images.has(imageId[n] as number)) continue;
    const id = categoryId[n] as number;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

/** Per-category AP/AR and counts; empty when categories are pooled (`useCats: false`). */
export function perCategoryResults(
  arrays: CocoArrays,
  params: CocoEvalParams,
  gt: GroundTruthTable,
  dt: DetectionTable,
): CocoCategoryResult[] {
  if (!params.useCats) return [];
  const averager = new SliceAverager(arrays, params);
  const images = new Set(params.imageIds);
  const gtCounts = countByCategory(gt.count, gt.imageId, gt.categoryId, images);
  const dtCounts = countByCategory(dt.count, dt.imageId, dt.categoryId, images);
  const all = Array.from({ length: params.iouThresholds.length }, (_, t) => t);
  const at50 = thresholdIndices(params, 0.5);
  const at75 = thresholdIndices(params, 0.75);
  const area = Math.max(
    0,
    params.areaRanges.findIndex((r) => r.label === "all"),
  );
  const maxDet = params.maxDets.length - 1;
  return params.categoryIds.map((categoryId, k) => {
    const slice = { categories: [k], area, maxDet };
    return {
      categoryId,
      name: gt.categoryNames.get(categoryId) ?? "",
      ap: averager.precision({ ...slice, thresholds: all }),
      ap50: averager.precision({ ...slice, thresholds: at50 }),
      ap75: averager.precision({ ...slice, thresholds: at75 }),
      ar: averager.recall({ ...slice, thresholds: all }),
      groundTruths: gtCounts.get(categoryId) ?? 0,
      detections: dtCounts.get(categoryId) ?? 0,
    };
  });
}
