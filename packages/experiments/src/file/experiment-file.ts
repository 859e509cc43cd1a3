import { readFile, stat } from "node:fs/promises";
import { dirname, extname, resolve } from "node:path";
import {
  formatJsonPath,
  InvalidFile,
  IqfError,
  type Metric,
  type Modifier,
  PluginLoadFailed,
  type PluginRegistry,
  parseJsonFile,
  withoutByteOrderMark,
} from "@iqf/core";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { gridProblems } from "../grid.js";
import { openPluginRegistry, type PluginSpecs } from "../plugins/open-registry.js";
import type { ArgValue } from "../py-str.js";
import { ExperimentSetup, type ExperimentSetupOptions } from "../setup/experiment-setup.js";
import { ScriptTaskExecution } from "../task/script-task.js";
import type { TaskExecution } from "../task/task-execution.js";
import { type TaskKind, taskKindProblem } from "./task-kind.js";

const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** A param value in a file: a scalar, or a list of scalars (e.g. a command modifier's `argv`). */
const paramValue = z.union([scalar, z.array(scalar)]);

const modifierSpecSchema = z.strictObject({
  type: z.string().min(1),
  params: z.record(z.string(), paramValue).optional(),
});

const metricSpecSchema = modifierSpecSchema;

const baseFileShape = {
  plugins: z.array(z.string().min(1, "give a package name or a path to a .js/.mjs file")).optional(),
  metrics: z.array(metricSpecSchema).optional(),
  name: z.string().trim().min(1, "give the experiment a name"),
  dataset: z.string().min(1, "give the train dataset folder"),
  valDataset: z.string().min(1).optional(),
  testDataset: z.string().min(1).optional(),
  modifiers: z
    .array(
      z.union([
        modifierSpecSchema,
        z.array(modifierSpecSchema).min(1, "a chain needs at least one modifier"),
      ]),
    )
    .min(1, "list at least one modifier, e.g. - { type: jpg, params: { quality: 10 } }"),
  extraTrainParams: z.record(z.string(), z.unknown()).optional(),
  repetitions: z.number().int().min(1, "must be at least 1").optional(),
  concurrency: z.number().int().min(1, "must be at least 1").optional(),
  mlflowMonitoring: z.boolean().optional(),
  workerEnv: z.array(z.record(z.string(), z.string())).optional(),
  trackingUri: z.string().min(1).optional(),
  keepOutputs: z.boolean().optional(),
};

const taskShape = {
  command: z
    .array(z.string().min(1))
    .min(1, "give the executable and its arguments, e.g. [python3, train.py]"),
  timeoutSeconds: z.number().positive().optional(),
  cwd: z.string().min(1).optional(),
  env: z.record(z.string(), z.string()).optional(),
  requireResults: z.boolean().optional(),
};

/**
 * The file schema: the base keys, `task` with `command` or exactly one registered kind's key,
 * and the top-level sections the kinds read (e.g. `cloud`).
 */
function experimentFileSchema(kinds: readonly TaskKind[]) {
  const kindKeys = Object.fromEntries(kinds.map((kind) => [kind.key, z.unknown().optional()]));
  const sections = Object.fromEntries(
    kinds.flatMap((kind) => kind.fileKeys ?? []).map((key) => [key, z.unknown().optional()]),
  );
  const task = z
    .strictObject({ ...taskShape, command: taskShape.command.optional(), ...kindKeys })
    .superRefine((value, context) => {
      const problem = taskKindProblem(value as Record<string, unknown>, kinds);
      if (problem !== undefined) context.addIssue({ code: "custom", message: problem });
    });
  // `task` keeps its place after `modifiers`, so problems are listed in the file's usual order.
  const { name, dataset, valDataset, testDataset, modifiers, ...rest } = baseFileShape;
  return z.strictObject({ name, dataset, valDataset, testDataset, modifiers, task, ...rest, ...sections });
}

/** A parameter value as written in an experiment file: a scalar or a list (`argv: [python3, sr.py]`). */
export type SpecParamValue = ArgValue | readonly ArgValue[];

/** A modifier as written in an experiment file. */
export interface ModifierSpec {
  /** Modifier type: `none`, `jpg`, `quant`, `blur`, `gsd`, `sharpness`, `rer`, `snr` or `command`. */
  readonly type: string;
  /** The modifier's parameters; the modifier's own schema decides which may be lists. */
  readonly params?: Readonly<Record<string, SpecParamValue>>;
}

/** A metric as written in an experiment file (`metrics: [{ type: bbox, params: { gt: ./gt.json } }]`). */
export interface MetricSpec {
  /** Metric type: a built-in (`bbox`, `snr`, `sharpness`, `psnr`, `ssim`) or one from a plugin. */
  readonly type: string;
  /** The metric's parameters; relative paths start at the file's folder. */
  readonly params?: Readonly<Record<string, SpecParamValue>>;
}

/** A validated experiment file, with every path made absolute (relative to the file). */
export interface ExperimentFile {
  /** Absolute path of the file. */
  readonly path: string;
  /** Experiment name. */
  readonly name: string;
  /** Train dataset folder. */
  readonly dataset: string;
  /** Validation dataset folder. */
  readonly valDataset?: string;
  /** Test dataset folder. */
  readonly testDataset?: string;
  /** Modifiers; a list entry is a chain. */
  readonly modifiers: readonly (ModifierSpec | readonly ModifierSpec[])[];
  /** The task. */
  readonly task: {
    /** The local command; absent when the file selects a task kind (e.g. `sagemaker`). */
    readonly command?: readonly string[];
    /** Key of the task kind the file selects, when it does not give `command`. */
    readonly kind?: string;
    readonly timeoutSeconds?: number;
    readonly cwd: string;
    readonly env?: Readonly<Record<string, string>>;
    readonly requireResults?: boolean;
  };
  /** Hyperparameter grid. */
  readonly extraTrainParams: Readonly<Record<string, readonly ArgValue[]>>;
  /** Repetitions per cell. */
  readonly repetitions?: number;
  /** Parallel runs. */
  readonly concurrency?: number;
  /** Pass tracking coordinates to the task. */
  readonly mlflowMonitoring?: boolean;
  /** Environment per worker. */
  readonly workerEnv?: readonly Readonly<Record<string, string>>[];
  /** Tracking URI written in the file (the command line's `--tracking-uri` wins). */
  readonly trackingUri?: string;
  /** Keep run output folders. */
  readonly keepOutputs?: boolean;
  /** The modifiers, constructed. */
  readonly modifierInstances: readonly (readonly Modifier[])[];
  /** The task built by the selected task kind; absent for a `command` task. */
  readonly taskExecution?: TaskExecution;
  /** Plugin specs of the file (resolved from its folder). */
  readonly plugins: readonly string[];
  /** Metrics applied to every finished run after the grid. */
  readonly metrics: readonly MetricSpec[];
  /** The metrics, constructed. */
  readonly metricInstances: readonly Metric[];
  /** The registry the modifiers and metrics came from (built-ins and plugins). */
  readonly registry: PluginRegistry;
}

/** Options of {@link loadExperimentFile}. */
export interface LoadExperimentFileOptions {
  /** Task kinds the file may select under `task:` (the `iqf` CLI passes `@iqf/sagemaker`'s). */
  readonly taskKinds?: readonly TaskKind[];
  /** Plugins given outside the file (`--plugin`, `IQF_PLUGINS`), loaded before the file's own. */
  readonly plugins?: PluginSpecs;
}

function issueMessage(issue: z.core.$ZodIssue, kinds: readonly TaskKind[]): string {
  const where = issue.path.length === 0 ? "" : formatJsonPath(issue.path);
  if (issue.code === "unrecognized_keys" && where === "task") {
    const known = [...Object.keys(taskShape), ...kinds.map((kind) => kind.key)];
    return `task: unknown key ${issue.keys.map((key) => `"${key}"`).join(", ")}; use ${known.join(", ")} (task kinds such as sagemaker are available when their package is registered, as the iqf CLI does)`;
  }
  return where === "" ? issue.message : `${where}: ${issue.message}`;
}

async function assertFolder(file: string, field: string, folder: string): Promise<void> {
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new InvalidFile(
      file,
      `${field}: the folder ${folder} does not exist; fix the path (relative paths start at the file's folder)`,
    );
  }
}

