/**
 * The 12 COCO summary statistics under iquaflow's names, in pycocotools' `stats` order:
 * AP@[.5:.95], AP@.5, AP@.75, AP small/medium/large, AR with 1/10/100 detections,
 * AR small/medium/large.
 */
export const COCO_STAT_NAMES = [
  "ap_0.5-0.95_all",
  "ap_0.5_all",
  "ap_0.75_all",
  "ap_0.5-0.95_small",
  "ap_0.5-0.95_medium",
  "ap_0.5-0.95_large",
  "ar_0.5-0.95_all_det_1",
  "ar_0.5-0.95_all_det_10",
  "ar_0.5-0.95_all",
  "ar_0.5-0.95_small",
  "ar_0.5-0.95_medium",
  "ar_0.5-0.95_large",
] as const;

/** One of the 12 summary statistic names (see {@link COCO_STAT_NAMES}). */
export type CocoStatName = (typeof COCO_STAT_NAMES)[number];

/** The 12 summary statistics keyed by their iquaflow names; -1 means "no ground truth there". */
export type CocoStats = Readonly<Record<CocoStatName, number>>;
