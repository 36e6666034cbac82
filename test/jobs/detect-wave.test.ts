// A fake-review wave as a PR team receives it: reworded copies of one review, scored by the
// pipeline with the brand's near-duplicate index and stored with their rollups on real SQLite,
// open a fake-review-wave alert whose evidence says how many suspects copy earlier reviews and
// which review was copied most.
import { describe, expect, it } from 'vitest';
import { InlineQueue } from '../../jobs/inline-queue.js';
import { processDetect } from '../../jobs/detect.js';
import { applyRollups, toMention } from '../../jobs/scrape-source.js';
import { createLogger } from '../../src/core/logger.js';
import { HOUR_MS } from '../../src/core/time.js';
import { DuplicateIndex, scoreMention } from '../../src/scoring/index.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { brandInput, mention, sourceInput } from '../store/factories.js';

const NOW = Date.parse('2026-11-20T12:30:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

// One template, reworded by "different customers": sentences reordered, a few words swapped.
const SENTENCES = [
  ['The new serum absorbs quickly', 'This serum absorbs really quickly', 'The serum absorbs so quickly'],
  ['my skin feels calm and hydrated all day', 'skin feels hydrated and calm all day long', 'my skin stays calm and hydrated all day'],
  ['the glass bottle looks elegant in the bathroom', 'the elegant glass bottle looks lovely in my bathroom', 'the glass bottle looks so elegant in the bathroom'],
  ['shipping was fast and the customer service answered every question', 'customer service answered every question and shipping was fast', 'fast shipping, and customer service answered each question'],
];

function rewording(i: number): string {
  const parts = SENTENCES.map((options, k) => options[(i + k) % options.length]!);
  const order = i % 2 === 0 ? [0, 1, 2, 3] : [1, 0, 3, 2];
  return order.map((k) => parts[k]!).join('. ') + '.';
}

describe('fake-review wave alert', () => {
  it('says how many suspects copy or reword earlier reviews, and which one was copied most', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    await store.init();
    const queue = new InlineQueue();
    try {
      const brand = await store.createBrand(brandInput({ name: 'Lumen Skin', webhooks: [] }));
      const source = await store.createSource(sourceInput(brand.id, { name: 'reviews', mentionKind: 'review' }));
      // Two quiet weeks: a genuine review every 4 hours, none suspected.
      const quiet = Array.from({ length: 84 }, (_, i) => mention({
        sourceId: source.id, brandId: brand.id, externalId: `q${i}`, publishedAt: iso(NOW - 3 * HOUR_MS - i * 4 * HOUR_MS),
      }));
      await store.upsertMentions(quiet);
      await applyRollups(store, 'quiet', quiet);

      // The last three hours: 18 rewordings of one review, scored as the ingest job scores them.
      const dup = new DuplicateIndex();
      const wave = Array.from({ length: 18 }, (_, i) => {
        const raw = {
          kind: 'review' as const, externalId: `w${i}`, text: rewording(i), publishedAt: iso(NOW - 3 * HOUR_MS + i * 10 * 60_000),
          rating: { value: 5, best: 5, worst: 1, normalized: 1 }, author: { name: `Customer ${i}`, reviewCount: 1 },
        };
        const { scores, flags } = scoreMention(raw, { brand, duplicates: dup });
        return toMention(raw, source, iso(NOW), scores, flags);
      });
      const copies = wave.filter((m) => m.scores.fake.copyOf);
      expect(copies.length).toBeGreaterThanOrEqual(12);
      expect(wave.filter((m) => m.flags.fakeSuspect).length).toBeGreaterThanOrEqual(12);
      await store.upsertMentions(wave);
      await applyRollups(store, 'wave', wave);

      const changed = await processDetect({ id: 'd1', queue: 'detect', data: { brandId: brand.id }, attempt: 1 }, {
        store, queue, clock: { now: () => new Date(NOW) }, logger: createLogger('silent'),
      });
      const alert = changed.find((a) => a.kind === 'fake-review-wave');
      expect(alert, JSON.stringify(changed.map((a) => a.kind))).toBeDefined();
      // Every suspect in the alert's window that the scorer found to be a copy, from the stored scores.
      const from = Date.parse(alert!.windowStart), to = Date.parse(alert!.windowEnd) + HOUR_MS;
      const inWindow = (m: (typeof wave)[number]) => Date.parse(m.publishedAt) >= from && Date.parse(m.publishedAt) < to;
      const suspectCopies = wave.filter((m) => inWindow(m) && m.flags.fakeSuspect && m.scores.fake.copyOf);
      expect(suspectCopies.length).toBeGreaterThanOrEqual(10);
      expect(alert!.evidence.figures.copies).toBe(suspectCopies.length);
      const byTarget = new Map<string, number>();
      for (const m of suspectCopies) byTarget.set(m.scores.fake.copyOf!.id, (byTarget.get(m.scores.fake.copyOf!.id) ?? 0) + 1);
      const top = [...byTarget].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]!;
      expect(alert!.evidence.summary).toContain(`${suspectCopies.length} of them copy or reword earlier reviews (review ${top[0]}: ${top[1]} times)`);
      // Stored as it was opened.
      expect((await store.getAlert(alert!.id))!.evidence.figures.copies).toBe(suspectCopies.length);
    } finally {
      await queue.close();
      await store.close();
    }
  });
});
