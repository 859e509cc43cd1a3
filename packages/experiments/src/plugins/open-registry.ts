import { definePlugin, type IqfPlugin, loadPlugin, PluginRegistry } from "@iqf/core";
import { metricDefinitions } from "@iqf/metrics";
import { modifierDefinitions } from "@iqf/modifiers";

/**
 * iqf's own modifiers (`@iqf/modifiers`) and metrics (`@iqf/metrics`) as one plugin, registered
 * the same way as third-party plugins.
 */
export const builtinPlugin: IqfPlugin = definePlugin({
  name: "iqf",
  apiVersion: 1,
  modifiers: modifierDefinitions,
  metrics: metricDefinitions,
});

/** Where {@link builtinPlugin} is said to come from in listings and clash messages. */
export const BUILTIN_SOURCE = "built-in (@iqf/modifiers, @iqf/metrics)";

/** Plugin specs and the folder they are resolved from. */
export interface PluginSpecs {
  /** Package names or paths of `.js`/`.mjs` files, e.g. `@acme/iqf-gamma`, `./my-plugin.mjs`. */
  readonly specs: readonly string[];
  /** Folder Node's module resolution starts from (an experiment file's folder, or the current folder). */
  readonly from: string;
}

/**
 * A registry with the built-in plugin and every plugin of `groups`, loaded in order. Nothing is
 * done before every plugin has loaded.
 * @throws PluginLoadFailed naming the spec, the folder and the error, or PluginClash naming both sources.
 */
export async function openPluginRegistry(groups: readonly PluginSpecs[] = []): Promise<PluginRegistry> {
  const registry = new PluginRegistry().add(builtinPlugin, BUILTIN_SOURCE);
  for (const { specs, from } of groups) {
    for (const spec of specs) {
      const { plugin, source, producer } = await loadPlugin(spec, from);
      registry.add(plugin, source, producer);
    }
  }
  return registry;
}
