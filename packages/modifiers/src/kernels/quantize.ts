import { allocSamples, type Raster } from "@iqf/core";

/** Bits per sample of an integer raster. */
export function bitsPerSample(raster: Raster): 8 | 16 {
  if (raster.sampleType === "uint8") return 8;
  if (raster.sampleType === "uint16") return 16;
  throw new RangeError("bit-depth reduction needs 8- or 16-bit integer samples, got float32");
}

/** The mask that keeps the top `bits` bits of a `depth`-bit sample, e.g. bits 4 of 8 → 0xF0. */
export function topBitsMask(bits: number, depth: 8 | 16): number {
  return ((1 << bits) - 1) << (depth - bits);
}

/**
 * Keeps the top `bits` bits of every sample of the first `bands` bands (all by default) and
 * zeroes the rest, e.g. 8-bit, bits 5: 200 → 200, 37 → 32; 16-bit, bits 4: 0xABCD → 0xA000.
 * `bits` equal to the sample depth is the identity. Pure.
 */
export function keepTopBits(raster: Raster, bits: number, bands = raster.channels): Raster {
  const depth = bitsPerSample(raster);
  if (!Number.isInteger(bits) || bits < 1 || bits > depth) {
    throw new RangeError(`bits must be an integer from 1 to ${depth} for ${depth}-bit samples, got ${bits}`);
  }
  const { width, height, channels, sampleType, data } = raster;
  const mask = topBitsMask(bits, depth);
  const out = allocSamples(sampleType, data.length);
  if (bands === channels) {
    for (let i = 0; i < data.length; i++) out[i] = data[i]! & mask;
  } else {
    out.set(data);
    for (let i = 0; i < data.length; i += channels) {
      for (let band = 0; band < bands; band++) out[i + band] = data[i + band]! & mask;
    }
  }
  return { width, height, channels, sampleType, data: out };
}

/** {@link topBitsMask} for 8-bit samples, refusing `bits` outside 1–8 with a `RangeError`. */
export function topBitsMask8(bits: number): number {
  if (!Number.isInteger(bits) || bits < 1 || bits > 8)
    throw new RangeError(`bits must be an integer from 1 to 8 for 8-bit samples, got ${bits}`);
  return topBitsMask(bits, 8);
}

/**
 * {@link keepTopBits} of every sample of 8-bit data, written over `data` itself, four samples per
 * step: for samples nobody else holds, such as a decode into reused memory.
 */
export function keepTopBits8InPlace(data: Uint8Array, bits: number): void {
  const mask = topBitsMask8(bits);
  const head = (4 - (data.byteOffset % 4)) % 4;
  const words = Math.max(0, Math.floor((data.length - head) / 4));
  for (let i = 0; i < Math.min(head, data.length); i++) data[i]! &= mask;
  const wide = new Uint32Array(data.buffer, data.byteOffset + head, words);
  const wideMask = mask * 0x01010101;
  for (let i = 0; i < words; i++) wide[i]! &= wideMask;
  for (let i = head + words * 4; i < data.length; i++) data[i]! &= mask;
}
