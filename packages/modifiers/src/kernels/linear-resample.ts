import type { Raster } from "@iqf/core";
import { align16, fitsWasmKernels, imageKernels, reserveMemory } from "./wasm-module.js";

/**
 * libvips' bilinear resize of 8-bit samples, computed with libvips' own fixed-point arithmetic
 * (tables here, the sample loops in WebAssembly, see `linear-resample-wat.ts`), so that a reduction and the enlargement back give the samples sharp gives for
 * `resize(width, height, { kernel: "linear", fit: "fill" })` (tested against sharp).
 *
 * What libvips does, and is reproduced here:
 * - reducing by s (sharp asks for scale 1 / (in / out)): rows first (`reducev`), then columns
 *   (`reduceh`), each a (2·rint(s) + 1)-tap triangle filter stretched by s, with 65 coefficient
 *   tables (sub-pixel phases of 1/64) in 12-bit fixed point, edges extended by copying, results
 *   rounded by adding 2048 and shifting, clamped to 0–255;
 * - enlarging (`affine` with the bilinear interpolator, input offset 0.5): at each output pixel a
 *   2 × 2 stencil with 12-bit weights, edges extended by copying.
 * Reductions by 4 or more start with a box shrink in libvips; they are not reproduced here
 * ({@link linearDownUpSupported} says no) and stay with libvips.
 */

/** Bits and scale of libvips' fixed-point weights (`VIPS_INTERPOLATE_SHIFT`). */
const SHIFT = 12;
const ONE = 1 << SHIFT;
/** Sub-pixel phases of the reduction tables (`VIPS_TRANSFORM_SCALE`). */
const PHASES = 64;
/** The reduction gap sharp leaves at libvips' default: a box shrink first from a factor of 2·gap. */
const GAP = 2;

/** libvips' `VIPS_ROUND_UINT`: round half up of a non-negative value. */
function roundUint(value: number): number {
  return Math.trunc(value + 0.5);
}

/** C's `rint` (round half to even), which libvips uses for the tap count. */
function rint(value: number): number {
  const rounded = Math.round(value);
  return rounded - value === 0.5 && rounded % 2 !== 0 ? rounded - 1 : rounded;
}

/** One axis of a reduction: output length, the shrink and the start offset libvips derives. */
interface ReduceAxis {
  readonly size: number;
  readonly shrink: number;
  readonly offset: number;
  readonly points: number;
}

/** The reduction of `from` samples to `to` as libvips sets it up, or `undefined` when it would box-shrink first. */
function reduceAxis(from: number, to: number): ReduceAxis | undefined {
  // sharp passes scale = 1 / (from / to); libvips' reduce takes 1 / scale.
  const shrink = 1 / (1 / (from / to));
  const size = roundUint(from / shrink);
  if (size !== to || shrink < 1) return undefined;
  if (Math.max(1, Math.floor(from / size / GAP)) > 1) return undefined;
  const extra = size * shrink - from;
  return { size, shrink, offset: (1 + extra) / 2 - 1, points: 2 * rint(shrink) + 1 };
}

/** The 65 tables of 12-bit triangle-filter weights for a shrink, as libvips builds them. */
function reduceTables(axis: ReduceAxis): Int32Array {
  const { points, shrink } = axis;
  const tables = new Int32Array((PHASES + 1) * points);
  const weights = new Float64Array(points);
  for (let phase = 0; phase <= PHASES; phase++) {
    const half = phase / PHASES + points / 2 - 1;
    let sum = 0;
    for (let i = 0; i < points; i++) {
      const x = Math.abs((i - half) / shrink);
      weights[i] = x < 1 ? 1 - x : 0;
      sum += weights[i]!;
    }
    for (let i = 0; i < points; i++) tables[phase * points + i] = Math.trunc((weights[i]! / sum) * ONE);
  }
  return tables;
}

/** The coefficient table (sub-pixel phase) libvips picks at source position `at`. */
function phaseOf(at: number): number {
  return ((Math.trunc(at * PHASES * 2) & (PHASES * 2 - 1)) + 1) >> 1;
}

/** A width and height. */
export interface Size {
  readonly width: number;
  readonly height: number;
}

/** Taps of a reduction: per output position, each tap's clamped source index and 12-bit weight. */
interface ReduceTaps {
  readonly sources: Int32Array;
  readonly weights: Int32Array;
}

/**
 * The taps of a reduction along one axis of `from` samples. Rows (`stepped` false) place each
 * output row afresh, as libvips' `reducev` does at the start of every strip; columns step along
 * the row by adding the shrink, as `reduceh` does.
 */
