// Mentions are written by MongoStore with the raw driver (insertMany, ordered: false) for
// throughput; this schema documents the shape and declares the indexes.
// publishedAt / fetchedAt are canonical ISO strings (string order = time order), as in SQLite.
import { Schema } from 'mongoose';
import { schemaOptions } from './options.js';

export const mentionSchema = new Schema({
  /** mentionId(sourceId, externalId): deterministic, so re-runs and concurrent workers collide on it. */
  _id: { type: String, required: true },
  sourceId: { type: String, required: true },
  externalId: { type: String, required: true },
  brandId: { type: String, required: true },
  launchId: String,
  kind: { type: String, required: true },
  url: String,
  author: Schema.Types.Mixed,
  title: String,
  text: { type: String, required: true },
  rating: Schema.Types.Mixed,
  publishedAt: { type: String, required: true },
  fetchedAt: { type: String, required: true },
  langHint: String,
  engagement: Schema.Types.Mixed,
  caption: String,
  verifiedPurchase: Boolean,
  scores: Schema.Types.Mixed,
  /** The batch that added the mention (see pending-batch.ts). */
  rollupBatch: String,
  flags: {
    negative: Boolean,
    fakeSuspect: Boolean,
    mismatch: Boolean,
    undisclosed: Boolean,
  },
}, schemaOptions('mentions'));

mentionSchema.index({ sourceId: 1, externalId: 1 }, { unique: true });
// A pending batch's mentions are looked up by their batch.
mentionSchema.index({ rollupBatch: 1 }, { sparse: true });
// Listing and cursor seeks: newest first, ties broken by _id.
mentionSchema.index({ brandId: 1, publishedAt: -1, _id: -1 });
mentionSchema.index({ launchId: 1, publishedAt: -1, _id: -1 });
mentionSchema.index({ sourceId: 1, publishedAt: -1, _id: -1 });
mentionSchema.index({ brandId: 1, kind: 1, publishedAt: -1 });
mentionSchema.index({ brandId: 1, 'scores.lang': 1, publishedAt: -1 });
mentionSchema.index({ brandId: 1, 'scores.sentiment.label': 1, publishedAt: -1 });
mentionSchema.index({ brandId: 1, 'flags.negative': 1, publishedAt: -1 });
mentionSchema.index({ brandId: 1, 'flags.fakeSuspect': 1, publishedAt: -1 });
mentionSchema.index({ brandId: 1, 'flags.mismatch': 1, publishedAt: -1 });
mentionSchema.index({ brandId: 1, 'flags.undisclosed': 1, publishedAt: -1 });
