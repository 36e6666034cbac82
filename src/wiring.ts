// Part of the composition root: connects the runtime to the pipeline (scrapers, processors,
// schedules) and hands the API what it must not import itself (the scrapers' source validator,
// schedule hooks, report and dashboard routers).
import type { AppExtensions } from './api/app.js';
import type { ApiDeps } from './api/deps.js';
import { dashboardRouter } from './api/dashboard/router.js';
import { reportRoutes } from './api/routes/reports.js';
import { ValidationError } from './core/errors.js';
import type { BrandModelKind, Source } from './core/types.js';
import { aspectModelFileInfo, fakeModelFileInfo } from './scoring/index.js';
import type { Runtime } from './main.js';
import { createBrowserPool, createFetcher, runSource, validateSourceDefinition, type BrowserPool } from '../scrapers/index.js';
import { createHttpNotifier } from '../jobs/notify.js';
import { DETECT_QUEUE } from '../jobs/detect.js';
import { SourceScheduler } from '../jobs/schedule-sources.js';
import { QUEUE_NAMES, queuePreview, queueRescore, registerProcessors, type QueueName } from '../jobs/workers.js';

export { QUEUE_NAMES };

export interface WiredPipeline {
  validateSource: (def: unknown) => void;
  checkModel: typeof checkModel;
  /** Queues a rescore of a brand's stored mentions (jobs/rescore.ts). */
  rescore(brandId: string): Promise<string>;
  /** Queues a dry run of a rescore (jobs/rescore.ts processPreview). */
  preview: NonNullable<ApiDeps['preview']>;
  sources: {
    scheduled(source: Source): Promise<void>;
    unscheduled(source: Source): Promise<void>;
    runNow(source: Source): Promise<string>;
  };
  appExtensions: AppExtensions;
  stop(): Promise<void>;
}

/** Knobs that are not user configuration: tests use them to keep retries short. */
export interface PipelineTuning {
  notifyBackoffMs?: number;
  notifyAttempts?: number;
}

export const SCHEDULE_SYNC_MS = 60_000;

const DEFINITION_FIELDS = ['kind', 'url', 'api', 'query', 'mentionKind', 'recipe'] as const;

/** The scrapers' validator on the API's source body; error paths are given as body.<field>. */
export function validateSource(def: unknown): void {
  const d = (def ?? {}) as Record<string, unknown>;
  const picked = Object.fromEntries(DEFINITION_FIELDS.filter((k) => d[k] !== undefined).map((k) => [k, d[k]]));
  try {
    validateSourceDefinition(picked);
  } catch (err) {
    if (err instanceof ValidationError) {
      const issues = err.issues.map((i) => ({ ...i, path: `body.${i.path}` }));
      throw new ValidationError(`Invalid source: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
    }
    throw err;
  }
}

/** Per kind, what checks a model file (a kind added to BRAND_MODEL_KINDS must say how, or this does not compile). */
const MODEL_FILE_INFO: Record<BrandModelKind, (file: unknown) => { name: string; meta: Record<string, unknown> }> = {
  fake: fakeModelFileInfo,
  aspects: aspectModelFileInfo,
};

/** A brand's model file as the API receives it: it must load as a model of its kind (ValidationError otherwise). */
export function checkModel(kind: BrandModelKind, file: unknown): { name: string; meta: Record<string, unknown> } {
  try {
    return MODEL_FILE_INFO[kind](file);
  } catch (err) {
    throw new ValidationError(`Invalid ${kind} model: ${(err as Error).message}`, [{ path: 'body', message: (err as Error).message }]);
  }
}

/** serve: schedules follow the store; in embedded mode the workers run here too. */
export async function wirePipeline(rt: Runtime, opts: { runWorkers: boolean; tuning?: PipelineTuning }): Promise<WiredPipeline> {
  const scheduler = new SourceScheduler(rt.queue, rt.config.scheduleJitterSec);
  const workers = opts.runWorkers ? await startWorkers(rt, QUEUE_NAMES, opts.tuning) : null;
  await scheduler.syncAll(await rt.store.listSources());
  // Sources changed outside this process (`trustlens sources pause`, another API process) are
  // picked up within a minute.
  const resync = setInterval(() => {
    rt.store.listSources().then((all) => scheduler.sync(all)).catch((err: unknown) => rt.logger.warn({ err: (err as Error).message }, 'schedule sync failed'));
  }, SCHEDULE_SYNC_MS);
  resync.unref();
  // Time passing alone can open (a quiet baseline) or resolve (subsided) an alert: detect hourly.
  await rt.queue.schedule(DETECT_QUEUE, 'periodic', '7 * * * *', { all: true }, { attempts: 2 });
  return {
    validateSource,
    checkModel,
    rescore: (brandId) => queueRescore(rt.queue, brandId),
    preview: (brandId, request) => queuePreview(rt.queue, brandId, request),
    sources: {
      scheduled: (s) => scheduler.schedule(s),
      unscheduled: (s) => scheduler.unschedule(s),
      runNow: (s) => scheduler.runNow(s),
    },
    appExtensions: { apiRouters: [reportRoutes], rootRouters: [dashboardRouter] },
    async stop() {
      clearInterval(resync);
      await workers?.stop();
    },
  };
}

/** worker (and embedded serve): the processors of the named queues, with their scrapers. */
export async function startWorkers(rt: Runtime, queues: readonly string[], tuning: PipelineTuning = {}): Promise<{ stop(): Promise<void> }> {
  const { config } = rt;
  const fetcher = createFetcher({
    userAgent: config.userAgent, timeoutMs: config.fetchTimeoutMs, maxBytes: config.fetchMaxBytes,
    hostDelayMs: config.hostDelayMs, hostConcurrency: config.hostConcurrency,
    sharedGate: rt.queue.kind === 'bull' ? (host, ms) => rt.queue.rateGate(`host:${host}`, ms) : undefined, // one host delay across all workers
  });
  // The browser starts on the first browser source only: most workers never need it.
  let browser: (BrowserPool & { close(): Promise<void> }) | undefined;
  const browserPool = () => (browser ??= createBrowserPool({ executablePath: config.chromiumPath, maxPages: config.browserPages, userAgent: config.userAgent }));
  registerProcessors(queues as QueueName[], {
    store: rt.store, queue: rt.queue, clock: rt.clock, logger: rt.logger,
    notifier: createHttpNotifier({ clock: rt.clock }),
    concurrency: config.workerConcurrency,
    lockMs: config.jobLockMs,
    detect: tuning,
    runSource: (source) => runSource(source, { fetcher, browser: source.kind === 'browser' ? browserPool() : undefined }),
  });
  return {
    async stop() {
      // Running jobs finish first (close waits for them, and is idempotent); then their tools go.
      await rt.queue.close();
      await browser?.close();
      await fetcher.close();
    },
  };
}
