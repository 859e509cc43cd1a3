import type { Finding } from "./finding.js";

/** Size of an image, as decoded (or as declared when the file could not be read). */
export interface ImageSize {
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
}

/** Result of checking one COCO annotation: what is wrong and the annotation to keep (`undefined` = remove it). */
export interface AnnotationCheck {
  /** Problems, in check order. */
  readonly findings: Finding[];
  /** The annotation with the fixes applied, or `undefined` when it must be removed. */
  readonly kept?: Record<string, unknown>;
}

/** Pixels a polygon or box may stick out of the image before it counts as outside. */
const EDGE_TOLERANCE = 1;
/** Relative difference between `area` and the polygon area that counts as a mismatch. */
const AREA_TOLERANCE = 0.1;

const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isCount = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;

interface PolygonSummary {
  readonly area: number;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

function summarisePolygons(polygons: readonly (readonly number[])[]): PolygonSummary {
  let area = 0;
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const polygon of polygons) {
    let twice = 0;
    const n = polygon.length / 2;
    for (let i = 0; i < n; i++) {
      const x = polygon[2 * i]!;
      const y = polygon[2 * i + 1]!;
      const j = (i + 1) % n;
      twice += x * polygon[2 * j + 1]! - polygon[2 * j]! * y;
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
    area += Math.abs(twice) / 2;
  }
  return { area, minX, minY, maxX, maxY };
}

type SegmentationCheck =
  | { readonly kind: "none" }
  | { readonly kind: "polygons"; readonly summary: PolygonSummary }
  | { readonly kind: "rle"; readonly area?: number }
  | { readonly kind: "invalid"; readonly finding: Finding };

function invalidSegmentation(reason: string, legacyCode: string): SegmentationCheck {
  return {
    kind: "invalid",
    finding: {
      code: "SEGMENTATION_INVALID",
      message: `segmentation ${reason}`,
      action: "remove-annotation",
      legacyCode,
    },
  };
}

function checkRle(rle: Record<string, unknown>, image: ImageSize): SegmentationCheck {
  const { counts, size } = rle;
  if (!Array.isArray(size) || size.length !== 2 || !size.every(isCount)) {
    return invalidSegmentation("RLE `size` must be [height, width] integers", "ERR_JSON_ANN_SEG_TYPE");
  }
  if (size[0] !== image.height || size[1] !== image.width) {
    return invalidSegmentation(
      `RLE size [${size.join(", ")}] is not the image size [${image.height}, ${image.width}]`,
      "ERR_JSON_ANN_SEG_TYPE",
    );
  }
  if (typeof counts === "string")
    return counts.length > 0
      ? { kind: "rle" }
      : invalidSegmentation("RLE `counts` is empty", "ERR_JSON_ANN_SEG_TYPE");
  if (!Array.isArray(counts) || !counts.every(isCount)) {
    return invalidSegmentation("RLE `counts` must be non-negative integers", "ERR_JSON_ANN_SEG_TYPE");
  }
  let total = 0;
  let area = 0;
  counts.forEach((c: number, i) => {
    total += c;
    if (i % 2 === 1) area += c;
  });
  if (total !== image.height * image.width) {
    return invalidSegmentation(
      `RLE counts cover ${total} pixels, not height × width = ${image.height * image.width}`,
      "ERR_JSON_ANN_SEG_TYPE",
    );
  }
  return { kind: "rle", area };
}

function checkSegmentation(segmentation: unknown, image: ImageSize): SegmentationCheck {
  if (segmentation === undefined) return { kind: "none" };
  if (segmentation !== null && typeof segmentation === "object" && !Array.isArray(segmentation)) {
    return checkRle(segmentation as Record<string, unknown>, image);
  }
  if (!Array.isArray(segmentation) || segmentation.length === 0) {
    return invalidSegmentation("must be a list of polygons or an RLE object", "ERR_JSON_ANN_SEG_TYPE");
  }
  for (const [p, polygon] of segmentation.entries()) {
    if (!Array.isArray(polygon) || !polygon.every(isFiniteNumber)) {
      return invalidSegmentation(
        `polygon ${p} holds a value that is not a finite number`,
        "ERR_JSON_ANN_SEG_TYPE",
      );
    }
    if (polygon.length % 2 !== 0)
      return invalidSegmentation(`polygon ${p} has an odd number of values`, "ERR_JSON_ANN_SEG_PAR");
    if (polygon.length < 6)
      return invalidSegmentation(`polygon ${p} has fewer than 3 points`, "ERR_JSON_ANN_SEG_PAR");
  }
  const summary = summarisePolygons(segmentation as number[][]);
  if (
    summary.minX < -EDGE_TOLERANCE ||
    summary.minY < -EDGE_TOLERANCE ||
    summary.maxX > image.width + EDGE_TOLERANCE ||
    summary.maxY > image.height + EDGE_TOLERANCE
  ) {
    return {
      kind: "invalid",
      finding: {
        code: "SEGMENTATION_OUTSIDE_IMAGE",
        message: `segmentation spans x ${summary.minX}…${summary.maxX}, y ${summary.minY}…${summary.maxY}, outside the ${image.width}×${image.height} image`,
        action: "remove-annotation",
        ...(summary.minX < 0 || summary.minY < 0 ? { legacyCode: "ERR_JSON_ANN_SEG_NEG" } : {}),
      },
    };
  }
  return { kind: "polygons", summary };
}

function bboxShapeFinding(bbox: unknown): Finding | undefined {
  if (!Array.isArray(bbox) || bbox.length !== 4) {
    return {
      code: "BBOX_LENGTH",
      message: Array.isArray(bbox) ? `bbox has ${bbox.length} elements instead of 4` : "bbox is missing",
      action: "remove-annotation",
      legacyCode: "ERR_JSON_ANN_BBOX_LEN",
    };
  }
  if (!bbox.every(isFiniteNumber)) {
    return {
      code: "BBOX_NOT_NUMBER",
      message: `bbox ${JSON.stringify(bbox)} holds a value that is not a finite number`,
      action: "remove-annotation",
      legacyCode: "ERR_JSON_ANN_BBOX_TYPE",
    };
  }
  return undefined;
}

const round = (v: number): number => Math.round(v * 1e6) / 1e6;

function boxFromPolygons(s: PolygonSummary): number[] {
  return [s.minX, s.minY, s.maxX - s.minX, s.maxY - s.minY].map(round);
}

function negativeLegacy(bbox: readonly number[]): { legacyCode?: string } {
  return bbox.some((v) => v < 0) ? { legacyCode: "ERR_JSON_ANN_BBOX_NEG" } : {};
}

/** Checks the bbox against the image when there is no polygon to derive it from. */
function bboxPlacementFinding(
  bbox: readonly number[],
  image: ImageSize,
): { finding?: Finding; bbox?: number[] } {
  const [x, y, w, h] = bbox as [number, number, number, number];
  if (w <= 0 || h <= 0) {
    return {
      finding: {
        code: "BBOX_EMPTY",
        message: `bbox width ${w} or height ${h} is not positive`,
        action: "remove-annotation",
        ...negativeLegacy(bbox),
      },
    };
  }
  const outside =
    x < -EDGE_TOLERANCE ||
    y < -EDGE_TOLERANCE ||
    x + w > image.width + EDGE_TOLERANCE ||
    y + h > image.height + EDGE_TOLERANCE;
  if (!outside) return {};
  const x0 = Math.max(0, x);
  const y0 = Math.max(0, y);
  const x1 = Math.min(image.width, x + w);
  const y1 = Math.min(image.height, y + h);
  const message = `bbox [${bbox.join(", ")}] reaches outside the ${image.width}×${image.height} image`;
  if (x1 <= x0 || y1 <= y0) {
    return {
      finding: { code: "BBOX_OUTSIDE_IMAGE", message, action: "remove-annotation", ...negativeLegacy(bbox) },
    };
  }
  const clipped = [x0, y0, x1 - x0, y1 - y0].map(round);
  return {
    finding: {
      code: "BBOX_OUTSIDE_IMAGE",
      message,
      action: "clip-bbox",
      detail: `bbox → [${clipped.join(", ")}]`,
      ...negativeLegacy(bbox),
    },
    bbox: clipped,
  };
}

function areaFinding(area: unknown, expected: number | undefined, compare: boolean): Finding | undefined {
  const detail = expected === undefined ? undefined : `area → ${expected}`;
  if (!isFiniteNumber(area) || area < 0) {
    return {
      code: "AREA_INVALID",
      message: `area ${JSON.stringify(area)} is not a finite non-negative number`,
      action: expected === undefined ? "none" : "recompute-area",
      ...(detail ? { detail } : {}),
    };
  }
  if (
    compare &&
    expected !== undefined &&
    Math.abs(area - expected) > Math.max(1, AREA_TOLERANCE * expected)
  ) {
    return {
      code: "AREA_MISMATCH",
      message: `area ${area} differs from the polygon area ${expected}`,
      action: "recompute-area",
      detail: `area → ${expected}`,
    };
  }
  return undefined;
}

/**
 * Checks one COCO annotation whose image and category are known: bbox shape and values,
 * segmentation (polygons or RLE), area, and their agreement with each other and with the image.
 * A bad bbox is recomputed from a valid polygon segmentation when there is one; a bad
 * segmentation removes the annotation.
 */
export function checkCocoAnnotation(annotation: Record<string, unknown>, image: ImageSize): AnnotationCheck {
  const findings: Finding[] = [];
  const segmentation = checkSegmentation(annotation.segmentation, image);
  if (segmentation.kind === "invalid") return { findings: [segmentation.finding] };
  let kept = annotation;
  const edit = (): Record<string, unknown> => {
    if (kept === annotation) kept = { ...annotation };
    return kept;
  };
  const polygons = segmentation.kind === "polygons" ? segmentation.summary : undefined;
  const shape = bboxShapeFinding(annotation.bbox);
  if (shape) {
    if (!polygons) return { findings: [shape] };
    edit().bbox = boxFromPolygons(polygons);
    findings.push({
      ...shape,
      action: "recompute-bbox",
      detail: `bbox → [${(kept.bbox as number[]).join(", ")}] from the segmentation`,
    });
  } else if (polygons) {
    const derived = boxFromPolygons(polygons);
    const bbox = annotation.bbox as number[];
    if (bbox.some((v, i) => Math.abs(v - derived[i]!) > EDGE_TOLERANCE)) {
      edit().bbox = derived;
      findings.push({
        code: "BBOX_SEGMENTATION_MISMATCH",
        message: `bbox [${bbox.join(", ")}] is not the bounding box of the segmentation`,
        action: "recompute-bbox",
        detail: `bbox → [${derived.join(", ")}]`,
        ...negativeLegacy(bbox),
      });
    }
  } else {
    const placed = bboxPlacementFinding(annotation.bbox as number[], image);
    if (placed.finding) {
      findings.push(placed.finding);
      if (!placed.bbox) return { findings };
      edit().bbox = placed.bbox;
    }
  }
  const expected = polygons
    ? polygons.area
    : segmentation.kind === "none"
      ? boxArea(kept.bbox)
      : segmentation.kind === "rle"
        ? segmentation.area
        : undefined;
  const area = areaFinding(annotation.area, expected, polygons !== undefined);
  if (area) {
    findings.push(area);
    if (area.action === "recompute-area") edit().area = expected;
  }
  return { findings, kept };
}

function boxArea(bbox: unknown): number | undefined {
  return Array.isArray(bbox) && bbox.length === 4
    ? round((bbox[2] as number) * (bbox[3] as number))
    : undefined;
}
