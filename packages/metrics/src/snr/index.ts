export type { ChannelSnr, SnrStatus } from "./channel-snr.js";
export { aggregateSnr, type CombinedSnr, combineChannels, type SnrAggregates } from "./combine-channels.js";
export {
  type ChannelSnrReport,
  type ImageSnr,
  measureImageSnr,
  measurePlanesSnr,
  measureSnr,
  type SnrMethod,
  type SnrOptions,
  type SnrReport,
  snrMethods,
} from "./measure-snr.js";
export { SNRMetric } from "./snr-metric.js";
