import { Schema } from 'mongoose';
import { schemaOptions } from './options.js';

export const alertSchema = new Schema({
  _id: { type: String, required: true },
  brandId: { type: String, required: true },
  launchId: String,
  kind: { type: String, required: true },
  severity: { type: String, required: true },
  status: { type: String, required: true },
  episodeKey: { type: String, required: true },
  title: { type: String, required: true },
  windowStart: String,
  windowEnd: String,
  evidence: Schema.Types.Mixed,
  openedAt: { type: String, required: true },
  updatedAt: { type: String, required: true },
  acknowledgedBy: String,
  acknowledgedAt: String,
  resolvedBy: String,
  resolvedAt: String,
  deliveries: [Schema.Types.Mixed],
}, schemaOptions('alerts'));

alertSchema.index({ brandId: 1, kind: 1, episodeKey: 1, status: 1 });
alertSchema.index({ brandId: 1, openedAt: -1 });
alertSchema.index({ openedAt: -1 });

/**
 * The delivery log lives in its own collection, one document per attempt: an insert is atomic
 * everywhere, whereas `$push` on FerretDB 1.x is a read-modify-write that loses concurrent entries
 * (and would also race with updateAlert on the same document). `_id` sorts in insertion order.
 */
export const alertDeliverySchema = new Schema({
  _id: { type: String, required: true },
  alertId: { type: String, required: true },
  brandId: { type: String, required: true },
  delivery: Schema.Types.Mixed,
}, schemaOptions('alert_deliveries'));

alertDeliverySchema.index({ alertId: 1, _id: 1 });
alertDeliverySchema.index({ brandId: 1 });