function buildEntry<Made>(
  file: string,
  field: string,
  spec: ModifierSpec | MetricSpec,
  kind: "modifier" | "metric",
  registry: PluginRegistry,
): Made {
  const known = kind === "modifier" ? registry.modifierTypes : registry.metricTypes;
  if (!known.includes(spec.type)) {
    throw new InvalidFile(
      file,
      `${field}.type: unknown ${kind} type "${spec.type}"; use one of ${known.join(", ")}, or add the plugin that provides it under plugins:`,
    );
  }
  const context = { baseDir: dirname(file) };
  const params = { ...(spec.params ?? {}) };
  try {
    return (
      kind === "modifier"
        ? registry.createModifier(spec.type, params, context)
        : registry.createMetric(spec.type, params, context)
    ) as Made;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidFile(file, `${field}.params: ${reason}`, { cause: error });
  }
}

async function loadRegistry(
  file: string,
  specs: readonly string[],
  options: LoadExperimentFileOptions,
): Promise<PluginRegistry> {
  const base = dirname(file);
  try {
    return await openPluginRegistry([...(options.plugins ? [options.plugins] : []), { specs, from: base }]);
  } catch (error) {
    if (error instanceof PluginLoadFailed && error.fromDir === base && specs.includes(error.spec))
      throw new InvalidFile(file, `plugins[${specs.indexOf(error.spec)}]: ${error.message}`, {
        cause: error,
      });
    throw error;
  }
}

