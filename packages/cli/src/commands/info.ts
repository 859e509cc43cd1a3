import { resolve } from "node:path";
import { countOf } from "@iqf/core";
import type { Command } from "commander";
import { addDatasetPathOptions, type DatasetPathOptions, datasetPaths } from "./dataset-options.js";

interface InfoOptions extends DatasetPathOptions {
  readonly json?: boolean;
}

/**
 * Registers `iqf info <dataset> [--json]`: shows the discovered layout of a dataset (images
 * folder, annotation files, mask folder), its image count and its params. With `--json`, prints
 * one JSON object with absolute paths.
 */
export function registerInfo(program: Command): void {
  addDatasetPathOptions(
    program
      .command("info")
      .description("show a dataset's discovered layout: images folder, annotations, masks, params")
      .argument("<dataset>", "dataset folder"),
  )
    .option("--json", "print one JSON object instead of text")
    .action(async (dataset: string, options: InfoOptions) => {
      const { DsWrapper } = await import("@iqf/datasets");
      const ds = await DsWrapper.open(dataset, datasetPaths(options));
      const { layout } = ds;
      const images = (await ds.listImages()).length;
      const absolute = (path: string | undefined) => (path === undefined ? null : resolve(path));
      if (options.json) {
        const info = {
          name: layout.name,
          root: resolve(layout.root),
          imagesDir: resolve(layout.imagesDir),
          images,
          cocoAnnotations: absolute(layout.cocoAnnotations),
          geojsonAnnotations: absolute(layout.geojsonAnnotations),
          masksDir: absolute(layout.masksDir),
          params: layout.params,
        };
        process.stdout.write(`${JSON.stringify(info)}\n`);
        return;
      }
      const rows: [string, string][] = [
        ["dataset", layout.name],
        ["root", layout.root],
        ["images", `${layout.imagesDir} (${countOf(images, "image")})`],
        ["coco", layout.cocoAnnotations ?? "-"],
        ["geojson", layout.geojsonAnnotations ?? "-"],
        ["masks", layout.masksDir ?? "-"],
        ["params", JSON.stringify(layout.params)],
      ];
      for (const [key, value] of rows) process.stdout.write(`${key.padEnd(8)} ${value}\n`);
    });
}
