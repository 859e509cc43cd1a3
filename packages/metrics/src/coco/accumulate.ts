import type { CellIndex } from "./cells.js";
import { type CellEvaluation, DetectionOutcome } from "./evaluate-cells.js";
import type { CocoEvalParams } from "./params.js";
import { sortIndicesByKeyDescending } from "./sort.js";
import type { DetectionTable } from "./tables.js";

/** numpy's `np.spacing(1)`, added to the precision denominator by pycocotools. */
const SPACING_ONE = 2.220446049250313e-16;

/**
 * pycocotools' `eval` arrays, row-major (C order) like numpy. −1 marks a slot with no ground
 * truth (category absent, or all its objects ignored in that area range).
 */
export interface CocoArrays {
  /** Interpolated precision, shape `[T, R, K, A, M]`. */
  readonly precision: Float64Array;
  /** Final recall, shape `[T, K, A, M]`. */
  readonly recall: Float64Array;
  /** Score at each recall threshold, shape `[T, R, K, A, M]`. */
  readonly scores: Float64Array;
}

/** Kept detections of one category for one maxDets value, in accumulate's score order. */
interface RankedDetections {
  /** Positions in `CellIndex.dtRows`. */
  readonly positions: Int32Array;
  /** Their scores. */
  readonly scores: Float64Array;
}

/**
 * Concatenates the first `maxDet` kept detections of every present cell of category k (images
 * ascending) and sorts them by descending score, stably (numpy mergesort on −score).
 */
function rankDetections(
  k: number,
  maxDet: number,
  cells: CellIndex,
  present: Uint8Array,
  dt: DetectionTable,
): RankedDetections {
  const I = cells.imageCount;
  let total = 0;
  for (let i = 0; i < I; i++) {
    const c = k * I + i;
    if (present[c] === 1)
      total += Math.min(maxDet, (cells.dtStart[c + 1] as number) - (cells.dtStart[c] as number));
  }
  const gathered = new Int32Array(total);
  const gatheredScores = new Float64Array(total);
  let n = 0;
  for (let i = 0; i < I; i++) {
    const c = k * I + i;
    if (present[c] !== 1) continue;
    const from = cells.dtStart[c] as number;
    const to = Math.min(from + maxDet, cells.dtStart[c + 1] as number);
    for (let p = from; p < to; p++, n++) {
      gathered[n] = p;
      gatheredScores[n] = dt.score[cells.dtRows[p] as number] as number;
    }
  }
  const order = new Int32Array(total);
  for (let j = 0; j < total; j++) order[j] = j;
  sortIndicesByKeyDescending(order, gatheredScores);
  const positions = new Int32Array(total);
  const scores = new Float64Array(total);
  for (let j = 0; j < total; j++) {
    const from = order[j] as number;
    positions[j] = gathered[from] as number;
    scores[j] = gatheredScores[from] as number;
  }
  return { positions, scores };
}

/**
 * pycocotools' `accumulate()`: per category, area range and maxDets, the cumulative true and
 * false positives over detections ranked by score, recall = tp / positives, precision =
 * tp / (tp + fp + spacing(1)) made non-increasing from the right, sampled at the recall
 * thresholds with a left `searchsorted` (0 past the last reached recall).
 */
export function accumulate(
  cells: CellIndex,
  evaluation: CellEvaluation,
  dt: DetectionTable,
  params: CocoEvalParams,
): CocoArrays {
  const K = cells.categoryCount;
  const I = cells.imageCount;
  const T = params.iouThresholds.length;
  const R = params.recallThresholds.length;
  const A = params.areaRanges.length;
  const M = params.maxDets.length;
  const keptCount = cells.dtRows.length;
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  const scores = new Float64Array(T * R * K * A * M).fill(-1);
  let rc = new Float64Array(0);
  let pr = new Float64Array(0);
  const tp = new Int32Array(T);
  const fp = new Int32Array(T);
  const { outcomes, positives, present } = evaluation;
  for (let k = 0; k < K; k++) {
    if (!present.subarray(k * I, (k + 1) * I).includes(1)) continue;
    for (let m = 0; m < M; m++) {
      const ranked = rankDetections(k, params.maxDets[m] as number, cells, present, dt);
      const nd = ranked.positions.length;
      if (rc.length < T * nd) {
        rc = new Float64Array(T * nd);
        pr = new Float64Array(T * nd);
      }
      for (let a = 0; a < A; a++) {
        const npig = positives[k * A + a] as number;
        if (npig === 0) continue;
        tp.fill(0);
        fp.fill(0);
        for (let j = 0; j < nd; j++) {
          const row = (a * keptCount + (ranked.positions[j] as number)) * T;
          for (let t = 0, at = j; t < T; t++, at += nd) {
            const outcome = outcomes[row + t];
            if (outcome === DetectionOutcome.TruePositive) tp[t] = (tp[t] as number) + 1;
            else if (outcome === DetectionOutcome.FalsePositive) fp[t] = (fp[t] as number) + 1;
            const tpSum = tp[t] as number;
            rc[at] = tpSum / npig;
            pr[at] = tpSum / ((fp[t] as number) + tpSum + SPACING_ONE);
          }
        }
        for (let t = 0; t < T; t++) {
          const first = t * nd;
          const last = first + nd - 1;
          recall[((t * K + k) * A + a) * M + m] = nd > 0 ? (rc[last] as number) : 0;
          for (let j = last; j > first; j--) {
            if ((pr[j] as number) > (pr[j - 1] as number)) pr[j - 1] = pr[j] as number;
          }
          let j = 0;
          for (let r = 0; r < R; r++) {
            const threshold = params.recallThresholds[r] as number;
            while (j < nd && (rc[first + j] as number) < threshold) j++;
            const at = (((t * R + r) * K + k) * A + a) * M + m;
            const reached = j < nd;
            precision[at] = reached ? (pr[first + j] as number) : 0;
            scores[at] = reached ? (ranked.scores[j] as number) : 0;
          }
        }
      }
    }
  }
  return { precision, recall, scores };
}
