import type { Config } from '../core/config.js';
import type { Logger } from '../core/logger.js';
import type { Clock } from '../ports/clock.js';
import type { JobQueue } from '../ports/queue.js';
import type { Store } from '../ports/store.js';
import type { BrandModelKind, RescorePreviewRequest, Source } from '../core/types.js';

/** What the API needs; the composition root (src/main.ts) provides it. */
export interface ApiDeps {
  store: Store;
  queue: JobQueue;
  config: Config;
  clock: Clock;
  logger: Logger;
  /** Validates a source definition (recipe included) before it is saved; throws ValidationError. */
  validateSource?: (def: unknown) => void;
  /**
   * Checks a brand's model file of `kind` (it must load as one) and says what it is; throws
   * ValidationError. Without it, models cannot be saved through the API.
   */
  checkModel?: (kind: BrandModelKind, file: unknown) => { name: string; meta: Record<string, unknown> };
  /**
   * Queues a rescore of the brand's stored mentions with its current models; returns the job id.
   * Without it, stored mentions keep their scores when a model changes.
   */
  rescore?: (brandId: string) => Promise<string>;
  /**
   * Queues a dry run of a rescore (its models: the brand's saved ones, or instead the given model
   * files' JSON text, or the shipped model of the kinds in `shipped`); returns the job id. Its run
   * is listed with the brand's rescore runs.
   */
  preview?: (brandId: string, request: RescorePreviewRequest) => Promise<string>;
  /** Source lifecycle hooks, so schedules follow what the API changes. */
  sources?: {
    scheduled(source: Source): Promise<void>;
    unscheduled(source: Source): Promise<void>;
    runNow(source: Source): Promise<string>;
  };
}
