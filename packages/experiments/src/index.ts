export { isEmptyFolder, type ParsedResults, parseResults, readResults, resultsFileName } from "./collect.js";
export { CommandNotFound, ExperimentNotFound } from "./errors.js";
export {
  type ExperimentFile,
  type ExperimentFileRunOptions,
  experimentSetupFromFile,
  type LoadExperimentFileOptions,
  loadExperimentFile,
  type MetricSpec,
  type ModifierSpec,
  type SpecParamValue,
} from "./file/experiment-file.js";
export type { TaskKind, TaskKindInput } from "./file/task-kind.js";
export {
  assertValidGrid,
  type CellCoordinates,
  cellId,
  expandGrid,
  gridProblems,
  type ParamCombination,
  type ParamGrid,
  reservedParamNames,
} from "./grid.js";
export type { ColumnType, TableOptions } from "./info/build-table.js";
export {
  type ApplyMetricOptions,
  ExperimentInfo,
  type ExperimentInfoOptions,
  type MetricRunResult,
} from "./info/experiment-info.js";
export { formatRobustness } from "./info/format-robustness.js";
export {
  type BreakingPoint,
  breakingThresholds,
  type LevelSummary,
  type Monotonicity,
  type ReferenceSummary,
  type RobustnessCurve,
  type RobustnessLevel,
  type RobustnessOptions,
  type RobustnessSeries,
  type RobustnessSummary,
  robustnessSummary,
} from "./info/robustness.js";
export type { RunEntry } from "./info/run-entry.js";
export { groupTable, RunTable, type TableRow, type TableValue } from "./info/run-table.js";
export {
  BUILTIN_SOURCE,
  builtinPlugin,
  openPluginRegistry,
  type PluginSpecs,
} from "./plugins/open-registry.js";
export { type ArgValue, formatArgValue } from "./py-str.js";
export {
  type DatasetSource,
  ExperimentSetup,
  type ExperimentSetupOptions,
  type ExperimentSummary,
  type ModifierChain,
} from "./setup/experiment-setup.js";
export { chainName, type GridCell, type GridDatasets, planGrid } from "./setup/plan.js";
export type { BuiltDataset, BuiltDatasets, CellStatus, RunResult } from "./setup/run-cell.js";
export { RunTags } from "./tags.js";
export { buildTaskArgv, type TaskArguments } from "./task/argv.js";
export type { EchoTarget } from "./task/line-echo.js";
export { type ProcessGroupOptions, type ProcessOutcome, runProcessGroup } from "./task/process-group.js";
export {
  PythonScriptTaskExecution,
  type PythonScriptTaskOptions,
  ScriptTaskExecution,
  type ScriptTaskOptions,
} from "./task/script-task.js";
export type { TaskExecution, TaskRunOutcome, TaskRunRequest } from "./task/task-execution.js";
