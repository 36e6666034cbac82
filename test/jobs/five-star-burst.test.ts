// The fake-review scorer's burst signal in the scrape job: a page of new 5-star reviews far above
// the brand's usual daily number marks them "part of a burst". The counts come from the rollups
// (real SQLite) and the batch's new reviews only, so a page fetched again does not count twice.
import { describe, expect, it } from 'vitest';
import { applyRollups, processScrape } from '../../jobs/scrape-source.js';
import { fiveStarContext } from '../../jobs/review-burst.js';
import { runSource } from '../../scrapers/index.js';
import { createLogger } from '../../src/core/logger.js';
import { DAY_MS, HOUR_MS } from '../../src/core/time.js';
import type { Mention } from '../../src/core/types.js';
import { scoreMention } from '../../src/scoring/index.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { useFixtureSite } from '../scrapers/helpers.js';
import { brandInput, mention, sourceInput } from '../store/factories.js';

const fx = useFixtureSite();
const NOW = Date.parse('2026-11-20T12:30:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const FIVE = { value: 5, best: 5, worst: 1, normalized: 1 };

/** A fresh in-memory SQLite store for one test, closed after it. */
async function withStore(fn: (store: SqliteStore) => Promise<void>): Promise<void> {
  const store = new SqliteStore({ path: ':memory:' });
  await store.init();
  try {
    await fn(store);
  } finally {
    await store.close();
  }
}

describe('5-star bursts', () => {
  it('mark a page of new 5-star reviews far above the usual rate, counting each review once', () => withStore(async (store) => {
    const brand = await store.createBrand(brandInput({ name: 'Lumen Skin', webhooks: [] }));
    const other = await store.createSource(sourceInput(brand.id, { name: 'older reviews', mentionKind: 'review' }));
    const source = await store.createSource(sourceInput(brand.id, {
      name: 'shop reviews', kind: 'schema-reviews', mentionKind: 'review',
      url: `${fx.site.url}/reviews/burst?n=8&others=4&old=2&until=2026-11-20T12:00:00Z`,
    }));
    // The usual rate: a 5-star review every other day for four weeks, ordinary 4-star reviews
    // in between, and one 5-star review already stored today.
    const stored: Mention[] = [];
    for (let d = 0; d < 28; d++) {
      const at = NOW - 2 * DAY_MS - d * DAY_MS;
      stored.push(mention({ sourceId: other.id, brandId: brand.id, externalId: `o${d}`, publishedAt: iso(at) }));
      if (d % 2 === 0) stored.push({ ...mention({ sourceId: other.id, brandId: brand.id, externalId: `f${d}`, publishedAt: iso(at + HOUR_MS) }), rating: FIVE });
    }
    stored.push({ ...mention({ sourceId: other.id, brandId: brand.id, externalId: 'today', publishedAt: iso(NOW - 5 * HOUR_MS) }), rating: FIVE });
    await store.upsertMentions(stored);
    await applyRollups(store, 'history', stored);

    const fetched = await runSource(source, { fetcher: fx.fetcher });
    expect(fetched.mentions.filter((m) => m.rating?.normalized === 1)).toHaveLength(10);
    // 1 stored today + 8 new (the 2 old ones are not today's); 14 over the 28 days before.
    expect(await fiveStarContext(store, source, fetched.mentions, new Date(NOW))).toEqual({ fiveStarInWindow: 9, fiveStarBaseline: 0.5 });

    const summary = await processScrape({ id: 'j1', queue: 'scrape', data: { sourceId: source.id }, attempt: 1 }, {
      store, clock: { now: () => new Date(NOW) }, logger: createLogger('silent'),
      runSource: (s) => runSource(s, { fetcher: fx.fetcher }),
      score: (m, ctx) => scoreMention(m, ctx),
    });
    expect(summary).toMatchObject({ fetched: 14, new: 14 });
    const got = (await store.queryMentions({ sourceId: source.id }, { limit: 100 })).items;
    const today = got.filter((m) => m.rating?.normalized === 1 && Date.parse(m.publishedAt) > NOW - DAY_MS);
    expect(today).toHaveLength(8);
    for (const m of today) expect(m.scores.fake.reasons).toContain('part of a burst of 5-star reviews (9 vs 0.5 usual, ×18.0)');
    // Neither the 3-star reviews nor the 5-star ones from three days ago are part of today's burst.
    for (const m of got.filter((x) => !today.includes(x))) expect(m.scores.fake.reasons.join(' ')).not.toMatch(/burst/);
    expect(got.length - today.length).toBe(6);
    // The rollups count them now, and the same page fetched again adds nothing.
    const rollups = await store.queryRollups({ brandId: brand.id, kind: 'review', from: iso(NOW - DAY_MS - HOUR_MS), to: iso(NOW + HOUR_MS) });
    expect(rollups.reduce((a, r) => a + r.fiveStar, 0)).toBe(9);
    // (The two reviews from three days ago now count in the usual rate: 16 over 28 days.)
    expect(await fiveStarContext(store, source, fetched.mentions, new Date(NOW))).toEqual({ fiveStarInWindow: 9, fiveStarBaseline: 16 / 28 });
    // A batch without 5-star reviews of the last day needs no context (and costs no query).
    const notToday = fetched.mentions.filter((m) => m.rating?.normalized !== 1 || Date.parse(m.publishedAt!) < NOW - DAY_MS);
    expect(notToday).toHaveLength(6);
    expect(await fiveStarContext(store, source, notToday, new Date(NOW))).toBeUndefined();
  }));

  it('are not judged for a brand with under a week of reviews: there is no usual rate yet', () => withStore(async (store) => {
    const brand = await store.createBrand(brandInput({ name: 'New Brand', webhooks: [] }));
    const source = await store.createSource(sourceInput(brand.id, { name: 'reviews', mentionKind: 'review' }));
    // Three days of reviews, one 5-star a day: a launch's first days, not a baseline.
    const stored = [0, 1, 2].map((d) => ({ ...mention({ sourceId: source.id, brandId: brand.id, externalId: `s${d}`, publishedAt: iso(NOW - 2 * DAY_MS - d * DAY_MS) }), rating: FIVE }));
    await store.upsertMentions(stored);
    await applyRollups(store, 'history', stored);
    const batch = Array.from({ length: 10 }, (_, i) => ({ kind: 'review' as const, externalId: `n${i}`, text: 'Great.', rating: FIVE, publishedAt: iso(NOW - i * HOUR_MS) }));
    expect(await fiveStarContext(store, source, batch, new Date(NOW))).toBeUndefined();
  }));
});
