import { cp, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { checkDataset, type SanityReport } from "@iqf/sanity";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { brokenDataset, data, folderHashes, readJson, reference, temporaryFolder } from "./helpers.js";

type Coco = {
  images: Record<string, unknown>[];
  annotations: Record<string, unknown>[];
  categories: unknown[];
};

describe("COCO: the clean sample", () => {
  it("has no problem and its sanitized copy holds the same data", async () => {
    const out = join(await temporaryFolder(), "clean");
    const report = await checkDataset(join(data, "ds_coco_dataset"), { out });
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({
      format: "coco",
      clean: true,
      fixedAll: true,
      kept: { images: 10, annotations: 130 },
    });
    expect(report.checked).toEqual({ images: 10, annotations: 130, categories: 80 });
    const written = await readJson(join(out, "coco_annotations.json"));
    expect(written).toEqual(await readJson(join(reference, "outputs/coco__autofix_coco_annotations.json")));
    expect(Object.keys(await folderHashes(join(out, "images")))).toHaveLength(10);
  });
});

describe("COCO: iquaflow's broken sample", () => {
  let folder: string;
  let before: Record<string, string>;
  let report: SanityReport;
  let out: string;
  beforeAll(async () => {
    folder = await brokenDataset("coco");
    before = await folderHashes(folder);
    out = join(await temporaryFolder(), "fixed");
    report = await checkDataset(folder, { out });
  });

  it("flags every entry iquaflow flagged, with the same legacy codes and indices", () => {
    const legacy = report.problems
      .filter((p) => p.legacyCode)
      .map((p) => [p.image?.index ?? p.annotation?.index, p.legacyCode]);
    expect(legacy).toEqual([
      [10, "ERR_JSON_IMG_ID_DUP"],
      [11, "ERR_JSON_IMG_FNAME_DUP"],
      [12, "ERR_JSON_IMG_FILE_TYPE"],
      [0, "ERR_JSON_ANN_BBOX_LEN"],
      [1, "ERR_JSON_ANN_BBOX_TYPE"],
      [2, "ERR_JSON_ANN_BBOX_NEG"],
      [3, "ERR_JSON_ANN_SEG_NEG"],
      [5, "ERR_JSON_ANN_SEG_PAR"],
    ]);
  });

  it("also decodes the images: the overwritten JPEG is left out with its 24 annotations", () => {
    const undecodable = report.problems.filter((p) => p.code === "IMAGE_UNDECODABLE");
    expect(undecodable).toHaveLength(1);
    expect(undecodable[0]).toMatchObject({
      file: join(folder, "images/000000184613.jpg"),
      image: { index: 2, id: 184613 },
    });
    expect(report.summary.ANNOTATION_IMAGE_REMOVED).toBe(24);
    expect(report.kept).toEqual({ images: 9, annotations: 130 - 24 });
    expect(report.fixedAll).toBe(true);
  });

  it("keeps what iquaflow kept and restores the three broken boxes from their segmentation", async () => {
    const written = await readJson<Coco>(join(out, "coco_annotations.json"));
    const iquaflow = await readJson<Coco>(
      join(reference, "outputs/broken_coco__autofix_coco_annotations.json"),
    );
    const original = await readJson<Coco>(join(data, "ds_coco_dataset/coco_annotations.json"));
    expect(written.images).toEqual(iquaflow.images.filter((im) => im.id !== 184613));
    expect(written.categories).toEqual(iquaflow.categories);
    const notOfBadImage = (a: Record<string, unknown>) => a.image_id !== 184613;
    const ids = (list: Record<string, unknown>[]) => list.map((a) => a.id);
    // iquaflow dropped annotations 0, 1, 2 (bbox), 3, 5 (segmentation); the boxes are recoverable.
    expect(ids(written.annotations)).toEqual(ids(original.annotations.filter(notOfBadImage)));
    for (const index of [0, 1, 2]) {
      const fixed = written.annotations.find((a) => a.id === original.annotations[index]!.id)!;
      const originalBox = original.annotations[index]!.bbox as number[];
      for (const [i, v] of (fixed.bbox as number[]).entries()) expect(v).toBeCloseTo(originalBox[i]!, 6);
    }
    const rest = written.annotations.filter((a) => ![30093, 35249, 48579].includes(a.id as number));
    expect(rest).toEqual(iquaflow.annotations.filter(notOfBadImage));
  });

  it("never touches the input and copies only the good images", async () => {
    expect(await folderHashes(folder)).toEqual(before);
    const copied = Object.keys(await folderHashes(join(out, "images"))).sort();
    expect(copied).toHaveLength(9);
    expect(copied).not.toContain("/000000184613.jpg");
  });

  it("only reports, applying nothing, without out", async () => {
    const dry = await checkDataset(folder);
    expect(dry.output).toBeUndefined();
    expect(dry.fixedAll).toBe(false);
    expect(dry.problems.every((p) => !p.fix.applied)).toBe(true);
    expect(dry.problems.map((p) => p.code)).toEqual(report.problems.map((p) => p.code));
  });
});

describe("COCO: further checks", () => {
  let folder: string;
  let report: SanityReport;
  beforeAll(async () => {
    folder = join(await temporaryFolder(), "ds");
    await cp(join(data, "ds_coco_dataset"), folder, { recursive: true });
    const coco = await readJson<Coco>(join(folder, "coco_annotations.json"));
    await sharp({ create: { width: 20, height: 10, channels: 3, background: "#808080" } })
      .png()
      .toFile(join(folder, "images/small.png"));
    await writeFile(
      join(folder, "images/truncated.jpg"),
      (await readFile(join(folder, "images/000000005802.jpg"))).subarray(0, 3000),
    );
    coco.images.push(
      { id: 1, file_name: "../escape.jpg", width: 1, height: 1 },
      { id: 2, file_name: "/etc/passwd.png", width: 1, height: 1 },
      { id: 3, file_name: "absent.jpg", width: 1, height: 1 },
      { id: 4, file_name: "small.png", width: 99, height: 99 },
      { id: 5, file_name: "truncated.jpg", width: 640, height: 479 },
      { id: 6.5, file_name: "x.jpg" },
    );
    const base = { iscrowd: 0, category_id: 1, image_id: 4 };
    coco.annotations.push(
      { ...base, id: 101, bbox: [1, 1, 5, 5], area: 25, image_id: 424242 },
      { ...base, id: 102, bbox: [1, 1, 5, 5], area: 25, category_id: 9999 },
      { ...base, id: 103, bbox: [1, 1, 0, 5], area: 0 },
      { ...base, id: 104, bbox: [15, 5, 10, 10], area: 100 },
      { ...base, id: 105, bbox: [30, 30, 5, 5], area: 25 },
      { ...base, id: 106, segmentation: [[1, 1, 5, 1, 5, 5, 1, 5]], bbox: [1, 1, 4, 4], area: 3 },
      { ...base, id: 107, segmentation: [[1, 1, 5, 1]], bbox: [1, 1, 4, 0], area: 0 },
      {
        ...base,
        id: 108,
        segmentation: { size: [10, 20], counts: [150, 50] },
        bbox: [0, 0, 20, 10],
        area: 50,
      },
      {
        ...base,
        id: 109,
        segmentation: { size: [10, 20], counts: [150, 40] },
        bbox: [0, 0, 20, 10],
        area: 50,
      },
      { ...base, id: 106, bbox: [1, 1, 5, 5], area: 25 },
      { ...base, id: 110, bbox: [1, 1, 5, 5], area: null },
    );
    coco.categories.push({ id: 1, name: "dup" });
    await writeFile(join(folder, "coco_annotations.json"), JSON.stringify(coco));
    report = await checkDataset(folder, { concurrency: 2 });
  });

  const codeOf = (selector: (p: SanityReport["problems"][number]) => boolean) =>
    report.problems.filter(selector).map((p) => p.code);

  it("checks image entries: paths, files, decoding and sizes", () => {
    const byImage = (id: unknown) => codeOf((p) => p.image?.id === id && !p.annotation);
    expect(byImage(1)).toEqual(["IMAGE_PATH_ESCAPES"]);
    expect(byImage(2)).toEqual(["IMAGE_PATH_ESCAPES"]);
    expect(byImage(3)).toEqual(["IMAGE_MISSING"]);
    expect(byImage(4)).toEqual(["IMAGE_SIZE_MISMATCH"]);
    expect(byImage(5)).toEqual(["IMAGE_UNDECODABLE"]);
    expect(codeOf((p) => p.image?.index === 15)).toEqual(["IMAGE_ENTRY_INVALID"]);
    expect(report.problems.find((p) => p.code === "IMAGE_SIZE_MISMATCH")?.fix).toMatchObject({
      action: "set-size",
      detail: "width → 20, height → 10",
    });
  });

  it("checks references, boxes, segmentations, RLE and areas", () => {
    const byId = (id: number) => codeOf((p) => p.annotation?.id === id);
    expect(byId(101)).toEqual(["ANNOTATION_IMAGE_UNKNOWN"]);
    expect(byId(102)).toEqual(["ANNOTATION_CATEGORY_UNKNOWN"]);
    expect(byId(103)).toEqual(["BBOX_EMPTY"]);
    expect(byId(104)).toEqual(["BBOX_OUTSIDE_IMAGE"]);
    expect(report.problems.find((p) => p.annotation?.id === 104)?.fix).toMatchObject({
      action: "clip-bbox",
      detail: "bbox → [15, 5, 5, 5]",
    });
    expect(report.problems.find((p) => p.annotation?.id === 105)?.fix.action).toBe("remove-annotation");
    expect(byId(106)).toEqual(["AREA_MISMATCH", "ANNOTATION_DUPLICATE_ID"]);
    expect(byId(107)).toEqual(["SEGMENTATION_INVALID"]);
    expect(byId(108)).toEqual([]);
    expect(byId(109)).toEqual(["SEGMENTATION_INVALID"]);
    expect(byId(110)).toEqual(["AREA_INVALID"]);
    expect(codeOf((p) => p.category !== undefined)).toEqual(["CATEGORY_DUPLICATE_ID"]);
  });
});
