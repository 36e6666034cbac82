import { Schema } from 'mongoose';
import { schemaOptions } from './options.js';

export const launchSchema = new Schema({
  _id: { type: String, required: true },
  brandId: { type: String, required: true },
  name: { type: String, required: true },
  type: { type: String, enum: ['launch', 'campaign'] },
  startAt: String,
  endAt: String,
  products: [String],
  keywords: [String],
  price: String,
  promises: [String],
  createdAt: { type: String, required: true },
  updatedAt: { type: String, required: true },
}, schemaOptions('launches'));

launchSchema.index({ brandId: 1, startAt: 1 });
