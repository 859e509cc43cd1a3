import { basename, join } from "node:path";
import type { DatasetLayout } from "@iqf/core";

/** Layout of a modified dataset, derived from its source without touching the disk. */
export function modifiedLayout(
  source: DatasetLayout,
  output: string,
  params: DatasetLayout["params"],
): DatasetLayout {
  const inOutput = (path: string | undefined) =>
    path === undefined ? undefined : join(output, basename(path));
  const cocoAnnotations = inOutput(source.cocoAnnotations);
  const geojsonAnnotations = inOutput(source.geojsonAnnotations);
  const masksDir = inOutput(source.masksDir);
  return {
    root: output,
    name: basename(output),
    imagesDir: join(output, basename(source.imagesDir)),
    ...(cocoAnnotations && { cocoAnnotations }),
    ...(geojsonAnnotations && { geojsonAnnotations }),
    ...(masksDir && { masksDir }),
    params,
  };
}
