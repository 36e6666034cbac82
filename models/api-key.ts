import { Schema } from 'mongoose';
import { schemaOptions } from './options.js';

export const apiKeySchema = new Schema({
  _id: { type: String, required: true },
  name: { type: String, required: true },
  /** sha256 of the key; the key itself is never stored. */
  hash: { type: String, required: true },
  role: { type: String, enum: ['admin', 'analyst', 'viewer'], required: true },
  brandIds: [String],
  createdAt: { type: String, required: true },
  lastUsedAt: String,
}, schemaOptions('api_keys'));

apiKeySchema.index({ hash: 1 }, { unique: true });
