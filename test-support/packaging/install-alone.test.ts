import { readFileSync } from "node:fs";
import { cp, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  installAlone,
  installedPackages,
  packAll,
  packExample,
  removeTemporaryFolders,
  repoRoot,
  type Tarball,
} from "./tarballs.js";

// Each case installs @iqf/* packages from their `npm pack` tarballs into a fresh project outside
// the workspace, as a user would, and uses them there. Add a case per scenario.

const reference = JSON.parse(
  readFileSync(join(repoRoot, "fixtures/reference/cocoeval/expected.json"), "utf8"),
) as { sets: { name: string; stats: number[] }[] };
const statsOf = (name: string): number[] => reference.sets.find((set) => set.name === name)!.stats;

const sets = {
  "iqf-sample": {
    gt: join(repoRoot, "data/ds_coco_dataset/coco_annotations.json"),
    dt: join(repoRoot, "data/predictions/coco_detect.json"),
  },
  small: {
    gt: join(repoRoot, "fixtures/reference/cocoeval/small/gt.json"),
    dt: join(repoRoot, "fixtures/reference/cocoeval/small/dt.json"),
  },
};

/** A script that evaluates both sets with `evaluateCoco` of `module` and prints the 12 stats of each. */
function evaluationScript(module: string): string {
  return `import { COCO_STAT_NAMES, evaluateCoco } from "${module}";
const sets = ${JSON.stringify(sets)};
const out = {};
for (const [name, files] of Object.entries(sets)) {
  const { stats } = await evaluateCoco(files.gt, files.dt);
  out[name] = COCO_STAT_NAMES.map((key) => stats[key]);
}
console.log(JSON.stringify(out));
`;
}

let tarballs: Map<string, Tarball>;
beforeAll(async () => {
  tarballs = await packAll();
});
afterAll(removeTemporaryFolders);

