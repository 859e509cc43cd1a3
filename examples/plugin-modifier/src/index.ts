export { GammaModifier, type GammaParams } from "./gamma-modifier.js";
