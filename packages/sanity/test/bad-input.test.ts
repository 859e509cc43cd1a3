import { cp, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { recogniseAnnotations } from "@iqf/core";
import { checkDataset } from "@iqf/sanity";
import { beforeEach, describe, expect, it } from "vitest";
import { data, folderHashes, temporaryFolder } from "./helpers.js";

let folder: string;
beforeEach(async () => {
  folder = join(await temporaryFolder(), "ds");
  await cp(join(data, "ds_geo_dataset"), folder, { recursive: true });
});

async function expectRejected(content: string, code: string, pattern: RegExp, options = {}) {
  const file = join(folder, "annots.geojson");
  await writeFile(file, content);
  const before = await folderHashes(folder);
  const error = await checkDataset(folder, { out: join(folder, "..", "out"), ...options }).catch(
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code });
  expect((error as Error).message).toContain(file);
  expect((error as Error).message).toMatch(pattern);
  expect(await folderHashes(folder)).toEqual(before);
}

describe("bad input gets a clear error naming the file, and nothing is written", () => {
  it("annotations that are not JSON", () => expectRejected("{ not json", "INVALID_FILE", /not valid JSON/));
  it("an empty annotation file is 'no annotations' with a warning, left out of the copy", async () => {
    const file = join(folder, "annots.geojson");
    await writeFile(file, "");
    const report = await checkDataset(folder, { out: join(folder, "..", "out-empty") });
    expect(report.warnings).toEqual([
      `${file} is empty; the dataset is treated as image-only (no annotations)`,
    ]);
    expect(report.format).toBe("none");
  });
  it("JSON that is neither COCO nor GeoJSON", () =>
    expectRejected('{"hello": [1]}', "ANNOTATIONS_UNRECOGNISED", /object with keys hello/));
  it("GeoJSON that is not a FeatureCollection", () =>
    expectRejected('{"type": "Point", "coordinates": [0, 0]}', "ANNOTATIONS_UNRECOGNISED", /"Point"/));
  it("COCO with a string id", () =>
    expectRejected(
      JSON.stringify({ images: [{ id: "a", file_name: "a.tif" }], annotations: [], categories: [] }),
      "INVALID_FILE",
      /images\[0\]\.id is the string "a"; COCO ids .* must be integers/,
    ));
  it("a file over the size limit", () =>
    expectRejected(
      JSON.stringify({ type: "FeatureCollection", features: [] }),
      "ANNOTATIONS_TOO_LARGE",
      /limit/,
      {
        maxAnnotationBytes: 10,
      },
    ));

  it("a missing dataset, and options that are wrong", async () => {
    await expect(checkDataset(join(folder, "nope"))).rejects.toMatchObject({ code: "DATASET_NOT_FOUND" });
    await expect(checkDataset(folder, { concurrency: 0 })).rejects.toMatchObject({ code: "INVALID_PARAMS" });
  });

  it("an output folder inside the dataset or already full", async () => {
    await expect(checkDataset(folder, { out: join(folder, "clean") })).rejects.toMatchObject({
      code: "INVALID_PARAMS",
    });
    const out = join(folder, "..", "full");
    await mkdir(out);
    await writeFile(join(out, "keep.txt"), "x");
    await expect(checkDataset(folder, { out })).rejects.toMatchObject({ code: "OUTPUT_IN_THE_WAY" });
    const report = await checkDataset(folder, { out, overwrite: true });
    expect(report.output).toBe(out);
    await rm(out, { recursive: true });
  });

  it("reads CRS spellings and treats longitude/latitude ranges", async () => {
    const file = join(folder, "annots.geojson");
    const feature = {
      type: "Feature",
      properties: { image_filename: "sample_geotiff_734006_3725004.tif", class_id: 0 },
      geometry: {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [500, 0],
            [500, 1],
            [0, 0],
          ],
        ],
      },
    };
    await writeFile(file, JSON.stringify({ type: "FeatureCollection", features: [feature] }));
    expect((await checkDataset(folder)).problems.map((p) => p.code)).toEqual([
      "GEOMETRY_COORDINATES_INVALID",
    ]);
    for (const name of [
      "urn:ogc:def:crs:EPSG::32616",
      "EPSG:3857",
      "http://www.opengis.net/def/crs/EPSG/0/32616",
    ]) {
      await writeFile(
        file,
        JSON.stringify({
          type: "FeatureCollection",
          crs: { type: "name", properties: { name } },
          features: [feature],
        }),
      );
      expect((await checkDataset(folder)).problems).toEqual([]);
    }
    expect(recogniseAnnotations("x.json", { images: [], annotations: [] }).format).toBe("coco");
    await writeFile(file, `\ufeff${JSON.stringify({ type: "FeatureCollection", features: [] })}`);
    expect((await checkDataset(folder)).format).toBe("geojson");
  });
});