function reduceTaps(axis: ReduceAxis, from: number, stepped: boolean): ReduceTaps {
  const { size, shrink, offset, points } = axis;
  const tables = reduceTables(axis);
  const margin = Math.ceil(points / 2) - 1;
  const sources = new Int32Array(size * points);
  const weights = new Int32Array(size * points);
  let stepping = 0.5 * shrink - 0.5 - offset;
  for (let i = 0; i < size; i++) {
    const at = stepped ? stepping : (i + 0.5) * shrink - 0.5 - offset;
    const first = Math.trunc(at) - margin;
    const table = phaseOf(at) * points;
    for (let k = 0; k < points; k++) {
      sources[i * points + k] = Math.min(Math.max(first + k, 0), from - 1);
      weights[i * points + k] = tables[table + k]!;
    }
    stepping += shrink;
  }
  return { sources, weights };
}

/** One axis of a bilinear enlargement: per output position, the two source indices and the 12-bit fraction. */
interface EnlargeAxis {
  readonly low: Int32Array;
  readonly high: Int32Array;
  readonly fraction: Int32Array;
}

/**
 * Source positions of an enlargement from `from` to `to` samples as libvips' affine transform
 * computes them (`inverse` the inverse matrix entry; columns step by adding it, rows are placed
 * afresh), in the input with its one-pixel copied border; `undefined` when libvips would give
 * another size.
 */
function enlargeAxis(from: number, to: number, inverse: number, stepped: boolean): EnlargeAxis | undefined {
  const scale = 1 / (from / to);
  if (roundUint(from * scale) !== to) return undefined;
  const low = new Int32Array(to);
  const high = new Int32Array(to);
  const fraction = new Int32Array(to);
  let stepping = 0.5;
  for (let i = 0; i < to; i++) {
    const position = stepped ? stepping : inverse * i + 0.5;
    const index = Math.trunc(position);
    fraction[i] = Math.trunc((position - index) * ONE);
    low[i] = Math.min(Math.max(index - 1, 0), from - 1);
    high[i] = Math.min(index, from - 1);
    stepping += inverse;
  }
  return { low, high, fraction };
}

/** The whole resize plan for a size and reduced size, or `undefined` when libvips would take another route. */
interface Plan {
  readonly rows: ReduceTaps;
  readonly rowPoints: number;
  readonly columns: ReduceTaps;
  readonly columnPoints: number;
  readonly across: EnlargeAxis;
  readonly down: EnlargeAxis;
}

function planFor(width: number, height: number, small: Size): Plan | undefined {
  if (small.width >= width || small.height >= height) return undefined;
  const vertical = reduceAxis(height, small.height);
  const horizontal = reduceAxis(width, small.width);
  if (!vertical || !horizontal) return undefined;
  // affine's inverse matrix for scales a, d: ia = (1 / (a·d))·d, id = (1 / (a·d))·a.
  const a = 1 / (small.width / width);
  const d = 1 / (small.height / height);
  const det = 1 / (a * d);
  const across = enlargeAxis(small.width, width, det * d, true);
  const down = enlargeAxis(small.height, height, det * a, false);
  if (!across || !down) return undefined;
  return {
    rows: reduceTaps(vertical, height, false),
    rowPoints: vertical.points,
    columns: reduceTaps(horizontal, width, true),
    columnPoints: horizontal.points,
    across,
    down,
  };
}

/** Where each buffer of a resize lies in kernel memory, and the tables to copy there. */
interface Prepared {
  readonly rowPoints: number;
  readonly columnPoints: number;
  readonly source: number;
  readonly reducedRows: number;
  readonly reduced: number;
  readonly lefts: number;
  readonly rights: number;
  readonly output: number;
  readonly rowTaps: number;
  readonly rowWeights: number;
  readonly columnTaps: number;
  readonly columnWeights: number;
  readonly left: number;
  readonly right: number;
  readonly pairs: number;
  readonly fractions: number;
  readonly xs: number;
  /** The tables' bytes, laid out from `rowTaps` on. */
  readonly tables: Uint8Array;
  /** Kernel memory needed. */
  readonly end: number;
}

/**
 * Lays out buffers of the given byte lengths one after another from 0, in the order of the keys
 * (16-byte aligned, 16 bytes of room after each); the offset of each buffer, by the same key.
 */
function layout<Key extends string>(
  lengths: Readonly<Record<Key, number>>,
): {
  offsets: Record<Key, number>;
  end: number;
} {
  const offsets = {} as Record<Key, number>;
  let at = 0;
  for (const key of Object.keys(lengths) as Key[]) {
    offsets[key] = at;
    at += align16(lengths[key] + 16);
  }
  return { offsets, end: at };
}

