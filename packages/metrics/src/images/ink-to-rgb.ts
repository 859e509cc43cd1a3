import type { Raster } from "@iqf/core";

/**
 * The RGB samples OpenCV's `imread` gives for a CMYK JPEG, from its four ink bands (0 = no ink, as
 * `@iqf/datasets` decodes them): with the stored Adobe-inverted values s = 255 − ink, each colour
 * is k − ((255 − c)·k >> 8) for c the band's and k the black band's stored value. Pure.
 */
export function rgbFromInk(raster: Raster): Raster {
  const { width, height, data } = raster;
  const pixels = width * height;
  const out = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    const k = 255 - data[p * 4 + 3]!;
    for (let c = 0; c < 3; c++) {
      const stored = 255 - data[p * 4 + c]!;
      out[p * 3 + c] = k - (((255 - stored) * k) >> 8);
    }
  }
  return { width, height, channels: 3, sampleType: "uint8", data: out };
}
