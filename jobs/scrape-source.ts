// The scrape-source processor: run one source, score what it found, store the new mentions
// idempotently, roll them up exactly once, record the run. Safe to retry at any point: mentions
// are keyed by (source, external id), each stored batch stays pending until it is counted, and a
// batch cut short by a crash is found again (listPendingBatches) and counted once under the same
// batch id (the store applies a batch id's increments at most once).
import { isRetryable } from '../src/core/errors.js';
import { mentionId, newId } from '../src/core/ids.js';
import type { Logger } from '../src/core/logger.js';
import type { Brand, Launch, Mention, MentionFlags, RawMention, Scores, Source, SourceState } from '../src/core/types.js';
import type { Clock } from '../src/ports/clock.js';
import type { Job } from '../src/ports/queue.js';
import type { Store } from '../src/ports/store.js';
import { rollupIncrements } from './ingest.js';
import { fiveStarContext, inBurstWindow } from './review-burst.js';

export interface ScrapeJob {
  sourceId: string;
}

export interface ScrapeOutcome {
  pagesFetched: number;
  mentions: RawMention[];
  skipped: { reason: string; detail?: string }[];
  state: SourceState;
  notModified: boolean;
}

/** What the batch and the brand's rollups say about reviewer behaviour (more comes from the source: reviewCount). */
export interface BatchBehaviour {
  /** Reviews this author wrote for the brand on the same day, in this run. */
  authorReviewsSameDay?: number;
  /** The brand's 5-star reviews in the last day and its usual number per day (review-burst.ts). */
  fiveStarInWindow?: number;
  fiveStarBaseline?: number;
}

/** Scores one mention in the context of its brand (the scoring layer's scoreMention). */
export type ScoreFn = (m: RawMention, ctx: { brand: Brand; launch?: Launch; behaviour?: BatchBehaviour }) => { scores: Scores; flags: MentionFlags };

export interface ScrapeDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Runs a source definition (scrapers/index.ts runSource with the fetcher and browser bound). */
  runSource(source: Source): Promise<ScrapeOutcome>;
  score: ScoreFn;
  /** Loads what scoring needs for a brand (its near-duplicate index, its own models) before a batch is scored. */
  prepare?(brand: Brand): Promise<void>;
  /**
   * Runs fn unless another worker is already scraping this source (a lease held across processes).
   * Two runs of one source at once would race on its unrolled batch and its state.
   */
  exclusive?<T>(key: string, fn: () => Promise<T>): Promise<{ acquired: true; result: T } | { acquired: false }>;
  /** Called with the mentions that were new, after they are stored and rolled up. */
  afterIngest?(brand: Brand, source: Source, inserted: Mention[]): Promise<void>;
  batchSize?: number;
}

export interface ScrapeSummary {
  runId: string;
  fetched: number;
  new: number;
  skipped: number;
  recovered: number;
}

export async function processScrape(job: Job<ScrapeJob>, deps: ScrapeDeps): Promise<ScrapeSummary | null> {
  if (!deps.exclusive) return scrapeOnce(job, deps);
  const r = await deps.exclusive(`source:${job.data.sourceId}`, () => scrapeOnce(job, deps));
  if (!r.acquired) {
    deps.logger.info({ sourceId: job.data.sourceId }, 'scrape skipped: this source is being scraped by another worker');
    return null;
  }
  return r.result;
}