/**
 * Reads and validates an experiment file (`.yaml`, `.yml` or `.json`): unknown keys, wrong
 * types, unknown modifiers or metrics or their params, missing dataset folders, grid values that
 * are not lists and reserved param names are reported as `InvalidFile` naming the field and fix.
 * Paths (datasets, `task.cwd`, path params) are relative to the file; the task runs in the
 * file's folder. The file's `plugins:` are loaded from its folder with Node's module resolution
 * (after `options.plugins`); a plugin that cannot be loaded stops here, before any work.
 */
export async function loadExperimentFile(
  path: string,
  options: LoadExperimentFileOptions = {},
): Promise<ExperimentFile> {
  const kinds = options.taskKinds ?? [];
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new InvalidFile(file, "cannot be read; check the path");
  }
  let content: unknown;
  if (extname(file).toLowerCase() === ".json") content = parseJsonFile(text, file);
  else {
    try {
      content = parseYaml(withoutByteOrderMark(text));
    } catch (error) {
      throw new InvalidFile(file, `is not valid YAML: ${(error as Error).message}`);
    }
  }
  const parsed = experimentFileSchema(kinds).safeParse(content);
  if (!parsed.success) {
    throw new InvalidFile(file, parsed.error.issues.map((issue) => issueMessage(issue, kinds)).join("; "));
  }
  const data = parsed.data as z.infer<ReturnType<typeof experimentFileSchema>> & Record<string, unknown>;
  const gridIssues = gridProblems(data.extraTrainParams ?? {});
  if (gridIssues.length > 0) throw new InvalidFile(file, gridIssues.join("; "));
  const base = dirname(file);
  const dataset = resolve(base, data.dataset);
  const valDataset = data.valDataset === undefined ? undefined : resolve(base, data.valDataset);
  const testDataset = data.testDataset === undefined ? undefined : resolve(base, data.testDataset);
  await assertFolder(file, "dataset", dataset);
  if (valDataset) await assertFolder(file, "valDataset", valDataset);
  if (testDataset) await assertFolder(file, "testDataset", testDataset);
  const cwd = resolve(base, data.task.cwd ?? ".");
  await assertFolder(file, "task.cwd", cwd);
  const plugins = data.plugins ?? [];
  const registry = await loadRegistry(file, plugins, options);
  const modifier = (field: string, spec: ModifierSpec) =>
    buildEntry<Modifier>(file, field, spec, "modifier", registry);
  const modifierInstances = data.modifiers.map((entry, index) =>
    Array.isArray(entry)
      ? entry.map((spec, position) => modifier(`modifiers[${index}][${position}]`, spec))
      : [modifier(`modifiers[${index}]`, entry)],
  );
  const metrics = data.metrics ?? [];
  const metricInstances = metrics.map((spec, index) =>
    buildEntry<Metric>(file, `metrics[${index}]`, spec, "metric", registry),
  );
  const task = data.task as Record<string, unknown>;
  const kind = kinds.find((candidate) => task[candidate.key] !== undefined);
  const taskExecution = await kind?.create({
    file,
    baseDir: base,
    section: task[kind.key],
    fileSections: Object.fromEntries((kind.fileKeys ?? []).map((key) => [key, data[key]])),
    ...(data.task.timeoutSeconds !== undefined ? { timeoutSeconds: data.task.timeoutSeconds } : {}),
    experimentName: data.name,
  });
  const unusedSections = kinds
    .filter((candidate) => candidate !== kind)
    .flatMap((candidate) => candidate.fileKeys ?? [])
    .filter((key) => data[key] !== undefined && !(kind?.fileKeys ?? []).includes(key));
  if (unusedSections.length > 0) {
    throw new InvalidFile(
      file,
      `${unusedSections.join(", ")}: only used by another kind of task; remove it or select that task kind under task:`,
    );
  }
  return {
    path: file,
    name: data.name,
    dataset,
    ...(valDataset ? { valDataset } : {}),
    ...(testDataset ? { testDataset } : {}),
    modifiers: data.modifiers,
    task: {
      ...(data.task.command !== undefined ? { command: data.task.command } : {}),
      ...(kind ? { kind: kind.key } : {}),
      ...(data.task.timeoutSeconds !== undefined ? { timeoutSeconds: data.task.timeoutSeconds } : {}),
      cwd,
      ...(data.task.env !== undefined ? { env: data.task.env } : {}),
      ...(data.task.requireResults !== undefined ? { requireResults: data.task.requireResults } : {}),
    },
    extraTrainParams: (data.extraTrainParams ?? {}) as Record<string, ArgValue[]>,
    ...(data.repetitions !== undefined ? { repetitions: data.repetitions } : {}),
    ...(data.concurrency !== undefined ? { concurrency: data.concurrency } : {}),
    ...(data.mlflowMonitoring !== undefined ? { mlflowMonitoring: data.mlflowMonitoring } : {}),
    ...(data.workerEnv !== undefined ? { workerEnv: data.workerEnv } : {}),
    ...(data.trackingUri !== undefined ? { trackingUri: data.trackingUri } : {}),
    ...(data.keepOutputs !== undefined ? { keepOutputs: data.keepOutputs } : {}),
    modifierInstances,
    ...(taskExecution ? { taskExecution } : {}),
    plugins,
    metrics,
    metricInstances,
    registry,
  };
}

