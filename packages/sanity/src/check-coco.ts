import type { ProgressCallback } from "@iqf/core";
import { checkCocoAnnotation, type ImageSize } from "./coco-annotation.js";
import { type Finding, toProblem } from "./finding.js";
import { imageNameProblem, imagePath, probeImages } from "./image-files.js";
import type { SanityProblem } from "./report.js";

/** Settings shared by the format checks. */
export interface FormatCheckSettings {
  /** True when a sanitized copy is written (fixes are then applied). */
  readonly applied: boolean;
  /** Images decoded at once. */
  readonly concurrency?: number;
  /** Progress of image decoding. */
  readonly onProgress?: ProgressCallback;
  /** Cancels image decoding. */
  readonly signal?: AbortSignal;
}

/** Outcome of a format check: problems, the sanitized annotations and the image files to copy. */
export interface FormatCheckResult {
  /** Problems in file order. */
  readonly problems: SanityProblem[];
  /** The sanitized annotation document. */
  readonly sanitized: Record<string, unknown>;
  /** File names (relative to the images folder) of the images the sanitized copy keeps. */
  readonly keptImages: string[];
  /** Counts of what was checked. */
  readonly checked: { images: number; annotations: number; categories: number };
  /** Annotations (or features) kept. */
  readonly keptAnnotations: number;
  /** Warnings about the file that are not problems (an unknown CRS, skipped non-polygon features). */
  readonly warnings?: readonly string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v);

interface ImageEntryCheck {
  readonly kept: Map<unknown, { entry: Record<string, unknown>; size: ImageSize }>;
  /** Removed entries by id (the first one with that id). */
  readonly removed: Map<unknown, Record<string, unknown>>;
}

/** Problems of an annotation whose image is left out, measured against the entry's declared size. */
function removedImageFindings(annotation: Record<string, unknown>, images: ImageEntryCheck): Finding[] {
  const entry = images.removed.get(annotation.image_id);
  const width = entry?.width;
  const height = entry?.height;
  if (typeof width !== "number" || typeof height !== "number") return [];
  return checkCocoAnnotation(annotation, { width, height }).findings;
}

async function checkImageEntries(
  file: string,
  imagesDir: string,
  images: readonly unknown[],
  settings: FormatCheckSettings,
  problems: SanityProblem[],
): Promise<ImageEntryCheck> {
  const report = (index: number, image: Record<string, unknown> | undefined, finding: Finding, at = file) =>
    problems.push(
      toProblem(
        finding,
        { file: at, image: { index, id: image?.id, fileName: image?.file_name as string } },
        settings.applied,
      ),
    );
  const ids = new Map<unknown, string>();
  const names = new Map<string, unknown>();
  const candidates: { index: number; entry: Record<string, unknown> }[] = [];
  images.forEach((entry, index) => {
    if (
      !isRecord(entry) ||
      !Number.isInteger(entry.id) ||
      typeof entry.file_name !== "string" ||
      entry.file_name === ""
    ) {
      report(index, isRecord(entry) ? entry : undefined, {
        code: "IMAGE_ENTRY_INVALID",
        message: "image entry needs an integer id and a non-empty file_name",
        action: "remove-image",
      });
      return;
    }
    const fileName = entry.file_name;
    if (ids.has(entry.id)) {
      report(index, entry, {
        code: "IMAGE_DUPLICATE_ID",
        message: `duplicate image id ${entry.id} (file_name "${fileName}"), already used by "${ids.get(entry.id)}"`,
        action: "remove-image",
        legacyCode: "ERR_JSON_IMG_ID_DUP",
      });
      return;
    }
    if (names.has(fileName)) {
      report(index, entry, {
        code: "IMAGE_DUPLICATE_FILE_NAME",
        message: `duplicate file_name "${fileName}" (id ${entry.id}), already used by id ${names.get(fileName)}`,
        action: "remove-image",
        legacyCode: "ERR_JSON_IMG_FNAME_DUP",
      });
      return;
    }
    ids.set(entry.id, fileName);
    names.set(fileName, entry.id);
    const nameProblem = imageNameProblem(fileName);
    if (nameProblem) {
      report(index, entry, {
        code: nameProblem,
        message:
          nameProblem === "IMAGE_FILE_TYPE"
            ? `"${fileName}" does not have an image extension`
            : `"${fileName}" is outside the images folder`,
        action: "remove-image",
        ...(nameProblem === "IMAGE_FILE_TYPE" ? { legacyCode: "ERR_JSON_IMG_FILE_TYPE" } : {}),
      });
      return;
    }
    candidates.push({ index, entry });
  });
  const probes = await probeImages(
    candidates.map((c) => imagePath(imagesDir, c.entry.file_name as string)),
    settings,
  );
  const kept = new Map<unknown, { entry: Record<string, unknown>; size: ImageSize }>();
  for (const { index, entry } of candidates) {
    const path = imagePath(imagesDir, entry.file_name as string);
    const probe = probes.get(path)!;
    if (probe.status === "missing") {
      report(
        index,
        entry,
        { code: "IMAGE_MISSING", message: `image file ${path} does not exist`, action: "remove-image" },
        path,
      );
      continue;
    }
    if (probe.status === "undecodable") {
      report(
        index,
        entry,
        {
          code: "IMAGE_UNDECODABLE",
          message: `image file ${path} does not decode: ${probe.reason}`,
          action: "remove-image",
        },
        path,
      );
      continue;
    }
    const size = { width: probe.width, height: probe.height };
    if (entry.width !== probe.width || entry.height !== probe.height) {
      report(index, entry, {
        code: "IMAGE_SIZE_MISMATCH",
        message: `entry says ${entry.width}×${entry.height}, the file is ${probe.width}×${probe.height}`,
        action: "set-size",
        detail: `width → ${probe.width}, height → ${probe.height}`,
      });
    }
    kept.set(entry.id, { entry: { ...entry, width: probe.width, height: probe.height }, size });
  }
  const removed = new Map<unknown, Record<string, unknown>>();
  for (const entry of images) {
    if (isRecord(entry) && !kept.has(entry.id) && !removed.has(entry.id)) removed.set(entry.id, entry);
  }
  return { kept, removed };
}

