import type { CocoFile } from "@iqf/coco";
import type { GeojsonFile } from "./annotation-file.js";
import type { GeojsonColumns } from "./geojson-stats.js";
import type { AnnotationTable } from "./html/annotation-summary.js";

/** Counts rows per class name, most frequent first (ties by name). */
function countClasses(names: readonly string[]): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The annotation table of a COCO file: one row per annotation with its image, class, box and area. */
export function cocoAnnotationTable(title: string, source: string, coco: CocoFile): AnnotationTable {
  const fileNames = new Map(coco.images.map((image) => [image.id, image.file_name ?? String(image.id)]));
  const categoryNames = new Map<number | string, string>();
  for (const category of coco.categories) {
    if (!categoryNames.has(category.id)) categoryNames.set(category.id, String(category.name));
  }
  const classNames: string[] = [];
  const rows = coco.annotations.map((annotation) => {
    const className = categoryNames.get(annotation.category_id) ?? `category ${annotation.category_id}`;
    classNames.push(className);
    const [x, y, width, height] = annotation.bbox;
    return [
      annotation.id ?? null,
      fileNames.get(annotation.image_id) ?? `image ${annotation.image_id}`,
      className,
      x!,
      y!,
      width!,
      height!,
      annotation.area ?? null,
      annotation.iscrowd === undefined ? null : Number(annotation.iscrowd),
    ];
  });
  return {
    title,
    source,
    columns: [
      { label: "id", type: "number" },
      { label: "image", type: "text" },
      { label: "class", type: "text" },
      { label: "x", type: "number" },
      { label: "y", type: "number" },
      { label: "width", type: "number" },
      { label: "height", type: "number" },
      { label: "area", type: "number" },
      { label: "iscrowd", type: "number" },
    ],
    rows,
    classCounts: countClasses(classNames),
  };
}

/** A column value, `null` for NaN. */
function cell(column: Float64Array, index: number): number | null {
  const value = column[index]!;
  return Number.isNaN(value) ? null : value;
}

/** The annotation table of a GeoJSON file: one row per feature with its image, class and shape measures. */
export function geojsonAnnotationTable(
  title: string,
  source: string,
  geojson: GeojsonFile,
  columns: GeojsonColumns,
): AnnotationTable {
  const classNames: string[] = [];
  const rows = geojson.features.map((feature, index) => {
    const properties = feature.properties ?? {};
    const className =
      properties.class_id === undefined || properties.class_id === null ? "" : String(properties.class_id);
    classNames.push(className);
    const image = properties.image_filename;
    return [
      index,
      typeof image === "string" ? image : null,
      className,
      cell(columns.area, index),
      cell(columns.rhigh, index),
      cell(columns.rwidth, index),
      cell(columns.rangle, index),
      cell(columns.compactness, index),
      cell(columns.x, index),
      cell(columns.y, index),
    ];
  });
  return {
    title,
    source,
    columns: [
      { label: "feature", type: "number" },
      { label: "image", type: "text" },
      { label: "class", type: "text" },
      { label: "area", type: "number" },
      { label: "rotated length", type: "number" },
      { label: "rotated width", type: "number" },
      { label: "angle (°)", type: "number" },
      { label: "compactness", type: "number" },
      { label: "centroid x", type: "number" },
      { label: "centroid y", type: "number" },
    ],
    rows,
    classCounts: countClasses(classNames),
  };
}
