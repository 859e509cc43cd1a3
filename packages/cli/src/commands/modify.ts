import { countOf, InvalidParams } from "@iqf/core";
import type { FailedImage, ModifyResult } from "@iqf/datasets";
import type { Command } from "commander";
import { ProgressBar } from "../progress-bar.js";
import { addDatasetPathOptions, type DatasetPathOptions, datasetPaths } from "./dataset-options.js";
import { addPluginOption, collect, openCliRegistry, type PluginOptions } from "./plugin-options.js";

interface ModifyCommandOptions extends DatasetPathOptions, PluginOptions {
  readonly param: readonly string[];
  readonly json?: boolean;
  readonly force?: boolean;
  readonly concurrency?: string;
}

/**
 * Parses repeated `key=value` pairs; values stay strings (the modifier or metric parses them).
 * @param command - the command named in error messages, e.g. `iqf modify`.
 */
export function parseParamPairs(pairs: readonly string[], command = "iqf modify"): Record<string, string> {
  const params: Record<string, string> = {};
  const problems: string[] = [];
  for (const pair of pairs) {
    const equals = pair.indexOf("=");
    const key = equals > 0 ? pair.slice(0, equals).trim() : "";
    if (key === "") problems.push(`--param "${pair}": expected key=value, e.g. --param quality=85`);
    else if (Object.hasOwn(params, key)) problems.push(`--param ${key}: given more than once`);
    else params[key] = pair.slice(equals + 1);
  }
  if (problems.length > 0) throw new InvalidParams(command, problems);
  return params;
}

function parseConcurrency(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1)
    throw new InvalidParams("iqf modify", [`--concurrency: expected a positive integer, got "${value}"`]);
  return parsed;
}

/**
 * Registers `iqf modify <dataset> <modifier> [key=value]… [--param key=value]… [--plugin spec]… [--json]`
 * (parameters may follow the modifier or be given with `--param`): writes the modified
 * sibling dataset `<dataset>#<modifier name>` (reused when already complete). With `--json`,
 * stdout is one object `{ output, images, failed: [{ file, error }] }`. Each failed image is
 * also reported on stderr as one line naming the file and the reason; the exit code is 0 only
 * when every image succeeded. A progress bar is drawn on stderr when it is a terminal.
 */
export function registerModify(program: Command): void {
  addPluginOption(
    addDatasetPathOptions(
      program
        .command("modify")
        .description("write a modified copy of a dataset next to it: <dataset>#<modifier name>")
        .argument("<dataset>", "dataset folder")
        .argument(
          "<modifier>",
          "modifier type: none, jpg, quant, blur, gsd, sharpness, rer, snr, command, or a plugin's (iqf plugins lists them)",
        )
        .argument("[params...]", "modifier parameters as key=value, the same as --param (e.g. quality=85)"),
    ),
  )
    .option(
      "-p, --param <key=value>",
      "modifier parameter, repeatable (e.g. --param quality=85)",
      collect,
      [],
    )
    .option("--json", "print one JSON object { output, images, failed } on stdout")
    .option(
      "--force",
      "recompute even when a complete output exists; replace an output path iqf did not create",
    )
    .option("--concurrency <n>", "images processed at once (default: number of CPU cores)")
    .action(async (dataset: string, type: string, pairs: string[], options: ModifyCommandOptions) => {
      const registry = await openCliRegistry(options);
      const { DsWrapper, modifyDataset, NoImageModified } = await import("@iqf/datasets");
      const modifier = registry.createModifier(type, parseParamPairs([...pairs, ...options.param]), {
        baseDir: process.cwd(),
      });
      const concurrency = parseConcurrency(options.concurrency);
      const source = await DsWrapper.open(dataset, datasetPaths(options));
      const bar = new ProgressBar(process.stderr);
      const reportFailures = (failed: readonly FailedImage[]) => {
        for (const failure of failed) process.stderr.write(`iqf: ${failure.file}: ${failure.error}\n`);
      };
      let result: ModifyResult;
      try {
        result = await modifyDataset(source, modifier, {
          onProgress: bar.update,
          ...(options.force && { force: true }),
          ...(concurrency !== undefined && { concurrency }),
        });
      } catch (error) {
        bar.clear();
        if (error instanceof NoImageModified) reportFailures(error.failed.slice(1));
        throw error;
      } finally {
        bar.clear();
      }
      for (const output of result.repaired)
        process.stderr.write(`iqf: ${output} had been changed since iqf built it; rebuilt it\n`);
      reportFailures(result.failed);
      if (options.json) {
        const failed = result.failed.map(({ file, error }) => ({ file, error }));
        process.stdout.write(`${JSON.stringify({ output: result.output, images: result.images, failed })}\n`);
      } else {
        const verb = result.reused ? "reused" : "wrote";
        const failures = result.failed.length > 0 ? `, ${result.failed.length} failed` : "";
        process.stdout.write(`${verb} ${result.output} (${countOf(result.images, "image")}${failures})\n`);
      }
      if (result.failed.length > 0) process.exitCode = 1;
    });
}
