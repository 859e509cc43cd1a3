import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { execa } from "execa";

/** Repository root (tests read the in-repo copies of the reference data). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** Folder of pycocotools' reference values for COCO evaluation. */
export const referenceDir = join(repoRoot, "fixtures/reference/cocoeval");

/** Where generated synthetic sets are cached (git-ignored, shared with `bench/coco-eval`). */
export const generatedSetsDir = join(repoRoot, "bench/.data/coco");

/** One set of `expected.json`. */
export interface ReferenceSet {
  readonly name: string;
  readonly files: { readonly gt_sha256: string; readonly dt_sha256: string };
  readonly generator_command: readonly string[] | null;
  readonly stats: readonly number[];
  readonly summarize_output: string;
  readonly per_category_ap_all: readonly {
    readonly category_id: number;
    readonly name: string;
    readonly ap: number;
    readonly ap50: number;
    readonly n_gt: number;
    readonly n_dt: number;
  }[];
  readonly eval_fingerprints: Record<
    "precision" | "recall" | "scores",
    {
      readonly shape: readonly number[];
      readonly sum_all: number;
      readonly count_minus1: number;
      readonly sum_valid: number;
      readonly count_valid: number;
    }
  >;
}

/** `expected.json`: pycocotools' outputs on the four reference sets. */
export const expected = JSON.parse(readFileSync(join(referenceDir, "expected.json"), "utf8")) as {
  readonly params: { readonly iouThrs: readonly number[]; readonly recThrs: readonly number[] };
  readonly sets: readonly ReferenceSet[];
};

/** The reference set called `name`. */
export function referenceSet(name: string): ReferenceSet {
  const set = expected.sets.find((s) => s.name === name);
  if (set === undefined) throw new Error(`no reference set ${name}`);
  return set;
}

/** Paths of a set's ground truth and detections. */
export interface SetFiles {
  readonly gt: string;
  readonly dt: string;
}

const IN_REPO: Record<string, SetFiles> = {
  "iqf-sample": {
    gt: join(repoRoot, "data/ds_coco_dataset/coco_annotations.json"),
    dt: join(repoRoot, "data/predictions/coco_detect.json"),
  },
  small: { gt: join(referenceDir, "small/gt.json"), dt: join(referenceDir, "small/dt.json") },
};

async function sha256(path: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(path))
    .digest("hex");
}

/**
 * The files of a reference set. `medium` and `large` are generated with `gen_coco.py` (python3,
 * stdlib only) into {@link generatedSetsDir} unless a copy with the recorded sha256 is there.
 */
export async function setFiles(name: string): Promise<SetFiles> {
  const inRepo = IN_REPO[name];
  if (inRepo !== undefined) return inRepo;
  const set = referenceSet(name);
  const outDir = join(generatedSetsDir, name);
  const files = { gt: join(outDir, "gt.json"), dt: join(outDir, "dt.json") };
  const upToDate =
    existsSync(files.gt) &&
    existsSync(files.dt) &&
    (await sha256(files.gt)) === set.files.gt_sha256 &&
    (await sha256(files.dt)) === set.files.dt_sha256;
  if (!upToDate) {
    const args = set.generator_command?.slice(2, -2);
    if (args === undefined) throw new Error(`set ${name} has no generator command`);
    await mkdir(outDir, { recursive: true });
    await execa("python3", [join(referenceDir, "gen_coco.py"), ...args, "--out-dir", outDir]);
    if (
      (await sha256(files.gt)) !== set.files.gt_sha256 ||
      (await sha256(files.dt)) !== set.files.dt_sha256
    ) {
      throw new Error(`regenerated ${name} set differs from the reference (sha256)`);
    }
  }
  return files;
}

/** pycocotools' full arrays for the sample and small sets, flattened in C order. */
export function referenceArrays(
  name: "sample" | "small",
): Record<"precision" | "recall" | "scores", number[]> {
  const json = JSON.parse(
    gunzipSync(readFileSync(join(referenceDir, `arrays-${name}.json.gz`))).toString("utf8"),
  ) as Record<"precision" | "recall" | "scores", unknown[]>;
  const flat = (value: unknown[]) => value.flat(Number.POSITIVE_INFINITY) as number[];
  return { precision: flat(json.precision), recall: flat(json.recall), scores: flat(json.scores) };
}
