/**
 * Fills `ious[d * numGt + g]` with the bbox IoU of detection `dtRows[dtFrom + d]` and ground
 * truth `gtRows[gtFrom + g]`, computed as pycocotools' C `bbIou` does in doubles: overlap width and height
 * (0 when ≤ 0), intersection `w * h`, union `dw*dh + gw*gh - i` (or just the detection area
 * `dw*dh` for a crowd region), IoU `i / u`.
 *
 * @param ious - output, at least `numDt * numGt` long.
 * @param dtBoxes - detection boxes, `[x, y, w, h]` per row.
 * @param dtRows - detection rows; the matrix rows are `dtRows[dtFrom .. dtFrom + numDt)`.
 * @param dtFrom - first detection of the matrix in `dtRows`.
 * @param numDt - number of matrix rows.
 * @param gtBoxes - ground-truth boxes, `[x, y, w, h]` per row.
 * @param gtRows - ground-truth rows; the matrix columns are `gtRows[gtFrom .. gtFrom + numGt)`.
 * @param gtFrom - first ground truth of the matrix in `gtRows`.
 * @param numGt - number of matrix columns.
 * @param gtCrowd - 1 for crowd regions, per ground-truth row.
 */
export function fillBoxIous(
  ious: Float64Array,
  dtBoxes: Float64Array,
  dtRows: Int32Array,
  dtFrom: number,
  numDt: number,
  gtBoxes: Float64Array,
  gtRows: Int32Array,
  gtFrom: number,
  numGt: number,
  gtCrowd: Uint8Array,
): void {
  for (let d = 0; d < numDt; d++) {
    const db = 4 * (dtRows[dtFrom + d] as number);
    const dx = dtBoxes[db] as number;
    const dy = dtBoxes[db + 1] as number;
    const dw = dtBoxes[db + 2] as number;
    const dh = dtBoxes[db + 3] as number;
    const dtArea = dw * dh;
    const rowStart = d * numGt;
    for (let g = 0; g < numGt; g++) {
      const row = gtRows[gtFrom + g] as number;
      const gb = 4 * row;
      const gx = gtBoxes[gb] as number;
      const gy = gtBoxes[gb + 1] as number;
      const gw = gtBoxes[gb + 2] as number;
      const gh = gtBoxes[gb + 3] as number;
      let iou = 0;
      const w = Math.min(dx + dw, gx + gw) - Math.max(dx, gx);
      if (w > 0) {
        const h = Math.min(dy + dh, gy + gh) - Math.max(dy, gy);
        if (h > 0) {
          const intersection = w * h;
          const union = gtCrowd[row] === 1 ? dtArea : dtArea + gw * gh - intersection;
          iou = intersection / union;
        }
      }
      ious[rowStart + g] = iou;
    }
  }
}

/**
 * The ground truths each detection of one cell could match at some threshold, for one area
 * range's matching order. A ground truth whose IoU is below every threshold can never be taken,
 * so skipping it leaves the greedy matching unchanged; most detections have no candidate at all.
 */
export class MatchCandidates {
  /** Detections (matrix rows) with at least one candidate, ascending: `active[0 .. activeCount)`. */
  active = new Int32Array(0);
  /** Number of detections with a candidate. */
  activeCount = 0;
  /** Candidates of detection d are entries `start[d] .. start[d + 1]` of `gt` and `iou`. */
  start = new Int32Array(0);
  /** Position in matching order of each candidate ground truth. */
  gt = new Int32Array(0);
  /** IoU of each candidate pair. */
  iou = new Float64Array(0);

  /**
   * Collects the candidates of a cell.
   *
   * @param ious - IoU matrix `[d * numGt + column]`.
   * @param numDt - number of detections (matrix rows).
   * @param numGt - number of ground truths (matrix columns).
   * @param gtOrder - matrix column of each ground truth in matching order.
   * @param floor - the lowest IoU any threshold accepts.
   */
  collect(ious: Float64Array, numDt: number, numGt: number, gtOrder: Int32Array, floor: number): void {
    if (this.start.length < numDt + 1) {
      this.start = new Int32Array(2 * numDt + 1);
      this.active = new Int32Array(2 * numDt);
    }
    if (this.gt.length < numDt * numGt) {
      this.gt = new Int32Array(2 * numDt * numGt);
      this.iou = new Float64Array(2 * numDt * numGt);
    }
    let n = 0;
    this.activeCount = 0;
    for (let d = 0; d < numDt; d++) {
      this.start[d] = n;
      const rowStart = d * numGt;
      for (let g = 0; g < numGt; g++) {
        const iou = ious[rowStart + (gtOrder[g] as number)] as number;
        if (iou < floor) continue;
        this.gt[n] = g;
        this.iou[n] = iou;
        n++;
      }
      if (n > (this.start[d] as number)) this.active[this.activeCount++] = d;
    }
    this.start[numDt] = n;
  }
}

/**
 * pycocotools' greedy matching of one image and category at one IoU threshold. Detections are
 * taken in score order; each takes the ground truth with the highest IoU ≥ threshold (capped at
 * 1 − 1e−10; on equal IoU the later one), skipping ground truths already taken unless they are
 * crowd regions, and never moving from a non-ignored match to an ignored ground truth. Only the
 * detections with candidates are visited; the others keep `matched` −1.
 *
 * @param candidates - the cell's candidates, collected with a floor ≤ `threshold`.
 * @param numGt - number of ground truths.
 * @param gtIgnore - 1 for ignored ground truths, in matching order.
 * @param gtCrowd - 1 for crowd regions, in matching order.
 * @param threshold - the IoU threshold.
 * @param gtTaken - scratch of at least `numGt`; on return 1 for matched ground truths.
 * @param matched - output: position in matching order of each detection's match, or −1.
 */
export function matchDetections(
  candidates: MatchCandidates,
  numGt: number,
  gtIgnore: Uint8Array,
  gtCrowd: Uint8Array,
  threshold: number,
  gtTaken: Uint8Array,
  matched: Int32Array,
): void {
  gtTaken.fill(0, 0, numGt);
  const cap = Math.min(threshold, 1 - 1e-10);
  const { active, activeCount, start, gt, iou } = candidates;
  for (let j = 0; j < activeCount; j++) {
    const d = active[j] as number;
    let best = cap;
    let m = -1;
    for (let q = start[d] as number, end = start[d + 1] as number; q < end; q++) {
      const g = gt[q] as number;
      if (gtTaken[g] === 1 && gtCrowd[g] === 0) continue;
      if (m > -1 && gtIgnore[m] === 0 && gtIgnore[g] === 1) break;
      const value = iou[q] as number;
      if (value < best) continue;
      best = value;
      m = g;
    }
    matched[d] = m;
    if (m !== -1) gtTaken[m] = 1;
  }
}