/** The memory layout and tables of a resize (the tables in the forms `linear-resample-wat.ts` describes). */
function prepare(width: number, height: number, channels: number, small: Size): Prepared | undefined {
  const plan = planFor(width, height, small);
  if (!plan) return undefined;
  const { rows, columns, across, down } = plan;
  const line = width * channels;
  const { offsets, end } = layout({
    source: height * line,
    reducedRows: small.height * line,
    reduced: small.height * small.width * channels,
    lefts: small.height * line, // left pixels gathered
    rights: small.height * line, // right pixels gathered
    output: height * line,
    rowTaps: rows.sources.length * 4, // row tap addresses
    rowWeights: rows.weights.length * 4,
    columnTaps: columns.sources.length * 4, // column tap offsets
    columnWeights: columns.weights.length * 4,
    left: width * 4, // left offsets
    right: width * 4, // right offsets
    pairs: height * 8, // row pairs
    fractions: height * 4, // vertical fractions
    xs: line * 2, // horizontal fraction of every sample
  });
  const { source, rowTaps, rowWeights, columnTaps, columnWeights, left, right, pairs, fractions, xs } =
    offsets;
  const tables = new Uint8Array(end - rowTaps);
  const int32 = (at: number, length: number) => new Int32Array(tables.buffer, at - rowTaps, length);
  int32(rowTaps, rows.sources.length).set(rows.sources.map((row) => source + row * line));
  int32(rowWeights, rows.weights.length).set(rows.weights);
  int32(columnTaps, columns.sources.length).set(columns.sources.map((x) => x * channels));
  int32(columnWeights, columns.weights.length).set(columns.weights);
  int32(left, width).set(across.low.map((x) => x * channels));
  int32(right, width).set(across.high.map((x) => x * channels));
  const pairView = int32(pairs, height * 2);
  for (let y = 0; y < height; y++) {
    pairView[2 * y] = down.low[y]!;
    pairView[2 * y + 1] = down.high[y]!;
  }
  int32(fractions, height).set(down.fraction);
  const xView = new Int16Array(tables.buffer, xs - rowTaps, line);
  for (let x = 0; x < width; x++) xView.fill(across.fraction[x]!, x * channels, (x + 1) * channels);
  return { rowPoints: plan.rowPoints, columnPoints: plan.columnPoints, ...offsets, tables, end };
}

/** Prepared resizes by size (datasets repeat a few image sizes); a process-level cache no result depends on. */
const preparedResizes = new Map<string, Prepared | null>();
const KEPT_RESIZES = 64;

/** {@link prepare}, cached. */
function prepared(width: number, height: number, channels: number, small: Size): Prepared | undefined {
  const key = `${width}x${height}x${channels}>${small.width}x${small.height}`;
  let entry = preparedResizes.get(key);
  if (entry === undefined) {
    entry = prepare(width, height, channels, small) ?? null;
    if (preparedResizes.size >= KEPT_RESIZES) preparedResizes.clear();
    preparedResizes.set(key, entry);
  }
  return entry ?? undefined;
}

/**
 * Whether {@link wasmLinearDownUp8} takes a raster reduced to `small`: 8-bit, 1 to 4 bands, and a
 * size libvips resizes in one reduce step per axis.
 */
export function linearDownUpSupported(raster: Raster, small: Size): boolean {
  return (
    fitsWasmKernels(raster) &&
    raster.channels <= 4 &&
    prepared(raster.width, raster.height, raster.channels, small) !== undefined
  );
}

/**
 * Reduces an 8-bit raster (every band) to `small` and enlarges it back to its size with libvips'
 * bilinear arithmetic (see the module notes), in WebAssembly: the samples sharp gives for a
 * `linear` resize there and back. Check {@link linearDownUpSupported} first.
 * The result's samples are a view into this thread's kernel memory, valid until the next kernel
 * call on this thread: encode or copy them before that.
 */
export async function wasmLinearDownUp8(raster: Raster, small: Size): Promise<Raster> {
  const { width, height, channels, data } = raster;
  const at = linearDownUpSupported(raster, small) ? prepared(width, height, channels, small) : undefined;
  if (!at)
    throw new RangeError(
      `no one-step libvips linear resize of ${width}×${height} to ${small.width}×${small.height}`,
    );
  const kernels = await imageKernels();
  const line = width * channels;
  reserveMemory(kernels.memory, at.end);
  const buffer = kernels.memory.buffer;
  new Uint8Array(buffer, at.source, data.length).set(data);
  new Uint8Array(buffer, at.rowTaps, at.tables.length).set(at.tables);
  kernels.reduceRows(at.reducedRows, line, small.height, at.rowTaps, at.rowWeights, at.rowPoints);
  kernels.reduceColumns(
    at.reducedRows,
    at.reduced,
    line,
    small.height,
    small.width,
    channels,
    at.columnTaps,
    at.columnWeights,
    at.columnPoints,
  );
  kernels.gatherColumns(
    at.reduced,
    small.width * channels,
    small.height,
    width,
    channels,
    at.left,
    at.right,
    at.lefts,
    at.rights,
  );
  kernels.enlargeRows(at.lefts, at.rights, at.output, line, height, at.pairs, at.fractions, at.xs);
  return {
    width,
    height,
    channels,
    sampleType: "uint8",
    data: new Uint8Array(buffer, at.output, height * line),
  };
}
