// The rescore processor: scores a brand's stored mentions again with the models it has now (its
// own fake-review and aspect models, or the shipped ones), after it saved or deleted a model or
// after an upgrade changed the scorers. A mention is scored as it was first scored: its text,
// rating and kind, and the two things that cannot be counted again, the earlier review it copied
// and the behaviour counts, both kept on its fake score (or, for scores stored before the counts
// were kept, read back from its reasons). Only mentions whose scores changed are
// written: Store.rescoreMentions records them with their scores from before under a batch id,
// the rollups move by the difference under the same id (applied at most once), then the batch is
// completed. A run cut short anywhere is finished by the next one (resumePendingRescores), so
// nothing is lost or counted twice. One run per brand at a time (a lease), as the Store asks.
// Each run is recorded (Store.startRescoreRun) with its progress after every page and how it
// ended, for the API and the dashboard. A dry run (processPreview) scores the same way, with the
// brand's models or model files not saved yet, writes no mention, and records what it found.
import { RetryableError } from '../src/core/errors.js';
import { newId } from '../src/core/ids.js';
import type { Logger } from '../src/core/logger.js';
import type { BehaviourCounts, Brand, FakeScore, Launch, Mention, MentionFlags, PreviewExample, RawMention, RescorePreviewDetail, RescorePreviewRequest, RescoreRun, RescoreRunProgress, Scores } from '../src/core/types.js';
import type { Job } from '../src/ports/queue.js';
import type { RescoredMention, Store } from '../src/ports/store.js';
import { behaviourOf } from '../src/scoring/index.js';
import { rollupDifference } from './ingest.js';

export const RESCORE_QUEUE = 'rescore';

/** Mentions per batch: a batch's pending record holds them all, before and after (MongoDB caps a document at 16 MB). */
const PAGE = 200;

export interface RescoreJob {
  brandId: string;
  /** When it was asked for (ISO): a run that started after that, and finished, has done its work. */
  requestedAt?: string;
  /** A dry run (processPreview), not a rescore. */
  preview?: RescorePreviewRequest;
}

/**
 * How far the clocks of the process that asks for a rescore and the worker that runs one may
 * disagree (queue mode runs them on different machines): a run counts as started after a request
 * only when its start is this much later, so a skew never skips a rescore that was needed.
 */
const CLOCK_MARGIN_MS = 5_000;

/** Scores one stored mention again (the scoring layer's scoreMention with the brand's models). */
export type RescoreFn = (m: RawMention, ctx: {
  brand: Brand;
  launch?: Launch;
  behaviour?: BehaviourCounts;
  /** The copy it was found to be when first scored; null: none. */
  copyOf: NonNullable<FakeScore['copyOf']> | null;
}) => { scores: Scores; flags: MentionFlags };

export interface RescoreDeps {
  store: Store;
  logger: Logger;
  score: RescoreFn;
  /** Loads the brand's current models before its mentions are scored. */
  prepare?(brand: Brand): Promise<void>;
  /** Runs fn unless another worker holds the key (RetryableError then: the job is tried again later). */
  exclusive?<T>(key: string, fn: () => Promise<T>): Promise<{ acquired: true; result: T } | { acquired: false }>;
  /** Called after each page with the counts so far and the brand's mentions at the start (the CLI's progress bar). */
  onProgress?(summary: Readonly<RescoreSummary>, total: number): void;
  /** Called after a run that changed something (the worker queues detection: its rollups moved). */
  afterRescore?(brand: Brand, summary: RescoreSummary): Promise<void>;
  pageSize?: number;
}

export interface RescoreSummary {
  /** Mentions read and scored again. */
  scanned: number;
  /** Mentions whose scores changed (written, their rollups moved). */
  changed: number;
  /** Reviews flagged as likely fake among the mentions read, before and after. */
  fakeSuspects: { before: number; after: number };
  /** Mentions of an earlier run cut short, whose rollup difference this run applied. */
  recovered: number;
}

export async function processRescore(job: Job<RescoreJob>, deps: RescoreDeps): Promise<RescoreSummary | null> {
  return underLease(job.data.brandId, deps, () => rescoreOnce(job, deps));
}

