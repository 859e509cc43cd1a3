#!/usr/bin/env node
// Packs every @iqf/* package (from the built dist/) once and checks each tarball as npm would
// publish it: publint (package.json, exports, files) and @arethetypeswrong/cli (the types resolve
// for ESM consumers under node16/nodenext and bundler resolution). Prints each tarball's packed
// and unpacked size. Usage: node scripts/check-packages.mjs [pack-folder]
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..");
const keep = process.argv[2];
const folder = keep ?? (await mkdtemp(join(tmpdir(), "iqf-packs-")));

const { stdout } = await run(
  "npm",
  ["pack", "--workspace", "packages", "--pack-destination", folder, "--json", "--silent"],
  { cwd: root, maxBuffer: 64 * 1024 * 1024 },
);
const packs = JSON.parse(stdout);
let failures = 0;

/** publint on the tarball itself (no second pack); suggestions are not failures. */
async function lint(pack) {
  const tarball = await readFile(join(folder, pack.filename));
  const { messages, pkg } = await publint({
    pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
    strict: true,
  });
  return messages
    .filter((message) => message.type !== "suggestion")
    .map((message) => `publint ${message.type}: ${formatMessage(message, pkg)}`);
}

/** @arethetypeswrong/cli for ESM-only packages (CommonJS resolution modes are not supported on purpose). */
async function types(pack) {
  try {
    await run(
      join(root, "node_modules/.bin/attw"),
      [join(folder, pack.filename), "--profile", "esm-only", "--format", "ascii"],
      {
        cwd: root,
      },
    );
    return [];
  } catch (error) {
    return [`attw: ${String(error.stdout || error.message).trim()}`];
  }
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
for (let i = 0; i < packs.length; i += 2) {
  const batch = packs.slice(i, i + 2);
  const results = await Promise.all(
    batch.map(async (pack) => [...(await lint(pack)), ...(await types(pack))]),
  );
  batch.forEach((pack, k) => {
    const problems = results[k];
    failures += problems.length;
    const status = problems.length === 0 ? "ok" : `${problems.length} problem(s)`;
    console.log(
      `${pack.name.padEnd(18)} packed ${kib(pack.size).padStart(10)}  unpacked ${kib(pack.unpackedSize).padStart(10)}  ${String(pack.entryCount).padStart(4)} files  ${status}`,
    );
    for (const problem of problems) console.log(`  ${problem}`);
    if (pack.files.some((file) => file.path.endsWith(".tsbuildinfo"))) {
      failures++;
      console.log("  the tarball ships a .tsbuildinfo file");
    }
  });
}
if (!keep) await rm(folder, { recursive: true, force: true });
if (failures > 0) {
  console.error(`\n${failures} packaging problem(s)`);
  process.exit(1);
}
console.log(`\npackages: ${packs.length} tarballs pass publint and attw (esm-only)`);
