import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename, dirname, isAbsolute, join } from "node:path";
import { withoutByteOrderMark } from "../json-file.js";

/** The package name a bare specifier names: `@acme/x/sub` → `@acme/x`, `gamma/sub` → `gamma`. */
function packageNameOf(spec: string): string {
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

/** The version in `folder/package.json` when that file names `name`, else `undefined`. */
async function versionIn(folder: string, name: string): Promise<string | undefined> {
  try {
    const manifest = JSON.parse(
      withoutByteOrderMark(await readFile(join(folder, "package.json"), "utf8")),
    ) as {
      name?: unknown;
      version?: unknown;
    };
    return manifest.name === name && typeof manifest.version === "string" ? manifest.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Names the code of a loaded plugin for the reuse of modified datasets: `<package>@<version>` for
 * a package (from the package's own `package.json`, found above its resolved entry file), or
 * `<file name>#<first 12 hex digits of its SHA-256>` for a plugin given as a file, so that editing
 * or upgrading the plugin recomputes its outputs instead of reusing stale ones.
 * @param spec - the plugin spec as given.
 * @param file - the resolved entry file.
 */
export async function pluginProducer(spec: string, file: string): Promise<string> {
  if (!spec.startsWith(".") && !isAbsolute(spec) && !spec.startsWith("file:")) {
    const name = packageNameOf(spec);
    for (let folder = dirname(file); ; folder = dirname(folder)) {
      const version = await versionIn(folder, name);
      if (version !== undefined) return `${name}@${version}`;
      if (dirname(folder) === folder) break;
    }
  }
  const digest = createHash("sha256")
    .update(await readFile(file))
    .digest("hex");
  return `${basename(file)}#${digest.slice(0, 12)}`;
}
