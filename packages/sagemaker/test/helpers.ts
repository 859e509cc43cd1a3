import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "../../experiments/test/helpers.js";

export { isAlive, repoRoot, sampleDataset, waitFor } from "../../experiments/test/helpers.js";

/** The `iqf` command's entry. */
export const iqfBin = join(repoRoot, "packages", "cli", "dist", "bin.js");

/** A fresh temporary folder. */
export function tempFolder(label: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `iqf-sm-${label}-`));
}

/**
 * A training script in the style of iquaflow's SageMaker scripts: paths default to the
 * `SM_*` variables. Modes (hyperparameter `mode`): `ok` writes results.json, output.json, a
 * file in a sub-folder and a model; `fail` prints a traceback-like line and exits 2; `sleep` records
 * its pid in `$IQF_TEST_PIDS` (from the job environment) and sleeps; `gate` does the same until
 * a file `release` appears there, then goes on as `ok`.
 */
export const trainScript = `
import argparse, json, os, sys, time

parser = argparse.ArgumentParser()
parser.add_argument("--trainds", default=os.environ.get("SM_CHANNEL_TRAINDS"))
parser.add_argument("--outputpath", default=os.environ.get("SM_OUTPUT_DATA_DIR"))
parser.add_argument("--epochs", type=int, default=1)
parser.add_argument("--mode", default="ok")
args, _ = parser.parse_known_args()

images = sorted(os.listdir(os.path.join(args.trainds, "images")))
print(f"epochs={args.epochs} images={len(images)} channel={os.environ['SM_CHANNEL_TRAINDS']}", flush=True)
if args.mode == "fail":
    print("Traceback (most recent call last):", file=sys.stderr)
    print("ValueError: simulated training failure", file=sys.stderr, flush=True)
    sys.exit(2)
if args.mode in ("sleep", "gate"):
    pids = os.environ["IQF_TEST_PIDS"]
    os.makedirs(pids, exist_ok=True)
    open(os.path.join(pids, str(os.getpid())), "w").close()
    print("waiting", flush=True)
    for _ in range(6000):
        if args.mode == "gate" and os.path.exists(os.path.join(pids, "release")):
            break
        time.sleep(0.1)
size = sum(os.path.getsize(os.path.join(args.trainds, "images", name)) for name in images)
with open(os.path.join(args.outputpath, "results.json"), "w") as handle:
    json.dump({"loss": [1.0, 0.5, 1.0 / args.epochs], "kib": size / 1024}, handle)
with open(os.path.join(args.outputpath, "output.json"), "w") as handle:
    json.dump({"aws_variables": sorted(k for k in os.environ if k.startswith("AWS_")), "argv": sys.argv[1:]}, handle)
os.makedirs(os.path.join(args.outputpath, "plots"), exist_ok=True)
with open(os.path.join(args.outputpath, "plots", "curve.txt"), "w") as handle:
    handle.write("1 0.5")
with open(os.path.join(os.environ["SM_MODEL_DIR"], "weights.txt"), "w") as handle:
    handle.write("w=1")
print("done", flush=True)
`;

/** Writes the training script as `<folder>/code/train.py`; resolves with the code folder. */
export async function writeTrainScript(folder: string): Promise<string> {
  const code = join(folder, "code");
  await mkdir(code, { recursive: true });
  await writeFile(join(code, "train.py"), trainScript);
  return code;
}

/** Every file's text under `folder` (binary files included as latin1), for greps. */
export async function allText(folder: string): Promise<string> {
  const parts: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) parts.push(path, await readFile(path, "latin1"));
    }
  };
  await walk(folder);
  return parts.join("\n");
}
