import { allocSamples, maxSampleValue, type SampleArray, type SampleType } from "@iqf/core";

/**
 * Converts real-valued samples to the given sample type, rounding to nearest and clamping to the
 * type's range (float32 data is copied unchanged). Never truncates, so no −0.5 DN bias.
 */
export function roundToSampleType(values: ArrayLike<number>, sampleType: SampleType): SampleArray {
  const out = allocSamples(sampleType, values.length);
  if (sampleType === "float32") {
    for (let i = 0; i < values.length; i++) out[i] = values[i]!;
    return out;
  }
  const max = maxSampleValue(sampleType);
  for (let i = 0; i < values.length; i++) {
    const v = Math.round(values[i]!);
    out[i] = v < 0 ? 0 : Math.min(v, max);
  }
  return out;
}

/** Views a byte buffer holding 32-bit floats (as produced by libvips) as a `Float32Array`. */
export function asFloat32(bytes: Uint8Array): Float32Array {
  if (bytes.byteOffset % 4 === 0)
    return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  return new Float32Array(bytes.slice().buffer);
}

/** How results are stored in a sample type: the clamping range and the rounding (none for float32). */
export function sampleRange(sampleType: SampleType): {
  min: number;
  max: number;
  round: (v: number) => number;
} {
  if (sampleType === "float32") {
    return { min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY, round: (v) => v };
  }
  return { min: 0, max: maxSampleValue(sampleType), round: Math.round };
}
