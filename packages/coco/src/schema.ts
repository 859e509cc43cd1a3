// The zod schemas that explain what is wrong with a COCO file; loaded only when a guard of
// json-shapes.ts rejects one.
import * as z from "zod";
import { type CocoBox, isBox } from "./json-shapes.js";

/** A required JSON number; the message says whether it is missing or of the wrong type. */
function numberField(meaning: string) {
  return z.number({
    error: (issue) =>
      issue.input === undefined ? `is required (${meaning})` : `must be a number (${meaning})`,
  });
}

const boxField = z.custom<CocoBox>(isBox, {
  error: (issue) =>
    issue.input === undefined
      ? "is required ([x, y, width, height])"
      : "must be 4 numbers [x, y, width, height]",
});

const crowdField = z.union([z.literal(0), z.literal(1), z.boolean()], {
  error: (issue) =>
    issue.input === undefined
      ? "is required (0 for an object, 1 for a crowd region)"
      : "must be 0 or 1 (1 marks a crowd region)",
});

function requiredArray<T extends z.ZodType>(item: T, meaning: string) {
  return z.array(item, {
    error: (issue) =>
      issue.input === undefined ? `is required (${meaning})` : `must be an array (${meaning})`,
  });
}

/** One ground-truth annotation as pycocotools reads it for bbox evaluation. */
export const cocoGroundTruthAnnotationSchema = z.object({
  id: numberField("the annotation id"),
  image_id: numberField("id of an entry of images"),
  category_id: numberField("id of an entry of categories"),
  bbox: boxField,
  area: numberField("the object's area in pixels, used for the small/medium/large ranges"),
  iscrowd: crowdField,
});

/** A COCO ground-truth file: `images`, `annotations` and `categories`. */
export const cocoGroundTruthSchema = z.object(
  {
    images: requiredArray(
      z.object({ id: numberField("the image id"), file_name: z.string().optional() }),
      "the list of images",
    ),
    annotations: requiredArray(cocoGroundTruthAnnotationSchema, "the list of objects"),
    categories: requiredArray(
      z.object({ id: numberField("the category id"), name: z.string().optional() }),
      "the list of categories",
    ),
  },
  { error: "must be a COCO ground-truth object with images, annotations and categories" },
);

/** One detection of a COCO results file. */
export const cocoDetectionSchema = z.object({
  image_id: numberField("id of a ground-truth image"),
  category_id: numberField("id of a ground-truth category"),
  bbox: boxField,
  score: numberField("the detection's confidence"),
});

/** A COCO results file: a JSON array of detections. */
export const cocoResultsSchema = z.array(cocoDetectionSchema, {
  error: "must be a JSON array of detections {image_id, category_id, bbox, score}",
});
