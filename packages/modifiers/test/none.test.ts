import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { modifyDataset } from "@iqf/datasets";
import { createModifier, JpgModifier, modifierTypes, NoneModifier } from "@iqf/modifiers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { treeHashes } from "../../../test-support/tree-hashes.js";

const repo = resolve(import.meta.dirname, "../../..");
let work: string;
let coco: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "iqf-none-"));
  coco = join(work, "ds_coco_dataset");
  await cp(join(repo, "data/ds_coco_dataset"), coco, { recursive: true });
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe("the identity modifier none", () => {
  it("is a built-in type named none without parameters", () => {
    expect(modifierTypes).toContain("none");
    const none = createModifier("none");
    expect(none).toBeInstanceOf(NoneModifier);
    expect(none.name).toBe("none");
    expect(none.params).toEqual({});
    expect(none.identity).toBe(true);
    expect(() => createModifier("none", { quality: "10" })).toThrow(/unknown parameter "quality"/);
  });

  it("returns the source dataset itself and writes nothing", async () => {
    const before = await treeHashes(work);
    const result = await modifyDataset(coco, new NoneModifier());
    expect(result.output).toBe(coco);
    expect(result.images).toBe(10);
    expect(result.reused).toBe(true);
    expect(await readdir(work)).toEqual(["ds_coco_dataset"]);
    expect(await treeHashes(work)).toEqual(before);
  });

  it("is skipped inside a chain, and gives back each image's bytes when called directly", async () => {
    const chained = await modifyDataset(coco, [new NoneModifier(), new JpgModifier({ quality: 40 })]);
    expect(chained.output).toBe(`${coco}#jpg40_modifier`);
    const image = join(coco, "images", (await readdir(join(coco, "images"))).sort()[0]!);
    const bytes = await readFile(image);
    const out = await new NoneModifier().modifyImage({
      path: image,
      relativePath: "x.jpg",
      format: "jpeg",
      read: async () => bytes,
      decode: async () => {
        throw new Error("not needed");
      },
    });
    expect(out).toEqual({ encoded: bytes });
  });
});
