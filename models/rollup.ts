// One document per (brand, launch, mention kind, hour), incremented with $inc + upsert.
// `aspects` keys are `${aspect}:${polarity}` with '.', '$' and '%' percent-encoded (MongoStore
// encodes on write and decodes on read), because '.' would be read as a path separator.
import { Schema } from 'mongoose';
import { schemaOptions } from './options.js';

/** The bucket key and its counters, shared by the two forms below. */
const bucketFields = {
  _id: { type: String, required: true },
  brandId: { type: String, required: true },
  /** '' for mentions outside any launch. */
  launchId: { type: String, default: '' },
  kind: { type: String, required: true },
  hour: { type: String, required: true },
  count: Number,
  sentimentSum: Number,
  pos: Number,
  neu: Number,
  neg: Number,
  fakeSuspects: Number,
  mismatches: Number,
  undisclosed: Number,
  reach: Number,
  fiveStar: Number,
};

export const rollupSchema = new Schema({ ...bucketFields, aspects: Schema.Types.Mixed }, schemaOptions('rollups'));

rollupSchema.index({ brandId: 1, launchId: 1, kind: 1, hour: 1 }, { unique: true });
rollupSchema.index({ brandId: 1, hour: 1 });

/**
 * Ledger form of the same buckets, for servers where `$inc` is not atomic (FerretDB 1.x applies
 * updates as read-modify-write, so concurrent `$inc`s lose increments; measured in the contract
 * suite). Each addToRollups call inserts one delta per bucket (inserts are atomic); queries sum the
 * deltas of the buckets they read. Aspects are `{ k, n }` items so keys need no encoding.
 */
export const rollupDeltaSchema = new Schema({
  ...bucketFields,
  aspects: [Schema.Types.Mixed],
}, schemaOptions('rollup_deltas'));

rollupDeltaSchema.index({ brandId: 1, hour: 1 });
rollupDeltaSchema.index({ brandId: 1, launchId: 1, kind: 1, hour: 1 });
