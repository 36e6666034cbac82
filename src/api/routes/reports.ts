// Report endpoints (mounted under /api; role viewer; every brand touched is checked against the
// key's brand scope, and a launch outside the scope answers 403 whether or not it exists).
//
// JSON shapes (numbers are rounded; shares are 0..1; intervals are { low, high } or null):
//
// Measures = { volume, sentimentMean, sentimentCi, positiveShare, negativeShare, negativeShareCi,
//   fakeShare, fakeShareCi, mismatches, mismatchRate, undisclosed, influencerPosts, undisclosedShare, reach }
// Target   = { type: 'brand'|'launch'|'campaign', brandId, brandName, launchId?, launchName?, startAt? }
// Aspect   = { aspect, mentions, positive, neutral, negative, net (−1..1), polarity }
// Sample   = { id, kind, url?, author?, title?, text (≤400 chars, UNESCAPED scraped text), publishedAt,
//   sentiment, label, engagement, flags, reasons }
// Difference = { measure, a, b, diff (a − b), z, p, pAdjusted, h|null, effect|null, significant,
//   approximationOk, verdict: "significant: +12.0 pts, h = 0.31 (small), p < 0.001" | "not significant (noise): …" }
//
// GET /api/reports/trend?brandId=|launchId=&from&to&bucket=hour|day|week&tz=Europe/Madrid&kind&samples=true|false&format=json|csv
//   → { target: Target, range: { from, to, bucket, timeZone, requestedFrom, requestedTo }, kind, method: {…notes},
//       totals: Measures, byKind: { review?: Measures, social?, influencer?, news? },
//       buckets: [{ start, end (UTC ISO), label (local ISO with offset), hours, volume, sentimentMean, sentimentCi,
//                   negativeShare, negativeShareCi, fakeShare, mismatches, undisclosed, reach,
//                   byKind: { review?: { volume, sentimentMean, negativeShare }, … } }],
//       aspects: { top: Aspect[], praised: Aspect[], complaints: Aspect[] },
//       risingTerms: { recentFrom, recentSample, earlierSample, terms: [{ term, recent, earlier, recentShare, earlierShare, logOdds, z }] } | null,
//       topAuthors: { sample, authors: [{ author, followers, mentions, engagement, kinds, influencer, sentimentMean, url? }] } | null }
//   Range defaults: a launch from 7 days before its start to its end + 7 days (or now); a brand, the last 30 days.
//   CSV: one row per bucket.
// GET /api/reports/reception?launchId=
//   → { target, startAt, asOf, method, baseline: { from, to, days: 28, measures: Measures, volumePerHour, praised, complaints },
//       windows: [{ name: '24h'|'72h'|'7d', from, to, complete, hoursObserved, launch: Measures, brand: Measures, basis: 'launch'|'brand',
//                   changes: { volumePerHour: { window, baseline, ratio|null }, sentiment, negativeShare, fakeShare, mismatchRate: Difference|null },
//                   praised: Aspect[], complaints: Aspect[] }],
//       summary: string[] (one line per window), samples: { praise: Sample[], complaints: Sample[], suspectedFake: Sample[] } }
// GET /api/reports/compare?launchIds=a,b[,…]&days=7 | ?brandIds=a,b[,…]&from&to ; &kind&format=json|csv
//   → { mode: 'launches'|'brands', alignment, days, kind, method,
//       targets: [{ key: 'A'|'B'…, target, from, to, measures: Measures, series: [{ day, volume, sentimentMean, negativeShare, fakeShare }],
//                   praised, complaints }],
//       differences: [{ a: 'A', b: 'B', aName, bName, negativeShare, fakeShare, mismatchRate, sentimentMean: Difference|null }] }
//   CSV: one row per target, difference columns against A.
// GET /api/reports/trust-index?brandIds=a,b&from&to   (no brandIds: every brand the key may see)
//   → { from, to, weights, method, ranking: [{ brandId, brandName, index (0–100)|null, rank|null, volume, lowVolume,
//       components: [{ name: 'sentiment'|'authenticity'|'missionAlignment'|'transparency'|'responsiveness',
//                      value (0..1)|null, weight, effectiveWeight, contribution (points), detail }] }] }
import type { Request } from 'express';
import { Router } from 'express';
import { z } from 'zod';
import { ForbiddenError, NotFoundError, ValidationError } from '../../core/errors.js';
import { DAY_MS, HOUR_MS } from '../../core/time.js';
import type { Brand, Launch, MentionKind } from '../../core/types.js';
import { MENTION_KINDS } from '../../core/types.js';
import { ReportCache } from '../../reports/cache.js';
import { compareBrands, compareLaunches, compareTable } from '../../reports/compare.js';
import { toCsv } from '../../reports/csv.js';
import { checkTimeZone } from '../../reports/buckets.js';
import { receptionReport } from '../../reports/reception.js';
import { trendReport, trendTable } from '../../reports/trend.js';
import { trustReport } from '../../reports/trust.js';
import type { ApiDeps } from '../deps.js';
import { assertBrandAccess, mayAccess, type ApiRegistry } from '../route.js';
import { idSchema } from '../schemas.js';

