import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, setFiles } from "./coco-sets.js";

// zod costs about 65 ms of CPU to load, a tenth of a whole evaluation of 5,000 images: the
// evaluation entry (what `iqf eval coco` imports) loads it only to explain a bad file or option.

/** Module hooks that print every zod import to stderr, registered through `--import`. */
const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === "zod" || specifier.startsWith("zod/")) process.stderr.write("zod imported\\n");
  return next(specifier, context);
}`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "iqf-coco-entry-"));
  await writeFile(join(dir, "hooks.mjs"), hooks);
  await writeFile(
    join(dir, "register.mjs"),
    `import { register } from "node:module";\nregister(${JSON.stringify(`file://${join(dir, "hooks.mjs")}`)});\n`,
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `evaluateCoco(gt, dt)` from `@iqf/coco/evaluate` in a fresh process; returns its stdout and stderr. */
function evaluateInProcess(gt: string, dt: string) {
  const script = `const { evaluateCoco } = await import("@iqf/coco/evaluate");
try {
  const evaluation = await evaluateCoco(${JSON.stringify(gt)}, ${JSON.stringify(dt)});
  console.log(evaluation.stats["ap_0.5-0.95_all"]);
} catch (error) {
  console.log(error.message);
}`;
  return execa(
    process.execPath,
    ["--import", join(dir, "register.mjs"), "--input-type=module", "-e", script],
    {
      cwd: repoRoot,
    },
  );
}

describe("@iqf/coco/evaluate", () => {
  it("evaluates well-formed files without loading zod", async () => {
    const files = await setFiles("small");
    const { stdout, stderr } = await evaluateInProcess(files.gt, files.dt);
    expect(Number(stdout)).toBeGreaterThan(0);
    expect(stderr).not.toContain("zod imported");
  });

  it("loads zod to explain a malformed file", async () => {
    const files = await setFiles("small");
    const bad = join(dir, "bad-dt.json");
    await writeFile(bad, JSON.stringify([{ image_id: 1, category_id: 1, bbox: [0, 0, 1], score: 0.5 }]));
    const { stdout, stderr } = await evaluateInProcess(files.gt, bad);
    expect(stdout).toContain("bbox");
    expect(stderr).toContain("zod imported");
  });
});