function fileTask(file: ExperimentFile): TaskExecution {
  if (file.taskExecution) return file.taskExecution;
  if (file.task.command === undefined) {
    throw new InvalidFile(
      file.path,
      `task.${file.task.kind}: this task kind was not built; load the file with its task kind`,
    );
  }
  return new ScriptTaskExecution({
    command: file.task.command,
    cwd: file.task.cwd,
    ...(file.task.env ? { env: file.task.env } : {}),
    ...(file.task.timeoutSeconds !== undefined ? { timeoutSeconds: file.task.timeoutSeconds } : {}),
  });
}

/** Run-time choices that do not come from the file. */
export type ExperimentFileRunOptions = Pick<
  ExperimentSetupOptions,
  "tracking" | "signal" | "killSignal" | "echo" | "onProgress" | "onRunEnd" | "onDatasetBuild" | "workDir"
>;

/** Turns a loaded experiment file into an `ExperimentSetup` ready to execute. */
export function experimentSetupFromFile(
  file: ExperimentFile,
  options: ExperimentFileRunOptions = {},
): ExperimentSetup {
  try {
    return new ExperimentSetup({
      experimentName: file.name,
      task: fileTask(file),
      refDswTrain: file.dataset,
      ...(file.valDataset ? { refDswVal: file.valDataset } : {}),
      ...(file.testDataset ? { refDswTest: file.testDataset } : {}),
      // A single modifier stays single, so errors name its field as the file does (`modifiers[2]`).
      modifiers: file.modifierInstances.map((chain, index) =>
        Array.isArray(file.modifiers[index]) ? chain : chain[0]!,
      ),
      extraTrainParams: file.extraTrainParams,
      ...(file.repetitions !== undefined ? { repetitions: file.repetitions } : {}),
      ...(file.concurrency !== undefined ? { concurrency: file.concurrency } : {}),
      ...(file.mlflowMonitoring !== undefined ? { mlflowMonitoring: file.mlflowMonitoring } : {}),
      ...(file.workerEnv ? { workerEnv: file.workerEnv } : {}),
      ...(file.task.requireResults !== undefined ? { requireResults: file.task.requireResults } : {}),
      ...(file.keepOutputs !== undefined ? { keepOutputs: file.keepOutputs } : {}),
      ...options,
      tracking: options.tracking ?? file.trackingUri,
      definedIn: file.path,
    });
  } catch (error) {
    if (error instanceof IqfError && !(error instanceof InvalidFile))
      throw new InvalidFile(file.path, error.message, { cause: error });
    throw error;
  }
}
