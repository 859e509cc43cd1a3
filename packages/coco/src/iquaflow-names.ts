// iquaflow's spelling of iqf's names, for code migrating from iquaflow (docs/migration-from-iquaflow.md).
import { BboxDetectionMetrics } from "./bbox-detection-metrics.js";

/** iquaflow's name for {@link BboxDetectionMetrics}, kept for migrating code: the same class. */
export const BBDetectionMetrics = BboxDetectionMetrics;
/** iquaflow's name for {@link BboxDetectionMetrics}: the same instance type. */
export type BBDetectionMetrics = BboxDetectionMetrics;
