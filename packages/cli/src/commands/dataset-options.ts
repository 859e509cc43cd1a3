import type { DsWrapperOptions } from "@iqf/datasets";
import type { Command } from "commander";

/** Command-line options that locate a dataset's parts explicitly. */
export interface DatasetPathOptions {
  readonly images?: string;
  readonly coco?: string;
  readonly geojson?: string;
  readonly masks?: string;
}

/** Adds `--images`, `--coco`, `--geojson` and `--masks` to a command that opens a dataset. */
export function addDatasetPathOptions(command: Command): Command {
  return command
    .option("--images <dir>", "images folder (default: the dataset's one images sub-folder)")
    .option("--coco <file>", "COCO annotation file (default: the first *.json in the dataset folder)")
    .option(
      "--geojson <file>",
      "GeoJSON annotation file (default: the first *.geojson in the dataset folder)",
    )
    .option("--masks <dir>", "raster-mask folder (default: <images folder>_mask when present)");
}

/** `DsWrapper.open` options from the command-line options. */
export function datasetPaths(options: DatasetPathOptions): DsWrapperOptions {
  return {
    ...(options.images !== undefined && { imagesDir: options.images }),
    ...(options.coco !== undefined && { cocoAnnotations: options.coco }),
    ...(options.geojson !== undefined && { geojsonAnnotations: options.geojson }),
    ...(options.masks !== undefined && { masksDir: options.masks }),
  };
}
