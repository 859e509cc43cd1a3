import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The monorepo root. */
export const repoRoot = join(import.meta.dirname, "../..");

/** One packed workspace package. */
export interface Tarball {
  /** Package name, e.g. `@iqf/coco`. */
  readonly name: string;
  /** Absolute path of the `.tgz`. */
  readonly file: string;
  /** Its `dependencies` (from the packed package.json). */
  readonly dependencies: Readonly<Record<string, string>>;
}

/** The temporary folders (tarballs, consumer projects) made by the helpers below in this test file. */
const temporaryFolders: string[] = [];

/** A fresh folder in the system temp folder, remembered for {@link removeTemporaryFolders}. */
async function temporaryFolder(prefix: string): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), prefix));
  temporaryFolders.push(folder);
  return folder;
}

/** Removes every temporary folder the helpers made so far (call it in `afterAll`). */
export async function removeTemporaryFolders(): Promise<void> {
  const folders = temporaryFolders.splice(0);
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
}

/** The environment for child npm processes: without the `npm_*` settings of a parent `npm run`. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_")),
  );
}

/**
 * `npm pack`s every package of `packages/` (from its already built `dist/`) into a fresh temporary
 * folder, once per test file.
 */
export async function packAll(): Promise<Map<string, Tarball>> {
  const folder = await temporaryFolder("iqf-tarballs-");
  const { stdout } = await run(
    "npm",
    ["pack", "--workspace", "packages", "--pack-destination", folder, "--json", "--silent"],
    { cwd: repoRoot, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 },
  );
  const packs = JSON.parse(stdout) as { name: string; filename: string }[];
  const tarballs = new Map<string, Tarball>();
  for (const pack of packs) {
    const manifest = JSON.parse(
      await readFile(join(repoRoot, "packages", pack.name.replace("@iqf/", ""), "package.json"), "utf8"),
    ) as { dependencies?: Record<string, string> };
    tarballs.set(pack.name, {
      name: pack.name,
      file: join(folder, pack.filename),
      dependencies: manifest.dependencies ?? {},
    });
  }
  return tarballs;
}

/**
 * `npm pack`s one example package (e.g. `examples/plugin-modifier`, from its built `dist/`) into a
 * fresh temporary folder and returns the `.tgz`'s path, to install beside the `@iqf/*` tarballs.
 */
export async function packExample(folder: string): Promise<string> {
  const destination = await temporaryFolder("iqf-tarballs-");
  const { stdout } = await run(
    "npm",
    ["pack", "--workspace", folder, "--pack-destination", destination, "--json", "--silent"],
    { cwd: repoRoot, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 },
  );
  const [pack] = JSON.parse(stdout) as { filename: string }[];
  return join(destination, pack!.filename);
}

/** The packages and every `@iqf/*` package they depend on, transitively. */
export function withIqfDependencies(tarballs: Map<string, Tarball>, names: readonly string[]): Tarball[] {
  const seen = new Map<string, Tarball>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    const tarball = tarballs.get(name);
    if (!tarball) throw new Error(`no tarball for ${name}`);
    seen.set(name, tarball);
    for (const dependency of Object.keys(tarball.dependencies))
      if (dependency.startsWith("@iqf/")) visit(dependency);
  };
  names.forEach(visit);
  return [...seen.values()];
}

/** A consumer project outside the workspace. */
export interface Consumer {
  /** Its folder (in the system temp folder). */
  readonly dir: string;
  /** Runs a command in the consumer folder and returns its stdout. */
  readonly exec: (command: string, args: readonly string[]) => Promise<string>;
}

/**
 * Makes a fresh project in the temp folder (its own `package.json`, no workspace) and installs the
 * given `@iqf/*` packages from their tarballs, with the `@iqf/*` tarballs they depend on and any
 * `extra` registry specs, using npm's cache first (`--prefer-offline`).
 */
export async function installAlone(
  tarballs: Map<string, Tarball>,
  names: readonly string[],
  extra: readonly string[] = [],
): Promise<Consumer> {
  const dir = await temporaryFolder("iqf-consumer-");
  await writeFile(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "iqf-consumer", private: true, type: "module" }, null, 2)}\n`,
  );
  const specs = [...withIqfDependencies(tarballs, names).map((t) => t.file), ...extra];
  const env = cleanEnv();
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", ...specs], {
    cwd: dir,
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  const exec = async (command: string, args: readonly string[]): Promise<string> => {
    try {
      return (await run(command, [...args], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 })).stdout;
    } catch (error) {
      const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
      throw new Error(`${command} ${args.join(" ")} failed in ${dir}:\n${stdout}${stderr}`, { cause: error });
    }
  };
  return { dir, exec };
}

/** Packages installed in a consumer's `node_modules` (scoped ones as `@scope/name`). */
export async function installedPackages(dir: string): Promise<Set<string>> {
  const found = new Set<string>();
  const modules = join(dir, "node_modules");
  for (const entry of await readdir(modules)) {
    if (entry.startsWith(".")) continue;
    if (entry.startsWith("@")) {
      for (const scoped of await readdir(join(modules, entry))) found.add(`${entry}/${scoped}`);
    } else found.add(entry);
  }
  return found;
}
