import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { decodeMeasuredImage, iquaflowPlanes, measurePlanesSnr, measureSnr, SnrMetric } from "@iqf/metrics";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../..");
const ref = JSON.parse(readFileSync(join(root, "fixtures/reference/iquaflow/iquaflow-ref.json"), "utf8")).snr;
const coco = join(root, "data/ds_coco_dataset");

type Pair = [number | null, number | null];
interface Diag {
  readonly snr: number | null;
  readonly err: number | null;
}

function expectRelative(actual: number, expected: number | null, tolerance = 1e-9): void {
  if (expected === null) {
    expect(Number.isFinite(actual)).toBe(false);
    return;
  }
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

/** Decoded-pixel checksums of the spec (§8.2): MD5 of the RGB bytes and the B, G, R sums. */
const checksums: Record<string, [string, number, number, number]> = {
  "000000005802.jpg": ["f73cdc6f9f8c861578db6eb045010af8", 27423923, 32115915, 35529970],
  "000000060623.jpg": ["182a2ff9866af24e41e9c2b05985d332", 12838335, 17552772, 30232698],
  "000000184613.jpg": ["782fab74a7fc754ea62ea64876398365", 15012251, 17071235, 16900300],
  "000000222564.jpg": ["67d207ab4b7ba21226b7caeac99dc76e", 29228067, 30716273, 30710255],
  "000000309022.jpg": ["fe331ea7bfe07fe1750eb31bfb83a4f1", 35252229, 36960889, 36820369],
  "000000318219.jpg": ["b79772a07b9650ea463f751f29dec49b", 19684374, 24805881, 28124137],
  "000000391895.jpg": ["5cb4f93d32bdc5e157c7f370a48dfb6a", 28223286, 33757784, 33615656],
  "000000522418.jpg": ["0b8c0e497cf5bd7aa179824d600b3824", 16341058, 33612406, 41873632],
  "000000554625.jpg": ["4d8efef51872542639ee6bfc6b368bfe", 18892604, 22495016, 24821379],
  "000000574769.jpg": ["479b53a1dccb627fc9df7c83b059908d", 28354243, 37778081, 45912919],
};

describe("decoding matches OpenCV / libjpeg-turbo", () => {
  it.each(Object.entries(checksums))("%s decodes to the reference pixels", async (file, [md5, b, g, r]) => {
    const decoded = await decodeMeasuredImage(join(coco, "images", file));
    expect(createHash("md5").update(decoded.raster.data).digest("hex")).toBe(md5);
    const sums = iquaflowPlanes(decoded).map((p) => p.data.reduce((a, v) => a + v, 0));
    expect(sums).toEqual([b, g, r]);
  });
});

describe("SNR reproduces iquaflow on the COCO sample", () => {
  const cases = [
    { key: "HB_default", method: "hb", patchSize: 3, diag: "diag_HB_patch3_per_channel" },
    { key: "HA_metric_default", method: "ha", patchSize: 3, diag: "diag_HA_patch3_per_channel" },
    { key: "HA_test_params", method: "ha", patchSize: 4, diag: "diag_HA_patch4_per_channel" },
    { key: "HA_class_default", method: "ha", patchSize: 5, diag: undefined },
  ] as const;

  it.each(cases)(
    "$key: per image, per channel and aggregates to 1e-9",
    async ({ key, method, patchSize, diag }) => {
      const report = await measureSnr(coco, { method, patchSize });
      expect(report.images.map((i) => i.file.split("/").pop())).toEqual(ref.coco.files);
      report.images.forEach((image, n) => {
        const expected = ref.coco.per_image[n] as Record<string, Pair | Diag[]>;
        expectRelative(image.snr, (expected[key] as Pair)[0]);
        expectRelative(image.err, (expected[key] as Pair)[1]);
        if (diag) {
          (expected[diag] as Diag[]).forEach((channel, c) => {
            expectRelative(image.channels[c]!.snr, channel.snr);
            expectRelative(image.channels[c]!.err, channel.err);
          });
        }
      });
      const aggregates = ref.coco.aggregate_as_SNRMetric[key];
      expectRelative(report.snr_median, aggregates.snr_median);
      expectRelative(report.snr_mean, aggregates.snr_mean);
      expectRelative(report.snr_std, aggregates.snr_std);
    },
  );

  it("HB aggregates equal the issue's figures", async () => {
    const values = await new SnrMetric({ method: "hb" }).compute({ datasetPath: coco });
    expectRelative(values.snr_mean!, 35.55032353607093);
    expectRelative(values.snr_median!, 28.91166092794036);
  });

  it("inria GeoTIFFs (band order) match HB and HA", async () => {
    for (const [key, method, patchSize] of [
      ["HB_default", "hb", 3],
      ["HA_metric_default", "ha", 3],
      ["HA_test_params", "ha", 4],
    ] as const) {
      const report = await measureSnr(join(root, "data/ds_inria_dataset"), { method, patchSize });
      report.images.forEach((image, n) => {
        expectRelative(image.snr, ref.inria.per_image[n][key][0]);
        expectRelative(image.err, ref.inria.per_image[n][key][1]);
      });
    }
  });
});

describe("SNR reproduces iquaflow on the synthetic images", () => {
  const synthetic = join(root, "fixtures/reference/iquaflow/synthetic");
  it.each([
    "syn1_const100_gauss5_rs0",
    "syn2_const100_xorshift",
    "syn3_two_level_xorshift",
    "syn4_stack_syn1_syn2_syn3",
  ])("%s", async (name) => {
    const expected = ref.synthetic[name];
    const decoded = await decodeMeasuredImage(join(synthetic, `${name}.png`));
    // The reference measured syn1-3 as 2-D arrays (one channel) and syn4 as B,G,R planes.
    const planes = iquaflowPlanes(decoded);
    const measured = name.startsWith("syn4") ? planes : planes.slice(0, 1);
    for (const [key, options] of [
      ["HB_default", { method: "hb" }],
      ["HA_metric_default", { method: "ha", patchSize: 3 }],
      ["HA_test_params", { method: "ha", patchSize: 4 }],
      ["HA_class_default", { method: "ha", patchSize: 5 }],
    ] as const) {
      const result = measurePlanesSnr(measured, options);
      expectRelative(result.snr, expected[key][0]);
      expectRelative(result.err, expected[key][1]);
    }
  });
});