describe("packages install and work alone from their tarballs", () => {
  it("@iqf/coco alone: no libvips or GeoTIFF in node_modules, the 12 stats equal pycocotools'", async () => {
    const consumer = await installAlone(tarballs, ["@iqf/coco"]);
    const installed = await installedPackages(consumer.dir);
    expect([...installed].filter((name) => name.startsWith("@iqf/")).sort()).toEqual([
      "@iqf/coco",
      "@iqf/core",
    ]);
    for (const heavy of ["sharp", "geotiff", "@img/sharp-linux-x64", "vega"])
      expect(installed).not.toContain(heavy);
    await writeFile(join(consumer.dir, "evaluate.mjs"), evaluationScript("@iqf/coco"));
    const stats = JSON.parse(await consumer.exec("node", ["evaluate.mjs"]));
    expect(stats["iqf-sample"]).toEqual(statsOf("iqf-sample"));
    expect(stats.small).toEqual(statsOf("small"));
  });

  it("@iqf/metrics alone: evaluates the sample COCO predictions through its API with pycocotools' 12 stats", async () => {
    const consumer = await installAlone(tarballs, ["@iqf/metrics"]);
    const installed = await installedPackages(consumer.dir);
    expect([...installed].filter((name) => name.startsWith("@iqf/")).sort()).toEqual([
      "@iqf/coco",
      "@iqf/core",
      "@iqf/datasets",
      "@iqf/metrics",
    ]);
    await writeFile(join(consumer.dir, "evaluate.mjs"), evaluationScript("@iqf/metrics"));
    const stats = JSON.parse(await consumer.exec("node", ["evaluate.mjs"]));
    expect(stats["iqf-sample"]).toEqual(statsOf("iqf-sample"));
    expect(stats.small).toEqual(statsOf("small"));
    await writeFile(
      join(consumer.dir, "bbox.mjs"),
      `import { BboxDetectionMetrics } from "@iqf/metrics/coco";
const values = await new BboxDetectionMetrics().compute({ predictionsPath: ${JSON.stringify(sets["iqf-sample"].dt)}, groundTruthPath: ${JSON.stringify(sets["iqf-sample"].gt)} });
console.log(JSON.stringify(Object.values(values)));
`,
    );
    expect(JSON.parse(await consumer.exec("node", ["bbox.mjs"]))).toEqual(statsOf("iqf-sample"));
  });

  it("@iqf/cli with the example modifier plugin: npx iqf modify … gamma --plugin writes the dataset", async () => {
    const plugin = await packExample("examples/plugin-modifier");
    const consumer = await installAlone(tarballs, ["@iqf/cli"], [plugin]);
    await cp(join(repoRoot, "data/ds_coco_dataset"), join(consumer.dir, "ds_coco_dataset"), {
      recursive: true,
    });
    const report = JSON.parse(
      await consumer.exec("npx", [
        "iqf",
        "modify",
        "ds_coco_dataset",
        "gamma",
        "--plugin",
        "@iqf/example-plugin-modifier",
        "--param",
        "gamma=2.2",
        "--json",
      ]),
    ) as { output: string; images: number; failed: unknown[] };
    expect(report.output).toBe(join(consumer.dir, "ds_coco_dataset#gamma2.2_modifier"));
    expect(report.images).toBe(10);
    expect(report.failed).toEqual([]);
    expect(await readdir(join(report.output, "images"))).toHaveLength(10);
    const listing = await consumer.exec("npx", [
      "iqf",
      "plugins",
      "--plugin",
      "@iqf/example-plugin-modifier",
    ]);
    expect(listing).toMatch(/gamma/);
  });

  it("a TypeScript consumer (moduleResolution nodenext) type-checks against the packed .d.ts of every package", async () => {
    const names = [...tarballs.keys()].sort();
    const rootManifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    const consumer = await installAlone(tarballs, names, [
      `typescript@${rootManifest.devDependencies.typescript}`,
      `@types/node@${rootManifest.devDependencies["@types/node"]}`,
    ]);
    const lines = names.map((name, i) => `import * as p${i} from "${name}";`);
    const uses = names.map((_, i) => `p${i}`).join(", ");
    await writeFile(
      join(consumer.dir, "index.ts"),
      `${lines.join("\n")}
import { BboxDetectionMetrics, type CocoStats, evaluateCoco } from "@iqf/metrics/coco";
import { type IqfError, InvalidFile } from "@iqf/core";
import coreManifest from "@iqf/core/package.json" with { type: "json" };

export const modules = [${uses}];
const evaluation = await evaluateCoco({ images: [], annotations: [], categories: [] }, []);
const stats: CocoStats = evaluation.stats;
const metric: { readonly name: string } = new BboxDetectionMetrics();
const error: IqfError = new InvalidFile("x.json", "broken");
export const summary: [number, string, string, string] = [stats["ap_0.5-0.95_all"], metric.name, error.code, coreManifest.version];
`,
    );
    await writeFile(
      join(consumer.dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "nodenext",
          moduleResolution: "nodenext",
          strict: true,
          noEmit: true,
          resolveJsonModule: true,
          // Third-party declarations (arquero's) do not all pass strict checking; iqf's own are
          // resolved and used by index.ts, so any mismatch in them is an error in index.ts.
          skipLibCheck: true,
          types: ["node"],
        },
        files: ["index.ts"],
      }),
    );
    await consumer.exec("npx", ["tsc", "--noEmit", "-p", "tsconfig.json"]);
    // The check can fail: a wrong type in the consumer is reported against the packed declarations.
    await writeFile(
      join(consumer.dir, "wrong.ts"),
      `import { evaluateCoco } from "@iqf/coco";\nconst n: number = evaluateCoco;\n`,
    );
    await expect(
      consumer.exec("npx", [
        "tsc",
        "--noEmit",
        "--strict",
        "--module",
        "nodenext",
        "--types",
        "node",
        "wrong.ts",
      ]),
    ).rejects.toThrow(/TS2322/);
  });
});
