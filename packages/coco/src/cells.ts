import type { CocoEvalParams } from "./params.js";
import { orderByDescendingKey } from "./sort.js";
import type { DetectionTable, GroundTruthTable } from "./tables.js";

/**
 * Ground truths and detections grouped by evaluation cell `k * I + i` (category index k,
 * image index i, in the order of the resolved parameters).
 */
export interface CellIndex {
  /** Number of images I. */
  readonly imageCount: number;
  /** Number of categories K (1 when categories are pooled). */
  readonly categoryCount: number;
  /** Ground truths of cell c are `gtRows[gtStart[c] .. gtStart[c + 1])`, in file order. */
  readonly gtStart: Int32Array;
  /** Ground-truth rows grouped by cell. */
  readonly gtRows: Int32Array;
  /**
   * Detections of cell c are `dtRows[dtStart[c] .. dtStart[c + 1])`: by descending score (ties in
   * file order), only the first `maxDets[M - 1]`.
   */
  readonly dtStart: Int32Array;
  /** Kept detection rows grouped by cell. */
  readonly dtRows: Int32Array;
  /** Positions in `dtRows` of every kept detection, by descending score (ties in file order). */
  readonly keptByScore: Int32Array;
}

/** Maps each row to its cell, or −1 when its image or category is not evaluated. */
function cellOfRows(
  count: number,
  imageId: Float64Array,
  categoryId: Float64Array,
  params: CocoEvalParams,
): Int32Array {
  const imageIndex = new Map(params.imageIds.map((id, i) => [id, i]));
  const categoryIndex = new Map(params.categoryIds.map((id, k) => [id, k]));
  const imageCount = params.imageIds.length;
  const cells = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const i = imageIndex.get(imageId[n] as number);
    const k = params.useCats ? categoryIndex.get(categoryId[n] as number) : 0;
    cells[n] = i === undefined || k === undefined ? -1 : k * imageCount + i;
  }
  return cells;
}

/**
 * Stable counting sort of rows by cell, visiting the rows in `visit` order (all rows ascending
 * when omitted); rows with cell −1 are dropped.
 */
function groupRows(
  cells: Int32Array,
  cellCount: number,
  visit?: Int32Array,
): { start: Int32Array; rows: Int32Array } {
  const start = new Int32Array(cellCount + 1);
  for (const cell of cells) if (cell >= 0) start[cell + 1] = (start[cell + 1] as number) + 1;
  for (let c = 0; c < cellCount; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
  const rows = new Int32Array(start[cellCount] as number);
  const fill = start.slice(0, cellCount);
  for (let j = 0; j < cells.length; j++) {
    const n = visit === undefined ? j : (visit[j] as number);
    const cell = cells[n] as number;
    if (cell < 0) continue;
    rows[fill[cell] as number] = n;
    fill[cell] = (fill[cell] as number) + 1;
  }
  return { start, rows };
}

/**
 * Groups ground truths and detections by (category, image) as pycocotools' `_prepare` does,
 * sorts each cell's detections by descending score (stable) and keeps the top `maxDets[M-1]`.
 */
export function groupIntoCells(gt: GroundTruthTable, dt: DetectionTable, params: CocoEvalParams): CellIndex {
  const imageCount = params.imageIds.length;
  const categoryCount = params.categoryIds.length;
  const cellCount = imageCount * categoryCount;
  const gtGroups = groupRows(cellOfRows(gt.count, gt.imageId, gt.categoryId, params), cellCount);
  // Visiting detections by descending score (ties in file order) leaves each cell sorted.
  const byScore = orderByDescendingKey(dt.score);
  const dtGroups = groupRows(cellOfRows(dt.count, dt.imageId, dt.categoryId, params), cellCount, byScore);
  const maxDet = params.maxDets[params.maxDets.length - 1] as number;
  const dtStart = new Int32Array(cellCount + 1);
  let kept = 0;
  for (let c = 0; c < cellCount; c++) {
    kept += Math.min((dtGroups.start[c + 1] as number) - (dtGroups.start[c] as number), maxDet);
    dtStart[c + 1] = kept;
  }
  const dtRows = new Int32Array(kept);
  const positionOfRow = new Int32Array(dt.count).fill(-1);
  for (let c = 0; c < cellCount; c++) {
    const from = dtGroups.start[c] as number;
    const to = from + (dtStart[c + 1] as number) - (dtStart[c] as number);
    for (let p = dtStart[c] as number, q = from; q < to; p++, q++) {
      const row = dtGroups.rows[q] as number;
      dtRows[p] = row;
      positionOfRow[row] = p;
    }
  }
  const keptByScore = new Int32Array(kept);
  for (let j = 0, n = 0; j < byScore.length; j++) {
    const p = positionOfRow[byScore[j] as number] as number;
    if (p >= 0) keptByScore[n++] = p;
  }
  return {
    imageCount,
    categoryCount,
    gtStart: gtGroups.start,
    gtRows: gtGroups.rows,
    dtStart,
    dtRows,
    keptByScore,
  };
}
