import { Schema } from 'mongoose';
import { schemaOptions } from './options.js';

/**
 * A batch of mentions stored but not yet counted in the rollups. Inserted before the batch's
 * mentions (there are no transactions), deleted once the batch is counted; a run cut short in
 * between leaves it for the next run of the source to finish (Store.listPendingBatches).
 */
export const pendingBatchSchema = new Schema({
  _id: { type: String, required: true },
  sourceId: { type: String, required: true },
  brandId: { type: String, required: true },
  createdAt: { type: String, required: true },
}, schemaOptions('pending_batches'));

pendingBatchSchema.index({ sourceId: 1, createdAt: 1 });
pendingBatchSchema.index({ brandId: 1 });
