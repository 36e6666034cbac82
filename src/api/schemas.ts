// Zod schemas for API bodies and queries. The same schemas validate requests and generate the
// OpenAPI document, so the two cannot drift. Objects are strict: unknown fields are a 400.
import { z } from 'zod';
import { ID_PATTERN } from '../core/ids.js';
import { ALERT_KINDS, BRAND_MODEL_KINDS, MENTION_FLAGS, MENTION_KINDS, SOURCE_KINDS } from '../core/types.js';

/** A PATCH schema: every field optional and, unlike `.partial()`, no defaults filled in. */
function patchOf<T extends z.ZodRawShape>(schema: z.ZodObject<T>) {
  const shape = Object.fromEntries(Object.entries(schema.shape).map(([k, v]) =>
    [k, v instanceof z.ZodDefault ? v.unwrap() : v])) as { [K in keyof T]: T[K] extends z.ZodDefault<infer I> ? I : T[K] };
  return z.strictObject(shape).partial();
}

const text = (max: number) => z.string().trim().max(max);
const list = (max = 100, len = 500) => z.array(text(len).min(1)).max(max);
const isoDate = z.iso.datetime({ offset: true }).describe('ISO-8601 date-time');
export const idSchema = z.string().regex(ID_PATTERN, 'expected a 24-character hex id');
const httpUrl = z.url({ protocol: /^https?$/ }).max(2048).describe('http(s) URL');

export const webhookSchema = z.strictObject({
  url: httpUrl,
  format: z.enum(['slack', 'json']).default('json'),
  secret: z.string().min(16).max(256).optional().describe('HMAC-SHA256 secret for json webhooks'),
});

export const brandCreateSchema = z.strictObject({
  name: text(200).min(1),
  mission: text(5000).default(''),
  values: list().default([]),
  claims: list().default([]),
  forbiddenClaims: list().default([]),
  keywords: list().default([]),
  handles: list(50, 100).default([]),
  competitors: list(50, 200).default([]),
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).max(20).default(['en']),
  sensitivity: z.number().min(0.25).max(4).default(1),
  webhooks: z.array(webhookSchema).max(10).default([]),
}).meta({ id: 'BrandInput' });
export const brandPatchSchema = patchOf(brandCreateSchema).meta({ id: 'BrandPatch' });

export const launchCreateSchema = z.strictObject({
  brandId: idSchema,
  name: text(200).min(1),
  type: z.enum(['launch', 'campaign']).default('launch'),
  startAt: isoDate,
  endAt: isoDate.optional(),
  products: list().default([]),
  keywords: list().default([]),
  price: text(100).optional(),
  promises: list().default([]),
}).meta({ id: 'LaunchInput' });
export const launchPatchSchema = patchOf(launchCreateSchema.omit({ brandId: true })).meta({ id: 'LaunchPatch' });

const cron = z.string().trim().min(9).max(100)
  .regex(/^(\S+\s+){4,5}\S+$/, 'expected a cron expression with 5 or 6 fields').describe('cron expression');

export const sourceCreateSchema = z.strictObject({
  brandId: idSchema,
  launchId: idSchema.optional(),
  name: text(200).min(1),
  kind: z.enum(SOURCE_KINDS as [string, ...string[]]),
  url: httpUrl.optional(),
  api: z.enum(['appstore', 'reddit', 'hn', 'mastodon']).optional(),
  query: text(500).optional(),
  mentionKind: z.enum(MENTION_KINDS as [string, ...string[]]).optional(),
  schedule: cron.default('*/30 * * * *'),
  enabled: z.boolean().default(true),
  recipe: z.record(z.string(), z.unknown()).optional().describe('selector recipe (recipe and browser kinds)'),
}).meta({ id: 'SourceInput' });
export const sourcePatchSchema = patchOf(sourceCreateSchema.omit({ brandId: true })).meta({ id: 'SourcePatch' });

export const idParams = z.strictObject({ id: idSchema });
export const brandModelParams = z.strictObject({ id: idSchema, kind: z.enum(BRAND_MODEL_KINDS) });
/** A model file as `trustlens train` writes it: a JSON object, checked by the scoring layer (ApiDeps.checkModel). */
export const brandModelFileSchema = z.record(z.string(), z.unknown()).describe('the model JSON file written by `trustlens train fake|aspects --out`');

/** A model a dry run reads with: a file not saved yet, or "shipped" (the brand's own model of the kind set aside). */
const previewModelSchema = z.union([z.literal('shipped'), brandModelFileSchema]);
/** A dry run of a rescore: per kind a model file not saved yet or "shipped" (a kind not given: the brand's saved model), and how many example reviews to keep. */
export const rescorePreviewSchema = z.strictObject({
  fake: previewModelSchema.optional(),
  aspects: previewModelSchema.optional(),
  examples: z.number().int().min(0).max(100).optional().describe('reviews kept of each way a likely-fake verdict changes (default 5)'),
});

export const brandQuery = z.strictObject({});
export const launchQuery = z.strictObject({ brandId: idSchema.optional() });
export const sourceQuery = z.strictObject({ brandId: idSchema.optional(), enabled: z.enum(['true', 'false']).optional() });

export const mentionQuery = z.strictObject({
  brandId: idSchema.optional(),
  launchId: idSchema.optional(),
  sourceId: idSchema.optional(),
  kind: z.enum(MENTION_KINDS as [string, ...string[]]).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  flags: z.string().regex(new RegExp(`^(${MENTION_FLAGS.join('|')})(,(${MENTION_FLAGS.join('|')}))*$`)).optional()
    .describe(`comma-separated: ${MENTION_FLAGS.join(', ')}`),
  lang: z.string().regex(/^[a-z]{2,3}$/).optional(),
  label: z.enum(['negative', 'neutral', 'positive']).optional(),
  text: z.string().max(200).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

export const alertQuery = z.strictObject({
  brandId: idSchema.optional(),
  launchId: idSchema.optional(),
  kind: z.enum(ALERT_KINDS as [string, ...string[]]).optional(),
  status: z.enum(['open', 'acknowledged', 'resolved']).optional(),
  severity: z.enum(['low', 'medium', 'high', 'critical']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
