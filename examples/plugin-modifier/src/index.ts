export { GammaModifier, type GammaParams } from "./gamma-modifier.js";
export { plugin, plugin as default } from "./plugin.js";
