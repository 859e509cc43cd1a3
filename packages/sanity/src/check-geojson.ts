import { nonPolygonalFeatures, resolveGeojsonCrs, skippedGeometriesWarning } from "@iqf/core";
import { listImageFiles } from "@iqf/datasets";
import type { FormatCheckResult, FormatCheckSettings } from "./check-coco.js";
import { type Finding, toProblem } from "./finding.js";
import { checkFeatureGeometry } from "./geojson-geometry.js";
import { type ImageProbe, imageNameProblem, imagePath, probeImages } from "./image-files.js";
import type { SanityProblem } from "./report.js";

const missingValue = (v: unknown) =>
  v === undefined || v === null || v === "" || (typeof v === "number" && Number.isNaN(v));

function propertyFinding(properties: Record<string, unknown>): Finding | undefined {
  const missing = ["image_filename", "class_id"].filter((key) => missingValue(properties[key]));
  if (missing.length > 0) {
    return {
      code: "FEATURE_PROPERTY_MISSING",
      message: `property ${missing.join(" and ")} is missing, null or empty`,
      action: "remove-feature",
    };
  }
  if (typeof properties.image_filename !== "string") {
    return {
      code: "FEATURE_PROPERTY_MISSING",
      message: "image_filename is not a string",
      action: "remove-feature",
    };
  }
  if (!Number.isInteger(properties.class_id)) {
    return {
      code: "FEATURE_CLASS_ID_INVALID",
      message: `class_id ${JSON.stringify(properties.class_id)} is not an integer`,
      action: "remove-feature",
    };
  }
  return undefined;
}

function imageFinding(
  fileName: string,
  imagesDir: string,
  probes: Map<string, ImageProbe>,
): Finding | undefined {
  const nameProblem = imageNameProblem(fileName);
  if (nameProblem === "IMAGE_PATH_ESCAPES") {
    return {
      code: nameProblem,
      message: `"${fileName}" is outside the images folder`,
      action: "remove-feature",
    };
  }
  if (nameProblem === "IMAGE_FILE_TYPE") {
    return {
      code: nameProblem,
      message: `"${fileName}" does not have an image extension`,
      action: "remove-feature",
      legacyCode: "ERR_JSON_IMG_FILE_TYPE",
    };
  }
  const path = imagePath(imagesDir, fileName);
  const probe = probes.get(path);
  if (probe?.status === "missing")
    return { code: "IMAGE_MISSING", message: `image file ${path} does not exist`, action: "remove-feature" };
  if (probe?.status === "undecodable") {
    return {
      code: "IMAGE_UNDECODABLE",
      message: `image file ${path} does not decode: ${probe.reason}`,
      action: "remove-feature",
    };
  }
  return undefined;
}

/**
 * Checks a GeoJSON FeatureCollection following the IQF convention (`image_filename`, `class_id`,
 * polygon `geometry` per feature): its CRS, every feature's properties and image (decoded for
 * real), and its geometry (repaired when invalid, without losing area). The sanitized copy keeps
 * the feature order, the `crs` member and the properties; it drops what cannot be repaired.
 * Features whose geometry is not polygonal (Point, LineString, …) are not annotations: they are
 * skipped with a warning and kept unchanged, and an unknown CRS is a warning, as in `iqf stats`.
 */
export async function checkGeoJson(
  file: string,
  data: Record<string, unknown>,
  imagesDir: string,
  settings: FormatCheckSettings,
): Promise<FormatCheckResult> {
  const crs = resolveGeojsonCrs(file, data.crs);
  const features = data.features as unknown[];
  const skipped = nonPolygonalFeatures(features);
  const skippedIndexes = new Set(skipped.map(({ index }) => index));
  const skippedWarning = skippedGeometriesWarning(file, skipped);
  const warnings = [crs.warning, skippedWarning].filter((text): text is string => text !== undefined);
  const onDisk = await listImageFiles(imagesDir);
  const referenced = features
    .map((f) => (f as { properties?: { image_filename?: unknown } } | null)?.properties?.image_filename)
    .filter(
      (name): name is string =>
        typeof name === "string" && name !== "" && imageNameProblem(name) === undefined,
    );
  const names = [...new Set([...onDisk, ...referenced])];
  const probes = await probeImages(
    names.map((name) => imagePath(imagesDir, name)),
    settings,
  );
  const imageFindings = new Map<string, Finding | undefined>();
  const imageFindingOf = (name: string): Finding | undefined => {
    if (!imageFindings.has(name)) imageFindings.set(name, imageFinding(name, imagesDir, probes));
    return imageFindings.get(name);
  };
  const problems: SanityProblem[] = [];
  const kept: unknown[] = [];
  features.forEach((feature, index) => {
    if (skippedIndexes.has(index)) {
      kept.push(feature);
      return;
    }
    const record = feature as Record<string, unknown> | null;
    const properties = (record?.properties ?? {}) as Record<string, unknown>;
    const fileName = typeof properties.image_filename === "string" ? properties.image_filename : undefined;
    const context = { file, feature: { index }, ...(fileName ? { image: { fileName } } : {}) };
    const early =
      record === null || typeof record !== "object" || record.type !== "Feature"
        ? ({ code: "FEATURE_INVALID", message: "not a GeoJSON Feature", action: "remove-feature" } as const)
        : (propertyFinding(properties) ?? imageFindingOf(fileName!));
    if (early) {
      const at =
        early.code === "IMAGE_MISSING" || early.code === "IMAGE_UNDECODABLE"
          ? imagePath(imagesDir, fileName!)
          : file;
      problems.push(toProblem(early, { ...context, file: at }, settings.applied));
      return;
    }
    const geometry = checkFeatureGeometry(record!.geometry, crs);
    for (const finding of geometry.findings) problems.push(toProblem(finding, context, settings.applied));
    if (geometry.kept !== undefined)
      kept.push(geometry.kept === record!.geometry ? record : { ...record, geometry: geometry.kept });
  });
  const used = new Set(referenced);
  for (const name of onDisk) {
    const probe = probes.get(imagePath(imagesDir, name));
    if (used.has(name) || probe?.status !== "undecodable") continue;
    const path = imagePath(imagesDir, name);
    const finding: Finding = {
      code: "IMAGE_UNDECODABLE",
      message: `image file ${path} does not decode: ${probe.reason}`,
      action: "remove-image",
    };
    problems.push(toProblem(finding, { file: path, image: { fileName: name } }, settings.applied));
  }
  const present = new Set(onDisk);
  const keptImages = names.filter(
    (name) => present.has(name) && probes.get(imagePath(imagesDir, name))?.status === "ok",
  );
  return {
    problems,
    sanitized: { ...data, features: kept },
    keptImages,
    checked: { images: names.length, annotations: features.length - skipped.length, categories: 0 },
    keptAnnotations: kept.length - skipped.length,
    warnings,
  };
}
