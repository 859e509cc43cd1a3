import { resolve } from "node:path";
import {
  defaultIoConcurrency,
  InvalidParams,
  type Modifier,
  type ProgressCallback,
  zodProblems,
} from "@iqf/core";
import { z } from "zod";
import { DsWrapper } from "./ds-wrapper.js";
import { modifyOnce } from "./modify-step.js";

/** Options of {@link modifyDataset}. */
export interface ModifyOptions {
  /**
   * Images processed at once (default: twice `os.availableParallelism()`, so file I/O and libvips
   * decoding/encoding of some images overlap the JavaScript work on others and every core stays busy).
   */
  readonly concurrency?: number;
  /** Called after every image of every step; `label` is the step's modifier name. */
  readonly onProgress?: ProgressCallback;
  /** Cancels the modification; the temporary output is removed and the call rejects. */
  readonly signal?: AbortSignal;
  /**
   * Rebuild even when a complete output with the same source and params exists, and replace an
   * output path that iqf did not create (a file, or a folder without iqf's manifest), which is
   * otherwise refused with `OutputInTheWay`.
   */
  readonly force?: boolean;
}

/** An image that could not be modified. */
export interface FailedImage {
  /** Path of the source image (joined from the dataset's images folder). */
  readonly file: string;
  /** Why it failed. */
  readonly error: string;
}

/** Outcome of {@link modifyDataset}. */
export interface ModifyResult {
  /** Absolute path of the (last) modified dataset. */
  readonly output: string;
  /** The modified dataset, with its params (`ds_name`, `modifier`, the modifiers' params). */
  readonly dataset: DsWrapper;
  /** Number of images in the modified dataset. */
  readonly images: number;
  /** Images that could not be modified, over all steps; empty when everything succeeded. */
  readonly failed: readonly FailedImage[];
  /** True when every step reused a complete earlier output instead of recomputing it. */
  readonly reused: boolean;
  /**
   * Outputs that were rebuilt because their files had changed since iqf built them (something,
   * e.g. a task, wrote into the modified dataset); empty normally.
   */
  readonly repaired: readonly string[];
}

const optionsSchema = z.strictObject({
  concurrency: z.number().int().positive().optional(),
  onProgress: z.custom<ProgressCallback>((value) => typeof value === "function").optional(),
  signal: z.custom<AbortSignal>((value) => value instanceof AbortSignal).optional(),
  force: z.boolean().optional(),
});

function checkModifier(modifier: Modifier, position: number): void {
  const problems: string[] = [];
  if (typeof modifier?.name !== "string" || modifier.name === "" || /[\\/]/.test(modifier.name))
    problems.push(`modifiers[${position}].name must be a non-empty folder-name suffix without / or \\`);
  if (typeof modifier?.modifyImage !== "function")
    problems.push(`modifiers[${position}].modifyImage must be a function`);
  if (problems.length > 0) throw new InvalidParams("modifyDataset", problems);
}

/**
 * Applies one modifier, or a chain of them, to a dataset. Each step writes the sibling folder
 * `<dataset>#<modifier.name>` (a chain appends `#<name>` per step and keeps the intermediate
 * folders), with the images modified in parallel, the annotation files and mask folder copied,
 * and a manifest recording the modifier, its params and a fingerprint of the source. The source
 * is only read. Each output is built in a hidden temporary sibling and renamed into place when
 * done; its files are made read-only. A complete output with an unchanged source and params is
 * reused while its files are as built (names, sizes, modification times); one that was written
 * into afterwards is rebuilt and listed in `repaired`. Identity modifiers
 * (`modifier.identity`, e.g. `none`) are skipped: a chain of only those returns the source
 * dataset itself and writes nothing. Before a step touches anything, its modifier's
 * `checkDataset` hook may refuse params that cannot work for the dataset (`ParamsDoNotFit`, all
 * problems at once, no folder created). Images that fail are listed in `failed` (the others are
 * written) and the output is then not reused next time; when every image of a step fails,
 * nothing is written and `NoImageModified` is thrown.
 * @param source - dataset folder or opened {@link DsWrapper}.
 * @param modifiers - one modifier or a chain, applied first to last.
 * @example
 * ```ts
 * const result = await modifyDataset("data/ds_coco_dataset", new JpgModifier({ quality: 85 }));
 * result.output; // ".../data/ds_coco_dataset#jpg85_modifier"
 * ```
 */
export async function modifyDataset(
  source: string | DsWrapper,
  modifiers: Modifier | readonly Modifier[],
  options: ModifyOptions = {},
): Promise<ModifyResult> {
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) throw new InvalidParams("modifyDataset options", zodProblems(parsed.error.issues));
  const chain: readonly Modifier[] = Array.isArray(modifiers) ? modifiers : [modifiers as Modifier];
  if (chain.length === 0) throw new InvalidParams("modifyDataset", ["give at least one modifier"]);
  chain.forEach(checkModifier);
  const concurrency = parsed.data.concurrency ?? defaultIoConcurrency();
  let dataset = typeof source === "string" ? await DsWrapper.open(source) : source;
  const steps = chain.filter((modifier) => modifier.identity !== true);
  if (steps.length === 0) {
    const images = (await dataset.listImages()).length;
    return { output: resolve(dataset.layout.root), dataset, images, failed: [], reused: true, repaired: [] };
  }
  const failed: FailedImage[] = [];
  const repaired: string[] = [];
  let reused = true;
  let output = "";
  let images = 0;
  for (const modifier of steps) {
    const step = await modifyOnce(dataset, modifier, { ...options, concurrency });
    failed.push(...step.failed);
    reused &&= step.reused;
    if (step.repaired) repaired.push(step.output);
    ({ output, images } = step);
    dataset = DsWrapper.fromLayout(step.layout);
    if (images === 0) break;
  }
  return { output, dataset, images, failed, reused, repaired };
}
