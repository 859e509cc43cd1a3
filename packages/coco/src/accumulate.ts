import type { CellIndex } from "./cells.js";
import { type CellEvaluation, DetectionOutcome, MIXED_OUTCOMES } from "./evaluate-cells.js";
import type { CocoEvalParams } from "./params.js";
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

/**
 * Every kept detection ranked as accumulate ranks them: grouped by category, and within one by
 * descending score, stably. pycocotools concatenates a category's per-image lists (images
 * ascending, each by score) and mergesorts them by −score; a tie therefore keeps position order
 * in `CellIndex.dtRows`. The cells' score order (ties in file order) is split by category and
 * its runs of equal scores put in position order. Outcomes and scores are copied into rank
 * order once, so that every later pass reads them sequentially.
 */
/** Sorts every run of equal scores in `positions[from .. to)` (by descending score) by position. */
function orderTiesByPosition(positions: Int32Array, from: number, to: number, scoreAt: Float64Array): void {
  for (let start = from; start < to; ) {
    const score = scoreAt[positions[start] as number] as number;
    let end = start + 1;
    while (end < to && scoreAt[positions[end] as number] === score) end++;
    if (end - start > 1) positions.subarray(start, end).sort();
    start = end;
  }
}

class Rankings {
  /** Position in `CellIndex.dtRows` by rank. */
  readonly positions: Int32Array;
  /** `CellEvaluation.shared` by rank: `shared[j * A + a]`. */
  readonly shared: Uint8Array;
  /** Score by rank. */
  readonly scores: Float64Array;
  /** Rank within its (category, image) cell by rank, 0 for the cell's highest score. */
  private readonly rankInCell: Int32Array;

  /**
   * @param cells - the cells.
   * @param dt - the detections.
   * @param shared - `CellEvaluation.shared`.
   * @param A - number of area ranges.
   */
  constructor(
    private readonly cells: CellIndex,
    dt: DetectionTable,
    shared: Uint8Array,
    A: number,
  ) {
    const { dtStart, dtRows, imageCount: I, categoryCount: K } = cells;
    const kept = dtRows.length;
    const scoreAt = new Float64Array(kept);
    for (let p = 0; p < kept; p++) scoreAt[p] = dt.score[dtRows[p] as number] as number;
    const rankAt = new Int32Array(kept);
    const categoryOf = new Int32Array(kept);
    for (let c = 0; c < I * K; c++) {
      const from = dtStart[c] as number;
      const to = dtStart[c + 1] as number;
      const k = Math.floor(c / I);
      for (let p = from; p < to; p++) {
        rankAt[p] = p - from;
        categoryOf[p] = k;
      }
    }
    const fill = Int32Array.from({ length: K }, (_, k) => this.start(k));
    const positions = new Int32Array(kept);
    for (const p of cells.keptByScore) {
      const k = categoryOf[p] as number;
      positions[fill[k] as number] = p;
      fill[k] = (fill[k] as number) + 1;
    }
    for (let k = 0; k < K; k++) orderTiesByPosition(positions, this.start(k), this.start(k + 1), scoreAt);
    this.positions = positions;
    this.shared = new Uint8Array(kept * A);
    this.scores = new Float64Array(kept);
    this.rankInCell = new Int32Array(kept);
    for (let j = 0; j < kept; j++) {
      const p = positions[j] as number;
      this.scores[j] = scoreAt[p] as number;
      this.rankInCell[j] = rankAt[p] as number;
      for (let a = 0; a < A; a++) this.shared[j * A + a] = shared[p * A + a] as number;
    }
  }

  /** First rank of category k (positions are grouped by cell `k * I + i`). */
  private start(k: number): number {
    return this.cells.dtStart[k * this.cells.imageCount] as number;
  }

