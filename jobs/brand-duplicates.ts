// One near-duplicate index per brand, kept by each worker process and seeded from the store with
// the brand's recent reviews, so copy-paste review farms are caught across runs and sources.
// An index grows with every review the worker scores (about 0.75 KB each: 37 MB at the index's own
// cap of 50,000), so the worker keeps a budget of reviews across all its brands and lets the least
// recently used brands go past it: a brand let go is seeded from the store again when it comes back.
import { DuplicateIndex } from '../src/scoring/index.js';
import type { Store } from '../src/ports/store.js';

const SEED_REVIEWS = 1000;
const MAX_BRANDS = 200;
/** Reviews indexed across all brands (about 0.75 KB each: ~150 MB), before least recently used brands are let go. */
const MAX_TOTAL_REVIEWS = 200_000;

export interface BrandDuplicatesOptions {
  seedReviews?: number;
  maxBrands?: number;
  maxTotalReviews?: number;
}

export class BrandDuplicates {
  private readonly indexes = new Map<string, DuplicateIndex>();
  private readonly seedReviews: number;
  private readonly maxBrands: number;
  private readonly maxTotalReviews: number;

  constructor(private readonly store: Store, opts: BrandDuplicatesOptions = {}) {
    this.seedReviews = opts.seedReviews ?? SEED_REVIEWS;
    this.maxBrands = opts.maxBrands ?? MAX_BRANDS;
    this.maxTotalReviews = opts.maxTotalReviews ?? MAX_TOTAL_REVIEWS;
  }

  /** Loads the brand's index (from its stored reviews) if this process has not got it yet. */
  async load(brandId: string): Promise<DuplicateIndex> {
    let idx = this.indexes.get(brandId);
    if (idx) {
      // Refresh recency for the LRU.
      this.indexes.delete(brandId);
      this.indexes.set(brandId, idx);
    } else {
      idx = new DuplicateIndex();
      const page = await this.store.queryMentions({ brandId, kind: 'review' }, { limit: this.seedReviews });
      for (const m of page.items) idx.check(m.externalId, m.text);
      this.indexes.set(brandId, idx);
    }
    // Indexes grew since the last load (every scored review is added): trim to the budgets here,
    // before a batch, never the brand about to be scored.
    let total = 0;
    for (const x of this.indexes.values()) total += x.size;
    for (const [id, x] of this.indexes) {
      if (this.indexes.size <= this.maxBrands && total <= this.maxTotalReviews) break;
      if (id === brandId) continue;
      this.indexes.delete(id);
      total -= x.size;
    }
    return idx;
  }

  peek(brandId: string): DuplicateIndex | undefined {
    return this.indexes.get(brandId);
  }

  /** Brands whose index this process holds, least recently used first, and the reviews indexed in all. */
  held(): { brands: string[]; reviews: number } {
    let reviews = 0;
    for (const x of this.indexes.values()) reviews += x.size;
    return { brands: [...this.indexes.keys()], reviews };
  }
}
