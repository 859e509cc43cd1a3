#!/usr/bin/env python3
"""A training script in the style of iquaflow's SageMaker mode, run by iqf as a SageMaker job.

SageMaker framework containers (and iqf's local mode) give the script:
  SM_CHANNEL_TRAINDS / SM_CHANNEL_VALDS / SM_CHANNEL_TESTDS   the modified datasets
  SM_OUTPUT_DATA_DIR   what to write results.json, output.json and other outputs into
  SM_MODEL_DIR         where to save the model (archived as model.tar.gz)
and the hyperparameters as `--name value` arguments (iqf also passes --trainds / --outputpath
pointing at those folders, so scripts written for `iqf run` with a command work too).

What the script writes to SM_OUTPUT_DATA_DIR comes back as the run's results.json, output.json
and artifacts, exactly as for a local run. Standard library only, so it runs anywhere.
"""

import argparse
import json
import os


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trainds", default=os.environ.get("SM_CHANNEL_TRAINDS"))
    parser.add_argument("--valds", default=os.environ.get("SM_CHANNEL_VALDS"))
    parser.add_argument("--outputpath", default=os.environ.get("SM_OUTPUT_DATA_DIR"))
    parser.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR"))
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--lr", type=float, default=0.1)
    args, _unknown = parser.parse_known_args()
    return args


def image_sizes_kib(dataset):
    """File sizes (KiB) of the images of a dataset: its first sub-folder that holds files."""
    for entry in sorted(os.listdir(dataset)):
        folder = os.path.join(dataset, entry)
        if os.path.isdir(folder) and not entry.endswith("_mask"):
            names = sorted(n for n in os.listdir(folder) if not n.startswith("."))
            if names:
                return [os.path.getsize(os.path.join(folder, n)) / 1024 for n in names]
    raise SystemExit(f"no images found in {dataset}")


def main():
    args = parse_args()
    sizes = image_sizes_kib(args.trainds)
    target = sum(sizes) / len(sizes)
    # "Training": fit one parameter to the mean image size by gradient descent on a squared loss.
    weight, losses = 0.0, []
    for epoch in range(args.epochs):
        gradient = 2 * (weight - target) / max(target, 1)
        weight -= args.lr * gradient * target
        losses.append(((weight - target) / max(target, 1)) ** 2)
        print(f"epoch {epoch + 1}/{args.epochs} loss {losses[-1]:.6f}", flush=True)
    os.makedirs(args.outputpath, exist_ok=True)
    with open(os.path.join(args.outputpath, "results.json"), "w", encoding="utf-8") as handle:
        json.dump({"train_loss": losses, "mean_kib": target, "images": len(sizes)}, handle)
    if args.model_dir:
        with open(os.path.join(args.model_dir, "model.json"), "w", encoding="utf-8") as handle:
            json.dump({"weight": weight}, handle)
    print(f"wrote {args.outputpath}/results.json", flush=True)


if __name__ == "__main__":
    main()
