// Public surface of the detectors (pure, synchronous; import only core).
export { createSpikeDetector, SPIKE_DEFAULTS, type SpikeDetector, type SpikeOptions, type SpikePoint, type SpikeDirection } from './spike.js';
export { detectBacklash, BACKLASH_DEFAULTS, type BacklashInput, type BacklashOptions, type BacklashDecision } from './backlash.js';
export { detectFakeWave, missionMismatchAlerts, undisclosedAlerts, reachOf, isoWeek, type FakeWaveOptions, type MismatchOptions, type UndisclosedOptions } from './waves.js';
export { risingTerms, pickSamples, simpleTokens, engagementOf, type RisingTermsOptions, type SampleSource } from './explain.js';
export { SEVERITIES, episodeKeyFor, isActive, type AlertAction, type AlertDecision } from './decision.js';
export { hourlySeries, type HourBucket } from './hourly.js';
