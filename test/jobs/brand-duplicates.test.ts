// The worker's per-brand near-duplicate indexes on real SQLite: seeded from the brand's stored
// reviews, kept within a budget of reviews across brands by letting the least recently used
// brands go (never the one about to be scored), and seeded again when a brand comes back.
import { describe, expect, it } from 'vitest';
import { BrandDuplicates } from '../../jobs/brand-duplicates.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { brandInput, mention, sourceInput } from '../store/factories.js';

const WORDS = 'serum cream texture bottle pump scent skin morning night weeks price shipping box glass label dry oily patch jar lid smell soft shine light heavy'.split(' ');
/** A review of 24 words drawn from WORDS by a seeded generator: distinct reviews share few shingles. */
function review(seed: number): string {
  let s = seed * 7919 + 17;
  const out: string[] = [];
  for (let k = 0; k < 24; k++) { s = (s * 1103515245 + 12345) >>> 0; out.push(WORDS[s % WORDS.length]!); }
  return out.join(' ');
}

describe('BrandDuplicates', () => {
  it('seeds each brand from its stored reviews and keeps a budget of reviews across brands, least recently used brands first', async () => {
    const store = new SqliteStore({ path: ':memory:' });
    await store.init();
    try {
      const brands: string[] = [];
      for (const name of ['Alba', 'Brisa', 'Cala']) {
        const brand = await store.createBrand(brandInput({ name, webhooks: [] }));
        const source = await store.createSource(sourceInput(brand.id, { name: `${name} reviews`, mentionKind: 'review' }));
        await store.upsertMentions(Array.from({ length: 50 }, (_, i) => mention({ sourceId: source.id, brandId: brand.id, externalId: `${name}-${i}`, text: review(brands.length * 1000 + i) })));
        brands.push(brand.id);
      }
      const [a, b, c] = brands as [string, string, string];
      const dups = new BrandDuplicates(store, { seedReviews: 50, maxTotalReviews: 120 });

      const ia = await dups.load(a);
      expect(ia.size).toBe(50);
      // Seeded: a copy of a stored review is found.
      expect(ia.check('new-1', review(0))?.id).toBe('Alba-0');
      await dups.load(b);
      expect(dups.held()).toEqual({ brands: [a, b], reviews: 101 });
      // A third brand would make 151 reviews: the least recently used brand (Alba) goes.
      await dups.load(c);
      expect(dups.held()).toEqual({ brands: [b, c], reviews: 100 });
      expect(dups.peek(a)).toBeUndefined();

      // Scoring grows the index in use; the budget is kept at the next load, never by letting the
      // brand about to be scored go, even when it alone is over the budget.
      const ic = dups.peek(c)!;
      for (let i = 0; i < 100; i++) ic.check(`more-${i}`, review(9000 + i));
      await dups.load(c);
      expect(dups.held()).toEqual({ brands: [c], reviews: 150 });

      // Alba comes back: seeded from the store again, its copies found again.
      const again = await dups.load(a);
      expect(again).not.toBe(ia);
      expect(again.check('new-2', review(3))?.id).toBe('Alba-3');
      expect(dups.held().brands).toEqual([a]);
    } finally {
      await store.close();
    }
  });
});
