import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AnnotationsNotFound, DatasetNotFound } from "@iqf/core";
import { AmbiguousImagesFolder, DSWrapper, DsWrapper, listImageFiles } from "@iqf/datasets";
import { afterEach, describe, expect, it } from "vitest";
import { copySample, repoRoot } from "./helpers.js";

const coco = join(repoRoot, "data/ds_coco_dataset");
const cleanups: string[] = [];
afterEach(async () => {
  for (const path of cleanups.splice(0)) await rm(path, { recursive: true, force: true });
});

async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "iqf-dsw-"));
  cleanups.push(dir);
  return dir;
}

describe("DsWrapper.open", () => {
  it("discovers the COCO sample's layout and params, keeping the given path form", async () => {
    const ds = await DsWrapper.open(coco);
    expect(ds.layout.imagesDir).toBe(join(coco, "images"));
    expect(ds.layout.cocoAnnotations).toBe(join(coco, "coco_annotations.json"));
    expect(ds.layout.geojsonAnnotations).toBeUndefined();
    expect(ds.layout.masksDir).toBeUndefined();
    expect(ds.params).toEqual({ ds_name: "ds_coco_dataset" });
    expect(ds.annotationFiles()).toEqual([join(coco, "coco_annotations.json")]);
    const images = await ds.listImages();
    expect(images).toHaveLength(10);
    expect(images).toEqual([...images].sort());
    expect(images[0]).toBe("000000005802.jpg");
  });

  it("keeps a relative path exactly as given", async () => {
    const relative = "./data/ds_geo_dataset";
    const cwd = process.cwd();
    process.chdir(repoRoot);
    try {
      const ds = await DsWrapper.open(relative);
      expect(ds.layout.imagesDir).toBe("data/ds_geo_dataset/images");
      expect(ds.layout.geojsonAnnotations).toBe("data/ds_geo_dataset/annots.geojson");
      expect(ds.layout.cocoAnnotations).toBeUndefined();
    } finally {
      process.chdir(cwd);
    }
  });

  it("rejects a missing folder with DatasetNotFound naming the path", async () => {
    const missing = join(await scratch(), "nope");
    const error = await DsWrapper.open(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetNotFound);
    expect((error as DatasetNotFound).code).toBe("DATASET_NOT_FOUND");
    expect((error as Error).message).toContain(missing);
  });

  it("rejects a file given as dataset folder", async () => {
    const file = join(await scratch(), "a.txt");
    await writeFile(file, "x");
    await expect(DsWrapper.open(file)).rejects.toThrow(/not a dataset folder/);
  });

  it("rejects a folder without an images sub-folder", async () => {
    const root = await scratch();
    await mkdir(join(root, "stats"));
    await mkdir(join(root, "images_mask"));
    await writeFile(join(root, "gt.json"), "{}");
    const error = await DsWrapper.open(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetNotFound);
    expect((error as Error).message).toMatch(/no images sub-folder/);
    expect((error as Error).message).toContain(root);
  });

  it("rejects an images folder that holds no images", async () => {
    const root = await scratch();
    await mkdir(join(root, "images"));
    await writeFile(join(root, "images", "notes.txt"), "not an image");
    const error = await DsWrapper.open(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetNotFound);
    expect((error as Error).message).toContain(join(root, "images"));
    expect((error as Error).message).toMatch(/holds no image files/);
  });

  it("lists every candidate when two folders could hold the images", async () => {
    const root = await scratch();
    for (const name of ["train", "images"]) {
      await mkdir(join(root, name));
      await writeFile(join(root, name, "a.png"), "x");
    }
    const error = await DsWrapper.open(root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousImagesFolder);
    expect((error as AmbiguousImagesFolder).candidates).toEqual([join(root, "images"), join(root, "train")]);
    expect((error as Error).message).toContain("imagesDir");
    const chosen = await DsWrapper.open(root, { imagesDir: join(root, "train") });
    expect(chosen.layout.imagesDir).toBe(join(root, "train"));
  });

  it("prefers the one candidate folder that holds images, ignores stats/, *_mask and hidden folders", async () => {
    const root = await copySample("ds_coco_dataset");
    cleanups.push(join(root, ".."));
    await mkdir(join(root, "stats"));
    await mkdir(join(root, "docs"));
    await mkdir(join(root, ".cache"));
    await mkdir(join(root, "images_mask"));
    await writeFile(join(root, "stats", "x.png"), "x");
    const ds = await DsWrapper.open(root);
    expect(ds.layout.imagesDir).toBe(join(root, "images"));
    expect(ds.layout.masksDir).toBe(join(root, "images_mask"));
  });

  it("takes the first annotation files in sorted order, deterministically", async () => {
    const root = await scratch();
    await mkdir(join(root, "images"));
    await writeFile(join(root, "images", "a.jpg"), "x");
    for (const name of ["b.json", "a.json", "z.geojson", "c.geojson", ".hidden.json"])
      await writeFile(join(root, name), "{}");
    const ds = await DsWrapper.open(root);
    expect(ds.layout.cocoAnnotations).toBe(join(root, "a.json"));
    expect(ds.layout.geojsonAnnotations).toBe(join(root, "c.geojson"));
  });

  it("checks explicit paths and reports missing annotations with AnnotationsNotFound", async () => {
    const missing = join(coco, "missing.json");
    const error = await DsWrapper.open(coco, { cocoAnnotations: missing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AnnotationsNotFound);
    expect((error as Error).message).toContain(missing);
    const root = await scratch();
    await mkdir(join(root, "images"));
    await writeFile(join(root, "images", "a.tif"), "x");
    await expect(DsWrapper.open(root, { requireAnnotations: true })).rejects.toBeInstanceOf(
      AnnotationsNotFound,
    );
    await expect(DsWrapper.open(root, { imagesDir: join(root, "nope") })).rejects.toBeInstanceOf(
      DatasetNotFound,
    );
  });

  it("rejects unknown options naming them", async () => {
    await expect(DsWrapper.open(coco, { imageDir: "x" } as never)).rejects.toThrow(
      /Invalid parameters for DsWrapper.open/,
    );
  });
});

describe("DSWrapper, iquaflow's spelling", () => {
  it("is the same class as DsWrapper", async () => {
    expect(DSWrapper).toBe(DsWrapper);
    const ds: DSWrapper = await DSWrapper.open(coco);
    expect(ds).toBeInstanceOf(DsWrapper);
    expect(ds.layout.imagesDir).toBe(join(coco, "images"));
  });
});

describe("DsWrapper.fromPaths", () => {
  it("uses the given paths only, the images folder's parent as root", async () => {
    const ds = await DsWrapper.fromPaths({
      imagesDir: join(coco, "images"),
      cocoAnnotations: join(coco, "coco_annotations.json"),
    });
    expect(ds.layout.root).toBe(coco);
    expect(ds.layout.name).toBe("ds_coco_dataset");
    expect(ds.params).toEqual({ ds_name: "ds_coco_dataset" });
    await expect(
      DsWrapper.fromPaths({ imagesDir: join(coco, "images"), geojsonAnnotations: join(coco, "x.geojson") }),
    ).rejects.toBeInstanceOf(AnnotationsNotFound);
  });

  it("merges params immutably with withParams", async () => {
    const ds = await DsWrapper.open(coco);
    const tagged = ds.withParams({ split: "train" });
    expect(tagged.params).toEqual({ ds_name: "ds_coco_dataset", split: "train" });
    expect(ds.params).toEqual({ ds_name: "ds_coco_dataset" });
  });
});

describe("listImageFiles", () => {
  it("lists image files recursively, sorted, skipping hidden and non-image files", async () => {
    const root = await scratch();
    await mkdir(join(root, "sub", ".hidden"), { recursive: true });
    for (const name of ["b.PNG", "a.jpg", "notes.txt", ".x.jpg", "sub/c.tiff", "sub/.hidden/d.jpg"])
      await writeFile(join(root, name), "x");
    expect(await listImageFiles(root)).toEqual(["a.jpg", "b.PNG", "sub/c.tiff"]);
  });
});
