import { InvalidParams, IqfError } from "../errors.js";
import type { Metric } from "../metric.js";
import type { Modifier } from "../modifier.js";
import {
  checkPlugin,
  type FactoryContext,
  InvalidPlugin,
  type IqfPlugin,
  type MetricDefinition,
  type ModifierDefinition,
} from "./define.js";
import { paramsJsonSchema, parseParams, type RawParams } from "./params.js";

/** A plugin in a registry and where it came from. */
export interface RegisteredPlugin {
  /** The plugin. */
  readonly plugin: IqfPlugin;
  /** Where it came from, e.g. `built-in` or `./my-plugin.mjs (/work/exp/my-plugin.mjs)`. */
  readonly source: string;
  /**
   * The plugin's package and version (or file and content hash), given to its modifiers as their
   * `producer` when they name none, so modified datasets are recomputed after the plugin changes.
   */
  readonly producer?: string;
}

/** One modifier or metric type of a registry, as `iqf plugins` lists it. */
export interface PluginEntryInfo {
  /** `modifier` or `metric`. */
  readonly kind: "modifier" | "metric";
  /** The type name, e.g. `jpg`. */
  readonly type: string;
  /** The entry's one-line description. */
  readonly description: string;
  /** JSON schema of the params (input side). */
  readonly params: Record<string, unknown>;
  /** Folder-suffix rule, for modifiers. */
  readonly folderName?: string;
  /** Name of the plugin that provides it. */
  readonly plugin: string;
  /** Where that plugin came from. */
  readonly source: string;
}

/** Two plugins define the same modifier or metric type. */
export class PluginClash extends IqfError {
  /**
   * @param kind - `modifier` or `metric`.
   * @param type - the type name both define.
   * @param first - the plugin registered first.
   * @param second - the plugin that clashes with it.
   */
  constructor(kind: string, type: string, first: RegisteredPlugin, second: RegisteredPlugin) {
    super(
      "PLUGIN_CLASH",
      `${kind} type "${type}" is defined twice: by plugin ${first.plugin.name} from ${first.source} and by plugin ${second.plugin.name} from ${second.source}; load only one of them`,
    );
  }
}

interface Owned<Definition> {
  readonly definition: Definition;
  readonly owner: RegisteredPlugin;
}

function failedFactory(kind: string, type: string, owner: RegisteredPlugin, error: unknown): IqfError {
  if (error instanceof IqfError) return error;
  return new IqfError(
    "PLUGIN_FAILED",
    `plugin ${owner.plugin.name} (${owner.source}) failed to create ${kind} "${type}": ${(error as Error)?.message ?? String(error)}`,
    { cause: error },
  );
}

/**
 * Every modifier and metric type available: iqf's built-ins and loaded plugins, all added the
 * same way ({@link PluginRegistry.add}). A type defined by two plugins is a {@link PluginClash}.
 */
export class PluginRegistry {
  private readonly registered: RegisteredPlugin[] = [];
  private readonly added = new Set<IqfPlugin>();
  private readonly modifiers = new Map<string, Owned<ModifierDefinition>>();
  private readonly metrics = new Map<string, Owned<MetricDefinition>>();

  /**
   * Adds a plugin. The same plugin added twice (e.g. listed in `IQF_PLUGINS` and `--plugin`) is kept once.
   * @param plugin - a plugin made with `definePlugin` (checked again here).
   * @param source - where it came from, shown in listings and error messages.
   * @param producer - the plugin's package and version, recorded on its modifiers (see {@link RegisteredPlugin.producer}).
   * @throws PluginApiMismatch, InvalidPlugin, PluginClash.
   */
  add(plugin: IqfPlugin, source: string, producer?: string): this {
    const checkedPlugin = checkPlugin(plugin, source);
    if (this.added.has(checkedPlugin)) return this;
    const entry: RegisteredPlugin = { plugin: checkedPlugin, source, ...(producer && { producer }) };
    this.claim("modifier", this.modifiers, entry.plugin.modifiers, entry);
    this.claim("metric", this.metrics, entry.plugin.metrics, entry);
    for (const [type, definition] of Object.entries(entry.plugin.modifiers))
      this.modifiers.set(type, { definition, owner: entry });
    for (const [type, definition] of Object.entries(entry.plugin.metrics))
      this.metrics.set(type, { definition, owner: entry });
    this.registered.push(entry);
    this.added.add(checkedPlugin);
    return this;
  }

