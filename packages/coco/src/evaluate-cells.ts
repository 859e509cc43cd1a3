import type { ProgressCallback } from "@iqf/core";
import type { CellIndex } from "./cells.js";
import { fillBoxIous, MatchCandidates, matchDetections } from "./match.js";
import type { CocoEvalParams } from "./params.js";
import type { PerImageCollector } from "./per-image.js";
import type { DetectionTable, GroundTruthTable } from "./tables.js";

/** Outcome codes of a kept detection at one IoU threshold and area range. */
export const DetectionOutcome = {
  /** Matched a crowd region or an object outside the area range, or itself outside it. */
  Ignored: 0,
  /** Matched a non-ignored object (with a non-zero annotation id, as pycocotools counts). */
  TruePositive: 1,
  /** Matched nothing that counts. */
  FalsePositive: 2,
} as const;

/** One of the {@link DetectionOutcome} codes. */
export type DetectionOutcome = (typeof DetectionOutcome)[keyof typeof DetectionOutcome];

/** `CellEvaluation.shared` code of a detection whose outcome differs between thresholds. */
export const MIXED_OUTCOMES = 3;

/** What `accumulate` needs from the per-cell matching (pycocotools' `evalImgs`, flattened). */
export interface CellEvaluation {
  /**
   * `outcomes[(p * A + a) * T + t]`: {@link DetectionOutcome} of kept detection p (position in
   * `CellIndex.dtRows`) for area range a and IoU threshold t, written only where `shared` says
   * {@link MIXED_OUTCOMES}.
   */
  readonly outcomes: Uint8Array;
  /**
   * `shared[p * A + a]`: the {@link DetectionOutcome} of kept detection p for area range a when
   * it is the same at every IoU threshold (the common case), else {@link MIXED_OUTCOMES}.
   */
  readonly shared: Uint8Array;
  /** Non-ignored ground truths per (category k, area range a) at `k * A + a`. */
  readonly positives: Int32Array;
  /** 1 for cells with at least one ground truth or detection (non-null `evalImgs`). */
  readonly present: Uint8Array;
}

/** Reusable per-cell buffers, grown on demand. */
class CellScratch {
  ious = new Float64Array(0);
  gtOrder = new Int32Array(0);
  gtIgnore = new Uint8Array(0);
  gtCrowd = new Uint8Array(0);
  gtTaken = new Uint8Array(0);
  gtMatchId = new Float64Array(0);
  matched = new Int32Array(0);
  dtOutside = new Uint8Array(0);
  readonly candidates = new MatchCandidates();

  ensure(numDt: number, numGt: number): void {
    if (this.ious.length < numDt * numGt) this.ious = new Float64Array(numDt * numGt * 2);
    if (this.gtOrder.length < numGt) {
      this.gtOrder = new Int32Array(numGt * 2);
      this.gtIgnore = new Uint8Array(numGt * 2);
      this.gtCrowd = new Uint8Array(numGt * 2);
      this.gtTaken = new Uint8Array(numGt * 2);
      this.gtMatchId = new Float64Array(numGt * 2);
    }
    if (this.matched.length < numDt) {
      this.matched = new Int32Array(numDt * 2);
      this.dtOutside = new Uint8Array(numDt * 2);
    }
  }

  /**
   * Greedy matching of the current cell at one threshold into `matched` / `gtTaken`, after
   * `candidates.collect` for the current matching order.
   */
  match(numGt: number, threshold: number): void {
    matchDetections(
      this.candidates,
      numGt,
      this.gtIgnore,
      this.gtCrowd,
      threshold,
      this.gtTaken,
      this.matched,
    );
  }
}

/** The cell being evaluated: image index and its slices of `CellIndex.gtRows` / `dtRows`. */
interface Cell {
  image: number;
  gtFrom: number;
  numGt: number;
  dtFrom: number;
  numDt: number;
}

/**
 * Sorts a cell's ground truths for area range `[lo, hi]`: non-ignored first (stable), where
 * ignored means crowd or an `area` field outside the range. Returns the non-ignored count.
 */
function orderGroundTruths(
  cell: Cell,
  gtRows: Int32Array,
  gt: GroundTruthTable,
  lo: number,
  hi: number,
  s: CellScratch,
): number {
  let next = 0;
  let nonIgnored = 0;
  for (let pass = 0; pass < 2; pass++) {
    for (let g = 0; g < cell.numGt; g++) {
      const row = gtRows[cell.gtFrom + g] as number;
      const area = gt.area[row] as number;
      const ignored = gt.crowd[row] === 1 || area < lo || area > hi ? 1 : 0;
      if (ignored !== pass) continue;
      s.gtOrder[next] = g;
      s.gtIgnore[next] = ignored;
      s.gtCrowd[next] = gt.crowd[row] as number;
      s.gtMatchId[next] = gt.annotationId[row] as number;
      next++;
    }
    if (pass === 0) nonIgnored = next;
  }
  return nonIgnored;
}

/**
 * Outcome of detection d after matching: ignored when matched to an ignored object, or when
 * unmatched (match id 0) and its own area is outside the range.
 */
function outcomeOf(d: number, s: CellScratch): DetectionOutcome {
  const m = s.matched[d] as number;
  const matchId = m === -1 ? 0 : (s.gtMatchId[m] as number);
  if ((m !== -1 && s.gtIgnore[m] === 1) || (matchId === 0 && s.dtOutside[d] === 1)) {
    return DetectionOutcome.Ignored;
  }
  return matchId !== 0 ? DetectionOutcome.TruePositive : DetectionOutcome.FalsePositive;
}

