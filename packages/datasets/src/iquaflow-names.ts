// iquaflow's spelling of iqf's names, for code migrating from iquaflow (docs/migration-from-iquaflow.md).
import { DsWrapper, type DsWrapperOptions } from "./ds-wrapper.js";

/** iquaflow's name for {@link DsWrapper}, kept for migrating code: the same class. */
export const DSWrapper = DsWrapper;
/** iquaflow's name for {@link DsWrapper}: the same instance type. */
export type DSWrapper = DsWrapper;
/** The options of {@link DsWrapper.open} under the iquaflow spelling: {@link DsWrapperOptions}. */
export type DSWrapperOptions = DsWrapperOptions;
