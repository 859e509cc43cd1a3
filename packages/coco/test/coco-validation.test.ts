import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BboxDetectionMetrics, evaluateCoco } from "@iqf/coco";
import { InvalidFile, InvalidParams } from "@iqf/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { referenceDir } from "./coco-sets.js";

const smallGt = join(referenceDir, "small/gt.json");
const smallDt = join(referenceDir, "small/dt.json");

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "iqf-coco-validation-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes `content` (a string, or JSON of a value) to a temp file and returns its path. */
async function fileWith(name: string, content: unknown): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

/** The small set's ground truth with `edit` applied to the parsed object. */
async function brokenGt(name: string, edit: (gt: { annotations: unknown[] }) => void): Promise<string> {
  const gt = JSON.parse(await readFile(smallGt, "utf8"));
  edit(gt);
  return fileWith(name, gt);
}

async function brokenDt(name: string, edit: (dt: Record<string, unknown>[]) => void): Promise<string> {
  const dt = JSON.parse(await readFile(smallDt, "utf8"));
  edit(dt);
  return fileWith(name, dt);
}

async function failure(promise: Promise<unknown>): Promise<InvalidFile> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidFile);
  return error as InvalidFile;
}

describe("malformed COCO files give InvalidFile naming the file, the JSON path and the problem", () => {
  it("a ground-truth bbox with 3 numbers", async () => {
    const path = await brokenGt("bbox3.json", (gt) => {
      (gt.annotations[17] as { bbox: number[] }).bbox = [1, 2, 3];
    });
    const error = await failure(evaluateCoco(path, smallDt));
    expect(error.file).toBe(path);
    expect(error.code).toBe("INVALID_FILE");
    expect(error.message).toBe(`${path}: annotations[17].bbox must be 4 numbers [x, y, width, height]`);
  });

  it("a detection bbox holding a string", async () => {
    const path = await brokenDt("bbox-string.json", (dt) => {
      (dt[5] as { bbox: unknown[] }).bbox = [1, 2, "3", 4];
    });
    const error = await failure(evaluateCoco(smallGt, path));
    expect(error.message).toBe(`${path}: [5].bbox must be 4 numbers [x, y, width, height]`);
  });

  it("a detection without score, and counts further problems", async () => {
    const path = await brokenDt("no-score.json", (dt) => {
      delete dt[3]?.score;
      delete dt[9]?.score;
    });
    const error = await failure(evaluateCoco(smallGt, path));
    expect(error.message).toBe(
      `${path}: [3].score is required (the detection's confidence) (and 1 more problem)`,
    );
  });

  it("a non-numeric category id", async () => {
    const path = await brokenGt("category-string.json", (gt) => {
      (gt.annotations[2] as { category_id: unknown }).category_id = "person";
    });
    const error = await failure(evaluateCoco(path, smallDt));
    expect(error.message).toContain(
      'annotations[2].category_id is the string "person"; COCO ids (images[].id, categories[].id, annotations[].id, image_id, category_id) must be integers',
    );
  });

  it("an iscrowd that is not 0 or 1", async () => {
    const path = await brokenGt("iscrowd.json", (gt) => {
      (gt.annotations[4] as { iscrowd: unknown }).iscrowd = 2;
    });
    const error = await failure(evaluateCoco(path, smallDt));
    expect(error.message).toContain("annotations[4].iscrowd must be 0 or 1");
  });

  it("ground truth without categories", async () => {
    const path = await brokenGt("no-categories.json", (gt) => {
      delete (gt as Record<string, unknown>).categories;
    });
    const error = await failure(evaluateCoco(path, smallDt));
    expect(error.message).toContain("categories is required");
  });

  it("repeated annotation ids", async () => {
    const path = await brokenGt("duplicate-ids.json", (gt) => {
      (gt.annotations[8] as { id: number }).id = (gt.annotations[3] as { id: number }).id;
    });
    const error = await failure(evaluateCoco(path, smallDt));
    expect(error.message).toContain("annotations[8].id");
    expect(error.message).toContain("already used by annotations[3]");
  });

  it("a results file that is a COCO dict instead of a list", async () => {
    const path = await fileWith("dict.json", { annotations: [] });
    const error = await failure(evaluateCoco(smallGt, path));
    expect(error.message).toBe(
      `${path}: the top level must be a JSON array of detections {image_id, category_id, bbox, score}`,
    );
  });

  it("a file that is not JSON", async () => {
    const path = await fileWith("truncated.json", '[{"image_id": 1,');
    const error = await failure(evaluateCoco(smallGt, path));
    expect(error.message).toMatch(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: is not valid JSON`),
    );
  });

  it("a missing file", async () => {
    const path = join(dir, "absent.json");
    const error = await failure(evaluateCoco(path, smallDt));
    expect(error.message).toBe(`${path}: the file does not exist`);
  });

  it("never modifies the input files", async () => {
    const before = await readFile(smallDt, "utf8");
    await evaluateCoco(smallGt, smallDt);
    expect(await readFile(smallDt, "utf8")).toBe(before);
  });
});

describe("options are validated", () => {
  it("rejects bad options with InvalidParams naming them", async () => {
    const error = await evaluateCoco(smallGt, smallDt, {
      iouThresholds: [0.5, 1.5],
      recallThresholds: [0.5, 0.1],
      maxDets: [0],
    }).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidParams);
    expect(error.message).toContain("iouThresholds.1");
    expect(error.message).toContain("recallThresholds: must be strictly ascending");
    expect(error.message).toContain("maxDets.0");
  });

  it("rejects unknown option names", async () => {
    await expect(evaluateCoco(smallGt, smallDt, { iouThrs: [0.5] } as never)).rejects.toThrow(InvalidParams);
  });
});

describe("BboxDetectionMetrics", () => {
  it("requires both paths", async () => {
    await expect(new BboxDetectionMetrics().compute({ predictionsPath: smallDt })).rejects.toThrow(
      "groundTruthPath (the COCO ground-truth file) is required",
    );
  });
});
