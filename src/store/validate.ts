// Checks shared by both adapters. Filters reach the store from the API and the CLI; the store only
// ever builds queries from values that passed these checks (strings compared by equality, known
// enum members, canonical ISO dates), so operator smuggling such as `{ $ne: null }` in a filter
// value is rejected here rather than trusted.
import { ValidationError } from '../core/errors.js';
import { MENTION_FLAGS, MENTION_KINDS, ALERT_KINDS, BRAND_MODEL_KINDS, MAX_BRAND_MODEL_BYTES, RESCORE_RUN_STATUSES, ROLLUP_COUNTERS } from '../core/types.js';
import type { BrandModelInfo, BrandModelKind, Mention, MentionFlag, MentionKind, PreviewExample, RescorePreviewDetail, RescoreRun, RescoreRunProgress, RollupIncrement } from '../core/types.js';
import type { AlertFilter, MentionFilter, MentionScoresUpdate, RescoredMention, RollupQuery } from '../ports/store.js';
import { hourStart } from '../core/time.js';

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 1000;
/**
 * Runs kept per source (scrape runs) and per brand (rescore runs): as many as one list can show.
 * An hourly source writes 8,760 runs a year; its history is for seeing what went wrong lately,
 * so a new run deletes the ones past this many (about six weeks of an hourly source).
 */
export const RUNS_KEPT = MAX_PAGE_LIMIT;
const LABELS = ['negative', 'neutral', 'positive'] as const;
const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
const ALERT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;

function fail(path: string, message: string): never {
  throw new ValidationError(`Invalid ${path}: ${message}`, [{ path, message }]);
}

