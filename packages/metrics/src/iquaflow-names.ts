// iquaflow's spelling of iqf's names, for code migrating from iquaflow (docs/migration-from-iquaflow.md).
import { SnrMetric } from "./snr/snr-metric.js";

/** iquaflow's name for {@link SnrMetric}, kept for migrating code: the same class. */
export const SNRMetric = SnrMetric;
/** iquaflow's name for {@link SnrMetric}: the same instance type. */
export type SNRMetric = SnrMetric;
