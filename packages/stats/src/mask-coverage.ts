import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { InvalidFile, mapConcurrent } from "@iqf/core";
import { ImageTooLarge, openImageFile } from "@iqf/datasets";

/**
 * Percentage of pixels per value over every mask image of a folder (first band, 8-bit), keys
 * ascending. iquaflow reads masks as 3-channel and loops per class in Python; counting one band
 * in a 256-bin typed array gives the same percentages in one pass.
 */
export async function maskCoverage(
  masksDir: string,
  concurrency: number,
  signal?: AbortSignal,
): Promise<Record<string, number>> {
  const entries = await readdir(masksDir, { withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith("."))
    .map((entry) => join(masksDir, entry.name))
    .sort();
  const perFile = await mapConcurrent(
    files,
    concurrency,
    async (file) => {
      const counts = new Float64Array(256);
      let data: Buffer;
      try {
        data = await (await openImageFile(file)).extractChannel(0).raw({ depth: "uchar" }).toBuffer();
      } catch (error) {
        if (error instanceof ImageTooLarge) throw error;
        throw new InvalidFile(file, `cannot decode the mask image: ${(error as Error).message}`, {
          cause: error,
        });
      }
      for (let i = 0; i < data.length; i++) counts[data[i]!]! += 1;
      return counts;
    },
    signal,
  );
  const totals = new Float64Array(256);
  let total = 0;
  for (const counts of perFile) {
    for (let v = 0; v < 256; v++) {
      totals[v]! += counts[v]!;
      total += counts[v]!;
    }
  }
  const coverage: Record<string, number> = {};
  for (let v = 0; v < 256; v++) if (totals[v]! > 0) coverage[String(v)] = (totals[v]! * 100) / total;
  return coverage;
}
