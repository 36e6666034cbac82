// Registers the job processors on a queue. The same processors run in both modes: in-process
// (embedded) or in `trustlens worker` processes (queue mode).
import { NonRetryableError } from '../src/core/errors.js';
import type { Logger } from '../src/core/logger.js';
import type { Brand, RescorePreviewRequest, Source } from '../src/core/types.js';
import type { Clock } from '../src/ports/clock.js';
import type { Notifier } from '../src/ports/notifier.js';
import type { JobQueue } from '../src/ports/queue.js';
import type { Store } from '../src/ports/store.js';
import { scoreMention, shippedFakeModel, type AspectModel, type FakeModel } from '../src/scoring/index.js';
import { BrandDuplicates } from './brand-duplicates.js';
import { BrandModels, modelFromJson } from './brand-models.js';
import { DETECT_QUEUE, NOTIFY_QUEUE, detectMentionAlerts, processDetect, type DetectDeps, type DetectJob } from './detect.js';
import { processNotify, type NotifyJob } from './notify.js';
import { BROWSER_QUEUE, SCRAPE_QUEUE } from './schedule-sources.js';
import { processScrape, type ScrapeDeps, type ScrapeJob, type ScrapeOutcome } from './scrape-source.js';
import { RESCORE_QUEUE, processPreview, processRescore, type RescoreDeps, type RescoreJob } from './rescore.js';

export const QUEUE_NAMES = [SCRAPE_QUEUE, BROWSER_QUEUE, DETECT_QUEUE, NOTIFY_QUEUE, RESCORE_QUEUE] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

export interface WorkerDeps {
  store: Store;
  queue: JobQueue;
  clock: Clock;
  logger: Logger;
  notifier: Notifier;
  /** Runs one source (scrapers' runSource with the fetcher and browser pool bound). */
  runSource(source: Source): Promise<ScrapeOutcome>;
  concurrency: number;
  /** Lease length for per-source exclusivity; a dead worker's lease frees after this. */
  lockMs: number;
  detect?: Partial<Pick<DetectDeps, 'notifyAttempts' | 'notifyBackoffMs' | 'mismatchMinReach'>>;
}

/** A detect job after ingest; the job id coalesces many ingests of one brand into one run. */
export async function queueDetect(queue: JobQueue, brandId: string): Promise<void> {
  await queue.enqueue<DetectJob>(DETECT_QUEUE, { brandId }, { jobId: `detect:${brandId}`, attempts: 3, backoffMs: 5_000 });
}

/**
 * A rescore of the brand's stored mentions with its current models (after a model was saved or
 * deleted). Each request is a job of its own: one asked for while another runs waits for it
 * (the brand's lease) and then runs, as the models may have changed since that one read them;
 * one whose work a later-started run has done by then is skipped (jobs/rescore.ts).
 */
export async function queueRescore(queue: JobQueue, brandId: string): Promise<string> {
  return queue.enqueue<RescoreJob>(RESCORE_QUEUE, { brandId, requestedAt: new Date().toISOString() }, { attempts: 10, backoffMs: 5_000 });
}

/**
 * A dry run of a rescore (jobs/rescore.ts processPreview): what the brand's mentions would become
 * with its saved models or with the model files in `request`, recorded as one of its rescore runs.
 * Files travel in the job (a few MB at most, as a saved model does); the API checks them first.
 */
export async function queuePreview(queue: JobQueue, brandId: string, request: RescorePreviewRequest): Promise<string> {
  return queue.enqueue<RescoreJob>(RESCORE_QUEUE, { brandId, preview: request }, { attempts: 3, backoffMs: 5_000, dropWhenDone: true });
}

/** The names a dry run records for the kinds it reads with the shipped model. */
function shippedNames(request: RescorePreviewRequest): RescorePreviewRequest['names'] {
  const shipped = request.shipped ?? [];
  return {
    ...(shipped.includes('fake') ? { fake: shippedFakeModel()?.name ?? 'shipped fake-review model' } : {}),
    ...(shipped.includes('aspects') ? { aspects: 'shipped aspect models' } : {}),
  };
}

/** The models a dry run names, read from their files (a file that is not one fails the job for good), or 'shipped'. */
function previewModels(request: RescorePreviewRequest): Instead {
  const shipped = request.shipped ?? [];
  const read = <K extends 'fake' | 'aspects'>(kind: K, text: string | undefined) => {
    if (text === undefined) return undefined;
    try {
      return modelFromJson(kind, JSON.parse(text));
    } catch (err) {
      throw new NonRetryableError(`the ${kind} model of this dry run cannot be read: ${(err as Error).message}`);
    }
  };
  return {
    fakeModel: shipped.includes('fake') ? 'shipped' : read('fake', request.models?.fake),
    aspectModel: shipped.includes('aspects') ? 'shipped' : read('aspects', request.models?.aspects),
  };
}

