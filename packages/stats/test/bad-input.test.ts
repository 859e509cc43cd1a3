import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { InvalidFile, InvalidParams, IqfError } from "@iqf/core";
import { DsStats } from "@iqf/stats";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { cocoDataset, copyDataset, geoDataset, snapshot, tempDir } from "./helpers.js";

/** Creates `<root>/images` holding one small PNG. */
async function imagesFolder(root: string): Promise<void> {
  await mkdir(join(root, "images"), { recursive: true });
  await sharp({ create: { width: 8, height: 8, channels: 3, background: "#808080" } })
    .png()
    .toFile(join(root, "images", "a.png"));
}

/** A dataset folder with one image and one annotation file holding `content`. */
async function datasetWith(fileName: string, content: string): Promise<{ root: string; file: string }> {
  const root = join(await tempDir(), "broken");
  await imagesFolder(root);
  const file = join(root, fileName);
  await writeFile(file, content);
  return { root, file };
}

/** Runs DsStats, expecting an `IqfError`; returns it. */
async function failure(promise: Promise<unknown>): Promise<IqfError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(IqfError);
  return error as IqfError;
}

describe("bad input gives a clear error naming the file, and nothing is written to the dataset", () => {
  it("annotations that are not JSON", async () => {
    const { root, file } = await datasetWith("annotations.json", "{ not json");
    const error = await failure(new DsStats(root, { outputDir: join(root, "..", "out") }).performStats());
    expect(error).toBeInstanceOf(InvalidFile);
    expect(error.code).toBe("INVALID_FILE");
    expect(error.message).toContain(file);
    expect(error.message).toContain("not valid JSON");
  });

  it("an empty annotation file is 'no annotations', with a warning", async () => {
    const { root, file } = await datasetWith("annotations.json", "");
    const result = await new DsStats(root).performStats();
    expect(result.warnings).toEqual([
      `${file} is empty; the dataset is treated as image-only (no annotations)`,
    ]);
    expect(result.entries).toMatchObject([{ obj: "images" }]);
  });

  it("JSON that is neither COCO nor GeoJSON", async () => {
    const { root, file } = await datasetWith("annotations.json", JSON.stringify({ hello: "world" }));
    const error = await failure(new DsStats(root).performStats());
    expect(error.message).toContain(file);
    expect(error.message).toContain("neither COCO");
  });

  it("COCO with a malformed field names its JSON path", async () => {
    const coco = {
      images: [{ id: 1, width: 10, height: 10 }],
      annotations: [{ image_id: 1, category_id: 1, bbox: [1, 2, 3] }],
      categories: [],
    };
    const { root } = await datasetWith("annotations.json", JSON.stringify(coco));
    const error = await failure(new DsStats(root).performStats());
    expect(error.message).toContain("annotations[0].bbox");
  });

  it("a GeoJSON with an unknown CRS is read as planar units, with a warning naming the file", async () => {
    const geojson = {
      type: "FeatureCollection",
      crs: { type: "name", properties: { name: "my-local-grid" } },
      features: [],
    };
    const { root, file } = await datasetWith("annots.geojson", JSON.stringify(geojson));
    const result = await new DsStats(root).performStats();
    expect(result.warnings).toContainEqual(
      expect.stringContaining(`${file}: unknown coordinate reference system "my-local-grid"`),
    );
  });

  it("COCO with a string id names the field", async () => {
    const coco = {
      images: [{ id: "a", file_name: "a.png", width: 1, height: 1 }],
      annotations: [],
      categories: [],
    };
    const { root, file } = await datasetWith("annotations.json", JSON.stringify(coco));
    const error = await failure(new DsStats(root).performStats());
    expect(error.message).toContain(`${file}: images[0].id is the string "a"`);
  });

  it("a GeoJSON feature whose image is missing names the image file", async () => {
    const feature = {
      type: "Feature",
      properties: { image_filename: "missing.tif", class_id: 0 },
      geometry: null,
    };
    const { root } = await datasetWith(
      "annots.geojson",
      JSON.stringify({ type: "FeatureCollection", features: [feature] }),
    );
    const error = await failure(new DsStats(root).performStats());
    expect(error.message).toContain(join(root, "images", "missing.tif"));
    expect(error.message).toContain("cannot read the image size");
  });

  it("null, empty and non-polygon geometries give nulls instead of crashing", async () => {
    const square = {
      type: "Polygon",
      coordinates: [
        [
          [0, 0],
          [0, 2],
          [2, 2],
          [2, 0],
          [0, 0],
        ],
      ],
    };
    const features = [
      square,
      null,
      { type: "Point", coordinates: [1, 1] },
      { type: "Polygon", coordinates: [] },
    ].map((geometry) => ({
      type: "Feature",
      properties: { image_filename: "a.png", class_id: 1 },
      geometry,
    }));
    const { root } = await datasetWith(
      "annots.geojson",
      JSON.stringify({ type: "FeatureCollection", features }),
    );
    const { entries } = await new DsStats(root).performStats();
    expect(entries[0]!.stats).toEqual({ mean_height: 8, mean_width: 8 });
    const stats = entries[1]!.stats as Record<string, unknown>;
    expect(stats.area).toEqual([{ min: 4 }, { mean: 4 }, { max: 4 }]);
    expect(stats.compactness).toEqual([{ min: Math.PI / 4 }, { mean: Math.PI / 4 }, { max: Math.PI / 4 }]);
    expect(stats.x).toEqual([{ min: 1 }, { mean: 1 }, { max: 1 }]);
  });

  it("a polygon position that is not two finite numbers is named by its JSON path", async () => {
    const geometry = {
      type: "Polygon",
      coordinates: [
        [
          [0, 0],
          [0, "x"],
          [1, 1],
          [0, 0],
        ],
      ],
    };
    const features = [{ type: "Feature", properties: { image_filename: "a.png" }, geometry }];
    const { root } = await datasetWith(
      "annots.geojson",
      JSON.stringify({ type: "FeatureCollection", features }),
    );
    const error = await failure(new DsStats(root).performStats());
    expect(error.message).toContain(
      "features[0].geometry.coordinates[0][1]: expected a position [x, y] of finite numbers",
    );
  });

  it("a file above the size limit is refused before it is read", async () => {
    const error = await failure(new DsStats(cocoDataset, { maxAnnotationBytes: 1000 }).performStats());
    expect(error.message).toContain("coco_annotations.json");
    expect(error.message).toMatch(/MiB, above the .* MiB limit/);
  });

  it("an output folder inside the dataset is refused, and invalid options are named", async () => {
    const error = await failure(
      new DsStats(cocoDataset, { outputDir: join(cocoDataset, "stats") }).performStats(),
    );
    expect(error).toBeInstanceOf(InvalidParams);
    expect(error.message).toContain("lies inside the dataset");
    expect(() => new DsStats(cocoDataset, { concurrency: 0 })).toThrow(/concurrency/);
  });

  it("a folder without annotations and a missing folder", async () => {
    const root = join(await tempDir(), "empty");
    await imagesFolder(root);
    expect((await failure(new DsStats(root).performStats())).code).toBe("ANNOTATIONS_NOT_FOUND");
    expect((await failure(new DsStats(join(root, "nope")).performStats())).code).toBe("DATASET_NOT_FOUND");
  });

  it("a full run leaves the dataset folder untouched", async () => {
    for (const source of [cocoDataset, geoDataset]) {
      const copy = await copyDataset(source);
      const before = await snapshot(copy);
      await new DsStats(copy, { outputDir: join(copy, "..", "stats-out") }).performStats();
      expect(await snapshot(copy)).toEqual(before);
    }
  });
});
