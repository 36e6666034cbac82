// Part of the composition root: connects the runtime to the pipeline (processors, schedules)
// and hands the API what it needs from the layers it must not import (scrapers' validator,
// schedule hooks, report routers).
import type { AppExtensions } from './api/app.js';
import type { Source } from './core/types.js';
import type { Runtime } from './main.js';

export interface WiredPipeline {
  validateSource?: (def: unknown) => void;
  sources: {
    scheduled(source: Source): Promise<void>;
    unscheduled(source: Source): Promise<void>;
    runNow(source: Source): Promise<string>;
  };
  appExtensions: AppExtensions;
  stop(): Promise<void>;
}

export async function wirePipeline(rt: Runtime, _opts: { runWorkers: boolean }): Promise<WiredPipeline> {
  return {
    sources: {
      scheduled: async (s) => rt.queue.schedule('scrape', `source:${s.id}`, s.schedule, { sourceId: s.id }),
      unscheduled: async (s) => rt.queue.unschedule('scrape', `source:${s.id}`),
      runNow: async (s) => rt.queue.enqueue('scrape', { sourceId: s.id }),
    },
    appExtensions: {},
    async stop() {},
  };
}

/** Queues a worker can serve. `browser` runs browser sources in their own process. */
export const QUEUE_NAMES = ['scrape', 'browser', 'detect', 'notify'] as const;

export async function startWorkers(rt: Runtime, queues: string[]): Promise<{ stop(): Promise<void> }> {
  void rt; void queues;
  return { async stop() {} };
}
