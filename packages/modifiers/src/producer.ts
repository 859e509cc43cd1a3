import { createRequire } from "node:module";

const manifest = createRequire(import.meta.url)("../package.json") as { name: string; version: string };

/**
 * This package's name and version (`@iqf/modifiers@x.y.z`), recorded by every built-in modifier as
 * its `producer`, so modified datasets written by an older version are recomputed, not reused.
 */
export const MODIFIERS_PRODUCER = `${manifest.name}@${manifest.version}`;