/** A plain object (not null, not an array). */
function checkObject(value: unknown, path: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail(path, `expected an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

export function checkString(value: unknown, path: string): string {
  if (typeof value !== 'string') fail(path, `expected a string, got ${describe(value)}`);
  return value;
}

export function checkModelKind(value: unknown): BrandModelKind {
  if (!(BRAND_MODEL_KINDS as readonly unknown[]).includes(value)) fail('kind', `expected one of ${BRAND_MODEL_KINDS.join(', ')}, got ${describe(value)}`);
  return value as BrandModelKind;
}

/** A brand's model infos in BRAND_MODEL_KINDS order (what listBrandModelInfos returns from either adapter). */
export function byKind(infos: BrandModelInfo[]): BrandModelInfo[] {
  return [...infos].sort((a, b) => BRAND_MODEL_KINDS.indexOf(a.kind) - BRAND_MODEL_KINDS.indexOf(b.kind));
}

/** What saveBrandModel is handed, checked the same way by both adapters; returns the file's size in bytes. */
export function checkBrandModel(json: unknown, about: unknown): number {
  checkString(json, 'json');
  const bytes = Buffer.byteLength(json as string, 'utf8');
  if (bytes === 0 || bytes > MAX_BRAND_MODEL_BYTES) fail('json', `a model file must have 1 to ${MAX_BRAND_MODEL_BYTES} bytes, got ${bytes}`);
  const a = about as { name?: unknown; meta?: unknown } | null;
  checkString(a?.name, 'name');
  checkObject(a?.meta, 'meta');
  return bytes;
}

export function optString(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : checkString(value, path);
}

export function optBoolean(value: unknown, path: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') fail(path, `expected a boolean, got ${describe(value)}`);
  return value;
}

function optEnum<T extends string>(value: unknown, allowed: readonly T[], path: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    fail(path, `expected one of ${allowed.join(', ')}, got ${describe(value)}`);
  }
  return value as T;
}

/** Canonical ISO (what Date#toISOString prints), so that string comparison equals time comparison. */
export function isoDate(value: unknown, path: string): string {
  if (typeof value !== 'string' && !(value instanceof Date)) fail(path, `expected an ISO date, got ${describe(value)}`);
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) fail(path, `not a valid date: ${String(value)}`);
  return d.toISOString();
}

function optIso(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : isoDate(value, path);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** A MentionFilter with every value checked and dates canonical. */
export interface CheckedMentionFilter {
  brandId?: string;
  launchId?: string;
  sourceId?: string;
  kind?: MentionKind;
  from?: string;
  to?: string;
  flags: MentionFlag[];
  lang?: string;
  label?: 'negative' | 'neutral' | 'positive';
  text?: string;
}

export function checkMentionFilter(filter: MentionFilter | undefined): CheckedMentionFilter {
  const f = (filter ?? {}) as Record<string, unknown>;
  if (typeof f !== 'object' || Array.isArray(f)) fail('filter', 'expected an object');
  let flags: MentionFlag[] = [];
  if (f.flags !== undefined) {
    if (!Array.isArray(f.flags)) fail('flags', 'expected an array');
    flags = [...new Set(f.flags.map((x, n) => optEnum(x, MENTION_FLAGS, `flags[${n}]`) as MentionFlag))];
  }
  const text = optString(f.text, 'text');
  return {
    brandId: optString(f.brandId, 'brandId'),
    launchId: optString(f.launchId, 'launchId'),
    sourceId: optString(f.sourceId, 'sourceId'),
    kind: optEnum(f.kind, MENTION_KINDS, 'kind'),
    from: optIso(f.from, 'from'),
    to: optIso(f.to, 'to'),
    flags,
    lang: optString(f.lang, 'lang'),
    label: optEnum(f.label, LABELS, 'label'),
    text: text === '' ? undefined : text,
  };
}

export function checkLimit(limit: unknown, fallback = DEFAULT_PAGE_LIMIT): number {
  if (limit === undefined) return fallback;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_LIMIT) {
    fail('limit', `expected an integer 1..${MAX_PAGE_LIMIT}`);
  }
  return limit;
}

export interface CheckedRollupQuery {
  brandId: string;
  launchId?: string;
  kind?: MentionKind;
  from: string;
  to: string;
}

export function checkRollupQuery(q: RollupQuery): CheckedRollupQuery {
  if (!q || typeof q !== 'object') fail('query', 'expected an object');
  return {
    brandId: checkString(q.brandId, 'brandId'),
    launchId: optString(q.launchId, 'launchId'),
    kind: optEnum(q.kind, MENTION_KINDS, 'kind'),
    from: isoDate(q.from, 'from'),
    to: isoDate(q.to, 'to'),
  };
}

export interface CheckedAlertFilter {
  brandId?: string;
  launchId?: string;
  kind?: string;
  status?: string;
  severity?: string;
  limit: number;
}

export function checkAlertFilter(filter: AlertFilter | undefined): CheckedAlertFilter {
  const f = (filter ?? {}) as Record<string, unknown>;
  return {
    brandId: optString(f.brandId, 'brandId'),
    launchId: optString(f.launchId, 'launchId'),
    kind: optEnum(f.kind, ALERT_KINDS, 'kind'),
    status: optEnum(f.status, ALERT_STATUSES, 'status'),
    severity: optEnum(f.severity, ALERT_SEVERITIES, 'severity'),
    limit: checkLimit(f.limit, 100),
  };
}

/** Validates increments and merges those that hit the same bucket, so each bucket is written once
 *  per call (fewer statements, fewer round trips, same sums). */
export function mergeIncrements(increments: RollupIncrement[]): RollupIncrement[] {
  if (!Array.isArray(increments)) fail('increments', 'expected an array');
  const byKey = new Map<string, RollupIncrement>();
  increments.forEach((inc, n) => {
    const brandId = checkString(inc.brandId, `increments[${n}].brandId`);
    const launchId = inc.launchId === undefined ? '' : checkString(inc.launchId, `increments[${n}].launchId`);
    const kind = optEnum(inc.kind, MENTION_KINDS, `increments[${n}].kind`);
    if (!kind) fail(`increments[${n}].kind`, 'required');
    const hour = hourStart(isoDate(inc.hour, `increments[${n}].hour`));
    const key = `${brandId}\u0000${launchId}\u0000${kind}\u0000${hour}`;
    let acc = byKey.get(key);
    if (!acc) {
      acc = { brandId, launchId, kind, hour, count: 0, sentimentSum: 0, pos: 0, neu: 0, neg: 0, fakeSuspects: 0, mismatches: 0, undisclosed: 0, reach: 0, fiveStar: 0, aspects: {} };
      byKey.set(key, acc);
    }
    for (const c of ROLLUP_COUNTERS) {
      const v = inc[c] ?? 0;
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`increments[${n}].${c}`, 'expected a finite number');
      acc[c] += v;
    }
    for (const [k, v] of Object.entries(inc.aspects ?? {})) {
      if (k === '') fail(`increments[${n}].aspects`, 'empty aspect key');
      if (typeof v !== 'number' || !Number.isFinite(v)) fail(`increments[${n}].aspects.${k}`, 'expected a finite number');
      acc.aspects[k] = (acc.aspects[k] ?? 0) + v;
    }
  });
  return [...byKey.values()];
}

/** Fields a patch may change; anything else in a patch (id, brandId, createdAt…) is ignored. */
export function pickPatch<T extends object>(patch: T | undefined, allowed: readonly string[]): Partial<T> {
  const out: Record<string, unknown> = {};
  if (!patch || typeof patch !== 'object') return out as Partial<T>;
  for (const k of allowed) {
    const v = (patch as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out as Partial<T>;
}

export const BRAND_FIELDS = ['name', 'mission', 'values', 'claims', 'forbiddenClaims', 'keywords', 'handles', 'competitors', 'languages', 'sensitivity', 'webhooks'] as const;
export const LAUNCH_PATCH_FIELDS = ['name', 'type', 'startAt', 'endAt', 'products', 'keywords', 'price', 'promises'] as const;
export const SOURCE_PATCH_FIELDS = ['launchId', 'name', 'kind', 'url', 'api', 'query', 'mentionKind', 'schedule', 'enabled', 'recipe', 'state'] as const;
export const ALERT_PATCH_FIELDS = ['severity', 'status', 'title', 'windowStart', 'windowEnd', 'evidence', 'acknowledgedBy', 'acknowledgedAt', 'resolvedBy', 'resolvedAt'] as const;

/** Escapes LIKE wildcards; used with `ESCAPE '\'`. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Escapes a string for use as a literal inside a RegExp source. */
export function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Checks the fields the store relies on and makes dates canonical so that string order = time order.
 *  Returns the same object when nothing needed changing. */
export function checkMention(m: Mention, n: number): Mention {
  if (!m || typeof m !== 'object') fail(`mentions[${n}]`, 'expected a mention object');
  for (const key of ['id', 'sourceId', 'externalId', 'brandId', 'kind', 'text'] as const) checkString(m[key], `mentions[${n}].${key}`);
  if (m.launchId !== undefined) checkString(m.launchId, `mentions[${n}].launchId`);
  if (!m.scores || typeof m.scores !== 'object') fail(`mentions[${n}].scores`, 'required');
  if (!m.flags || typeof m.flags !== 'object') fail(`mentions[${n}].flags`, 'required');
  const publishedAt = isoDate(m.publishedAt, `mentions[${n}].publishedAt`);
  const fetchedAt = isoDate(m.fetchedAt, `mentions[${n}].fetchedAt`);
  return publishedAt === m.publishedAt && fetchedAt === m.fetchedAt ? m : { ...m, publishedAt, fetchedAt };
}

/** Updates for rescoreMentions: each an id with scores and flags objects. */
export function checkScoresUpdates(updates: MentionScoresUpdate[]): MentionScoresUpdate[] {
  if (!Array.isArray(updates)) fail('updates', 'expected an array');
  return updates.map((u, n) => {
    if (!u || typeof u !== 'object') fail(`updates[${n}]`, 'expected an object');
    checkString(u.id, `updates[${n}].id`);
    if (!u.scores || typeof u.scores !== 'object') fail(`updates[${n}].scores`, 'required');
    if (!u.flags || typeof u.flags !== 'object') fail(`updates[${n}].flags`, 'required');
    return u;
  });
}

/**
 * A rescored mention as its pending batch keeps it: all its rollups need, without its texts (a
 * batch stays far below MongoDB's 16 MB per document, whatever the mentions say).
 */
export function pendingRescoreItem(r: RescoredMention): RescoredMention {
  const { title: _t, caption: _c, ...rest } = r.mention;
  return { mention: { ...rest, text: '' }, before: r.before };
}

/** A batch id for upsertMentions: a string, and every mention of the call from one source. */
export function checkBatch(batch: unknown, mentions: readonly Mention[]): string {
  const b = checkString(batch, 'batch');
  const sources = new Set(mentions.map((m) => m.sourceId));
  if (sources.size > 1) throw new ValidationError('upsertMentions: a batch holds the mentions of one source', [{ path: 'batch', message: 'mentions of several sources' }]);
  return b;
}

const RESCORE_COUNTS = ['scanned', 'changed', 'fakeSuspectsBefore', 'fakeSuspectsAfter', 'recovered'] as const;
/** Longest error kept on a rescore run: enough to read, bounded whatever the error says. */
const MAX_RUN_ERROR = 500;

function checkCount(value: unknown, path: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) fail(path, `expected a whole number ≥ 0, got ${describe(value)}`);
  return value as number;
}

/** A new rescore run: the brand, its job, its start, the mentions it is to read, and whether it is a dry run. */
export function newRescoreRun(id: string, input: { brandId: unknown; jobId?: unknown; startedAt: unknown; total: unknown; dryRun?: unknown }): RescoreRun {
  if (!input || typeof input !== 'object') fail('input', 'expected an object');
  const jobId = optString(input.jobId, 'jobId');
  const dryRun = optBoolean(input.dryRun, 'dryRun');
  return {
    id, brandId: checkString(input.brandId, 'brandId'), ...(jobId !== undefined ? { jobId } : {}),
    startedAt: isoDate(input.startedAt, 'startedAt'), status: 'running', total: checkCount(input.total, 'total'),
    scanned: 0, changed: 0, fakeSuspectsBefore: 0, fakeSuspectsAfter: 0, recovered: 0,
    ...(dryRun ? { dryRun } : {}),
  };
}

/** Examples a dry run keeps of each way a verdict changes (the CLI's --examples allows 100). */
const MAX_PREVIEW_EXAMPLES = 100;
const MAX_PREVIEW_TEXT = 160;

/** A dry run's findings, checked and cut to size (texts to MAX_PREVIEW_TEXT characters). */
function checkPreview(p: unknown): RescorePreviewDetail {
  const { aspects, examples, files } = checkObject(p, 'preview');
  const outAspects: RescorePreviewDetail['aspects'] = {};
  for (const [key, c] of Object.entries(checkObject(aspects, 'preview.aspects') as Record<string, { before?: unknown; after?: unknown } | null>)) {
    // "aspect:polarity": also what MongoDB takes as a field name (no '.', no leading '$').
    if (!/^[a-z][a-z-]*:[a-z]+$/.test(key)) fail('preview.aspects', `expected keys such as "price:negative", got ${JSON.stringify(key.slice(0, 40))}`);
    outAspects[key] = { before: checkCount(c?.before, `preview.aspects.${key}.before`), after: checkCount(c?.after, `preview.aspects.${key}.after`) };
  }
  const ex = examples as { becomeSuspect?: unknown; stopSuspect?: unknown } | null;
  const list = (xs: unknown, path: string): PreviewExample[] => {
    if (!Array.isArray(xs) || xs.length > MAX_PREVIEW_EXAMPLES) fail(path, `expected an array of at most ${MAX_PREVIEW_EXAMPLES} examples`);
    return xs.map((x: { id?: unknown; externalId?: unknown; text?: unknown; likelihood?: { before?: unknown; after?: unknown } } | null, i) => ({
      id: checkString(x?.id, `${path}[${i}].id`), externalId: checkString(x?.externalId, `${path}[${i}].externalId`),
      text: checkString(x?.text, `${path}[${i}].text`).slice(0, MAX_PREVIEW_TEXT),
      likelihood: { before: checkUnit(x?.likelihood?.before, `${path}[${i}].likelihood.before`), after: checkUnit(x?.likelihood?.after, `${path}[${i}].likelihood.after`) },
    }));
  };
  const named = files === undefined ? undefined : checkObject(files, 'preview.files');
  const outFiles: NonNullable<RescorePreviewDetail['files']> = {};
  for (const kind of BRAND_MODEL_KINDS) {
    const name = optString(named?.[kind], `preview.files.${kind}`);
    if (name !== undefined) outFiles[kind] = name.slice(0, MAX_PREVIEW_TEXT);
  }
  return {
    ...(files !== undefined ? { files: outFiles } : {}),
    aspects: outAspects, examples: { becomeSuspect: list(ex?.becomeSuspect, 'preview.examples.becomeSuspect'), stopSuspect: list(ex?.stopSuspect, 'preview.examples.stopSuspect') },
  };
}

function checkUnit(value: unknown, path: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) fail(path, `expected a number from 0 to 1, got ${describe(value)}`);
  return value;
}

/** The fields of a rescore run's progress that are given, checked; the error is cut to MAX_RUN_ERROR characters. */
export function checkRescoreProgress(p: RescoreRunProgress): RescoreRunProgress {
  if (!p || typeof p !== 'object') fail('progress', 'expected an object');
  const out: RescoreRunProgress = {};
  const status = optEnum(p.status, RESCORE_RUN_STATUSES, 'status');
  if (status !== undefined) out.status = status;
  const finishedAt = optIso(p.finishedAt, 'finishedAt');
  if (finishedAt !== undefined) out.finishedAt = finishedAt;
  for (const k of RESCORE_COUNTS) if (p[k] !== undefined) out[k] = checkCount(p[k], k);
  const error = optString(p.error, 'error');
  if (error !== undefined) out.error = error.slice(0, MAX_RUN_ERROR);
  const coveredBy = optString(p.coveredBy, 'coveredBy');
  if (coveredBy !== undefined) out.coveredBy = coveredBy;
  if (p.preview !== undefined) out.preview = checkPreview(p.preview);
  return out;
}
