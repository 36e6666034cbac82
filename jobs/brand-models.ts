// The fake-review model each brand's reviews are scored with, kept by each worker process: the
// brand's own model when it saved one (trustlens train fake --brand, or PUT
// /api/brands/:id/models/fake), the shipped one otherwise. Before each batch the worker asks the
// store for the model's version only (a small read); the file is read and parsed again only
// when the version changed, so a model saved while workers run is used from their next batch.
import type { Logger } from '../src/core/logger.js';
import type { Store } from '../src/ports/store.js';
import { fakeModelFromJson, type FakeModel } from '../src/scoring/index.js';

const MAX_BRANDS = 200;

interface Held {
  version: number;
  /** undefined: the file could not be read as a model; the shipped model is used meanwhile. */
  model: FakeModel | undefined;
}

export class BrandModels {
  private readonly held = new Map<string, Held>();

  constructor(private readonly store: Store, private readonly logger: Logger, private readonly maxBrands = MAX_BRANDS) {}

  /** Brings the brand's model up to date with the store; returns it (undefined: the shipped one). */
  async load(brandId: string): Promise<FakeModel | undefined> {
    const info = await this.store.getBrandModelInfo(brandId, 'fake');
    if (!info) {
      this.held.delete(brandId);
      return undefined;
    }
    let h = this.held.get(brandId);
    if (h?.version !== info.version) {
      h = { version: info.version, model: await this.read(brandId, info.version) };
    }
    // Refresh recency, then let the least recently used brands go past the cap.
    this.held.delete(brandId);
    this.held.set(brandId, h);
    for (const id of this.held.keys()) {
      if (this.held.size <= this.maxBrands) break;
      this.held.delete(id);
    }
    return h.model;
  }

  /** The model load() last gave for the brand (undefined: the shipped one). */
  peek(brandId: string): FakeModel | undefined {
    return this.held.get(brandId)?.model;
  }

  private async read(brandId: string, version: number): Promise<FakeModel | undefined> {
    const found = await this.store.getBrandModel(brandId, 'fake');
    if (!found) return undefined; // deleted between the two reads: the shipped model
    try {
      return fakeModelFromJson(JSON.parse(found.json), found.info.name);
    } catch (err) {
      // Saved through the API or CLI, a file was checked before it was stored; one that still
      // fails (written by an older version, edited in the database) must not stop scoring.
      this.logger.error({ brandId, version, err: (err as Error).message }, "brand's own fake-review model cannot be read: scoring with the shipped model");
      return undefined;
    }
  }
}
