import { Schema } from 'mongoose';
import { RESCORE_RUN_STATUSES } from '../src/core/types.js';
import { schemaOptions } from './options.js';

/** One run of rescoring a brand's stored mentions, with its progress and how it ended (core RescoreRun). */
export const rescoreRunSchema = new Schema({
  _id: { type: String, required: true },
  brandId: { type: String, required: true },
  jobId: String,
  startedAt: { type: String, required: true },
  finishedAt: String,
  status: { type: String, enum: [...RESCORE_RUN_STATUSES], required: true },
  total: { type: Number, required: true },
  scanned: { type: Number, required: true },
  changed: { type: Number, required: true },
  fakeSuspectsBefore: { type: Number, required: true },
  fakeSuspectsAfter: { type: Number, required: true },
  recovered: { type: Number, required: true },
  error: String,
  coveredBy: String,
  dryRun: Boolean,
  preview: Schema.Types.Mixed,
}, schemaOptions('rescore_runs'));

rescoreRunSchema.index({ brandId: 1, startedAt: -1 });
