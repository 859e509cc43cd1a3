import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { resolve as resolveModule } from "import-meta-resolve";
import { IqfError } from "../errors.js";
import { checkPlugin, type IqfPlugin } from "./define.js";
import { pluginProducer } from "./producer.js";

/** A plugin could not be resolved, imported or read; nothing has been done yet. */
export class PluginLoadFailed extends IqfError {
  /**
   * @param spec - the plugin spec as given (`@acme/iqf-gamma`, `./my-plugin.mjs`).
   * @param fromDir - the folder it was resolved from.
   * @param error - the underlying error.
   */
  constructor(
    readonly spec: string,
    readonly fromDir: string,
    error: unknown,
  ) {
    super(
      "PLUGIN_LOAD_FAILED",
      `Cannot load plugin "${spec}" (resolved from ${fromDir}): ${(error as Error)?.message ?? String(error)}`,
      { cause: error },
    );
  }
}

/** A loaded plugin and where it came from. */
export interface LoadedPlugin {
  /** The plugin, checked. */
  readonly plugin: IqfPlugin;
  /** `<spec> (<resolved file>)`. */
  readonly source: string;
  /** The plugin's package and version (`@acme/iqf-gamma@1.2.0`), or for a plugin given as a file its name and content hash (`my-plugin.mjs#<12 hex digits>`). */
  readonly producer: string;
}

/**
 * Loads one plugin with Node's module resolution, starting from `fromDir` (the experiment
 * file's folder, or the current folder on the command line) — its `node_modules` and those
 * above it; never a global location. A package name or a relative/absolute path to a `.js` or
 * `.mjs` file both work. The module's default export (or its `plugin` export) is the plugin.
 * @throws PluginLoadFailed naming the spec, the folder and the underlying error.
 */
export async function loadPlugin(spec: string, fromDir: string): Promise<LoadedPlugin> {
  try {
    const url = resolveModule(spec, pathToFileURL(join(fromDir, "iqf-plugins.js")).href);
    const module = (await import(url)) as { default?: unknown; plugin?: unknown };
    const value = module.default ?? module.plugin;
    if (value === undefined)
      throw new Error("the module has no default export (export default definePlugin({ … }))");
    const file = url.startsWith("file:") ? fileURLToPath(url) : url;
    return {
      plugin: checkPlugin(value, spec),
      source: `${spec} (${file})`,
      producer: await pluginProducer(spec, file),
    };
  } catch (error) {
    throw new PluginLoadFailed(spec, fromDir, error);
  }
}
