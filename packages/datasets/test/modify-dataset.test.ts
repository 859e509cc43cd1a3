import { mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import {
  type ImageHeader,
  type ModifiedImage,
  type Modifier,
  type ModifyContext,
  ParamsDoNotFit,
  type ProgressEvent,
  type SourceImage,
} from "@iqf/core";
import {
  DsWrapper,
  MANIFEST_FILE,
  modifyDataset,
  NoImageModified,
  readManifest,
  readRaster,
} from "@iqf/datasets";
import { fromArrayBuffer } from "geotiff";
import { afterEach, describe, expect, it } from "vitest";
import { copySample, InvertModifier, treeHashes } from "./helpers.js";

const cleanups: string[] = [];
afterEach(async () => {
  for (const path of cleanups.splice(0)) await rm(path, { recursive: true, force: true });
});

async function sample(name: string): Promise<string> {
  const root = await copySample(name);
  cleanups.push(dirname(root));
  return root;
}

function meanAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** Returns already-encoded bytes: the source file itself (identity). */
class CopyBytesModifier implements Modifier {
  readonly name = "bytes_modifier";
  readonly params = {};
  async modifyImage(image: SourceImage): Promise<ModifiedImage> {
    return { encoded: await image.read() };
  }
}

/** Writes a file in the scratch folder and hands it over; checks the scratch folder is private and empty. */
class ScratchFileModifier implements Modifier {
  readonly name = "file_modifier";
  readonly params = {};
  readonly workDirs: string[] = [];
  async modifyImage(image: SourceImage, context: ModifyContext): Promise<ModifiedImage> {
    expect(await readdir(context.workDir)).toEqual([]);
    this.workDirs.push(context.workDir);
    const out = join(context.workDir, "result.bin");
    await writeFile(out, await image.read());
    return { file: out };
  }
}

/** Returns PNG bytes whatever the source: a modifier bug the pipeline must catch. */
class WrongFormatModifier implements Modifier {
  readonly name = "wrong_modifier";
  readonly params = {};
  async modifyImage(): Promise<ModifiedImage> {
    return { encoded: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) };
  }
}

