#!/usr/bin/env python3
"""Template of a training script run by iqf (`iqf run experiment.yaml`).

iqf calls it once per grid cell with the task contract:

    python3 train.py --trainds <dataset> --outputpath <empty folder> [--valds <dataset>]
                     [--testds <dataset>] [--mlfuri <uri> --mlfexpid <id> --mlfrunid <id>]
                     [--<hyperparameter> <value> ...]

and reads back what it writes into --outputpath:
  results.json  numbers -> metrics, lists of numbers -> per-step metric series,
                strings/booleans -> params
  output.json   predictions (here: a COCO results list), used by metrics applied later
  anything else -> run artifacts

This template uses the Python standard library only, so it runs anywhere. Replace the
"training" below with your model. It fits a one-parameter model of the mean image file size
by gradient descent (so lr and epochs matter and JPEG quality changes the data), and writes
the ground-truth boxes as perfect detections to output.json.
"""

import argparse
import json
import os
import random


def parse_args():
    parser = argparse.ArgumentParser(description="iqf training-script template")
    parser.add_argument("--trainds", required=True, help="root of the (modified) train dataset")
    parser.add_argument("--outputpath", required=True, help="empty folder for results.json and outputs")
    parser.add_argument("--valds", default=None, help="root of the (modified) validation dataset")
    parser.add_argument("--testds", default=None, help="root of the (modified) test dataset")
    parser.add_argument("--mlfuri", default=None, help="tracking URI (with mlflowMonitoring)")
    parser.add_argument("--mlfexpid", default=None, help="experiment id (with mlflowMonitoring)")
    parser.add_argument("--mlfrunid", default=None, help="run id (with mlflowMonitoring)")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--lr", type=float, default=0.1)
    # Unknown hyperparameters are tolerated, as in iquaflow's scripts.
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


def coco_annotations(dataset):
    for name in sorted(os.listdir(dataset)):
        if name.endswith(".json") and not name.startswith("."):
            with open(os.path.join(dataset, name), encoding="utf-8") as handle:
                return json.load(handle)
    return None


def main():
    args = parse_args()
    random.seed(88)
    sizes = [size / 100 for size in image_sizes_kib(args.trainds)]
    val_sizes = [size / 100 for size in image_sizes_kib(args.valds)] if args.valds else sizes

    weight = 0.0
    train_rmse, val_rmse = [], []
    for _epoch in range(args.epochs):
        random.shuffle(sizes)
        for size in sizes:
            weight -= args.lr * 2 * (weight - size) / len(sizes)
        train_rmse.append((sum((weight - s) ** 2 for s in sizes) / len(sizes)) ** 0.5)
        val_rmse.append((sum((weight - s) ** 2 for s in val_sizes) / len(val_sizes)) ** 0.5)

    results = {
        "train_rmse": train_rmse,
        "val_rmse": val_rmse,
        "mean_size_kib": sum(sizes) / len(sizes) * 100,
        "train_ds": args.trainds,
    }
    with open(os.path.join(args.outputpath, "results.json"), "w", encoding="utf-8") as handle:
        json.dump(results, handle)

    coco = coco_annotations(args.trainds)
    if coco is not None:
        detections = [
            {"image_id": a["image_id"], "category_id": a["category_id"], "bbox": a["bbox"], "score": 1.0}
            for a in coco.get("annotations", [])
        ]
        with open(os.path.join(args.outputpath, "output.json"), "w", encoding="utf-8") as handle:
            json.dump(detections, handle)
    print(f"epochs={args.epochs} lr={args.lr}: train_rmse={train_rmse[-1]:.4f} val_rmse={val_rmse[-1]:.4f}")


if __name__ == "__main__":
    main()
