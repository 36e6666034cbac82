// The composition root: validated config → concrete adapters → a running TrustLens.
// The only module (with the worker entry) that imports adapters; queue-mode packages (mongoose,
// bull) are imported dynamically, so embedded mode never loads them.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from './core/config.js';
import { createLogger, type Logger } from './core/logger.js';
import { systemClock, type Clock } from './ports/clock.js';
import type { JobQueue } from './ports/queue.js';
import type { Store } from './ports/store.js';

export interface Runtime {
  config: Config;
  store: Store;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  close(): Promise<void>;
}

/** Where the embedded store lives: TRUSTLENS_STORE_URL=sqlite:PATH, else DATA_DIR/trustlens.db. */
export function sqlitePath(config: Config): string {
  if (config.storeUrl.startsWith('sqlite:')) return config.storeUrl.slice('sqlite:'.length);
  mkdirSync(resolve(config.dataDir), { recursive: true });
  return join(resolve(config.dataDir), 'trustlens.db');
}

export async function openStore(config: Config): Promise<Store> {
  let store: Store;
  if (config.storeUrl.startsWith('mongodb')) {
    const { MongoStore } = await import('./store/mongo/index.js');
    store = new MongoStore({ url: config.storeUrl });
  } else {
    const { SqliteStore } = await import('./store/sqlite/index.js');
    store = new SqliteStore({ path: sqlitePath(config) });
  }
  await store.init();
  return store;
}

export async function openQueue(config: Config, logger: Logger): Promise<JobQueue> {
  if (config.mode === 'queue') {
    const { BullQueue } = await import('../jobs/bull-queue.js');
    return BullQueue.create({ redisUrl: config.redisUrl, prefix: config.queuePrefix, lockDurationMs: config.jobLockMs, stalledIntervalMs: config.jobLockMs, logger });
  }
  const { InlineQueue } = await import('../jobs/inline-queue.js');
  return new InlineQueue({ logger });
}

export async function createRuntime(config: Config, opts: { clock?: Clock; logger?: Logger } = {}): Promise<Runtime> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const clock = opts.clock ?? systemClock;
  const store = await openStore(config);
  let queue: JobQueue;
  try {
    queue = await openQueue(config, logger);
  } catch (err) {
    await store.close();
    throw err;
  }
  return {
    config, store, queue, clock, logger,
    async close() {
      const report = await queue.close();
      if (report.unfinished.length) logger.warn({ unfinished: report.unfinished.length }, 'jobs left unfinished at shutdown');
      await store.close();
    },
  };
}
