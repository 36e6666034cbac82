import { Schema } from 'mongoose';
import { schemaOptions } from './options.js';

export const brandSchema = new Schema({
  _id: { type: String, required: true },
  name: { type: String, required: true },
  mission: String,
  values: [String],
  claims: [String],
  forbiddenClaims: [String],
  keywords: [String],
  handles: [String],
  competitors: [String],
  languages: [String],
  sensitivity: Number,
  webhooks: [Schema.Types.Mixed],
  createdAt: { type: String, required: true },
  updatedAt: { type: String, required: true },
}, schemaOptions('brands'));
