import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { checkDataset, findInvalidity, type Point, type SanityReport } from "@iqf/sanity";
import { beforeAll, describe, expect, it } from "vitest";
import { ringArea } from "../src/geometry/primitives.js";
import { brokenDataset, data, folderHashes, readJson, reference, temporaryFolder } from "./helpers.js";

type Feature = {
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown } | null;
};
type Collection = { type: string; crs?: unknown; features: Feature[] };

/** Area of a Polygon / MultiPolygon GeoJSON geometry (closed rings). */
function geometryArea(geometry: Feature["geometry"]): number {
  if (!geometry) return 0;
  const polygons = (
    geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates
  ) as number[][][][];
  return polygons.reduce(
    (sum, polygon) =>
      sum +
      polygon.reduce(
        (s, ring, i) => s + (i === 0 ? 1 : -1) * Math.abs(ringArea(ring.slice(0, -1) as unknown as Point[])),
        0,
      ),
    0,
  );
}

describe("GeoJSON: the clean sample", () => {
  it("has no problem and its sanitized copy equals iquaflow's output", async () => {
    const out = join(await temporaryFolder(), "clean");
    const report = await checkDataset(join(data, "ds_geo_dataset"), { out });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ format: "geojson", clean: true, kept: { images: 10, annotations: 15 } });
    expect(await readJson(join(out, "annots.geojson"))).toEqual(
      await readJson(join(reference, "outputs/geo__autofix_annots.geojson")),
    );
  });
});

describe("GeoJSON: iquaflow's broken sample", () => {
  let folder: string;
  let report: SanityReport;
  let written: Collection;
  let iquaflow: Collection;
  beforeAll(async () => {
    folder = await brokenDataset("geo", false);
    const out = join(await temporaryFolder(), "fixed");
    report = await checkDataset(folder, { out });
    written = await readJson<Collection>(join(out, "annots.geojson"));
    iquaflow = await readJson<Collection>(join(reference, "outputs/broken_geo__autofix_annots.geojson"));
  });

  it("reports the bow-tie, the null and the empty geometry — and no false duplicate-image errors", () => {
    expect(report.problems.map((p) => [p.code, p.feature?.index, p.fix.action])).toEqual([
      ["GEOMETRY_INVALID", 2, "repair-geometry"],
      ["GEOMETRY_NULL", 4, "remove-feature"],
      ["GEOMETRY_EMPTY", 9, "remove-feature"],
    ]);
    expect(report.fixedAll).toBe(true);
  });

  it("drops the same rows as iquaflow, keeps order, crs and properties", () => {
    expect(written.crs).toEqual(iquaflow.crs);
    expect(written.features).toHaveLength(13);
    expect(written.features.map((f) => f.properties)).toEqual(iquaflow.features.map((f) => f.properties));
    written.features.forEach((feature, i) => {
      if (i !== 2) expect(feature).toEqual(iquaflow.features[i]);
    });
  });

  it("repairs the bow-tie into both triangles: twice the area iquaflow's buffer(0) kept", () => {
    const repaired = written.features[2]!.geometry!;
    expect(repaired.type).toBe("MultiPolygon");
    const [x0, y0, x1, y1] = [733646.0, 3724869.0, 733647.2859310884, 3724884.25540601];
    expect(geometryArea(repaired)).toBeCloseTo(((x1 - x0) * (y1 - y0)) / 2, 9);
    expect(geometryArea(iquaflow.features[2]!.geometry)).toBeCloseTo(4.90435, 4);
    const rings = (repaired.coordinates as number[][][][]).map((p) =>
      p.map((r) => r.slice(0, -1) as unknown as Point[]),
    );
    expect(findInvalidity(rings)).toBeUndefined();
  });

  it("leaves out the features of an image that does not decode, and that image", async () => {
    const corrupt = await brokenDataset("geo");
    const out = join(await temporaryFolder(), "fixed");
    const result = await checkDataset(corrupt, { out });
    expect(
      result.problems.filter((p) => p.code === "IMAGE_UNDECODABLE").map((p) => p.feature?.index),
    ).toEqual([10, 11]);
    expect(result.kept).toEqual({ images: 9, annotations: 11 });
    expect(Object.keys(await folderHashes(join(out, "images")))).not.toContain(
      "/sample_geotiff_733601_3725139.tif",
    );
  });

  it("reports an image on disk that no feature names and that does not decode", async () => {
    const folder = await brokenDataset("geo", false);
    await writeFile(join(folder, "images/unused.tif"), "NOT A TIFF");
    const result = await checkDataset(folder);
    expect(result.problems.filter((p) => p.code === "IMAGE_UNDECODABLE")).toMatchObject([
      { image: { fileName: "unused.tif" }, fix: { action: "remove-image", applied: false } },
    ]);
  });
});

