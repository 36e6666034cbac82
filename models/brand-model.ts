import { Schema } from 'mongoose';
import { schemaOptions } from './options.js';

/** A brand's own model (trustlens train): one document per brand and kind, `_id` = "brandId:kind". */
export const brandModelSchema = new Schema({
  _id: { type: String, required: true },
  brandId: { type: String, required: true },
  kind: { type: String, required: true },
  version: { type: Number, required: true },
  name: { type: String, required: true },
  bytes: { type: Number, required: true },
  savedAt: { type: String, required: true },
  /** JSON text: a model file's meta may hold keys MongoDB refuses ('$…', dotted). */
  meta: { type: String, required: true },
  /** The model file, read only when its version changes. */
  json: { type: String, required: true },
}, schemaOptions('brand_models'));

brandModelSchema.index({ brandId: 1 });
