/**
 * Every problem code a sanity report can contain, with what it means. The codes are stable:
 * tools may branch on them. The README lists the same table.
 */
export const sanityCodes = {
  IMAGE_ENTRY_INVALID: "an image entry is not an object with an integer `id` and a non-empty `file_name`",
  IMAGE_DUPLICATE_ID: "an image entry repeats the `id` of an earlier entry",
  IMAGE_DUPLICATE_FILE_NAME: "an image entry repeats the `file_name` of an earlier entry",
  IMAGE_FILE_TYPE: "the file name does not end in an image extension (jpg, jpeg, png, tif, tiff, any case)",
  IMAGE_PATH_ESCAPES: "the file name is absolute or leaves the images folder (`..`)",
  IMAGE_MISSING: "the image file does not exist",
  IMAGE_UNDECODABLE: "the image file exists but does not decode as an image",
  IMAGE_SIZE_MISMATCH: "`width`/`height` of the entry are missing or differ from the decoded file",
  CATEGORY_INVALID: "a category is not an object with an integer `id`",
  CATEGORY_DUPLICATE_ID: "a category repeats the `id` of an earlier category",
  ANNOTATION_INVALID: "an annotation is not an object with an integer `id`, `image_id` and `category_id`",
  ANNOTATION_DUPLICATE_ID: "an annotation repeats the `id` of an earlier annotation",
  ANNOTATION_IMAGE_UNKNOWN: "`image_id` names no image entry",
  ANNOTATION_IMAGE_REMOVED: "the annotation's image entry is left out of the sanitized copy",
  ANNOTATION_CATEGORY_UNKNOWN: "`category_id` names no category",
  BBOX_LENGTH: "`bbox` is missing or does not have 4 elements",
  BBOX_NOT_NUMBER: "an element of `bbox` is not a finite number",
  BBOX_EMPTY: "`bbox` has a non-positive width or height",
  BBOX_OUTSIDE_IMAGE: "`bbox` reaches outside the image (negative origin or past the right/bottom edge)",
  BBOX_SEGMENTATION_MISMATCH: "`bbox` is not the bounding box of the polygon segmentation",
  SEGMENTATION_INVALID:
    "`segmentation` is malformed: a polygon with non-numbers, an odd number of values or fewer than 3 points, or an RLE with non-integer counts or a size that is not the image's",
  SEGMENTATION_OUTSIDE_IMAGE: "a segmentation polygon has points outside the image",
  AREA_INVALID: "`area` is missing or not a finite non-negative number",
  AREA_MISMATCH: "`area` differs by more than 10 % from the area of the polygon segmentation",
  FEATURE_INVALID: "a GeoJSON feature is not an object of type `Feature`",
  FEATURE_PROPERTY_MISSING:
    "a required property (`image_filename`, `class_id`) is missing, null, NaN or empty",
  FEATURE_CLASS_ID_INVALID: "`class_id` is not an integer",
  GEOMETRY_NULL: "the feature has no geometry (`null` or absent)",
  GEOMETRY_EMPTY: "the geometry has no coordinates",
  GEOMETRY_TYPE_UNSUPPORTED:
    "the geometry has no type or one GeoJSON does not define (Point, LineString and the other GeoJSON types are skipped with a warning, not reported)",
  GEOMETRY_COORDINATES_INVALID: "the coordinates are malformed or not finite numbers",
  RING_NOT_CLOSED: "a polygon ring does not end at its first point",
  RING_TOO_FEW_POINTS: "a polygon ring has fewer than 3 distinct points",
  GEOMETRY_INVALID:
    "the polygon is invalid: self-intersection (e.g. a bow-tie), spike, crossing rings, a hole outside its shell, nested holes, overlapping parts or zero area",
} as const;

/** A stable problem code; see {@link sanityCodes}. */
export type SanityCode = keyof typeof sanityCodes;