async function scrapeOnce(job: Job<ScrapeJob>, deps: ScrapeDeps): Promise<ScrapeSummary | null> {
  const { store, clock, logger } = deps;
  const source = await store.getSource(job.data.sourceId);
  if (!source) return null; // deleted since it was scheduled: nothing to do
  const brand = await store.getBrand(source.brandId);
  if (!brand) return null;
  const launch = source.launchId ? (await store.getLaunch(source.launchId)) ?? undefined : undefined;

  // A previous try may have stored a batch and died before rolling it up: finish that first.
  const recovered = await applyPendingRollups(store, source.id);
  const run = await store.createScrapeRun({ sourceId: source.id, brandId: brand.id, startedAt: clock.now().toISOString() });
  let outcome: ScrapeOutcome;
  try {
    outcome = await deps.runSource(source);
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    await store.finishScrapeRun(run.id, {
      status: 'failed', fetched: 0, new: 0, skipped: 0, errors: 1, finishedAt: clock.now().toISOString(),
      messages: [`${isRetryable(err) ? 'transient' : 'permanent'}: ${message}`.slice(0, 500)],
    });
    logger.warn({ sourceId: source.id, attempt: job.attempt, err: message }, 'scrape failed');
    throw err;
  }

  const now = clock.now().toISOString();
  const size = deps.batchSize ?? 500;
  await deps.prepare?.(brand);
  const sameDay = authorDayCounts(outcome.mentions, now);
  const nowDate = new Date(now);
  const burst = await fiveStarContext(store, source, outcome.mentions, nowDate);
  let inserted = 0;
  const insertedAll: Mention[] = [];
  for (let i = 0; i < outcome.mentions.length; i += size) {
    const batch = outcome.mentions.slice(i, i + size).map((raw) => {
      const n = sameDay.get(authorDayKey(raw, now));
      const inBurst = burst && inBurstWindow(raw, nowDate) ? burst : undefined;
      const behaviour = n || inBurst ? { ...(n ? { authorReviewsSameDay: n } : {}), ...inBurst } : undefined;
      const { scores, flags } = deps.score(raw, { brand, launch, behaviour });
      return toMention(raw, source, now, scores, flags);
    });
    const batchId = newId();
    const result = await store.upsertMentions(batch, { batch: batchId });
    inserted += result.inserted;
    if (result.insertedMentions.length) {
      await applyRollups(store, batchId, result.insertedMentions);
      insertedAll.push(...result.insertedMentions);
    }
  }
  // State is saved only after the mentions are stored, so an interrupted run re-reads its items.
  await store.saveSourceState(source.id, outcome.state);
  const skippedMessages = outcome.skipped.slice(0, 20).map((s) => `skipped: ${s.reason}${s.detail ? ` (${s.detail})` : ''}`.slice(0, 300));
  await store.finishScrapeRun(run.id, {
    status: 'ok', fetched: outcome.mentions.length, new: inserted, skipped: outcome.skipped.length, errors: 0,
    messages: skippedMessages, finishedAt: clock.now().toISOString(),
  });
  if (insertedAll.length) await deps.afterIngest?.(brand, source, insertedAll);
  logger.info({ sourceId: source.id, fetched: outcome.mentions.length, new: inserted, skipped: outcome.skipped.length, recovered }, 'scrape done');
  return { runId: run.id, fetched: outcome.mentions.length, new: inserted, skipped: outcome.skipped.length, recovered };
}

export function toMention(raw: RawMention, source: Pick<Source, 'id' | 'brandId' | 'launchId'>, fetchedAt: string, scores: Scores, flags: MentionFlags): Mention {
  return {
    ...raw,
    id: mentionId(source.id, raw.externalId),
    sourceId: source.id,
    brandId: source.brandId,
    ...(source.launchId ? { launchId: source.launchId } : {}),
    publishedAt: raw.publishedAt ?? fetchedAt,
    fetchedAt,
    scores,
    flags,
  };
}

function authorDayKey(m: RawMention, now: string): string {
  const who = m.author?.handle ?? m.author?.name;
  return who ? `${who.toLowerCase()}\0${(m.publishedAt ?? now).slice(0, 10)}` : '';
}

function authorDayCounts(ms: RawMention[], now: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of ms) {
    if (m.kind !== 'review') continue;
    const k = authorDayKey(m, now);
    if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  counts.delete('');
  return counts;
}

/** Counts a stored batch in the rollups, once, then forgets it. */
export async function applyRollups(store: Store, batchId: string, mentions: Mention[]): Promise<void> {
  if (mentions.length) await store.addToRollups(rollupIncrements(mentions), batchId);
  await store.completeBatch(batchId);
}

/** Finishes the batches a previous try stored but did not count; returns how many mentions. */
async function applyPendingRollups(store: Store, sourceId: string): Promise<number> {
  let n = 0;
  for (const { batch, mentions } of await store.listPendingBatches(sourceId)) {
    await applyRollups(store, batch, mentions);
    n += mentions.length;
  }
  return n;
}
