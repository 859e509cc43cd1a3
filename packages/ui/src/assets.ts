import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The client-side files of `@iqf/ui` (in its `assets/` folder) and the vega builds it embeds. */
export type AssetName =
  | "common.js"
  | "report.js"
  | "app.js"
  | "page.css"
  | "vega.js"
  | "vega-lite.js"
  | "vega-embed.js";

const require = createRequire(import.meta.url);
const ownAssets = fileURLToPath(new URL("../assets/", import.meta.url));

/** Where each asset lives: the package's own files, or the minified builds in node_modules. */
function assetPath(name: AssetName): string {
  switch (name) {
    case "vega.js":
      return join(dirname(require.resolve("vega")), "vega.min.js");
    case "vega-lite.js":
      return join(dirname(require.resolve("vega-lite")), "vega-lite.min.js");
    case "vega-embed.js":
      return join(dirname(require.resolve("vega-embed")), "vega-embed.min.js");
    default:
      return join(ownAssets, name);
  }
}

/** Every asset name, in the order scripts must load (vega before vega-lite before vega-embed). */
export const assetNames: readonly AssetName[] = [
  "vega.js",
  "vega-lite.js",
  "vega-embed.js",
  "common.js",
  "report.js",
  "app.js",
  "page.css",
];

/** Reads an asset's text. */
export function readAsset(name: AssetName): Promise<string> {
  return readFile(assetPath(name), "utf8");
}
