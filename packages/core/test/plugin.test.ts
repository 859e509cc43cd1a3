import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import {
  defineMetric,
  defineModifier,
  definePlugin,
  InvalidParams,
  InvalidPlugin,
  type IqfPlugin,
  loadPlugin,
  type Modifier,
  PluginApiMismatch,
  PluginClash,
  PluginLoadFailed,
  PluginRegistry,
  paramsJsonSchema,
} from "@iqf/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

const repo = resolve(import.meta.dirname, "../../..");
const context = { baseDir: "/data" };

function identity(name: string): Modifier {
  return { name, params: {}, modifyImage: async (image) => ({ encoded: await image.read() }) };
}

function tonePlugin(name = "@acme/tone"): IqfPlugin {
  return definePlugin({
    name,
    apiVersion: 1,
    modifiers: {
      tone: defineModifier({
        description: "tone curve",
        params: z.strictObject({ level: z.coerce.number().min(0).max(1).default(0.5) }),
        folderName: "tone<level>_modifier",
        create: ({ level }) => identity(`tone${level}_modifier`),
      }),
    },
    metrics: {
      size: defineMetric({
        description: "size of the predictions",
        params: z.strictObject({ file: z.string().optional() }),
        create: ({ file }, { baseDir }) => ({
          name: "size",
          compute: async () => ({ base: baseDir.length, file: file?.length ?? 0 }),
        }),
      }),
    },
  });
}

describe("definePlugin", () => {
  it("fills in missing entry records and freezes the plugin", () => {
    const plugin = definePlugin({ name: "empty", apiVersion: 1 });
    expect(plugin.modifiers).toEqual({});
    expect(plugin.metrics).toEqual({});
    expect(Object.isFrozen(plugin)).toBe(true);
  });

  it("refuses another apiVersion, naming the plugin, its version and the supported one", () => {
    const make = () => definePlugin({ name: "@acme/future", apiVersion: 2 });
    expect(make).toThrow(PluginApiMismatch);
    expect(make).toThrow(
      "Plugin @acme/future declares apiVersion 2, but this iqf supports plugin apiVersion 1 only",
    );
  });

  it("names every malformed field", () => {
    const make = () =>
      definePlugin({
        name: "bad",
        apiVersion: 1,
        modifiers: { Gamma: {} as never, ok: { description: "x\ny", params: {}, create: 1 } as never },
        metrics: { m: { description: "m", params: z.object({}) } as never },
      });
    expect(make).toThrow(InvalidPlugin);
    expect(make).toThrow(/modifiers\.Gamma: a type name is lowercase/);
    expect(make).toThrow(/modifiers\.ok\.description: give one line/);
    expect(make).toThrow(/modifiers\.ok\.params: give a zod schema/);
    expect(make).toThrow(/modifiers\.ok\.create: give a function/);
    expect(make).toThrow(/modifiers\.ok\.folderName/);
    expect(make).toThrow(/metrics\.m\.create/);
  });
});

