#!/usr/bin/env node
// Checks the package.json of every @iqf/* package against the publishing rules (run in CI):
// each package installs and works alone from its tarball, with exactly the dependencies its code
// imports. Prints one line per violation and exits non-zero when there is any.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import ts from "typescript";

const root = join(import.meta.dirname, "..");
const packagesDir = join(root, "packages");
const builtins = new Set(builtinModules);
const problems = [];

/** The package name a bare import specifier resolves to (`@scope/name/sub` → `@scope/name`). */
function packageOf(specifier) {
  if (specifier.startsWith(".") || specifier.startsWith("node:") || specifier.startsWith("#"))
    return undefined;
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  return builtins.has(name) ? undefined : name;
}

/** Every `.ts` file under `folder`. */
function sourceFiles(folder) {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Packages imported (statically, dynamically or through `require`) by the files of a folder. */
function importedPackages(folder) {
  const found = new Set();
  for (const file of sourceFiles(folder)) {
    const text = readFileSync(file, "utf8");
    const { importedFiles } = ts.preProcessFile(text, true, true);
    for (const { fileName } of importedFiles) {
      const name = packageOf(fileName);
      if (name) found.add(name);
    }
    for (const match of text.matchAll(/\b(?:require|require\.resolve|import\.meta\.resolve)\("([^"]+)"\)/g)) {
      const name = packageOf(match[1]);
      if (name) found.add(name);
    }
  }
  return found;
}

const manifests = readdirSync(packagesDir)
  .filter((name) => existsSync(join(packagesDir, name, "package.json")))
  .map((name) => {
    const dir = join(packagesDir, name);
    return { dir, json: JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) };
  });

const zodRanges = new Set();
for (const { dir, json } of manifests) {
  const where = relative(root, join(dir, "package.json"));
  const fail = (message) => problems.push(`${where}: ${message}`);
  const dependencies = { ...json.dependencies, ...json.optionalDependencies };
  if (!json.name?.startsWith("@iqf/")) fail(`"name" must be @iqf/<package>, got ${json.name}`);
  for (const field of ["version", "description", "license", "engines", "repository"])
    if (json[field] === undefined) fail(`"${field}" is missing`);
  if (json.type !== "module") fail(`"type" must be "module" (ESM only)`);
  if (json.sideEffects !== false) fail(`"sideEffects" must be false (no module has import-time effects)`);
  if (json.repository && json.repository.directory !== relative(root, dir))
    fail(`"repository.directory" must be "${relative(root, dir)}"`);
  if (!existsSync(join(dir, "README.md"))) fail("README.md is missing");
  const files = json.files ?? [];
  if (!files.includes("dist") || !files.includes("README.md"))
    fail(`"files" must list "dist" and "README.md"`);
  if (!files.includes("!dist/.tsbuildinfo")) fail(`"files" must exclude "!dist/.tsbuildinfo"`);
  const rootJson = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  if (json.repository && json.repository.url !== rootJson.repository?.url)
    fail(`"repository.url" must be the root package.json's (${rootJson.repository?.url})`);
  const exports = json.exports ?? {};
  if (exports["./package.json"] !== "./package.json") fail(`"exports" must map "./package.json"`);
  for (const [subpath, target] of Object.entries(exports)) {
    if (subpath === "./package.json") continue;
    if (typeof target !== "object" || !target.types || !target.import || Object.keys(target)[0] !== "types")
      fail(`"exports"["${subpath}"] must give "types" first, then "import"`);
  }
  if (json.private) fail(`a published package must not be "private"`);
  if (json.publishConfig?.access !== "public") fail(`"publishConfig.access" must be "public"`);
  if (json.dependencies?.zod) zodRanges.add(json.dependencies.zod);
  const imported = importedPackages(join(dir, "src"));
  imported.delete(json.name);
  for (const name of imported)
    if (!dependencies[name]) fail(`src imports ${name}, which is not in "dependencies"`);
  for (const name of Object.keys(json.dependencies ?? {}))
    if (!imported.has(name))
      fail(`"dependencies" has ${name}, which src never imports (a devDependency if only tests use it)`);
}
if (zodRanges.size > 1)
  problems.push(
    `packages/*/package.json: one zod range for every package, found ${[...zodRanges].join(", ")}`,
  );

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error(`\n${problems.length} manifest problem(s)`);
  process.exit(1);
}
console.log(`manifests: ${manifests.length} packages follow the publishing rules`);
