// What the fake-review scorer's burst signal needs before a batch is scored: the brand's 5-star
// reviews of the last day against its usual daily number, read from the rollups (so it costs one
// query of at most 29 days of hourly buckets), plus the batch's own 5-star reviews that are not
// stored yet.
import { DAY_MS, HOUR_MS, hourStart } from '../src/core/time.js';
import type { RawMention, Source } from '../src/core/types.js';
import type { Store } from '../src/ports/store.js';
import { isFiveStar } from './ingest.js';

/** Days before the last one that set the usual rate. */
const BASELINE_DAYS = 28;
/**
 * Fewer days of review history than this and there is no usual rate to compare with: a brand's
 * first reviews (or a demo that plays two days in a minute) would all look like a burst.
 */
const MIN_HISTORY_DAYS = 7;
/** Stored reviews of the source read to tell new batch reviews from re-fetched ones (the store's largest page). */
const KNOWN_LIMIT = 1_000;

export interface FiveStarContext {
  /** 5-star reviews of the brand in the last day, the batch's new ones included. */
  fiveStarInWindow: number;
  /** The brand's usual number of 5-star reviews per day (mean over the days of history before, at most 28). */
  fiveStarBaseline: number;
}

/** Start of the burst window: the last day up to `now`, by whole hours. */
function windowStartOf(now: Date): number {
  return Date.parse(hourStart(new Date(now.getTime() - DAY_MS)));
}

/**
 * Whether a review was published in the burst window (undated ones count as published now): only
 * those can be part of today's burst; an old review fetched today (a backfill) cannot.
 */
export function inBurstWindow(m: Pick<RawMention, 'publishedAt'>, now: Date): boolean {
  const t = m.publishedAt ? Date.parse(m.publishedAt) : now.getTime();
  return Number.isFinite(t) && t >= windowStartOf(now) && t <= now.getTime() + HOUR_MS;
}

/**
 * The burst context for a batch from `source`, or undefined when the batch has no 5-star review
 * of the window (the signal only reads it for those) or the brand has under a week of reviews.
 */
export async function fiveStarContext(store: Store, source: Pick<Source, 'id' | 'brandId'>, batch: readonly RawMention[], now: Date): Promise<FiveStarContext | undefined> {
  const nowMs = now.getTime();
  const windowStart = windowStartOf(now);
  const fresh = new Set(batch.filter((m) => isFiveStar(m) && inBurstWindow(m, now)).map((m) => m.externalId));
  if (!fresh.size) return undefined;
  const rollups = await store.queryRollups({
    brandId: source.brandId, kind: 'review', from: new Date(windowStart - BASELINE_DAYS * DAY_MS).toISOString(), to: new Date(nowMs + HOUR_MS).toISOString(),
  });
  let stored = 0, before = 0, first = windowStart;
  for (const r of rollups) {
    const t = Date.parse(r.hour);
    if (t >= windowStart) stored += r.fiveStar;
    else {
      before += r.fiveStar;
      if (r.count > 0 && t < first) first = t;
    }
  }
  const historyDays = (windowStart - first) / DAY_MS;
  if (historyDays < MIN_HISTORY_DAYS) return undefined;
  // A feed hands back reviews already stored (and counted above) with the new ones: count only
  // those the store has not got. Past KNOWN_LIMIT stored reviews in a day, the batch is not added.
  let added = 0;
  const known = await store.queryMentions({ sourceId: source.id, kind: 'review', from: new Date(windowStart).toISOString() }, { limit: KNOWN_LIMIT });
  if (!known.nextCursor) {
    const ids = new Set(known.items.map((m) => m.externalId));
    for (const id of fresh) if (!ids.has(id)) added++;
  }
  return { fiveStarInWindow: stored + added, fiveStarBaseline: before / Math.min(BASELINE_DAYS, historyDays) };
}
