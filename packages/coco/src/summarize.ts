import { numpyMean } from "@iqf/core";
import type { CocoArrays } from "./accumulate.js";
import { COCO_STAT_NAMES, type CocoStats } from "./names.js";
import type { CocoEvalParams } from "./params.js";

/** Which slice of the precision or recall array to average. */
interface Selection {
  /** IoU threshold indices. */
  readonly thresholds: readonly number[];
  /** Category indices. */
  readonly categories: readonly number[];
  /** Area range index (−1: label absent, the mean is then −1). */
  readonly area: number;
  /** maxDets index (−1: value absent, the mean is then −1). */
  readonly maxDet: number;
}

/** Averages the slots of a selection, ordered as numpy flattens them. */
export class SliceAverager {
  private readonly buffer: Float64Array;
  private readonly T: number;
  private readonly R: number;
  private readonly K: number;
  private readonly A: number;
  private readonly M: number;

  /**
   * @param arrays - the accumulated arrays.
   * @param params - the parameters they were computed with.
   */
  constructor(
    private readonly arrays: CocoArrays,
    params: CocoEvalParams,
  ) {
    this.T = params.iouThresholds.length;
    this.R = params.recallThresholds.length;
    this.K = params.categoryIds.length;
    this.A = params.areaRanges.length;
    this.M = params.maxDets.length;
    this.buffer = new Float64Array(this.T * this.R * this.K);
  }

  /**
   * pycocotools `_summarize` for AP: `np.mean(s[s > -1])` over `precision[t, :, k, area, maxDet]`
   * in C order (t, then recall threshold, then category); −1 if no slot is > −1.
   */
  precision(selection: Selection): number {
    if (selection.area < 0 || selection.maxDet < 0) return -1;
    const { R, K, A, M } = this;
    let n = 0;
    for (const t of selection.thresholds) {
      for (let r = 0; r < R; r++) {
        for (const k of selection.categories) {
          const value = this.arrays.precision[
            (((t * R + r) * K + k) * A + selection.area) * M + selection.maxDet
          ] as number;
          if (value > -1) this.buffer[n++] = value;
        }
      }
    }
    return n === 0 ? -1 : numpyMean(this.buffer, 0, n);
  }

  /** Like {@link SliceAverager.precision} for AR, over `recall[t, k, area, maxDet]` (t, then k). */
  recall(selection: Selection): number {
    if (selection.area < 0 || selection.maxDet < 0) return -1;
    const { K, A, M } = this;
    let n = 0;
    for (const t of selection.thresholds) {
      for (const k of selection.categories) {
        const value = this.arrays.recall[((t * K + k) * A + selection.area) * M + selection.maxDet] as number;
        if (value > -1) this.buffer[n++] = value;
      }
    }
    return n === 0 ? -1 : numpyMean(this.buffer, 0, n);
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** Indices of the IoU thresholds exactly equal to `value` (pycocotools' `np.where(iouThr == p.iouThrs)`). */
export function thresholdIndices(params: CocoEvalParams, value: number): number[] {
  return range(params.iouThresholds.length).filter((t) => params.iouThresholds[t] === value);
}

/**
 * pycocotools' `summarize()` for bbox: the 12 statistics. The three maxDets used are
 * `maxDets[0..2]` (the last one when fewer are given).
 */
export function summarizeStats(arrays: CocoArrays, params: CocoEvalParams): CocoStats {
  const averager = new SliceAverager(arrays, params);
  const allThresholds = range(params.iouThresholds.length);
  const categories = range(params.categoryIds.length);
  const area = (label: string) => params.areaRanges.findIndex((r) => r.label === label);
  const M = params.maxDets.length;
  const maxDet = (i: number) => Math.min(i, M - 1);
  const ap = (thresholds: readonly number[], label: string) =>
    averager.precision({ thresholds, categories, area: area(label), maxDet: maxDet(2) });
  const ar = (label: string, m: number) =>
    averager.recall({ thresholds: allThresholds, categories, area: area(label), maxDet: maxDet(m) });
  const values = [
    ap(allThresholds, "all"),
    ap(thresholdIndices(params, 0.5), "all"),
    ap(thresholdIndices(params, 0.75), "all"),
    ap(allThresholds, "small"),
    ap(allThresholds, "medium"),
    ap(allThresholds, "large"),
    ar("all", 0),
    ar("all", 1),
    ar("all", 2),
    ar("small", 2),
    ar("medium", 2),
    ar("large", 2),
  ];
  return Object.fromEntries(COCO_STAT_NAMES.map((name, i) => [name, values[i]])) as CocoStats;
}
