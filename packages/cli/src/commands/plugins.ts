import type { PluginEntryInfo } from "@iqf/core";
import type { Command } from "commander";
import { addPluginOption, openCliRegistry, type PluginOptions } from "./plugin-options.js";

interface PluginsCommandOptions extends PluginOptions {
  readonly json?: boolean;
}

function describeParams(schema: Record<string, unknown>): string {
  const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((schema.required ?? []) as string[]);
  const names = Object.entries(properties).map(([name, property]) => {
    const fallback = property.default === undefined ? "" : `=${JSON.stringify(property.default)}`;
    return required.has(name) ? `${name}${fallback}` : `[${name}${fallback}]`;
  });
  return names.length > 0 ? names.join(" ") : "(no params)";
}

function describeEntry(entry: PluginEntryInfo): string {
  const folder = entry.folderName === undefined ? "" : `  → <dataset>#${entry.folderName}`;
  return `  ${entry.type.padEnd(12)} ${entry.description}\n  ${"".padEnd(12)} ${describeParams(entry.params)}${folder}  (${entry.plugin})`;
}

/**
 * Registers `iqf plugins [--plugin spec]… [--json]`: every modifier and metric type available
 * (built-in and from plugins) with its description, params and where it comes from. `--json`
 * prints `{ plugins: [{ name, source }], modifiers: [...], metrics: [...] }`, each entry with
 * `type`, `description`, `params` (JSON schema), `folderName` (modifiers), `plugin` and `source`.
 */
export function registerPlugins(program: Command): void {
  addPluginOption(
    program
      .command("plugins")
      .description("list every modifier and metric available (built-in and from plugins) with its params")
      .option("--json", "print one JSON object with the params as JSON schema"),
  ).action(async (options: PluginsCommandOptions) => {
    const registry = await openCliRegistry(options);
    const entries = registry.describe();
    const modifiers = entries.filter((e) => e.kind === "modifier");
    const metrics = entries.filter((e) => e.kind === "metric");
    if (options.json) {
      const plugins = registry.plugins.map(({ plugin, source }) => ({ name: plugin.name, source }));
      const strip = ({ kind: _kind, ...rest }: PluginEntryInfo) => rest;
      process.stdout.write(
        `${JSON.stringify({ plugins, modifiers: modifiers.map(strip), metrics: metrics.map(strip) }, null, 2)}\n`,
      );
      return;
    }
    const lines = [
      "plugins:",
      ...registry.plugins.map(({ plugin, source }) => `  ${plugin.name}  ${source}`),
      "modifiers:",
      ...modifiers.map(describeEntry),
      "metrics:",
      ...metrics.map(describeEntry),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
  });
}