/**
 * Runs `fn` holding the brand's rescore lease: one run per brand at a time, which is what lets a
 * new run mark the brand's runs still running as cut short. Another worker holding it: a
 * RetryableError, so the job runs after that one (the models may have changed again).
 */
async function underLease<T>(brandId: string, deps: RescoreDeps, fn: () => Promise<T>): Promise<T> {
  if (!deps.exclusive) return fn();
  const r = await deps.exclusive(`rescore:${brandId}`, fn);
  if (!r.acquired) throw new RetryableError(`brand ${brandId} is being rescored by another worker`, 30_000);
  return r.result;
}

/**
 * A dry run: what a rescore would change, recorded as a run of the brand (dryRun, with its
 * counts as it goes and its findings at the end), writing no mention. `deps.score` reads with
 * the models the request names (jobs/workers.ts builds it). It holds the brand's rescore lease
 * as a rescore does.
 */
export async function processPreview(job: Job<RescoreJob>, deps: RescoreDeps): Promise<RescorePreview | null> {
  return underLease(job.data.brandId, deps, () => previewOnce(job, deps));
}

async function previewOnce(job: Job<RescoreJob>, deps: RescoreDeps): Promise<RescorePreview | null> {
  const { store, logger } = deps;
  const brand = await store.getBrand(job.data.brandId);
  if (!brand) return null;
  const total = await store.countMentions({ brandId: brand.id });
  const run = await store.startRescoreRun({ brandId: brand.id, jobId: job.id, startedAt: new Date().toISOString(), total, dryRun: true });
  let last: RescorePreview | undefined;
  try {
    const preview = await previewBrand(brand, deps, job.data.preview?.examples ?? 5, async (p) => {
      last = p;
      await store.updateRescoreRun(run.id, progressOf(p));
    });
    await store.updateRescoreRun(run.id, { ...progressOf(preview), status: 'done', finishedAt: new Date().toISOString(), preview: { files: { ...job.data.preview?.names }, aspects: preview.aspects, examples: preview.examples } });
    logger.info({ brandId: brand.id, runId: run.id, scanned: preview.scanned, changed: preview.changed }, 'rescore dry run done');
    return preview;
  } catch (err) {
    await recordFailure(deps, run.id, last ? progressOf(last) : {}, err);
    throw err;
  }
}

/**
 * Records a run as failed, with why. The store may be what failed: the run then stays running
 * until the brand's next run marks it interrupted.
 */
async function recordFailure(deps: Pick<RescoreDeps, 'store' | 'logger'>, runId: string, progress: RescoreRunProgress, err: unknown): Promise<void> {
  const error = (err as Error)?.message ?? String(err);
  await deps.store.updateRescoreRun(runId, { ...progress, status: 'failed', finishedAt: new Date().toISOString(), error })
    .catch((e: unknown) => deps.logger.warn({ runId, err: (e as Error)?.message }, 'could not record the rescore run as failed'));
}

async function rescoreOnce(job: Job<RescoreJob>, deps: RescoreDeps): Promise<RescoreSummary | null> {
  const { store, logger } = deps;
  const brand = await store.getBrand(job.data.brandId);
  if (!brand) return null; // deleted since: nothing to do
  // The run is recorded for the people who asked for it (GET /api/brands/:id/rescore-runs): its
  // progress after each page, and how it ended.
  const covering = await coveringRun(store, brand.id, job.data.requestedAt);
  // A skipped run reads nothing, so it does not count the brand's mentions either (a count over
  // millions of mentions is not free): its total is 0.
  const total = covering ? 0 : await store.countMentions({ brandId: brand.id });
  const run = await store.startRescoreRun({ brandId: brand.id, jobId: job.id, startedAt: new Date().toISOString(), total });
  if (covering) {
    // Asked for while an earlier request still waited (a model saved twice, the button pressed
    // after a save): the run that served that one read the brand's models after this was asked.
    await store.updateRescoreRun(run.id, { status: 'skipped', finishedAt: new Date().toISOString(), coveredBy: covering.id });
    logger.info({ brandId: brand.id, runId: run.id, coveredBy: covering.id }, 'rescore skipped: a run that started after it was asked for has done it');
    return null;
  }
  const summary: RescoreSummary = { scanned: 0, changed: 0, fakeSuspects: { before: 0, after: 0 }, recovered: 0 };
  try {
    await rescoreAll(brand, summary, deps, async () => {
      await store.updateRescoreRun(run.id, progressOf(summary));
      deps.onProgress?.(summary, total);
    });
  } catch (err) {
    await recordFailure(deps, run.id, progressOf(summary), err);
    throw err;
  }
  await store.updateRescoreRun(run.id, { ...progressOf(summary), status: 'done', finishedAt: new Date().toISOString() });
  logger.info({ brandId: brand.id, runId: run.id, ...summary }, 'rescore done');
  if (summary.changed + summary.recovered > 0) await deps.afterRescore?.(brand, summary);
  return summary;
}

