// One near-duplicate index per brand, kept by each worker process and seeded from the store with
// the brand's recent reviews, so copy-paste review farms are caught across runs and sources.
import { DuplicateIndex } from '../src/scoring/index.js';
import type { Store } from '../src/ports/store.js';

const SEED_REVIEWS = 1000;
const MAX_BRANDS = 200;

export class BrandDuplicates {
  private readonly indexes = new Map<string, DuplicateIndex>();

  constructor(private readonly store: Store) {}

  /** Loads the brand's index (from its stored reviews) if this process has not got it yet. */
  async load(brandId: string): Promise<DuplicateIndex> {
    let idx = this.indexes.get(brandId);
    if (idx) {
      // Refresh recency for the LRU.
      this.indexes.delete(brandId);
      this.indexes.set(brandId, idx);
      return idx;
    }
    idx = new DuplicateIndex();
    const page = await this.store.queryMentions({ brandId, kind: 'review' }, { limit: SEED_REVIEWS });
    for (const m of page.items) idx.check(m.externalId, m.text);
    this.indexes.set(brandId, idx);
    if (this.indexes.size > MAX_BRANDS) this.indexes.delete(this.indexes.keys().next().value!);
    return idx;
  }

  peek(brandId: string): DuplicateIndex | undefined {
    return this.indexes.get(brandId);
  }
}
