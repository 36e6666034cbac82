// Mongoose models for queue mode, built on a given Connection (never the global one), so several
// stores can coexist in one process (tests, migrations between databases).
import type { Connection, Model, Schema } from 'mongoose';
import { alertDeliverySchema, alertSchema } from './alert.js';
import { apiKeySchema } from './api-key.js';
import { brandSchema } from './brand.js';
import { brandModelSchema } from './brand-model.js';
import { launchSchema } from './launch.js';
import { mentionSchema } from './mention.js';
import { pendingBatchSchema } from './pending-batch.js';
import { pendingRescoreSchema } from './pending-rescore.js';
import { rescoreRunSchema } from './rescore-run.js';
import { rollupDeltaSchema, rollupSchema } from './rollup.js';
import { scrapeRunSchema } from './scrape-run.js';
import { sourceSchema } from './source.js';

export {
  alertDeliverySchema, alertSchema, apiKeySchema, brandModelSchema, brandSchema, launchSchema, mentionSchema, pendingBatchSchema, pendingRescoreSchema,
  rescoreRunSchema, rollupDeltaSchema, rollupSchema, scrapeRunSchema, sourceSchema,
};

/** Documents are handled as plain objects (lean reads, raw writes); the domain types live in src/core. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModel = Model<any>;

export interface TrustLensModels {
  Brand: AnyModel;
  Launch: AnyModel;
  Source: AnyModel;
  Mention: AnyModel;
  PendingBatch: AnyModel;
  PendingRescore: AnyModel;
  RescoreRun: AnyModel;
  Rollup: AnyModel;
  RollupDelta: AnyModel;
  Alert: AnyModel;
  AlertDelivery: AnyModel;
  ScrapeRun: AnyModel;
  ApiKey: AnyModel;
  BrandModel: AnyModel;
}

const SCHEMAS: Record<keyof TrustLensModels, Schema> = {
  Brand: brandSchema,
  Launch: launchSchema,
  Source: sourceSchema,
  Mention: mentionSchema,
  PendingBatch: pendingBatchSchema,
  PendingRescore: pendingRescoreSchema,
  RescoreRun: rescoreRunSchema,
  Rollup: rollupSchema,
  RollupDelta: rollupDeltaSchema,
  Alert: alertSchema,
  AlertDelivery: alertDeliverySchema,
  ScrapeRun: scrapeRunSchema,
  ApiKey: apiKeySchema,
  BrandModel: brandModelSchema,
};

export function buildModels(conn: Connection): TrustLensModels {
  const out = {} as TrustLensModels;
  for (const name of Object.keys(SCHEMAS) as (keyof TrustLensModels)[]) {
    out[name] = (conn.models[name] as AnyModel | undefined) ?? (conn.model(name, SCHEMAS[name]) as unknown as AnyModel);
  }
  return out;
}
