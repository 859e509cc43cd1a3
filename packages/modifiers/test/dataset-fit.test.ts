import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DsWrapper, datasetHeaders } from "@iqf/datasets";
import { CommandModifier, GsdModifier, QuantModifier, SnrModifier } from "@iqf/modifiers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const data = join(import.meta.dirname, "..", "..", "..", "data");

async function headersOf(name: string) {
  const dataset = await DsWrapper.open(join(data, name));
  return datasetHeaders(dataset.layout, await dataset.listImages());
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), "iqf-fit-"));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe("checkDataset: params checked against the dataset's headers", () => {
  it("quant: bits up to the images' bit depth", async () => {
    const [coco, geo] = await Promise.all([headersOf("ds_coco_dataset"), headersOf("ds_geo_dataset")]);
    expect(await new QuantModifier({ bits: 8 }).checkDataset(coco)).toEqual([]);
    expect(await new QuantModifier({ bits: 12 }).checkDataset(geo)).toEqual([]);
    expect(await new QuantModifier({ bits: 12 }).checkDataset(coco)).toEqual([
      {
        param: "bits",
        message:
          "must be at most 8 for 8-bit images (all 10 images, e.g. 000000005802.jpg); got 12, use 1 to 8",
      },
    ]);
  });

  it("quant: 8 bits or fewer fit every image without reading a header", async () => {
    const coco = await headersOf("ds_coco_dataset");
    let reads = 0;
    const counted = {
      ...coco,
      images() {
        reads++;
        return coco.images();
      },
    };
    expect(await new QuantModifier({ bits: 4 }).checkDataset(counted)).toEqual([]);
    expect(reads).toBe(0);
    expect(await new QuantModifier({ bits: 9 }).checkDataset(counted)).toHaveLength(1);
    expect(reads).toBe(1);
  });

  it("gsd: no image reduced to 0 pixels or enlarged beyond the pixel limit", async () => {
    const geo = await headersOf("ds_geo_dataset");
    const sizes = await geo.images();
    const shortest = Math.min(...sizes.map((header) => Math.min(header.width, header.height)));
    expect(await new GsdModifier({ scale: shortest }).checkDataset(geo)).toEqual([]);
    expect(await new GsdModifier({ scale: 0.5 }).checkDataset(geo)).toEqual([]);
    const [tooLarge] = await new GsdModifier({ scale: shortest + 1 }).checkDataset(geo);
    expect(tooLarge).toMatchObject({ param: "scale" });
    expect(tooLarge!.message).toContain(`use a scale of at most ${shortest}`);
    const [tooSmall] = await new GsdModifier({ scale: "0.0001" }).checkDataset(geo);
    expect(tooSmall!.message).toMatch(
      /enlarges all 10 images, e\.g\. \S+ beyond the limit of 268402689 pixels \(IQF_MAX_PIXELS\); use a scale of at least 0\.\d+$/,
    );
  });

  it("command: the program must be runnable; a relative path starts at baseDir", async () => {
    const geo = await headersOf("ds_geo_dataset");
    await writeFile(join(folder, "sr.sh"), "#!/bin/sh\n");
    await chmod(join(folder, "sr.sh"), 0o755);
    const relative = new CommandModifier({ argv: ["./sr.sh", "{input}"] }, { baseDir: folder });
    expect(await relative.checkDataset(geo)).toEqual([]);
    const [missing] = await new CommandModifier({ argv: "no-such-program-iqf {input}" }).checkDataset(geo);
    expect(missing).toMatchObject({ param: "argv" });
    expect(missing!.message).toMatch(/^program "no-such-program-iqf" cannot be run: it is not on PATH/);
  });

  it("modifiers whose params fit every dataset have no hook", () => {
    expect("checkDataset" in new SnrModifier({ snr: 10 })).toBe(false);
  });
});