describe("GeoJSON: feature checks", () => {
  const square = [
    [0, 0],
    [1, 0],
    [1, 1],
    [0, 1],
    [0, 0],
  ];
  const image = "sample_geotiff_734006_3725004.tif";
  const feature = (properties: Record<string, unknown>, geometry: unknown) => ({
    type: "Feature",
    properties,
    geometry,
  });
  let report: SanityReport;
  let written: Collection;
  beforeAll(async () => {
    const folder = await brokenDataset("geo", false);
    const crs = { type: "name", properties: { name: "EPSG:32616" } };
    const ok = { image_filename: image, class_id: 1 };
    const features = [
      feature({ class_id: 1 }, { type: "Polygon", coordinates: [square] }),
      feature({ image_filename: image, class_id: null }, { type: "Polygon", coordinates: [square] }),
      feature({ image_filename: image, class_id: 1.5 }, { type: "Polygon", coordinates: [square] }),
      feature({ image_filename: "absent.tif", class_id: 1 }, { type: "Polygon", coordinates: [square] }),
      feature({ image_filename: "../x.tif", class_id: 1 }, { type: "Polygon", coordinates: [square] }),
      feature(ok, {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
            [0, 1],
          ],
        ],
      }),
      feature(ok, {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [0, 0],
            [1, 0],
            [1, 0],
            [1, 1],
            [0, 1],
            [0, 0],
          ],
        ],
      }),
      feature(ok, {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      }),
      feature(ok, {
        type: "Polygon",
        coordinates: [
          square,
          [
            [5, 5],
            [6, 5],
            [5, 5],
          ],
        ],
      }),
      feature(ok, { type: "Point", coordinates: [0, 0] }),
      feature(ok, {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            ["a", 1],
            [1, 1],
            [0, 0],
          ],
        ],
      }),
      feature(ok, {
        type: "MultiPolygon",
        coordinates: [
          [square],
          [
            [
              [0.5, 0.5],
              [2, 0.5],
              [2, 2],
              [0.5, 2],
              [0.5, 0.5],
            ],
          ],
        ],
      }),
      { type: "Thing" },
    ];
    await writeFile(
      join(folder, "annots.geojson"),
      JSON.stringify({ type: "FeatureCollection", crs, features }),
    );
    const out = join(await temporaryFolder(), "fixed");
    report = await checkDataset(folder, { out });
    written = await readJson<Collection>(join(out, "annots.geojson"));
  });

  it("skips the Point feature with a warning: not a problem, kept unchanged in the copy", () => {
    expect(report.warnings).toContainEqual(
      expect.stringMatching(
        /annots\.geojson: 1 feature is not a Polygon or MultiPolygon and was skipped \(1 Point; features\[9\]\)$/,
      ),
    );
    expect(report.checked.annotations).toBe(12);
  });

  it("gives each problem its code", () => {
    expect(report.problems.map((p) => [p.feature?.index, p.code])).toEqual([
      [0, "FEATURE_PROPERTY_MISSING"],
      [1, "FEATURE_PROPERTY_MISSING"],
      [2, "FEATURE_CLASS_ID_INVALID"],
      [3, "IMAGE_MISSING"],
      [4, "IMAGE_PATH_ESCAPES"],
      [5, "RING_NOT_CLOSED"],
      [7, "RING_TOO_FEW_POINTS"],
      [8, "RING_TOO_FEW_POINTS"],
      [10, "GEOMETRY_COORDINATES_INVALID"],
      [11, "GEOMETRY_INVALID"],
      [12, "FEATURE_INVALID"],
    ]);
  });

  it("closes rings, keeps duplicate points, drops degenerate holes and merges overlapping parts", () => {
    expect(report.problems.find((p) => p.feature?.index === 7)?.fix.action).toBe("remove-feature");
    expect(report.problems.find((p) => p.feature?.index === 8)?.fix.action).toBe("drop-ring");
    expect(written.features).toHaveLength(5);
    expect(written.features[0]!.geometry).toEqual({ type: "Polygon", coordinates: [square] });
    expect(written.features[1]!.geometry!.coordinates).toEqual([
      [
        [0, 0],
        [0, 0],
        [1, 0],
        [1, 0],
        [1, 1],
        [0, 1],
        [0, 0],
      ],
    ]);
    expect(written.features[2]!.geometry).toEqual({ type: "Polygon", coordinates: [square] });
    expect(written.features[3]!.geometry).toEqual({ type: "Point", coordinates: [0, 0] });
    expect(written.features[4]!.geometry!.type).toBe("Polygon");
    expect(geometryArea(written.features[4]!.geometry)).toBeCloseTo(1 + 2.25 - 0.25, 12);
  });
});