/** Records one cell's per-image outcome at one threshold (after `matchDetections`). */
function recordPerImage(
  collector: PerImageCollector,
  threshold: number,
  cell: Cell,
  cells: CellIndex,
  gt: GroundTruthTable,
  dt: DetectionTable,
  s: CellScratch,
): void {
  for (let d = 0; d < cell.numDt; d++) {
    const row = cells.dtRows[cell.dtFrom + d] as number;
    const outcome = outcomeOf(d, s);
    if (outcome === DetectionOutcome.Ignored) {
      collector.addIgnored(cell.image, threshold);
      continue;
    }
    const categoryId = dt.categoryId[row] as number;
    const score = dt.score[row] as number;
    if (outcome === DetectionOutcome.FalsePositive) {
      collector.addFalseDetection(cell.image, threshold, { detectionIndex: row, categoryId, score });
      continue;
    }
    const m = s.matched[d] as number;
    collector.addMatch(cell.image, threshold, {
      detectionIndex: row,
      groundTruthId: s.gtMatchId[m] as number,
      categoryId,
      score,
      iou: s.ious[d * cell.numGt + (s.gtOrder[m] as number)] as number,
    });
  }
  for (let g = 0; g < cell.numGt; g++) {
    if (s.gtIgnore[g] === 1 || s.gtTaken[g] === 1) continue;
    const row = cells.gtRows[cell.gtFrom + (s.gtOrder[g] as number)] as number;
    collector.addMiss(cell.image, threshold, {
      groundTruthId: gt.annotationId[row] as number,
      categoryId: gt.categoryId[row] as number,
    });
  }
}

/**
 * pycocotools' `evaluate()` for bbox: for every category, area range and image, the greedy
 * matching at every IoU threshold, reduced to what `accumulate()` needs. Optionally records
 * per-image outcomes (area range labelled `all`, else the first).
 */
export function evaluateCells(
  cells: CellIndex,
  gt: GroundTruthTable,
  dt: DetectionTable,
  params: CocoEvalParams,
  perImage: PerImageCollector | undefined,
  onProgress: ProgressCallback | undefined,
): CellEvaluation {
  const { imageCount: I, categoryCount: K } = cells;
  const T = params.iouThresholds.length;
  const A = params.areaRanges.length;
  const keptCount = cells.dtRows.length;
  const outcomes = new Uint8Array(A * keptCount * T);
  const shared = new Uint8Array(A * keptCount);
  const positives = new Int32Array(K * A);
  const present = new Uint8Array(K * I);
  const perImageArea = Math.max(
    0,
    params.areaRanges.findIndex((r) => r.label === "all"),
  );
  const keptArea = new Float64Array(keptCount);
  for (let p = 0; p < keptCount; p++) keptArea[p] = dt.area[cells.dtRows[p] as number] as number;
  const s = new CellScratch();
  // No IoU below the lowest (capped) threshold can make a match.
  const floor = Math.min(1 - 1e-10, ...params.iouThresholds, ...params.perImageIouThresholds);
  const cell: Cell = { image: 0, gtFrom: 0, numGt: 0, dtFrom: 0, numDt: 0 };
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < I; i++) {
      const c = k * I + i;
      const gtFrom = cells.gtStart[c] as number;
      const dtFrom = cells.dtStart[c] as number;
      const numGt = (cells.gtStart[c + 1] as number) - gtFrom;
      const numDt = (cells.dtStart[c + 1] as number) - dtFrom;
      if (numGt === 0 && numDt === 0) continue;
      present[c] = 1;
      cell.image = i;
      cell.gtFrom = gtFrom;
      cell.numGt = numGt;
      cell.dtFrom = dtFrom;
      cell.numDt = numDt;
      s.ensure(numDt, numGt);
      fillBoxIous(
        s.ious,
        dt.boxes,
        cells.dtRows,
        dtFrom,
        numDt,
        gt.boxes,
        cells.gtRows,
        gtFrom,
        numGt,
        gt.crowd,
      );
      for (let a = 0; a < A; a++) {
        const range = (params.areaRanges[a] as { range: readonly [number, number] }).range;
        const lo = range[0];
        const hi = range[1];
        positives[k * A + a] =
          (positives[k * A + a] as number) + orderGroundTruths(cell, cells.gtRows, gt, lo, hi, s);
        s.candidates.collect(s.ious, numDt, numGt, s.gtOrder, floor);
        for (let d = 0; d < numDt; d++) {
          const area = keptArea[dtFrom + d] as number;
          s.dtOutside[d] = area < lo || area > hi ? 1 : 0;
          s.matched[d] = -1;
        }
        // Unmatched at every threshold, unless a candidate changes that below.
        for (let d = 0; d < numDt; d++) shared[(dtFrom + d) * A + a] = outcomeOf(d, s);
        const { active, activeCount } = s.candidates;
        for (let t = 0; t < T && activeCount > 0; t++) {
          s.match(numGt, params.iouThresholds[t] as number);
          for (let j = 0; j < activeCount; j++) {
            const d = active[j] as number;
            const at = (dtFrom + d) * A + a;
            const outcome = outcomeOf(d, s);
            outcomes[at * T + t] = outcome;
            if (t === 0) shared[at] = outcome;
            else if (outcome !== shared[at]) shared[at] = MIXED_OUTCOMES;
          }
        }
        if (perImage === undefined || a !== perImageArea) continue;
        perImage.thresholds.forEach((threshold, j) => {
          s.match(numGt, threshold);
          recordPerImage(perImage, j, cell, cells, gt, dt, s);
        });
      }
    }
    onProgress?.({ done: k + 1, total: K, label: "coco-evaluate" });
  }
  return { outcomes, shared, positives, present };
}
