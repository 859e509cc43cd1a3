import type { z } from "zod";
import { IqfError } from "../errors.js";
import type { Metric } from "../metric.js";
import type { Modifier } from "../modifier.js";

/** The plugin API version this release of iqf implements; a plugin declares the one it was written for. */
export const PLUGIN_API_VERSION = 1;

/** What a plugin's factories get besides their params. */
export interface FactoryContext {
  /**
   * Folder that relative paths in the params are resolved from: the experiment file's folder
   * for experiment files, the current folder on the command line.
   */
  readonly baseDir: string;
}

/** One modifier type offered by a plugin. */
export interface ModifierDefinition<Schema extends z.ZodType = z.ZodType> {
  /** One line shown by `iqf plugins`, e.g. `gamma correction of every sample`. */
  readonly description: string;
  /**
   * zod schema of the params. Params typed on the command line arrive as strings
   * (`--param gamma=2.2`), so number params should accept numeric strings (`z.coerce.number()`).
   */
  readonly params: Schema;
  /**
   * How the modified dataset's folder suffix is formed from the params, e.g.
   * `gamma<gamma>_modifier` (shown by `iqf plugins`; the modifier's `name` is the actual suffix).
   */
  readonly folderName: string;
  /** Builds the modifier from validated params. */
  readonly create: (params: z.output<Schema>, context: FactoryContext) => Modifier;
}

/** One metric type offered by a plugin. */
export interface MetricDefinition<Schema extends z.ZodType = z.ZodType> {
  /** One line shown by `iqf plugins`. */
  readonly description: string;
  /** zod schema of the params (command-line values arrive as strings, see {@link ModifierDefinition.params}). */
  readonly params: Schema;
  /** Builds the metric from validated params. */
  readonly create: (params: z.output<Schema>, context: FactoryContext) => Metric;
}

/**
 * A plugin: named modifier and metric types. Make one with {@link definePlugin} and export it
 * as the module's default export (or as `plugin`).
 */
export interface IqfPlugin {
  /** Plugin name, usually the npm package name, e.g. `@acme/iqf-gamma`. */
  readonly name: string;
  /** The plugin API version the plugin was written for ({@link PLUGIN_API_VERSION}). */
  readonly apiVersion: number;
  /** Modifier types by name (the `type` of experiment files and `iqf modify`). */
  // biome-ignore lint/suspicious/noExplicitAny: each entry has its own params type
  readonly modifiers: Readonly<Record<string, ModifierDefinition<any>>>;
  /** Metric types by name (the `type` of `metrics:` entries, `iqf measure` and `iqf apply`). */
  // biome-ignore lint/suspicious/noExplicitAny: each entry has its own params type
  readonly metrics: Readonly<Record<string, MetricDefinition<any>>>;
}

/** What {@link definePlugin} accepts: `modifiers` and `metrics` may be left out. */
export type PluginInput = Omit<IqfPlugin, "modifiers" | "metrics"> &
  Partial<Pick<IqfPlugin, "modifiers" | "metrics">>;

/** A plugin is malformed (missing name, an entry without a schema, factory or description, …). */
export class InvalidPlugin extends IqfError {
  /**
   * @param plugin - the plugin's name, or where it was loaded from when it has none.
   * @param problems - one line per problem, naming the field.
   */
  constructor(
    readonly plugin: string,
    readonly problems: readonly string[],
  ) {
    super("INVALID_PLUGIN", `Invalid plugin ${plugin}: ${problems.join("; ")}`);
  }
}

/** A plugin was written for another plugin API version than this iqf implements. */
export class PluginApiMismatch extends IqfError {
  /**
   * @param plugin - the plugin's name.
   * @param apiVersion - the version the plugin declares.
   */
  constructor(
    readonly plugin: string,
    readonly apiVersion: unknown,
  ) {
    super(
      "PLUGIN_API_MISMATCH",
      `Plugin ${plugin} declares apiVersion ${String(apiVersion)}, but this iqf supports plugin apiVersion ${PLUGIN_API_VERSION} only; install a version of the plugin made for apiVersion ${PLUGIN_API_VERSION}`,
    );
  }
}

const TYPE_NAME = /^[a-z][a-z0-9_-]*$/;

function isSchema(value: unknown): value is z.ZodType {
  return typeof (value as { safeParse?: unknown } | null)?.safeParse === "function";
}

