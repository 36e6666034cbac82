export type * from './store.js';
export type * from './queue.js';
export type * from './fetcher.js';
export type * from './notifier.js';
export type { Clock } from './clock.js';
export { systemClock } from './clock.js';
