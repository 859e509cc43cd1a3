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
 * Precision/recall of one (category, area range, maxDets) slot at every IoU threshold, from
 * the outcomes of the ranked detections. Only the steps where a true positive arrives are
 * materialised: recall `tp / npig` changes only there, so the left `searchsorted` of a recall
 * threshold lands on such a step (or on step 0), and pycocotools' right-to-left precision
 * envelope (a suffix maximum) is the maximum over those steps, because between two of them the
 * precision only falls. Every value is the same IEEE division pycocotools performs.
 */
class SlotCurves {
  /** `precisionAt[t * stride + c]`: precision when the c-th true positive arrives (c ≥ 1). */
  private precisionAt = new Float64Array(0);
  /** `stepOf[t * stride + c]`: rank of the detection that brought the c-th true positive. */
  private stepOf = new Int32Array(0);
  private readonly tp: Int32Array;
  private readonly fp: Int32Array;
  private stride = 0;

  /** @param T - number of IoU thresholds. */
  constructor(private readonly T: number) {
    this.tp = new Int32Array(T);
    this.fp = new Int32Array(T);
  }

  /**
   * Counts true/false positives along the ranking for every threshold; the outcomes of ranked
   * detection j start at `outcomes[(base + positions[j]) * T]`.
   */
  run(outcomes: Uint8Array, base: number, positions: Int32Array, npig: number): void {
    const T = this.T;
    this.stride = npig + 1;
    if (this.precisionAt.length < T * this.stride) {
      this.precisionAt = new Float64Array(T * this.stride);
      this.stepOf = new Int32Array(T * this.stride);
    }
    const { tp, fp, precisionAt, stepOf, stride } = this;
    tp.fill(0);
    fp.fill(0);
    for (let j = 0; j < positions.length; j++) {
      const row = (base + (positions[j] as number)) * T;
      for (let t = 0; t < T; t++) {
        const outcome = outcomes[row + t];
        if (outcome === DetectionOutcome.FalsePositive) {
          fp[t] = (fp[t] as number) + 1;
        } else if (outcome === DetectionOutcome.TruePositive) {
          const c = (tp[t] as number) + 1;
          tp[t] = c;
          precisionAt[t * stride + c] = c / ((fp[t] as number) + c + SPACING_ONE);
          stepOf[t * stride + c] = j;
        }
      }
    }
    for (let t = 0; t < T; t++) {
      for (let c = (tp[t] as number) - 1, at = t * stride + c; c >= 1; c--, at--) {
        if ((precisionAt[at + 1] as number) > (precisionAt[at] as number))
          precisionAt[at] = precisionAt[at + 1] as number;
      }
    }
  }

  /** True positives after all detections at threshold t. */
  truePositives(t: number): number {
    return this.tp[t] as number;
  }

  /** Enveloped precision from the c-th true positive on (c = 0: from the first detection). */
  envelope(t: number, c: number): number {
    if (c === 0) return (this.tp[t] as number) > 0 ? (this.precisionAt[t * this.stride + 1] as number) : 0;
    return this.precisionAt[t * this.stride + c] as number;
  }

  /** Rank where the c-th true positive arrived (c = 0: the first detection). */
  step(t: number, c: number): number {
    return c === 0 ? 0 : (this.stepOf[t * this.stride + c] as number);
  }
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
  const curves = new SlotCurves(T);
  const { outcomes, positives, present } = evaluation;
  for (let k = 0; k < K; k++) {
    if (!present.subarray(k * I, (k + 1) * I).includes(1)) continue;
    for (let m = 0; m < M; m++) {
      const ranked = rankDetections(k, params.maxDets[m] as number, cells, present, dt);
      const nd = ranked.positions.length;
      for (let a = 0; a < A; a++) {
        const npig = positives[k * A + a] as number;
        if (npig === 0) continue;
        curves.run(outcomes, a * keptCount, ranked.positions, npig);
        for (let t = 0; t < T; t++) {
          const found = curves.truePositives(t);
          recall[((t * K + k) * A + a) * M + m] = nd > 0 ? found / npig : 0;
          let c = 0;
          for (let r = 0; r < R; r++) {
            const threshold = params.recallThresholds[r] as number;
            while (c <= found && c / npig < threshold) c++;
            const at = (((t * R + r) * K + k) * A + a) * M + m;
            const reached = nd > 0 && c <= found;
            precision[at] = reached ? curves.envelope(t, c) : 0;
            scores[at] = reached ? (ranked.scores[curves.step(t, c)] as number) : 0;
          }
        }
      }
    }
  }
  return { precision, recall, scores };
}
