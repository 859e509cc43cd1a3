import type { Command } from "commander";
import { registerApply } from "./apply.js";
import { registerEval } from "./eval.js";
import { registerExperiments } from "./experiments.js";
import { registerInfo } from "./info.js";
import { registerMeasure } from "./measure.js";
import { registerModify } from "./modify.js";
import { registerPlot } from "./plot.js";
import { registerPlugins } from "./plugins.js";
import { registerReport } from "./report.js";
import { registerRobustness } from "./robustness.js";
import { registerRun } from "./run.js";
import { registerRuns } from "./runs.js";
import { registerSanity } from "./sanity.js";
import { registerStats } from "./stats.js";
import { registerUi } from "./ui.js";

/** Adds one sub-command (or a group of them) to the `iqf` program. */
export type CommandRegistration = (program: Command) => void;

/** Every sub-command of `iqf`, in help order. Each module in this folder adds one entry. */
export const commandRegistrations: readonly CommandRegistration[] = [
  registerInfo,
  registerModify,
  registerEval,
  registerExperiments,
  registerRuns,
  registerSanity,
  registerStats,
  registerMeasure,
  registerRun,
  registerApply,
  registerPlugins,
  registerPlot,
  registerRobustness,
  registerReport,
  registerUi,
];
