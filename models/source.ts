import { Schema } from 'mongoose';
import { schemaOptions } from './options.js';

export const sourceSchema = new Schema({
  _id: { type: String, required: true },
  brandId: { type: String, required: true },
  launchId: String,
  name: { type: String, required: true },
  kind: { type: String, required: true },
  url: String,
  api: String,
  query: String,
  mentionKind: String,
  schedule: String,
  enabled: { type: Boolean, required: true },
  recipe: Schema.Types.Mixed,
  state: Schema.Types.Mixed,
  createdAt: { type: String, required: true },
  updatedAt: { type: String, required: true },
}, schemaOptions('sources'));

sourceSchema.index({ brandId: 1, enabled: 1 });