const isoDate = z.iso.datetime({ offset: true }).describe('ISO-8601 date-time');
const kind = z.enum(MENTION_KINDS as [MentionKind, ...MentionKind[]]).optional();
const format = z.enum(['json', 'csv']).default('json');
const idList = (min: number, max: number) => z.string()
  .regex(new RegExp(`^[0-9a-f]{24}(,[0-9a-f]{24}){${min - 1},${max - 1}}$`), `expected ${min} to ${max} comma-separated 24-character hex ids`);

export const trendQuery = z.strictObject({
  brandId: idSchema.optional().describe('the brand (or give launchId)'),
  launchId: idSchema.optional().describe('a launch or campaign'),
  kind,
  from: isoDate.optional(),
  to: isoDate.optional(),
  bucket: z.enum(['hour', 'day', 'week']).default('day'),
  tz: z.string().min(1).max(64).default('UTC').describe('IANA time zone for buckets, e.g. Europe/Madrid'),
  samples: z.enum(['true', 'false']).default('true').describe('include rising terms and top authors (bounded mention samples)'),
  format,
});

export const receptionQuery = z.strictObject({ launchId: idSchema });

export const compareQuery = z.strictObject({
  launchIds: idList(2, 6).optional().describe('2–6 launches or campaigns, aligned on days since start'),
  brandIds: idList(2, 6).optional().describe('2–6 brands over the same calendar range'),
  days: z.coerce.number().int().min(1).max(90).default(7).describe('days since launch (launch comparisons)'),
  from: isoDate.optional().describe('brand comparisons: range start (default to − 30 days)'),
  to: isoDate.optional().describe('brand comparisons: range end (default now)'),
  kind,
  format,
});

export const trustQuery = z.strictObject({
  brandIds: idList(1, 50).optional().describe('brands to rank (default: every brand the key may see)'),
  from: isoDate.optional().describe('default: to − 30 days'),
  to: isoDate.optional().describe('default: now'),
});

export interface ReportRouteOptions {
  /** How long a computed report is reused (ms); 0 disables. Default 5 s. */
  cacheTtlMs?: number;
}

/** reportRoutes with options (tests turn the cache off). */
export function makeReportRoutes(opts: ReportRouteOptions = {}) {
  return (reg: ApiRegistry, deps: ApiDeps): Router => buildReportRoutes(reg, deps, opts);
}

/** The report router with defaults: plug in with createApp(deps, { apiRouters: [reportRoutes] }). */
export function reportRoutes(reg: ApiRegistry, deps: ApiDeps): Router {
  return buildReportRoutes(reg, deps, {});
}

