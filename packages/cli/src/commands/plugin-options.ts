import type { PluginRegistry } from "@iqf/core";
import type { PluginSpecs } from "@iqf/experiments";
import type { Command } from "commander";

/** Command-line options that load plugins. */
export interface PluginOptions {
  /** `--plugin <spec>`, repeatable. */
  readonly plugin: readonly string[];
}

/** Appends a repeated option's value (commander's collector). */
export function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, value];
}

/** Adds `--plugin <spec>` (repeatable) to a command. */
export function addPluginOption(command: Command): Command {
  return command.option(
    "--plugin <spec>",
    "load a plugin: a package name or a path to a .js/.mjs file, resolved from the current folder (repeatable; IQF_PLUGINS adds comma-separated specs)",
    collect,
    [],
  );
}

/** The plugins of `IQF_PLUGINS` (comma-separated), then those of `--plugin`, resolved from the current folder. */
export function cliPluginSpecs(options: PluginOptions): PluginSpecs {
  const fromEnv = (process.env.IQF_PLUGINS ?? "")
    .split(",")
    .map((spec) => spec.trim())
    .filter((spec) => spec !== "");
  return { specs: [...fromEnv, ...options.plugin], from: process.cwd() };
}

/** The built-in plugin plus the command line's plugins (loaded before any work). */
export async function openCliRegistry(options: PluginOptions): Promise<PluginRegistry> {
  const { openPluginRegistry } = await import("@iqf/experiments");
  return openPluginRegistry([cliPluginSpecs(options)]);
}
