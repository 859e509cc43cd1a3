// The zod schema of evaluateCoco's options, loaded only when `isPlainEvalOptions` rejects them.
import type { ProgressCallback } from "@iqf/core";
import * as z from "zod";

const unit = z.number().min(0).max(1);
const ascending = (values: readonly number[]) =>
  values.every((v, i) => i === 0 || v > (values[i - 1] as number));

/** Options of `evaluateCoco`; every field is optional and defaults to pycocotools' value. */
export const cocoEvalOptionsSchema = z.strictObject({
  iouThresholds: z.array(unit).min(1).optional(),
  recallThresholds: z.array(unit).min(1).refine(ascending, "must be strictly ascending").optional(),
  maxDets: z.array(z.number().int().positive()).min(1).optional(),
  areaRanges: z
    .array(z.object({ label: z.string().min(1), range: z.tuple([z.number(), z.number()]) }))
    .min(1)
    .refine((ranges) => new Set(ranges.map((r) => r.label)).size === ranges.length, "labels must be unique")
    .optional(),
  categoryIds: z.array(z.number()).optional(),
  imageIds: z.array(z.number()).optional(),
  useCats: z.boolean().optional(),
  perImage: z.union([z.boolean(), z.strictObject({ iouThresholds: z.array(unit).min(1) })]).optional(),
  onProgress: z.custom<ProgressCallback>((v) => typeof v === "function", "must be a function").optional(),
});
