import { Schema } from 'mongoose';
import { schemaOptions } from './options.js';

/**
 * A batch of rescored mentions whose rollup difference is not applied yet: each mention as
 * rescored and its scores and flags from before. Inserted before the mentions are updated (there
 * are no transactions), deleted once the difference is applied; a run cut short in between leaves
 * it for the next rescore of the brand to finish (Store.resumePendingRescores).
 */
export const pendingRescoreSchema = new Schema({
  _id: { type: String, required: true },
  brandId: { type: String, required: true },
  items: { type: [Schema.Types.Mixed], required: true },
  createdAt: { type: String, required: true },
}, schemaOptions('pending_rescores'));

pendingRescoreSchema.index({ brandId: 1, createdAt: 1 });
