export type { ChannelSnr, SnrStatus } from "./channel-snr.js";
export { aggregateSnr, type CombinedSnr, combineChannels, type SnrAggregates } from "./combine-channels.js";
export { measureImageSnr, measurePlanesSnr, measureSnr, type SnrReport } from "./measure-snr.js";
export type { ChannelSnrReport, ImageSnr } from "./measure-snr-file.js";
export { SNRMetric } from "./snr-metric.js";
export { type SnrMethod, type SnrOptions, snrMethods } from "./snr-options.js";