function buildReportRoutes(reg: ApiRegistry, { store, clock }: ApiDeps, opts: ReportRouteOptions): Router {
  const r = Router();
  const cache = new ReportCache(opts.cacheTtlMs ?? 5_000);

  const brandFor = async (req: Request, id: string): Promise<Brand> => {
    assertBrandAccess(req, id);
    const b = await store.getBrand(id);
    if (!b) throw new NotFoundError('Brand not found');
    return b;
  };
  const launchFor = async (req: Request, id: string): Promise<{ brand: Brand; launch: Launch }> => {
    const launch = await store.getLaunch(id);
    if (!launch) {
      // A scoped key must not learn which launch ids exist in other brands.
      if ((req.auth?.brandIds?.length ?? 0) > 0) throw new ForbiddenError('Forbidden');
      throw new NotFoundError('Launch not found');
    }
    const brand = await brandFor(req, launch.brandId);
    return { brand, launch };
  };
  const range = (from: string | undefined, to: string | undefined, days: number) => {
    // Default end: the end of the current hour (rollups are hourly; also keeps cache keys stable).
    const t = to ? Date.parse(to) : Math.ceil(clock.now().getTime() / HOUR_MS) * HOUR_MS;
    const f = from ? Date.parse(from) : t - days * DAY_MS;
    if (!(t > f)) throw new ValidationError('The range is empty: "to" must be after "from"', [{ path: 'query.to', message: 'must be after from' }]);
    if (t - f > 731 * DAY_MS) throw new ValidationError('The range is too long: at most 731 days', [{ path: 'query.from', message: 'range longer than 731 days' }]);
    return { from: f, to: t };
  };
  const sendCsv = (res: import('express').Response, name: string, table: { header: string[]; rows: (string | number | boolean | null)[][] }) => {
    res.status(200).type('text/csv; charset=utf-8').setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
    res.send(toCsv(table.header, table.rows));
  };

  reg.add(r, {
    method: 'get', path: '/reports/trend', tag: 'reports', role: 'viewer', query: trendQuery, produces: ['application/json', 'text/csv'],
    summary: 'Trend of a brand, launch or campaign in hour/day/week buckets of a time zone (volume, sentiment with CI, shares, aspects, rising terms, top authors)',
  }, async ({ query, req, res }) => {
    if (!query.brandId && !query.launchId) {
      throw new ValidationError('Give brandId or launchId', [{ path: 'query.brandId', message: 'brandId or launchId is required' }]);
    }
    const tz = checkTimeZone(query.tz);
    let brand: Brand;
    let launch: Launch | undefined;
    if (query.launchId) {
      ({ brand, launch } = await launchFor(req, query.launchId));
      if (query.brandId && query.brandId !== brand.id) {
        assertBrandAccess(req, query.brandId);
        throw new ValidationError('The launch belongs to another brand', [{ path: 'query.launchId', message: 'not a launch of brandId' }]);
      }
    } else {
      brand = await brandFor(req, query.brandId!);
    }
    const key = JSON.stringify(['trend', brand.id, launch?.id, query.kind, query.from, query.to, query.bucket, tz, query.samples]);
    const report = await cache.get(key, () => trendReport(store, {
      brand, launch, kind: query.kind, from: query.from, to: query.to, bucket: query.bucket, timeZone: tz, samples: query.samples === 'true',
    }, clock.now()));
    if (query.format === 'csv') return sendCsv(res, `trend-${launch?.id ?? brand.id}-${query.bucket}`, trendTable(report));
    return report;
  });

  reg.add(r, {
    method: 'get', path: '/reports/reception', tag: 'reports', role: 'viewer', query: receptionQuery,
    summary: 'Launch reception: first 24 h, 72 h and 7 days against the brand\'s 28-day baseline, with what changed, praise, complaints and sample mentions',
  }, async ({ query, req }) => {
    const { brand, launch } = await launchFor(req, query.launchId);
    return cache.get(JSON.stringify(['reception', launch.id, launch.updatedAt]), () => receptionReport(store, brand, launch, clock.now()));
  });

  reg.add(r, {
    method: 'get', path: '/reports/compare', tag: 'reports', role: 'viewer', query: compareQuery, produces: ['application/json', 'text/csv'],
    summary: 'Compare launches/campaigns (aligned on days since start) or brands (same calendar range), with significance tests',
  }, async ({ query, req, res }) => {
    if (!!query.launchIds === !!query.brandIds) {
      throw new ValidationError('Give either launchIds or brandIds', [{ path: 'query.launchIds', message: 'exactly one of launchIds, brandIds' }]);
    }
    let report;
    if (query.launchIds) {
      const ids = [...new Set(query.launchIds.split(','))];
      if (ids.length < 2) throw new ValidationError('Compare needs two different launches', [{ path: 'query.launchIds', message: 'duplicate ids' }]);
      const pairs: { brand: Brand; launch: Launch }[] = [];
      for (const id of ids) pairs.push(await launchFor(req, id));
      report = await cache.get(JSON.stringify(['compare-l', ids, query.days, query.kind]), () => compareLaunches(store, pairs, query.days, query.kind));
    } else {
      const ids = [...new Set(query.brandIds!.split(','))];
      if (ids.length < 2) throw new ValidationError('Compare needs two different brands', [{ path: 'query.brandIds', message: 'duplicate ids' }]);
      const brands: Brand[] = [];
      for (const id of ids) brands.push(await brandFor(req, id));
      const { from, to } = range(query.from, query.to, 30);
      report = await cache.get(JSON.stringify(['compare-b', ids, from, to, query.kind]), () => compareBrands(store, brands, from, to, query.kind));
    }
    if (query.format === 'csv') return sendCsv(res, `compare-${report.mode}`, compareTable(report));
    return report;
  });

  reg.add(r, {
    method: 'get', path: '/reports/trust-index', tag: 'reports', role: 'viewer', query: trustQuery,
    summary: 'Trust index 0–100 per brand with its components (value, weight, contribution) and a ranking',
  }, async ({ query, req }) => {
    let brands: Brand[];
    if (query.brandIds) {
      brands = [];
      for (const id of new Set(query.brandIds.split(','))) brands.push(await brandFor(req, id));
    } else {
      brands = (await store.listBrands()).filter((b) => mayAccess(req, b.id));
      if (brands.length > 200) brands = brands.slice(0, 200);
    }
    const { from, to } = range(query.from, query.to, 30);
    return cache.get(JSON.stringify(['trust', brands.map((b) => b.id), from, to]), () => trustReport(store, brands, from, to, clock.now()));
  });

  return r;
}