  private claim(
    kind: string,
    index: ReadonlyMap<string, Owned<unknown>>,
    types: Readonly<Record<string, unknown>>,
    entry: RegisteredPlugin,
  ): void {
    for (const type of Object.keys(types)) {
      const existing = index.get(type);
      if (existing !== undefined) throw new PluginClash(kind, type, existing.owner, entry);
    }
  }

  /** The plugins, in the order they were added. */
  get plugins(): readonly RegisteredPlugin[] {
    return this.registered;
  }

  /** Modifier type names, in registration order. */
  get modifierTypes(): readonly string[] {
    return [...this.modifiers.keys()];
  }

  /** Metric type names, in registration order. */
  get metricTypes(): readonly string[] {
    return [...this.metrics.keys()];
  }

  /**
   * Builds a modifier: validates `params` with the type's schema, then calls its factory.
   * @throws InvalidParams for an unknown type or bad params (naming each param).
   */
  createModifier(type: string, params: RawParams, context: FactoryContext): Modifier {
    const modifier = this.create(
      "modifier",
      this.modifiers,
      type,
      params,
      context,
      (made: Partial<Modifier>) => (typeof made.modifyImage === "function" ? undefined : "Modifier"),
    );
    const producer = this.modifiers.get(type)?.owner.producer;
    if (modifier.producer === undefined && producer !== undefined && Object.isExtensible(modifier)) {
      Object.defineProperty(modifier, "producer", { value: producer, enumerable: true });
    }
    return modifier;
  }

  /**
   * Builds a metric: validates `params` with the type's schema, then calls its factory.
   * @throws InvalidParams for an unknown type or bad params (naming each param).
   */
  createMetric(type: string, params: RawParams, context: FactoryContext): Metric {
    return this.create("metric", this.metrics, type, params, context, (made: Partial<Metric>) =>
      typeof made.compute === "function" ? undefined : "Metric",
    );
  }

  private create<Made extends { readonly name: string }>(
    kind: "modifier" | "metric",
    index: ReadonlyMap<
      string,
      Owned<{ params: ModifierDefinition["params"]; create: (p: never, c: FactoryContext) => Made }>
    >,
    type: string,
    params: RawParams,
    context: FactoryContext,
    missing: (made: Partial<Made>) => string | undefined,
  ): Made {
    const { definition, owner } = this.find(kind, index, type);
    const parsed = parseParams(`${type} ${kind}`, definition.params, params);
    let made: Made;
    try {
      made = definition.create(parsed as never, context);
    } catch (error) {
      throw failedFactory(kind, type, owner, error);
    }
    const wanted =
      typeof made?.name === "string" ? missing(made) : kind === "modifier" ? "Modifier" : "Metric";
    if (wanted !== undefined)
      throw new InvalidPlugin(owner.plugin.name, [`${kind}s.${type}.create: must return a ${wanted}`]);
    return made;
  }

  private find<Definition>(
    kind: string,
    index: ReadonlyMap<string, Owned<Definition>>,
    type: string,
  ): Owned<Definition> {
    const found = index.get(type);
    if (found === undefined) {
      throw new InvalidParams(kind, [
        `unknown ${kind} type "${type}" (known: ${[...index.keys()].join(", ")}); a plugin's types need --plugin <package or file> or plugins: in the experiment file`,
      ]);
    }
    return found;
  }

  /** Every modifier, then every metric, with its params as JSON schema and its source. */
  describe(): PluginEntryInfo[] {
    const info = (
      kind: PluginEntryInfo["kind"],
      type: string,
      {
        definition,
        owner,
      }: Owned<{ description: string; params: MetricDefinition["params"]; folderName?: string }>,
    ): PluginEntryInfo => ({
      kind,
      type,
      description: definition.description,
      params: paramsJsonSchema(definition.params),
      ...(definition.folderName !== undefined && { folderName: definition.folderName }),
      plugin: owner.plugin.name,
      source: owner.source,
    });
    return [
      ...[...this.modifiers].map(([type, owned]) => info("modifier", type, owned)),
      ...[...this.metrics].map(([type, owned]) => info("metric", type, owned)),
    ];
  }
}