/** Models that replace the brand's own of their kind, or 'shipped': the shipped one, as if the brand's were deleted. */
export interface Instead { fakeModel?: FakeModel | 'shipped'; aspectModel?: AspectModel | 'shipped' }

/**
 * What the rescore processor needs: the brand's current models (shared with scraping in a
 * worker), a per-brand lease. `instead`: models that replace the brand's of their kind (a preview
 * of a model not saved yet, `trustlens rescore --dry-run --fake-model …`, or of the shipped one).
 */
export function rescoring(deps: Pick<WorkerDeps, 'store' | 'queue' | 'logger' | 'lockMs'>, models = new BrandModels(deps.store, deps.logger), instead: Instead = {}): RescoreDeps {
  // scoreMention reads an undefined model as the shipped one.
  const pick = <M>(given: M | 'shipped' | undefined, own: () => M | undefined) => (given === 'shipped' ? undefined : given ?? own());
  return {
    store: deps.store, logger: deps.logger,
    exclusive: (key, fn) => deps.queue.withLock(key, deps.lockMs, fn),
    prepare: async (brand: Brand) => { await models.load(brand.id); },
    // The copy a review was found to be is read from its stored score: the brand's index now
    // holds the review itself.
    score: (m, ctx) => scoreMention(m, {
      ...ctx,
      fakeModel: pick(instead.fakeModel, () => models.peek(ctx.brand.id, 'fake')),
      aspectModel: pick(instead.aspectModel, () => models.peek(ctx.brand.id, 'aspects')),
    }),
    // The rollups moved (more or fewer likely fakes, other aspects): the detectors read them again.
    afterRescore: async (brand) => { await queueDetect(deps.queue, brand.id); },
  };
}

export function registerProcessors(queues: readonly QueueName[], deps: WorkerDeps): void {
  const { store, queue, clock, logger } = deps;
  const detectDeps: DetectDeps = { store, queue, clock, logger, ...deps.detect };
  const duplicates = new BrandDuplicates(store);
  const models = new BrandModels(store, logger);
  const scrapeDeps: ScrapeDeps = {
    store, clock, logger,
    runSource: deps.runSource,
    exclusive: (key, fn) => queue.withLock(key, deps.lockMs, fn),
    prepare: async (brand: Brand) => { await duplicates.load(brand.id); await models.load(brand.id); },
    score: (m, ctx) => scoreMention(m, {
      ...ctx, duplicates: duplicates.peek(ctx.brand.id), fakeModel: models.peek(ctx.brand.id, 'fake'), aspectModel: models.peek(ctx.brand.id, 'aspects'),
    }),
    afterIngest: async (brand, _source, inserted) => {
      await detectMentionAlerts(brand, inserted, detectDeps);
      await queueDetect(queue, brand.id);
    },
  };
  const rescoreDeps = rescoring({ store, queue, logger, lockMs: deps.lockMs }, models);
  for (const name of queues) {
    switch (name) {
      case SCRAPE_QUEUE:
      case BROWSER_QUEUE:
        queue.process<ScrapeJob>(name, (job) => processScrape(job, scrapeDeps), { concurrency: name === BROWSER_QUEUE ? 1 : deps.concurrency });
        break;
      case DETECT_QUEUE:
        queue.process<DetectJob | { all: true }>(name, async (job) => {
          if ('all' in job.data) {
            // The periodic tick: one detect job per brand (time passing can open or resolve alerts).
            for (const b of await store.listBrands()) await queueDetect(queue, b.id);
            return;
          }
          return processDetect({ ...job, data: job.data }, detectDeps);
        }, { concurrency: 1 });
        break;
      case RESCORE_QUEUE:
        queue.process<RescoreJob>(name, (job) => {
          const p = job.data.preview;
          if (!p) return processRescore(job, rescoreDeps);
          // The shipped models' names are known here, where they are loaded.
          const named = { ...job, data: { ...job.data, preview: { ...p, names: { ...p.names, ...shippedNames(p) } } } };
          return processPreview(named, rescoring({ store, queue, logger, lockMs: deps.lockMs }, models, previewModels(p)));
        }, { concurrency: 1 });
        break;
      case NOTIFY_QUEUE:
        queue.process<NotifyJob>(name, (job) => processNotify(job, { store, notifier: deps.notifier, clock }), { concurrency: deps.concurrency });
        break;
    }
  }
}
