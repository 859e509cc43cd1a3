import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { ImageFormat, ModifiedImage, ModifyContext, Raster, SampleType, SourceImage } from "@iqf/core";
import { decodeImage, encodeRaster } from "@iqf/datasets";

/** A raster of the given geometry whose samples come from `value(x, y, band)`. */
export function makeRaster(
  width: number,
  height: number,
  channels: number,
  sampleType: SampleType,
  value: (x: number, y: number, band: number) => number,
): Raster {
  const data =
    sampleType === "uint8"
      ? new Uint8Array(width * height * channels)
      : sampleType === "uint16"
        ? new Uint16Array(width * height * channels)
        : new Float32Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) data[(y * width + x) * channels + c] = value(x, y, c);
    }
  }
  return { width, height, channels, sampleType, data };
}

/** Encodes a raster in a container format as the pipeline writes it (lossless for PNG and TIFF, any depth). */
export function encode(raster: Raster, format: ImageFormat): Promise<Uint8Array> {
  return encodeRaster(raster, { format });
}

/** A source image backed by an in-memory raster (and, for `read`, its encoded bytes). */
export function sourceImage(raster: Raster, format: ImageFormat, relativePath = "img.png"): SourceImage {
  return {
    path: join(tmpdir(), relativePath),
    relativePath,
    format,
    read: () => encode(raster, format),
    decode: async () => raster,
  };
}

/** A per-image context with a scratch folder. */
export function context(workDir = tmpdir(), index = 0): ModifyContext {
  return { index, workDir };
}

/** The samples of a modifier's result: its raster, or its encoded bytes decoded (fails the test for a file result). */
export async function resultRaster(result: ModifiedImage): Promise<Raster> {
  if ("raster" in result) return result.raster;
  if ("encoded" in result) return (await decodeImage(result.encoded, "result")).raster;
  throw new Error(`expected a raster or encoded result, got ${Object.keys(result).join(",")}`);
}

/** Mean and population standard deviation of band `band` of a raster. */
export function bandStats(raster: Raster, band = 0): { mean: number; std: number } {
  const { channels, data } = raster;
  let sum = 0;
  let sumSquares = 0;
  let n = 0;
  for (let i = band; i < data.length; i += channels) {
    sum += data[i]!;
    sumSquares += data[i]! * data[i]!;
    n++;
  }
  const mean = sum / n;
  return { mean, std: Math.sqrt(Math.max(0, sumSquares / n - mean * mean)) };
}

/** The repository root. */
export const REPO = join(import.meta.dirname, "../../..");

/** Import specifiers of the built packages, usable from a script outside the repository. */
export const BUILT_ENTRIES = {
  datasets: JSON.stringify(pathToFileURL(join(REPO, "packages/datasets/dist/index.js")).href),
  modifiers: JSON.stringify(pathToFileURL(join(REPO, "packages/modifiers/dist/index.js")).href),
} as const;

/**
 * Runs an ES module script in a new Node process from the repository root (a file under
 * `scratch`, not `-e`: the worker threads inherit the process's flags), so process-wide choices
 * such as the JPEG codec follow `env`; resolves to its stdout and stderr.
 */
export async function runScript(
  scratch: string,
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: string; stderr: string }> {
  const file = join(await mkdtemp(join(scratch, "script-")), "run.mjs");
  await writeFile(file, script);
  return promisify(execFile)(process.execPath, [file], { cwd: REPO, env });
}

/** A modifier type with its params, as `createModifier` takes them. */
export type ModifierCase = [type: string, params: Record<string, unknown>];

/**
 * Applies every case to `dataset` in a new process with the given JPEG codec (the codec choice is
 * made once per process) and resolves to each output folder, in case order.
 */
export async function modifyWithCodec(
  scratch: string,
  dataset: string,
  cases: readonly ModifierCase[],
  codec: "turbo" | "sharp",
): Promise<string[]> {
  const script = `
    import { modifyDataset } from ${BUILT_ENTRIES.datasets};
    import { createModifier } from ${BUILT_ENTRIES.modifiers};
    const outputs = [];
    for (const [type, params] of ${JSON.stringify(cases)}) {
      const result = await modifyDataset(${JSON.stringify(dataset)}, createModifier(type, params), { force: true });
      if (result.failed.length > 0) throw new Error(type + ": " + result.failed[0].error);
      outputs.push(result.output);
    }
    console.log(JSON.stringify(outputs));`;
  const { stdout } = await runScript(scratch, script, { ...process.env, IQF_JPEG_CODEC: codec });
  return JSON.parse(stdout.trim().split("\n").pop() ?? "[]") as string[];
}
