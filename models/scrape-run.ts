import { Schema } from 'mongoose';
import { schemaOptions } from './options.js';

export const scrapeRunSchema = new Schema({
  _id: { type: String, required: true },
  sourceId: { type: String, required: true },
  brandId: { type: String, required: true },
  startedAt: { type: String, required: true },
  finishedAt: String,
  status: { type: String, enum: ['running', 'ok', 'failed'], required: true },
  fetched: Number,
  new: Number,
  skipped: Number,
  errors: Number,
  messages: [String],
}, { ...schemaOptions('scrape_runs'), suppressReservedKeysWarning: true });

scrapeRunSchema.index({ sourceId: 1, startedAt: -1 });
scrapeRunSchema.index({ brandId: 1 });
