// The models each brand's mentions are scored with, kept by each worker process: the brand's own
// fake-review and aspect models when it saved them (trustlens train fake|aspects --brand, or PUT
// /api/brands/:id/models/:kind), the shipped ones otherwise. Before each batch the worker asks
// the store, in one small read, which models the brand has and their versions; a file is read and
// parsed again only when its version changed, so a model saved while workers run is used from
// their next batch.
import type { Logger } from '../src/core/logger.js';
import type { BrandModelKind } from '../src/core/types.js';
import type { Store } from '../src/ports/store.js';
import { aspectModelFromFile, fakeModelFromJson, type AspectModel, type AspectModelFile, type FakeModel } from '../src/scoring/index.js';

const MAX_BRANDS = 200;

/** What each kind of model file loads as. */
interface ModelOf { fake: FakeModel; aspects: AspectModel }
const LOADERS: { [K in BrandModelKind]: (json: unknown, name: string) => ModelOf[K] } = {
  fake: (json, name) => fakeModelFromJson(json, name),
  aspects: (json) => aspectModelFromFile(json as AspectModelFile),
};

/** A model file of `kind` (its parsed JSON) as the scorers use it; throws when it is not one. */
export function modelFromJson<K extends BrandModelKind>(kind: K, json: unknown, name = `${kind} model`): ModelOf[K] {
  return LOADERS[kind](json, name) as ModelOf[K];
}

interface Held {
  version: number;
  /** undefined: the file could not be read as a model; the shipped one is used meanwhile. */
  model: ModelOf[BrandModelKind] | undefined;
}

export class BrandModels {
  /** Per brand (least recently used first), per kind it has a model of. */
  private readonly held = new Map<string, Map<BrandModelKind, Held>>();

  constructor(private readonly store: Store, private readonly logger: Logger, private readonly maxBrands = MAX_BRANDS) {}

  /** Brings the brand's models up to date with the store. */
  async load(brandId: string): Promise<void> {
    const before = this.held.get(brandId);
    const now = new Map<BrandModelKind, Held>();
    for (const info of await this.store.listBrandModelInfos(brandId)) {
      const h = before?.get(info.kind);
      now.set(info.kind, h?.version === info.version ? h : { version: info.version, model: await this.read(brandId, info.kind, info.version) });
    }
    // Refresh recency, then let the least recently used brands go past the cap.
    this.held.delete(brandId);
    if (now.size > 0) this.held.set(brandId, now);
    for (const id of this.held.keys()) {
      if (this.held.size <= this.maxBrands) break;
      this.held.delete(id);
    }
  }

  /** The brand's own model of `kind` as load() last found it (undefined: the shipped one). */
  peek<K extends BrandModelKind>(brandId: string, kind: K): ModelOf[K] | undefined {
    return this.held.get(brandId)?.get(kind)?.model as ModelOf[K] | undefined;
  }

  private async read(brandId: string, kind: BrandModelKind, version: number): Promise<ModelOf[BrandModelKind] | undefined> {
    const found = await this.store.getBrandModel(brandId, kind);
    if (!found) return undefined; // deleted between the two reads: the shipped model
    try {
      return LOADERS[kind](JSON.parse(found.json), found.info.name);
    } catch (err) {
      // Saved through the API or CLI, a file was checked before it was stored; one that still
      // fails (written by an older version, edited in the database) must not stop scoring.
      this.logger.error({ brandId, kind, version, err: (err as Error).message }, "brand's own model cannot be read: scoring with the shipped one");
      return undefined;
    }
  }
}
