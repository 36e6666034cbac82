// A backlash a launch causes belongs to the launch, even in the hour the brand as a whole crosses
// the line before the launch does on its own (sources are scraped in any order): the PR team gets
// one alert, the launch's, on real SQLite through the detect job.
import { describe, expect, it } from 'vitest';
import { InlineQueue } from '../../jobs/inline-queue.js';
import { processDetect } from '../../jobs/detect.js';
import { applyRollups } from '../../jobs/scrape-source.js';
import { createLogger } from '../../src/core/logger.js';
import { HOUR_MS } from '../../src/core/time.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { brandInput, launchInput, mention, sourceInput } from '../store/factories.js';

const NOW = Date.parse('2026-11-20T12:30:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

async function scenario(waveOnLaunch: boolean) {
  const store = new SqliteStore({ path: ':memory:' });
  await store.init();
  const queue = new InlineQueue();
  const brand = await store.createBrand(brandInput({ name: 'Lumen Skin', webhooks: [] }));
  const launch = await store.createLaunch(launchInput(brand.id));
  const source = await store.createSource(sourceInput(brand.id, { name: 'reviews', mentionKind: 'review' }));
  // Two weeks: the brand's chatter is liked; the launch's few mentions were already sour, so the
  // launch alone shows no sentiment drop when its wave comes, while the brand as a whole does.
  const history = [
    ...Array.from({ length: 84 }, (_, i) => mention({ sourceId: source.id, brandId: brand.id, externalId: `b${i}`, label: 'positive', publishedAt: iso(NOW - 4 * HOUR_MS - i * 4 * HOUR_MS) })),
    ...Array.from({ length: 42 }, (_, i) => mention({ sourceId: source.id, brandId: brand.id, launchId: launch.id, externalId: `l${i}`, label: 'negative', publishedAt: iso(NOW - 5 * HOUR_MS - i * 8 * HOUR_MS) })),
  ];
  // The last two hours: 30 negative mentions, on the launch or on the brand alone.
  const wave = Array.from({ length: 30 }, (_, i) => mention({
    sourceId: source.id, brandId: brand.id, ...(waveOnLaunch ? { launchId: launch.id } : {}), externalId: `w${i}`, label: 'negative',
    publishedAt: iso(NOW - 2 * HOUR_MS + i * 4 * 60_000),
  }));
  await store.upsertMentions([...history, ...wave]);
  await applyRollups(store, 'all', [...history, ...wave]);
  const changed = await processDetect({ id: 'd1', queue: 'detect', data: { brandId: brand.id }, attempt: 1 }, {
    store, queue, clock: { now: () => new Date(NOW) }, logger: createLogger('silent'),
  });
  const alerts = await store.listAlerts({ brandId: brand.id, kind: 'backlash' });
  // A second run over the same data opens nothing more.
  await processDetect({ id: 'd2', queue: 'detect', data: { brandId: brand.id }, attempt: 1 }, {
    store, queue, clock: { now: () => new Date(NOW) }, logger: createLogger('silent'),
  });
  const after = await store.listAlerts({ brandId: brand.id, kind: 'backlash' });
  await queue.close();
  await store.close();
  return { launch, changed, alerts, after };
}

describe('backlash a launch causes', () => {
  it('opens as the launch alert even when only the brand-wide rate crosses the line', async () => {
    const { launch, changed, alerts, after } = await scenario(true);
    expect(changed.filter((a) => a.kind === 'backlash')).toHaveLength(1);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.launchId).toBe(launch.id);
    expect(alerts[0]!.episodeKey).toContain(`:${launch.id}:`);
    expect(after).toHaveLength(1);
  });
  it('stays brand-wide when the brand alone carries the wave', async () => {
    const { alerts } = await scenario(false);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.launchId).toBeUndefined();
  });
});