function entryProblems(kind: string, type: string, entry: unknown, modifier: boolean): string[] {
  const where = `${kind}.${type}`;
  if (!TYPE_NAME.test(type)) return [`${where}: a type name is lowercase letters, digits, '_' or '-'`];
  if (typeof entry !== "object" || entry === null) return [`${where}: expected an object`];
  const e = entry as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof e.description !== "string" || e.description.trim() === "" || /[\r\n]/.test(e.description))
    problems.push(`${where}.description: give one line of text`);
  if (!isSchema(e.params)) problems.push(`${where}.params: give a zod schema, e.g. z.object({ … })`);
  if (typeof e.create !== "function") problems.push(`${where}.create: give a function (params) => instance`);
  if (modifier && (typeof e.folderName !== "string" || e.folderName.trim() === ""))
    problems.push(`${where}.folderName: describe the folder suffix, e.g. "gamma<gamma>_modifier"`);
  return problems;
}

function recordProblems(kind: string, record: unknown, modifier: boolean): string[] {
  if (record === undefined) return [];
  if (typeof record !== "object" || record === null || Array.isArray(record))
    return [`${kind}: expected an object of entries by type name`];
  return Object.entries(record).flatMap(([type, entry]) => entryProblems(kind, type, entry, modifier));
}

/** Checked plugins by the object they were made from: a module imported twice gives one plugin. */
const checked = new WeakMap<object, IqfPlugin>();

/**
 * Checks that `value` is a plugin this iqf can use and returns it with `modifiers` and
 * `metrics` filled in. `origin` names the plugin in messages when it has no name.
 * @throws PluginApiMismatch when `apiVersion` is not {@link PLUGIN_API_VERSION}.
 * @throws InvalidPlugin naming every malformed field.
 */
export function checkPlugin(value: unknown, origin: string): IqfPlugin {
  if (typeof value !== "object" || value === null)
    throw new InvalidPlugin(origin, ["expected an object made with definePlugin({ name, apiVersion, … })"]);
  const known = checked.get(value);
  if (known !== undefined) return known;
  const input = value as Record<string, unknown>;
  const name = typeof input.name === "string" && input.name.trim() !== "" ? input.name : undefined;
  if (input.apiVersion !== PLUGIN_API_VERSION) throw new PluginApiMismatch(name ?? origin, input.apiVersion);
  const problems = [
    ...(name === undefined ? ["name: give the plugin a name, e.g. its package name"] : []),
    ...recordProblems("modifiers", input.modifiers, true),
    ...recordProblems("metrics", input.metrics, false),
  ];
  if (problems.length > 0) throw new InvalidPlugin(name ?? origin, problems);
  const plugin: IqfPlugin = Object.freeze({
    name: name!,
    apiVersion: PLUGIN_API_VERSION,
    modifiers: Object.freeze({ ...((input.modifiers as IqfPlugin["modifiers"] | undefined) ?? {}) }),
    metrics: Object.freeze({ ...((input.metrics as IqfPlugin["metrics"] | undefined) ?? {}) }),
  });
  checked.set(value, plugin);
  checked.set(plugin, plugin);
  return plugin;
}

/**
 * Declares an iqf plugin: a package (or a local `.js`/`.mjs` file) exports the result as its
 * default export, and `--plugin <spec>`, `IQF_PLUGINS` or `plugins:` in an experiment file
 * load it.
 * @example
 * ```ts
 * import { defineModifier, definePlugin } from "@iqf/core";
 * import { z } from "zod";
 *
 * export default definePlugin({
 *   name: "@acme/iqf-gamma",
 *   apiVersion: 1,
 *   modifiers: {
 *     gamma: defineModifier({
 *       description: "gamma correction of every sample",
 *       params: z.object({ gamma: z.coerce.number().positive() }),
 *       folderName: "gamma<gamma>_modifier",
 *       create: ({ gamma }) => new GammaModifier({ gamma }),
 *     }),
 *   },
 * });
 * ```
 * @throws PluginApiMismatch when `apiVersion` is not the one this iqf supports.
 * @throws InvalidPlugin naming every malformed field.
 */
export function definePlugin(plugin: PluginInput): IqfPlugin {
  return checkPlugin(plugin, typeof plugin?.name === "string" ? plugin.name : "(unnamed)");
}

/** Declares one modifier type of a plugin; infers the params type of `create` from the schema. */
export function defineModifier<Schema extends z.ZodType>(
  definition: ModifierDefinition<Schema>,
): ModifierDefinition<Schema> {
  return definition;
}

/** Declares one metric type of a plugin; infers the params type of `create` from the schema. */
export function defineMetric<Schema extends z.ZodType>(
  definition: MetricDefinition<Schema>,
): MetricDefinition<Schema> {
  return definition;
}