/**
 * The brand's last run that did work (skipped ones are passed over: three requests made while
 * one waited are all served by its run), when it started after `requestedAt` (with the clock
 * margin) and finished.
 */
async function coveringRun(store: Store, brandId: string, requestedAt: string | undefined): Promise<RescoreRun | undefined> {
  const asked = requestedAt === undefined ? NaN : Date.parse(requestedAt);
  if (!Number.isFinite(asked)) return undefined;
  // Dry runs wrote nothing: they never stand in for a rescore.
  const last = (await store.listRescoreRuns(brandId, 20)).find((r) => r.status !== 'skipped' && !r.dryRun);
  return last?.status === 'done' && Date.parse(last.startedAt) > asked + CLOCK_MARGIN_MS ? last : undefined;
}

/** A run's counts as the store keeps them, from a rescore's summary or a dry run's findings (which recover nothing). */
function progressOf(s: Pick<RescoreSummary, 'scanned' | 'changed' | 'fakeSuspects'> & { recovered?: number }): RescoreRunProgress {
  return { scanned: s.scanned, changed: s.changed, ...(s.recovered !== undefined ? { recovered: s.recovered } : {}), fakeSuspectsBefore: s.fakeSuspects.before, fakeSuspectsAfter: s.fakeSuspects.after };
}

/** Finishes what an earlier run left pending, then scores every mention of the brand again, page by page; `summary` counts as it goes. */
async function rescoreAll(brand: Brand, summary: RescoreSummary, deps: RescoreDeps, onPage: () => Promise<void>): Promise<void> {
  const { store } = deps;
  summary.recovered = await finishPendingRescores(store, brand.id);
  await deps.prepare?.(brand);
  for await (const page of rescoredPages(brand, deps)) {
    const updates: { id: string; scores: Scores; flags: MentionFlags }[] = [];
    for (const r of page) {
      count(summary, r);
      if (r.changed) updates.push({ id: r.mention.id, scores: r.scores, flags: r.flags });
    }
    if (updates.length > 0) {
      const batch = `rescore:${newId()}`;
      const done = await store.rescoreMentions(brand.id, updates, batch);
      if (done.length) await applyRescore(store, batch, done);
      summary.changed += done.length;
    }
    await onPage();
  }
}

interface Rescored { mention: Mention; scores: Scores; flags: MentionFlags; changed: boolean }

/** The brand's stored mentions, a page at a time, each with its scores now and whether they differ from the stored ones. */
async function* rescoredPages(brand: Brand, deps: Pick<RescoreDeps, 'store' | 'score' | 'pageSize'>): AsyncGenerator<Rescored[]> {
  const { store } = deps;
  const launches = new Map<string, Launch | undefined>();
  let cursor: string | undefined;
  do {
    const page = await store.queryMentions({ brandId: brand.id }, { cursor, limit: deps.pageSize ?? PAGE });
    cursor = page.nextCursor;
    const out: Rescored[] = [];
    for (const m of page.items) {
      const launch = m.launchId ? await launchOf(store, launches, m.launchId) : undefined;
      const { scores, flags } = deps.score(m, { brand, launch, behaviour: behaviourOf(m.scores?.fake), copyOf: m.scores?.fake?.copyOf ?? null });
      out.push({ mention: m, scores, flags, changed: !same(scores, m.scores) || !same(flags, m.flags) });
    }
    yield out;
  } while (cursor);
}

function count(summary: Pick<RescoreSummary, 'scanned' | 'fakeSuspects'>, r: Rescored): void {
  summary.scanned++;
  if (r.mention.flags?.fakeSuspect) summary.fakeSuspects.before++;
  if (r.flags.fakeSuspect) summary.fakeSuspects.after++;
}