function checkCategories(
  file: string,
  categories: readonly unknown[],
  applied: boolean,
  problems: SanityProblem[],
) {
  const kept = new Map<unknown, unknown>();
  categories.forEach((category, index) => {
    const id = isRecord(category) ? category.id : undefined;
    const finding: Finding | undefined = !Number.isInteger(id)
      ? { code: "CATEGORY_INVALID", message: "category needs an integer id", action: "remove-category" }
      : kept.has(id)
        ? { code: "CATEGORY_DUPLICATE_ID", message: `duplicate category id ${id}`, action: "remove-category" }
        : undefined;
    if (finding) problems.push(toProblem(finding, { file, category: { index, id } }, applied));
    else kept.set(id, category);
  });
  return kept;
}

function annotationPrecheck(
  annotation: unknown,
  seenIds: Set<unknown>,
  images: ImageEntryCheck,
  categories: Map<unknown, unknown>,
): Finding | undefined {
  if (
    !isRecord(annotation) ||
    ![annotation.id, annotation.image_id, annotation.category_id].every(Number.isInteger)
  ) {
    return {
      code: "ANNOTATION_INVALID",
      message: "annotation needs integer id, image_id and category_id",
      action: "remove-annotation",
    };
  }
  if (seenIds.has(annotation.id)) {
    return {
      code: "ANNOTATION_DUPLICATE_ID",
      message: `duplicate annotation id ${annotation.id}`,
      action: "remove-annotation",
    };
  }
  seenIds.add(annotation.id);
  if (!images.kept.has(annotation.image_id)) {
    return images.removed.has(annotation.image_id)
      ? {
          code: "ANNOTATION_IMAGE_REMOVED",
          message: `image ${annotation.image_id} is left out`,
          action: "remove-annotation",
        }
      : {
          code: "ANNOTATION_IMAGE_UNKNOWN",
          message: `image_id ${annotation.image_id} names no image`,
          action: "remove-annotation",
        };
  }
  if (!categories.has(annotation.category_id)) {
    return {
      code: "ANNOTATION_CATEGORY_UNKNOWN",
      message: `category_id ${annotation.category_id} names no category`,
      action: "remove-annotation",
    };
  }
  return undefined;
}

/**
 * Checks a COCO document: image entries (duplicates, names, files decoded for real, sizes),
 * categories, and every annotation (references, bbox, segmentation, area). Returns the problems
 * and the sanitized document: bad entries removed, annotations of removed images removed,
 * sizes, boxes and areas corrected.
 */
export async function checkCoco(
  file: string,
  data: Record<string, unknown>,
  imagesDir: string,
  settings: FormatCheckSettings,
): Promise<FormatCheckResult> {
  const problems: SanityProblem[] = [];
  const images = data.images as unknown[];
  const annotations = data.annotations as unknown[];
  const categoryList = Array.isArray(data.categories) ? data.categories : [];
  const imageCheck = await checkImageEntries(file, imagesDir, images, settings, problems);
  const categories = checkCategories(file, categoryList, settings.applied, problems);
  const seenIds = new Set<unknown>();
  const keptAnnotations: Record<string, unknown>[] = [];
  annotations.forEach((annotation, index) => {
    const context = { file, annotation: { index, id: isRecord(annotation) ? annotation.id : undefined } };
    const early = annotationPrecheck(annotation, seenIds, imageCheck, categories);
    if (early) {
      problems.push(toProblem(early, context, settings.applied));
      if (early.code === "ANNOTATION_IMAGE_REMOVED") {
        for (const finding of removedImageFindings(annotation as Record<string, unknown>, imageCheck)) {
          problems.push(toProblem({ ...finding, action: "remove-annotation" }, context, settings.applied));
        }
      }
      return;
    }
    const record = annotation as Record<string, unknown>;
    const image = imageCheck.kept.get(record.image_id)!;
    const result = checkCocoAnnotation(record, image.size);
    const withImage = {
      ...context,
      image: { id: record.image_id, fileName: image.entry.file_name as string },
    };
    for (const finding of result.findings) problems.push(toProblem(finding, withImage, settings.applied));
    if (result.kept) keptAnnotations.push(result.kept);
  });
  const keptEntries = [...imageCheck.kept.values()].map((k) => k.entry);
  return {
    problems,
    sanitized: {
      ...data,
      images: keptEntries,
      annotations: keptAnnotations,
      categories: [...categories.values()],
    },
    keptImages: keptEntries.map((entry) => entry.file_name as string),
    checked: { images: images.length, annotations: annotations.length, categories: categoryList.length },
    keptAnnotations: keptAnnotations.length,
  };
}