describe("PluginRegistry", () => {
  it("creates modifiers and metrics from validated params", async () => {
    const registry = new PluginRegistry().add(tonePlugin(), "test");
    expect(registry.createModifier("tone", { level: "0.25" }, context).name).toBe("tone0.25_modifier");
    expect(registry.createModifier("tone", {}, context).name).toBe("tone0.5_modifier");
    const metric = registry.createMetric("size", { file: "abc" }, context);
    expect(await metric.compute({})).toEqual({ base: 5, file: 3 });
    expect(registry.modifierTypes).toEqual(["tone"]);
    expect(registry.metricTypes).toEqual(["size"]);
  });

  it("names bad and unknown params and unknown types", () => {
    const registry = new PluginRegistry().add(tonePlugin(), "test");
    expect(() => registry.createModifier("tone", { level: "2" }, context)).toThrow(
      /tone modifier: level=2: Too big/,
    );
    expect(() => registry.createModifier("tone", { levl: 1 }, context)).toThrow(
      /unknown parameter "levl" \(known: level\)/,
    );
    expect(() => registry.createModifier("sepia", {}, context)).toThrow(InvalidParams);
    expect(() => registry.createModifier("sepia", {}, context)).toThrow(
      /unknown modifier type "sepia" \(known: tone\)/,
    );
    expect(() => registry.createMetric("tone", {}, context)).toThrow(
      /unknown metric type "tone" \(known: size\)/,
    );
  });

  it("refuses a type defined twice, naming both plugins and sources", () => {
    const registry = new PluginRegistry().add(tonePlugin("@acme/one"), "built-in");
    expect(() => registry.add(tonePlugin("@acme/two"), "./two.mjs (/x/two.mjs)")).toThrow(PluginClash);
    expect(() => registry.add(tonePlugin("@acme/two"), "./two.mjs (/x/two.mjs)")).toThrow(
      'modifier type "tone" is defined twice: by plugin @acme/one from built-in and by plugin @acme/two from ./two.mjs (/x/two.mjs)',
    );
  });

  it("keeps the same plugin object once", () => {
    const plugin = tonePlugin();
    const registry = new PluginRegistry().add(plugin, "a").add(plugin, "b");
    expect(registry.plugins).toHaveLength(1);
  });

  it("wraps a factory's own error with the plugin and type, and checks what it returns", () => {
    const broken = definePlugin({
      name: "broken",
      apiVersion: 1,
      modifiers: {
        boom: defineModifier({
          description: "throws",
          params: z.object({}),
          folderName: "boom_modifier",
          create: () => {
            throw new TypeError("no luck");
          },
        }),
        hollow: defineModifier({
          description: "returns nothing useful",
          params: z.object({}),
          folderName: "hollow_modifier",
          create: () => ({}) as Modifier,
        }),
      },
    });
    const registry = new PluginRegistry().add(broken, "./broken.mjs");
    expect(() => registry.createModifier("boom", {}, context)).toThrow(
      'plugin broken (./broken.mjs) failed to create modifier "boom": no luck',
    );
    expect(() => registry.createModifier("hollow", {}, context)).toThrow(
      /hollow\.create: must return a Modifier/,
    );
  });

  it("describes each entry with its params as JSON schema and its source", () => {
    const [modifier, metric] = new PluginRegistry().add(tonePlugin(), "test").describe();
    expect(modifier).toMatchObject({
      kind: "modifier",
      type: "tone",
      description: "tone curve",
      folderName: "tone<level>_modifier",
      plugin: "@acme/tone",
      source: "test",
    });
    expect(modifier!.params).toMatchObject({
      type: "object",
      properties: { level: { type: "number", minimum: 0, maximum: 1, default: 0.5 } },
    });
    expect(metric).toMatchObject({ kind: "metric", type: "size", plugin: "@acme/tone" });
  });

  it("shows a params schema from a zod before 4.2 (no toJSONSchema method) as open", () => {
    const schema = z.strictObject({ level: z.number() });
    const older = Object.assign(Object.create(Object.getPrototypeOf(schema)), schema, {
      toJSONSchema: undefined,
    });
    expect(paramsJsonSchema(older)).toEqual({});
    expect(paramsJsonSchema(schema)).toMatchObject({
      type: "object",
      properties: { level: { type: "number" } },
    });
  });
});

