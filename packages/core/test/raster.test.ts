import { createRaster, maxSampleValue } from "@iqf/core";
import { describe, expect, it } from "vitest";

describe("raster helpers", () => {
  it("allocate interleaved samples of the requested type", () => {
    const raster = createRaster(4, 3, 3, "uint16");
    expect(raster.data).toBeInstanceOf(Uint16Array);
    expect(raster.data.length).toBe(36);
  });

  it("know the range of each sample type", () => {
    expect(maxSampleValue("uint8")).toBe(255);
    expect(maxSampleValue("uint16")).toBe(65535);
    expect(maxSampleValue("float32")).toBe(1);
  });
});
