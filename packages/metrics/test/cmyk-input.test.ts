import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeMeasuredImage, iquaflowPlanes } from "@iqf/metrics";
import sharp from "sharp";
import { describe, expect, it } from "vitest";

describe("a CMYK JPEG under measurement", () => {
  it("is read as the RGB cv2.imread gives for it: three planes, white stays white, black stays black", async () => {
    const width = 32;
    const height = 16;
    const rgb = Buffer.alloc(width * height * 3);
    // Left half white, right half black.
    for (let p = 0; p < width * height; p++) rgb.fill(p % width < width / 2 ? 255 : 0, p * 3, p * 3 + 3);
    const jpeg = await sharp(rgb, { raw: { width, height, channels: 3 } })
      .toColourspace("cmyk")
      .jpeg({ quality: 100, chromaSubsampling: "4:4:4" })
      .toBuffer();
    const folder = await mkdtemp(join(tmpdir(), "iqf-cmyk-measure-"));
    try {
      const file = join(folder, "cmyk.jpg");
      await writeFile(file, jpeg);
      const decoded = await decodeMeasuredImage(file);
      expect(decoded.raster.channels).toBe(3);
      const planes = iquaflowPlanes(decoded);
      expect(planes.map((plane) => plane.label)).toEqual(["B", "G", "R"]);
      for (const plane of planes) {
        expect(plane.data[(height / 2) * width + 2], plane.label).toBeGreaterThanOrEqual(250);
        expect(plane.data[(height / 2) * width + width - 3], plane.label).toBeLessThanOrEqual(12);
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
