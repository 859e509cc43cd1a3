import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { FileStore } from "@iqf/tracking";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { temporaryFolder } from "./helpers/stores.js";

describe("FileStore.logArtifact copying a folder", () => {
  let folder: string;
  beforeEach(async () => {
    folder = await temporaryFolder();
  });
  afterEach(() => rm(folder, { recursive: true, force: true }));

  it("copies small files whole and large files streamed, in nested folders, byte for byte", async () => {
    const source = join(folder, "out");
    const files: Record<string, Buffer> = {};
    for (let index = 0; index < 9; index++)
      files[`f${index}.txt`] = Buffer.from(`file ${index}\n`.repeat(index));
    files["deep/a/b.bin"] = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7) % 256));
    // Larger than the whole-file limit (1 MiB): streamed.
    files["deep/large.bin"] = Buffer.from(
      Array.from({ length: (1 << 20) + 12345 }, (_, i) => (i * 31) % 251),
    );
    for (const [name, content] of Object.entries(files)) {
      await mkdir(join(source, name, ".."), { recursive: true });
      await writeFile(join(source, name), content);
    }
    const store = new FileStore(join(folder, "mlruns"));
    const experimentId = await store.createExperiment("artifacts");
    const { info } = await store.createRun({ experimentId });
    const logged = await store.logArtifact(info.runId, source, "outputs");
    expect(logged).toEqual({ files: 11, skipped: [] });
    const root = join(folder, "mlruns", experimentId, info.runId, "artifacts", "outputs");
    for (const [name, content] of Object.entries(files))
      expect((await readFile(join(root, name))).equals(content)).toBe(true);
    expect((await store.listArtifacts(info.runId, "outputs/deep")).map((entry) => entry.path)).toEqual([
      "outputs/deep/a",
      "outputs/deep/large.bin",
    ]);
  });
});