describe("modifyDataset", () => {
  it("writes <dataset>#<name> with modified images and copied annotations, source untouched", async () => {
    const root = await sample("ds_coco_dataset");
    const before = await treeHashes(root);
    const modifier = new InvertModifier();
    const events: ProgressEvent[] = [];
    const result = await modifyDataset(root, modifier, { onProgress: (event) => events.push(event) });
    expect(result.output).toBe(join(dirname(root), "ds_coco_dataset#invert1_modifier"));
    expect(result.images).toBe(10);
    expect(result.failed).toEqual([]);
    expect(result.reused).toBe(false);
    expect(modifier.prepared).toBe(1);
    expect(await treeHashes(root)).toEqual(before);
    expect(await readdir(result.output)).toEqual([MANIFEST_FILE, "coco_annotations.json", "images"].sort());
    expect(await readFile(join(result.output, "coco_annotations.json"))).toEqual(
      await readFile(join(root, "coco_annotations.json")),
    );
    expect(await readdir(join(result.output, "images"))).toEqual(await readdir(join(root, "images")));
    const original = await readRaster(join(root, "images/000000391895.jpg"));
    const modified = await readRaster(join(result.output, "images/000000391895.jpg"));
    expect(modified.format).toBe("jpeg");
    const inverted = original.raster.data.map((value) => 255 - value);
    expect(meanAbsDiff(inverted, modified.raster.data)).toBeLessThan(2.5);
    expect(events).toHaveLength(10);
    expect(events.at(-1)).toMatchObject({ done: 10, total: 10, label: "invert1_modifier" });
    expect(new Set(modifier.contexts.map((context) => context.index))).toEqual(
      new Set([...Array(10).keys()]),
    );
    expect(result.dataset.layout.imagesDir).toBe(join(result.output, "images"));
    expect(result.dataset.params).toEqual({
      ds_name: "ds_coco_dataset#invert1_modifier",
      strength: 1,
      modifier: "invert1_modifier",
    });
    const reopened = await DsWrapper.open(result.output);
    expect(reopened.params).toEqual(result.dataset.params);
    expect(reopened.layout.cocoAnnotations).toBe(join(result.output, "coco_annotations.json"));
    const siblings = await readdir(dirname(root));
    expect(siblings.sort()).toEqual(["ds_coco_dataset", "ds_coco_dataset#invert1_modifier"]);
  });

  it("reuses a complete output when source and params are unchanged, rebuilds otherwise", async () => {
    const root = await sample("ds_coco_dataset");
    const first = await modifyDataset(root, new InvertModifier(), { concurrency: 3 });
    const marker = join(first.output, "images", "000000005802.jpg");
    const mtime = (await stat(marker)).mtimeMs;
    const again = new InvertModifier();
    const second = await modifyDataset(await DsWrapper.open(root), again);
    expect(second.reused).toBe(true);
    expect(second.images).toBe(10);
    expect(again.contexts).toHaveLength(0);
    expect(again.prepared).toBe(0);
    expect((await stat(marker)).mtimeMs).toBe(mtime);

    const forced = await modifyDataset(root, new InvertModifier(), { force: true });
    expect(forced.reused).toBe(false);

    const other = await modifyDataset(root, new InvertModifier(2));
    expect(basename(other.output)).toBe("ds_coco_dataset#invert2_modifier");

    await writeFile(join(root, "coco_annotations.json"), "{}");
    const changed = new InvertModifier();
    const third = await modifyDataset(root, changed);
    expect(third.reused).toBe(false);
    expect(changed.contexts).toHaveLength(10);
    expect(await readFile(join(third.output, "coco_annotations.json"), "utf8")).toBe("{}");
  });

  it("makes the output's files read-only and rebuilds an output that was written into after it was built", async () => {
    const root = await sample("ds_coco_dataset");
    const first = await modifyDataset(root, new InvertModifier());
    expect(first.repaired).toEqual([]);
    const image = join(first.output, "images", "000000005802.jpg");
    for (const file of [image, join(first.output, "coco_annotations.json")])
      expect((await stat(file)).mode & 0o222).toBe(0);
    const built = await readFile(image);

    // What a task might do to its input: add a file, replace an image (unlinking a read-only file works).
    await writeFile(join(first.output, "images", "cache.txt"), "stray");
    await rm(image);
    await writeFile(image, "garbage");
    const again = new InvertModifier();
    const second = await modifyDataset(root, again);
    expect(second.reused).toBe(false);
    expect(second.repaired).toEqual([first.output]);
    expect(again.contexts).toHaveLength(10);
    expect(await readdir(join(first.output, "images"))).not.toContain("cache.txt");
    expect(await readFile(image)).toEqual(built);

    const third = await modifyDataset(root, new InvertModifier());
    expect([third.reused, third.repaired]).toEqual([true, []]);
  });

  it("recomputes an output produced by another version of the modifier's package or of the pipeline", async () => {
    const root = await sample("ds_coco_dataset");
    const first = await modifyDataset(root, new InvertModifier(1, "@test/invert@1.0.0"));
    const recorded = await readManifest(first.output);
    const datasetsVersion = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"))
      .version as string;
    expect(recorded?.producer).toBe(`@iqf/datasets@${datasetsVersion} @test/invert@1.0.0`);
    expect((await modifyDataset(root, new InvertModifier(1, "@test/invert@1.0.0"))).reused).toBe(true);

    const upgraded = new InvertModifier(1, "@test/invert@1.1.0");
    const rebuilt = await modifyDataset(root, upgraded);
    expect(rebuilt.reused).toBe(false);
    expect(upgraded.contexts).toHaveLength(10);
    expect((await readManifest(rebuilt.output))?.producer).toMatch(/ @test\/invert@1\.1\.0$/);

    // A manifest written before producers were recorded (or by another pipeline version).
    const manifestPath = join(rebuilt.output, MANIFEST_FILE);
    const { producer: _dropped, ...older } = JSON.parse(await readFile(manifestPath, "utf8"));
    await writeFile(manifestPath, JSON.stringify(older));
    expect((await modifyDataset(root, new InvertModifier(1, "@test/invert@1.1.0"))).reused).toBe(false);
  });

  it("writes the good images and reports an unreadable or truncated one by name, never reusing that output", async () => {
    const root = await sample("ds_coco_dataset");
    const bad = join(root, "images", "000000184613.jpg");
    await writeFile(bad, (await readFile(bad)).subarray(0, 4000));
    await writeFile(join(root, "images", "zz_not_an_image.png"), "plain text");
    const before = await treeHashes(root);
    const result = await modifyDataset(root, new InvertModifier());
    expect(result.failed.map((failure) => failure.file)).toEqual([
      bad,
      join(root, "images", "zz_not_an_image.png"),
    ]);
    expect(result.failed[0]!.error).toMatch(/cannot decode JPEG/);
    expect(result.failed[1]!.error).toMatch(/not a JPEG, PNG or TIFF image/);
    expect(result.images).toBe(9);
    const written = await readdir(join(result.output, "images"));
    expect(written).toHaveLength(9);
    expect(written).not.toContain("000000184613.jpg");
    expect(await treeHashes(root)).toEqual(before);
    const manifest = await readManifest(result.output);
    expect(manifest?.complete).toBe(false);
    const retry = await modifyDataset(root, new InvertModifier());
    expect(retry.reused).toBe(false);
    expect(retry.failed).toHaveLength(2);
  });

  it("rebuilds an incomplete output folder of its own (never a folder without its manifest) and removes its leftover temporary folders", async () => {
    const root = await sample("ds_coco_dataset");
    const output = `${root}#invert1_modifier`;
    await mkdir(join(output, "images"), { recursive: true });
    await writeFile(join(output, "images", "000000005802.jpg"), "half-written");
    await writeFile(join(output, "images", "stale.jpg"), "left over");
    // Without iqf's manifest the folder is the user's: refused, untouched.
    await expect(modifyDataset(root, new InvertModifier())).rejects.toMatchObject({
      code: "OUTPUT_IN_THE_WAY",
      message: expect.stringMatching(/holds files iqf did not create \(images\); .*--force/),
    });
    expect(await readdir(join(output, "images"))).toEqual(["000000005802.jpg", "stale.jpg"]);
    const incomplete = { version: 1, modifier: "invert1_modifier", modifierParams: {}, datasetParams: {} };
    await writeFile(
      join(output, MANIFEST_FILE),
      JSON.stringify({ ...incomplete, sourceFingerprint: "x", complete: false, images: 1, failed: [] }),
    );
    const deadTemp = join(dirname(root), ".ds_coco_dataset#invert1_modifier.iqf-tmp-999999999-abcd1234");
    await mkdir(deadTemp);
    await writeFile(join(deadTemp, "partial"), "x");
    const result = await modifyDataset(root, new InvertModifier());
    expect(result.reused).toBe(false);
    expect(result.images).toBe(10);
    const images = await readdir(join(output, "images"));
    expect(images).not.toContain("stale.jpg");
    expect((await readRaster(join(output, "images", "000000005802.jpg"))).format).toBe("jpeg");
    expect((await readManifest(output))?.complete).toBe(true);
    expect((await readdir(dirname(root))).sort()).toEqual([
      "ds_coco_dataset",
      "ds_coco_dataset#invert1_modifier",
    ]);
  });

  it("chains modifiers into #a#b folders, keeping the intermediate one and composing params", async () => {
    const root = await sample("ds_coco_dataset");
    const result = await modifyDataset(root, [new InvertModifier(), new CopyBytesModifier()]);
    expect(basename(result.output)).toBe("ds_coco_dataset#invert1_modifier#bytes_modifier");
    expect((await readdir(dirname(root))).sort()).toEqual([
      "ds_coco_dataset",
      "ds_coco_dataset#invert1_modifier",
      "ds_coco_dataset#invert1_modifier#bytes_modifier",
    ]);
    expect(result.dataset.params).toEqual({
      ds_name: "ds_coco_dataset#invert1_modifier#bytes_modifier",
      strength: 1,
      modifier: "invert1_modifier#bytes_modifier",
    });
    const middle = join(dirname(root), "ds_coco_dataset#invert1_modifier", "images", "000000522418.jpg");
    expect(await readFile(join(result.output, "images", "000000522418.jpg"))).toEqual(await readFile(middle));
    const again = await modifyDataset(root, [new InvertModifier(), new CopyBytesModifier()]);
    expect(again.reused).toBe(true);
  });

  it("moves `file` results into place and removes every scratch folder", async () => {
    const root = await sample("ds_coco_dataset");
    const modifier = new ScratchFileModifier();
    const result = await modifyDataset(root, modifier, { concurrency: 4 });
    expect(result.failed).toEqual([]);
    expect(new Set(modifier.workDirs).size).toBe(10);
    for (const dir of modifier.workDirs) await expect(stat(dir)).rejects.toThrow();
    expect(await treeHashes(join(result.output, "images"))).toEqual(await treeHashes(join(root, "images")));
    expect((await readdir(result.output)).sort()).toEqual(
      [MANIFEST_FILE, "coco_annotations.json", "images"].sort(),
    );
  });

  it("refuses encoded bytes in another format than the source; failing on every image writes nothing", async () => {
    const root = await sample("ds_coco_dataset");
    const failure = await modifyDataset(root, new WrongFormatModifier()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NoImageModified);
    const { failed, message } = failure as NoImageModified;
    expect(failed).toHaveLength(10);
    expect(failed[0]!.error).toMatch(/returned PNG bytes for a JPEG source/);
    expect(message).toMatch(/failed on every image of .* \(10 images; first: .*\); nothing was written$/);
    expect((await readdir(dirname(root))).filter((name) => name.includes("#"))).toEqual([]);
  });

  it("asks the modifier's checkDataset hook first: a misfit is refused once, before any folder or image", async () => {
    const root = await sample("ds_geo_dataset");
    const seen: ImageHeader[][] = [];
    let modified = 0;
    const picky: Modifier = {
      name: "picky_modifier",
      params: { level: 3 },
      async checkDataset(dataset) {
        const headers = await dataset.images();
        seen.push([...headers]);
        return [
          { param: "level", message: "must be at most 2 here" },
          { param: "other", message: "also wrong" },
        ];
      },
      async modifyImage(image) {
        modified += 1;
        return { encoded: await image.read() };
      },
    };
    const failure = await modifyDataset(root, picky).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ParamsDoNotFit);
    expect((failure as Error).message).toBe(
      `Invalid parameters for picky_modifier on ${root}: level: must be at most 2 here; other: also wrong`,
    );
    expect(modified).toBe(0);
    expect((await readdir(dirname(root))).filter((name) => name.includes("#"))).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toHaveLength(10);
    expect(seen[0]![0]).toMatchObject({ format: "tiff", sampleType: "uint16" });
    expect(seen[0]!.every((header) => header.width > 0 && header.height > 0 && header.channels > 0)).toBe(
      true,
    );
  });

  it("keeps GeoTIFF georeferencing, 16-bit depth and copies the GeoJSON", async () => {
    const root = await sample("ds_geo_dataset");
    const result = await modifyDataset(root, new InvertModifier());
    expect(result.failed).toEqual([]);
    expect(result.dataset.layout.geojsonAnnotations).toBe(join(result.output, "annots.geojson"));
    const file = "images/sample_geotiff_733646_3724914.tif";
    const [source, modified] = await Promise.all(
      [join(root, file), join(result.output, file)].map(async (path) =>
        (await fromArrayBuffer((await readFile(path)).buffer as ArrayBuffer)).getImage(),
      ),
    );
    expect(modified!.getGeoKeys()).toEqual(source!.getGeoKeys());
    expect(modified!.getOrigin()).toEqual(source!.getOrigin());
    expect(modified!.getResolution()).toEqual(source!.getResolution());
    expect(modified!.getGDALNoData()).toBe(source!.getGDALNoData());
    expect(modified!.getBitsPerSample()).toBe(16);
    const [a, b] = await Promise.all([source!.readRasters(), modified!.readRasters()]);
    const before = a[0] as Uint16Array;
    const after = b[0] as Uint16Array;
    for (let i = 0; i < before.length; i += 97) expect(after[i]).toBe(65535 - before[i]!);
  });

  it("copies the mask folder", async () => {
    const root = await sample("ds_geo_dataset");
    await mkdir(join(root, "images_mask", "nested"), { recursive: true });
    await writeFile(join(root, "images_mask", "nested", "m.tif"), "mask");
    const result = await modifyDataset(root, new CopyBytesModifier());
    expect(await readFile(join(result.output, "images_mask", "nested", "m.tif"), "utf8")).toBe("mask");
    expect(result.dataset.layout.masksDir).toBe(join(result.output, "images_mask"));
  });

  it("cancels on abort, leaving no output or temporary folder", async () => {
    const root = await sample("ds_coco_dataset");
    const controller = new AbortController();
    const modifier = new InvertModifier();
    const promise = modifyDataset(root, modifier, {
      signal: controller.signal,
      concurrency: 1,
      onProgress: (event) => {
        if (event.done === 2) controller.abort(new Error("stop"));
      },
    });
    await expect(promise).rejects.toThrow("stop");
    expect(await readdir(dirname(root))).toEqual(["ds_coco_dataset"]);
    expect(modifier.contexts.length).toBeLessThan(10);
  });

  it("runs images in parallel, never more than `concurrency` at once", async () => {
    const root = await sample("ds_coco_dataset");
    let inFlight = 0;
    let peak = 0;
    const modifier: Modifier = {
      name: "slow_modifier",
      params: {},
      async modifyImage(image) {
        peak = Math.max(peak, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 30));
        inFlight--;
        return { encoded: await image.read() };
      },
    };
    await modifyDataset(root, modifier, { concurrency: 3 });
    expect(peak).toBe(3);
    peak = 0;
    await modifyDataset(root, modifier, { concurrency: 1, force: true });
    expect(peak).toBe(1);
  });

  it("validates its arguments", async () => {
    const root = await sample("ds_coco_dataset");
    await expect(modifyDataset(root, [])).rejects.toThrow(/at least one modifier/);
    await expect(modifyDataset(root, new InvertModifier(), { concurrency: 0 })).rejects.toThrow(
      /concurrency/,
    );
    await expect(modifyDataset(root, { name: "../x", params: {} } as never)).rejects.toThrow(/name/);
    await expect(modifyDataset(join(root, "missing"), new InvertModifier())).rejects.toThrow(
      /Dataset not found/,
    );
  });
});