/** What a rescore would change, found without writing anything. */
export interface RescorePreview extends RescorePreviewDetail {
  brandId: string;
  scanned: number;
  /** Mentions whose scores would change. */
  changed: number;
  fakeSuspects: { before: number; after: number };
}
export type { PreviewExample };

/**
 * Scores the brand's stored mentions as a rescore would (deps.score: its current models, or
 * models not saved yet) and says what would change, without writing anything: a brand checks a
 * model on its own mentions before it saves it. Null for an unknown brand.
 */
export async function previewRescore(brandId: string, deps: PreviewDeps, examples = 5): Promise<RescorePreview | null> {
  const brand = await deps.store.getBrand(brandId);
  return brand ? previewBrand(brand, deps, examples) : null;
}

type PreviewDeps = Pick<RescoreDeps, 'store' | 'score' | 'prepare' | 'pageSize'>;

/** previewRescore of a brand read already; `onPage` is told the counts so far after each page (its aspects and examples are not final until the end). */
async function previewBrand(brand: Brand, deps: PreviewDeps, examples: number, onPage?: (soFar: RescorePreview) => Promise<void>): Promise<RescorePreview> {
  await deps.prepare?.(brand);
  const preview: RescorePreview = { brandId: brand.id, scanned: 0, changed: 0, fakeSuspects: { before: 0, after: 0 }, aspects: {}, examples: { becomeSuspect: [], stopSuspect: [] } };
  const aspects = new Map<string, { before: number; after: number }>();
  const tally = (list: Scores['aspects'] | undefined, side: 'before' | 'after') => {
    for (const a of list ?? []) {
      const key = `${a.aspect}:${a.polarity}`;
      const c = aspects.get(key) ?? { before: 0, after: 0 };
      c[side]++;
      aspects.set(key, c);
    }
  };
  for await (const page of rescoredPages(brand, deps)) {
    for (const r of page) {
      count(preview, r);
      if (!r.changed) continue;
      preview.changed++;
      tally(r.mention.scores?.aspects, 'before');
      tally(r.scores.aspects, 'after');
      const was = !!r.mention.flags?.fakeSuspect;
      if (was === r.flags.fakeSuspect) continue;
      const list = was ? preview.examples.stopSuspect : preview.examples.becomeSuspect;
      if (list.length < examples) {
        list.push({
          id: r.mention.id, externalId: r.mention.externalId, text: r.mention.text.slice(0, 160),
          likelihood: { before: r.mention.scores?.fake?.likelihood ?? 0, after: r.scores.fake.likelihood },
        });
      }
    }
    await onPage?.(preview);
  }
  // Only the mentions that change were tallied, so an aspect whose counts match did not move.
  for (const [key, c] of [...aspects].sort(([a], [b]) => a.localeCompare(b))) if (c.before !== c.after) preview.aspects[key] = c;
  return preview;
}

/** Equal as stored: a store may keep an absent field as null (MongoDB writes undefined as null). */
function same(a: unknown, b: unknown): boolean {
  const plain = (_k: string, v: unknown) => (v === null ? undefined : v);
  return JSON.stringify(a, plain) === JSON.stringify(b, plain);
}

async function launchOf(store: Store, cache: Map<string, Launch | undefined>, id: string): Promise<Launch | undefined> {
  if (!cache.has(id)) cache.set(id, (await store.getLaunch(id)) ?? undefined);
  return cache.get(id);
}

/** Moves the rollups of a rescored batch from the scores before to the scores now, once, then forgets the scores before. */
async function applyRescore(store: Store, batch: string, done: RescoredMention[]): Promise<void> {
  const before: Mention[] = done.map((r) => ({ ...r.mention, scores: r.before.scores, flags: r.before.flags }));
  const diff = rollupDifference(before, done.map((r) => r.mention));
  if (diff.length) await store.addToRollups(diff, batch);
  await store.completeRescore(batch);
}

/** Finishes the rescore batches a run cut short left pending; returns how many mentions. */
async function finishPendingRescores(store: Store, brandId: string): Promise<number> {
  let n = 0;
  for (const { batch, mentions } of await store.resumePendingRescores(brandId)) {
    await applyRescore(store, batch, mentions);
    n += mentions.length;
  }
  return n;
}