describe("loadPlugin", () => {
  let work: string;
  const source = (name: string, apiVersion = 1) => `import { definePlugin, defineModifier } from "@iqf/core";
import { z } from "zod";
export default definePlugin({
  name: "${name}",
  apiVersion: ${apiVersion},
  modifiers: {
    flat: defineModifier({
      description: "flat",
      params: z.object({}),
      folderName: "flat_modifier",
      create: () => ({ name: "flat_modifier", params: {}, modifyImage: async () => ({ encoded: new Uint8Array() }) }),
    }),
  },
});
`;

  async function write(file: string, text: string): Promise<void> {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text);
  }

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "iqf-plugin-load-"));
    // An installed layout: the plugin's peer dependencies live in the project's node_modules.
    await mkdir(join(work, "project/node_modules/@iqf"), { recursive: true });
    await symlink(join(repo, "packages/core"), join(work, "project/node_modules/@iqf/core"));
    await symlink(join(repo, "node_modules/zod"), join(work, "project/node_modules/zod"));
    const pkg = join(work, "project/node_modules/@acme/iqf-flat");
    await write(
      join(pkg, "package.json"),
      JSON.stringify({
        name: "@acme/iqf-flat",
        version: "1.4.2",
        type: "module",
        exports: { ".": { import: "./main.mjs" } },
      }),
    );
    await write(join(pkg, "main.mjs"), source("@acme/iqf-flat"));
    await write(join(work, "project/exp/local-plugin.mjs"), source("local"));
    await write(join(work, "project/exp/future.mjs"), source("future", 2));
    await write(join(work, "project/exp/nothing.mjs"), "export const x = 1;\n");
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it("resolves an ESM-only package from the folder's node_modules (or a parent's)", async () => {
    const loaded = await loadPlugin("@acme/iqf-flat", join(work, "project/exp"));
    expect(loaded.plugin.name).toBe("@acme/iqf-flat");
    expect(loaded.source).toBe(
      `@acme/iqf-flat (${join(work, "project/node_modules/@acme/iqf-flat/main.mjs")})`,
    );
    expect(Object.keys(loaded.plugin.modifiers)).toEqual(["flat"]);
  });

  it("names the plugin's package version, or its file's content hash, as its modifiers' producer", async () => {
    const fromPackage = await loadPlugin("@acme/iqf-flat", join(work, "project/exp"));
    expect(fromPackage.producer).toBe("@acme/iqf-flat@1.4.2");
    const registry = new PluginRegistry().add(fromPackage.plugin, fromPackage.source, fromPackage.producer);
    expect(registry.createModifier("flat", {}, { baseDir: work }).producer).toBe("@acme/iqf-flat@1.4.2");

    const fromFile = await loadPlugin("./local-plugin.mjs", join(work, "project/exp"));
    expect(fromFile.producer).toMatch(/^local-plugin\.mjs#[0-9a-f]{12}$/);
    await write(join(work, "project/exp/edited-plugin.mjs"), `${source("edited")}// edited\n`);
    const edited = await loadPlugin("./edited-plugin.mjs", join(work, "project/exp"));
    expect(edited.producer.split("#")[1]).not.toBe(fromFile.producer.split("#")[1]);
  });

  it("resolves a relative file from the folder", async () => {
    const loaded = await loadPlugin("./local-plugin.mjs", join(work, "project/exp"));
    expect(loaded.plugin.name).toBe("local");
  });

  it("does not look in a global location: NODE_PATH is ignored", async () => {
    const previous = process.env.NODE_PATH;
    process.env.NODE_PATH = join(work, "project/node_modules");
    try {
      await expect(loadPlugin("@acme/iqf-flat", work)).rejects.toThrow(PluginLoadFailed);
    } finally {
      if (previous === undefined) delete process.env.NODE_PATH;
      else process.env.NODE_PATH = previous;
    }
  });

  it("names the spec, the folder and the underlying error", async () => {
    const from = join(work, "project/exp");
    await expect(loadPlugin("@acme/missing", from)).rejects.toThrow(
      new RegExp(
        `^Cannot load plugin "@acme/missing" \\(resolved from ${from}\\): .*Cannot find package '@acme/missing'`,
      ),
    );
    await expect(loadPlugin("./nothing.mjs", from)).rejects.toThrow(/"\.\/nothing\.mjs".*no default export/);
    await expect(loadPlugin("./future.mjs", from)).rejects.toMatchObject({
      code: "PLUGIN_LOAD_FAILED",
      message: expect.stringContaining(
        "Plugin future declares apiVersion 2, but this iqf supports plugin apiVersion 1",
      ),
    });
  });
});