  /**
   * Writes the ranks of category k's detections that are among the first `maxDet` of their
   * cell into `into` (at least as long as the category's kept detections); returns how many.
   */
  select(k: number, maxDet: number, into: Int32Array): number {
    let n = 0;
    for (let j = this.start(k), end = this.start(k + 1); j < end; j++) {
      if ((this.rankInCell[j] as number) < maxDet) into[n++] = j;
    }
    return n;
  }
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
  /** `precisionAt[t * width + c]`: precision when the c-th true positive arrives (c ≥ 1). */
  private precisionAt = new Float64Array(0);
  /** `stepOf[t * width + c]`: rank of the detection that brought the c-th true positive. */
  private stepOf = new Int32Array(0);
  private readonly tp: Int32Array;
  private readonly fp: Int32Array;
  private width = 0;

  /**
   * @param T - number of IoU thresholds.
   * @param A - number of area ranges.
   */
  constructor(
    private readonly T: number,
    private readonly A: number,
  ) {
    this.tp = new Int32Array(T);
    this.fp = new Int32Array(T);
  }

  /**
   * Counts true/false positives for area range a along the first `nd` ranks of `ranks`, at
   * every threshold.
   */
  run(
    evaluation: CellEvaluation,
    rankings: Rankings,
    a: number,
    ranks: Int32Array,
    nd: number,
    npig: number,
  ): void {
    const T = this.T;
    this.width = npig + 1;
    if (this.precisionAt.length < T * this.width) {
      this.precisionAt = new Float64Array(T * this.width);
      this.stepOf = new Int32Array(T * this.width);
    }
    const { tp, fp, precisionAt, stepOf } = this;
    const width = this.width;
    const A = this.A;
    const { outcomes } = evaluation;
    tp.fill(0);
    fp.fill(0);
    // False positives at every threshold are counted once in `fpEverywhere`, not per threshold.
    let fpEverywhere = 0;
    for (let j = 0; j < nd; j++) {
      const rank = ranks[j] as number;
      const kind = rankings.shared[rank * A + a];
      if (kind === DetectionOutcome.Ignored) continue;
      if (kind === DetectionOutcome.FalsePositive) {
        fpEverywhere++;
        continue;
      }
      const row = ((rankings.positions[rank] as number) * A + a) * T;
      for (let t = 0; t < T; t++) {
        const outcome = kind === MIXED_OUTCOMES ? outcomes[row + t] : kind;
        if (outcome === DetectionOutcome.FalsePositive) {
          fp[t] = (fp[t] as number) + 1;
        } else if (outcome === DetectionOutcome.TruePositive) {
          const c = (tp[t] as number) + 1;
          tp[t] = c;
          precisionAt[t * width + c] = c / ((fp[t] as number) + fpEverywhere + c + SPACING_ONE);
          stepOf[t * width + c] = j;
        }
      }
    }
    for (let t = 0; t < T; t++) {
      for (let c = (tp[t] as number) - 1, at = t * width + c; c >= 1; c--, at--) {
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
    if (c === 0) return (this.tp[t] as number) > 0 ? (this.precisionAt[t * this.width + 1] as number) : 0;
    return this.precisionAt[t * this.width + c] as number;
  }

  /** Rank where the c-th true positive arrived (c = 0: the first detection). */
  step(t: number, c: number): number {
    return c === 0 ? 0 : (this.stepOf[t * this.width + c] as number);
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
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  const scores = new Float64Array(T * R * K * A * M).fill(-1);
  const curves = new SlotCurves(T, A);
  const { positives, present } = evaluation;
  const rankings = new Rankings(cells, dt, evaluation.shared, A);
  const ranks = new Int32Array(cells.dtRows.length);
  for (let k = 0; k < K; k++) {
    if (!present.subarray(k * I, (k + 1) * I).includes(1)) continue;
    for (let m = 0; m < M; m++) {
      const nd = rankings.select(k, params.maxDets[m] as number, ranks);
      for (let a = 0; a < A; a++) {
        const npig = positives[k * A + a] as number;
        if (npig === 0) continue;
        curves.run(evaluation, rankings, a, ranks, nd, npig);
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
            scores[at] = reached ? (rankings.scores[ranks[curves.step(t, c)] as number] as number) : 0;
          }
        }
      }
    }
  }
  return { precision, recall, scores };
}
