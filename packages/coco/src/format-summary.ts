import { COCO_STAT_NAMES, type CocoStats } from "./names.js";
import type { CocoEvalParams } from "./params.js";

/**
 * Formats `value` with `digits` decimals like Python's `"{:0.Nf}".format(value)`: exact
 * half-way cases round to even (JavaScript's `toFixed` rounds them away from zero).
 *
 * @param value - a finite number.
 * @param digits - decimals (0–20).
 */
export function formatFixed(value: number, digits: number): string {
  const exact = value.toFixed(100);
  const point = exact.indexOf(".");
  const tail = exact.slice(point + 1 + digits);
  const isTie = tail.startsWith("5") && /^50*$/.test(tail);
  if (!isTie) return value.toFixed(digits);
  const lastKept = exact[digits === 0 ? point - 1 : point + digits] as string;
  const keptIsEven = Number(lastKept) % 2 === 0;
  const truncated = exact.slice(0, digits === 0 ? point : point + 1 + digits);
  return keptIsEven ? truncated : value.toFixed(digits);
}

/** How each summary statistic is labelled: AP or AR, IoU choice, area label, maxDets index. */
const LINES: readonly { ap: boolean; iou?: number; area: string; maxDet: number }[] = [
  { ap: true, area: "all", maxDet: 2 },
  { ap: true, iou: 0.5, area: "all", maxDet: 2 },
  { ap: true, iou: 0.75, area: "all", maxDet: 2 },
  { ap: true, area: "small", maxDet: 2 },
  { ap: true, area: "medium", maxDet: 2 },
  { ap: true, area: "large", maxDet: 2 },
  { ap: false, area: "all", maxDet: 0 },
  { ap: false, area: "all", maxDet: 1 },
  { ap: false, area: "all", maxDet: 2 },
  { ap: false, area: "small", maxDet: 2 },
  { ap: false, area: "medium", maxDet: 2 },
  { ap: false, area: "large", maxDet: 2 },
];

/**
 * The 12-line table pycocotools' `summarize()` prints, e.g.
 * ` Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.503`.
 *
 * @param stats - the 12 statistics.
 * @param params - the parameters they were computed with (IoU range and maxDets shown).
 * @returns the lines joined with `\n`, without a trailing newline.
 */
export function formatCocoSummary(stats: CocoStats, params: CocoEvalParams): string {
  const thresholds = params.iouThresholds;
  const iouRange = `${formatFixed(thresholds[0] as number, 2)}:${formatFixed(thresholds[thresholds.length - 1] as number, 2)}`;
  const maxDets = params.maxDets;
  return LINES.map((line, i) => {
    const title = (line.ap ? "Average Precision" : "Average Recall").padEnd(18);
    const kind = line.ap ? "(AP)" : "(AR)";
    const iou = (line.iou === undefined ? iouRange : formatFixed(line.iou, 2)).padEnd(9);
    const area = line.area.padStart(6);
    const maxDet = String(maxDets[Math.min(line.maxDet, maxDets.length - 1)]).padStart(3);
    const value = formatFixed(stats[COCO_STAT_NAMES[i] as (typeof COCO_STAT_NAMES)[number]], 3);
    return ` ${title} ${kind} @[ IoU=${iou} | area=${area} | maxDets=${maxDet} ] = ${value}`;
  }).join("\n");
}
