// Trend report: a brand, launch or campaign over a range, in hour / day / week buckets of the
// user's time zone. Figures come from hourly rollups (cost grows with buckets, not mentions); rising
// terms and top authors come from bounded mention samples (see samples.ts), and the report says so.
import type { Brand, Launch, Mention, MentionKind, Rollup } from '../core/types.js';
import { MENTION_KINDS } from '../core/types.js';
import { DAY_MS } from '../core/time.js';
import type { Store } from '../ports/store.js';
import { topAuthors, type TopAuthor } from './authors.js';
import { planBuckets, type BucketPlan, type BucketSize } from './buckets.js';
import { addRollup, aspectReport, emptyTotals, measures, type AspectSummary, type Measures, type Totals } from './measures.js';
import { sampleMentions } from './samples.js';
import { risingTerms, type RisingTerm } from './terms.js';
import { boundedMeanInterval, round, wilson, type Interval } from './stats.js';

export const METHOD_NOTES = {
  sentimentCi: 'normal 95% interval with the Bhatia–Davis variance bound (1 − mean²) for scores in [-1, 1]; conservative, since rollups keep no sum of squares',
  shareCi: 'Wilson score 95% interval',
} as const;

export interface ReportTarget {
  type: 'brand' | 'launch' | 'campaign';
  brandId: string;
  brandName: string;
  launchId?: string;
  launchName?: string;
  startAt?: string;
}

export function targetOf(brand: Brand, launch?: Launch | null): ReportTarget {
  return launch
    ? { type: launch.type, brandId: brand.id, brandName: brand.name, launchId: launch.id, launchName: launch.name, startAt: launch.startAt }
    : { type: 'brand', brandId: brand.id, brandName: brand.name };
}

export interface KindFigures {
  volume: number;
  sentimentMean: number | null;
  negativeShare: number | null;
}

export interface TrendBucket {
  /** UTC start and end (exclusive). */
  start: string;
  end: string;
  /** Local start with its offset, e.g. "2026-03-29T00:00:00+01:00". */
  label: string;
  hours: number;
  volume: number;
  sentimentMean: number | null;
  sentimentCi: Interval | null;
  negativeShare: number | null;
  negativeShareCi: Interval | null;
  fakeShare: number | null;
  mismatches: number;
  undisclosed: number;
  reach: number;
  byKind: Partial<Record<MentionKind, KindFigures>>;
}

export interface TrendReport {
  target: ReportTarget;
  range: { from: string; to: string; bucket: BucketSize; timeZone: string; requestedFrom: string; requestedTo: string };
  kind: MentionKind | null;
  method: typeof METHOD_NOTES & { samples: string };
  totals: Measures;
  byKind: Partial<Record<MentionKind, Measures>>;
  buckets: TrendBucket[];
  aspects: { top: AspectSummary[]; praised: AspectSummary[]; complaints: AspectSummary[] };
  risingTerms: { recentFrom: string; recentSample: number; earlierSample: number; terms: RisingTerm[] } | null;
  topAuthors: { sample: number; authors: TopAuthor[] } | null;
}

export interface TrendSamples {
  /** Start of the "recent" part of the range (rising terms compare it with what came before). */
  recentFrom: number;
  recent: Mention[];
  earlier: Mention[];
}

const r4 = (i: Interval | null) => (i ? { low: round(i.low), high: round(i.high) } : null);

function kindFigures(t: Totals): KindFigures {
  return { volume: t.count, sentimentMean: t.count ? round(t.sentimentSum / t.count) : null, negativeShare: t.count ? round(t.neg / t.count) : null };
}

/** The pure part: rollups (and optional samples) in, report out. */
export function computeTrend(input: {
  target: ReportTarget;
  plan: BucketPlan;
  rollups: Rollup[];
  kind?: MentionKind;
  requested: { from: number; to: number };
  samples?: TrendSamples | null;
}): TrendReport {
  const { plan } = input;
  const perBucket = plan.buckets.map(() => ({ all: emptyTotals(), kinds: new Map<MentionKind, Totals>() }));
  const total = emptyTotals();
  const kinds = new Map<MentionKind, Totals>();
  const inRange: Rollup[] = [];
  for (const r of input.rollups) {
    if (input.kind && r.kind !== input.kind) continue;
    const i = plan.indexOf(Date.parse(r.hour));
    if (i < 0) continue;
    inRange.push(r);
    const b = perBucket[i]!;
    addRollup(b.all, r);
    let k = b.kinds.get(r.kind);
    if (!k) b.kinds.set(r.kind, k = emptyTotals());
    addRollup(k, r);
    addRollup(total, r);
    let kt = kinds.get(r.kind);
    if (!kt) kinds.set(r.kind, kt = emptyTotals());
    addRollup(kt, r);
  }
  const buckets: TrendBucket[] = plan.buckets.map((bk, i) => {
    const { all, kinds: bkinds } = perBucket[i]!;
    const n = all.count;
    const byKind: Partial<Record<MentionKind, KindFigures>> = {};
    for (const k of MENTION_KINDS) { const t = bkinds.get(k); if (t) byKind[k] = kindFigures(t); }
    return {
      start: new Date(bk.start).toISOString(), end: new Date(bk.end).toISOString(), label: bk.label, hours: bk.hours,
      volume: n,
      sentimentMean: n ? round(all.sentimentSum / n) : null,
      sentimentCi: r4(boundedMeanInterval(all.sentimentSum, n)),
      negativeShare: n ? round(all.neg / n) : null,
      negativeShareCi: r4(wilson(all.neg, n)),
      fakeShare: n ? round(all.fakeSuspects / n) : null,
      mismatches: all.mismatches, undisclosed: all.undisclosed, reach: round(all.reach, 2),
      byKind,
    };
  });
  const byKind: Partial<Record<MentionKind, Measures>> = {};
  for (const k of MENTION_KINDS) { const t = kinds.get(k); if (t) byKind[k] = measures(t); }

  const s = input.samples;
  return {
    target: input.target,
    range: {
      from: new Date(plan.from).toISOString(), to: new Date(plan.to).toISOString(), bucket: plan.size, timeZone: plan.timeZone,
      requestedFrom: new Date(input.requested.from).toISOString(), requestedTo: new Date(input.requested.to).toISOString(),
    },
    kind: input.kind ?? null,
    method: {
      ...METHOD_NOTES,
      samples: s
        ? `rising terms and top authors come from a bounded sample of mentions spread over the range (${s.recent.length + s.earlier.length} mentions), not from every mention`
        : 'samples not requested',
    },
    totals: measures(total),
    byKind,
    buckets,
    aspects: aspectReport(inRange),
    risingTerms: s ? {
      recentFrom: new Date(s.recentFrom).toISOString(), recentSample: s.recent.length, earlierSample: s.earlier.length,
      terms: risingTerms(s.recent.map(textOf), s.earlier.map(textOf)),
    } : null,
    topAuthors: s ? { sample: s.recent.length + s.earlier.length, authors: topAuthors([...s.recent, ...s.earlier]) } : null,
  };
}

function textOf(m: Mention): string {
  return m.title ? `${m.title} ${m.text}` : m.text;
}

export interface TrendQuery {
  brand: Brand;
  launch?: Launch | null;
  kind?: MentionKind;
  from?: string;
  to?: string;
  bucket: BucketSize;
  timeZone: string;
  /** Rising terms and top authors (a few bounded mention queries). Default true. */
  samples?: boolean;
}

/** Default range: a launch from a week before its start to its end (or now); a brand, the last 30 days. */
export function defaultRange(launch: Launch | null | undefined, now: Date, from?: string, to?: string): { from: number; to: number } {
  let t = to ? Date.parse(to) : NaN;
  let f = from ? Date.parse(from) : NaN;
  if (Number.isNaN(t)) {
    const end = launch?.endAt ? Math.min(Date.parse(launch.endAt) + 7 * DAY_MS, now.getTime()) : now.getTime();
    t = Number.isNaN(f) ? end : Math.max(end, f + DAY_MS);
  }
  if (Number.isNaN(f)) f = launch ? Math.min(Date.parse(launch.startAt) - 7 * DAY_MS, t - DAY_MS) : t - 30 * DAY_MS;
  return { from: f, to: t };
}

/** Loads rollups (one query) and, unless disabled, bounded samples; then computes the trend. */
export async function trendReport(store: Store, q: TrendQuery, now: Date): Promise<TrendReport> {
  const requested = defaultRange(q.launch, now, q.from, q.to);
  const plan = planBuckets(requested.from, requested.to, q.bucket, q.timeZone);
  const base = { brandId: q.brand.id, ...(q.launch ? { launchId: q.launch.id } : {}), ...(q.kind ? { kind: q.kind } : {}) };
  const from = new Date(plan.from).toISOString();
  const to = new Date(plan.to).toISOString();
  let samples: TrendSamples | null = null;
  const rollupsP = store.queryRollups({ ...base, from, to });
  if (q.samples !== false) {
    // "Recent" is the last fifth of the range, at least the last bucket.
    const lastBucket = plan.buckets[plan.buckets.length - 1]!;
    const recentFrom = Math.min(lastBucket.start, plan.to - Math.round((plan.to - plan.from) / 5));
    const recentIso = new Date(recentFrom).toISOString();
    const [recent, earlier] = await Promise.all([
      sampleMentions(store, { ...base, from: recentIso, to }, { slices: 4, perSlice: 50 }),
      recentFrom > plan.from ? sampleMentions(store, { ...base, from, to: recentIso }, { slices: 8, perSlice: 40 }) : Promise.resolve([]),
    ]);
    samples = { recentFrom, recent, earlier };
  }
  const rollups = await rollupsP;
  return computeTrend({ target: targetOf(q.brand, q.launch), plan, rollups, kind: q.kind, requested, samples });
}

/** The trend as a table, one row per bucket. */
export function trendTable(r: TrendReport): { header: string[]; rows: (string | number | null)[][] } {
  const header = ['start_utc', 'start_local', 'hours', 'volume', 'sentiment_mean', 'sentiment_ci_low', 'sentiment_ci_high',
    'negative_share', 'negative_ci_low', 'negative_ci_high', 'fake_share', 'mismatches', 'undisclosed', 'reach',
    ...MENTION_KINDS.map((k) => `${k}_volume`)];
  const rows = r.buckets.map((b) => [b.start, b.label, b.hours, b.volume, b.sentimentMean, b.sentimentCi?.low ?? null, b.sentimentCi?.high ?? null,
    b.negativeShare, b.negativeShareCi?.low ?? null, b.negativeShareCi?.high ?? null, b.fakeShare, b.mismatches, b.undisclosed, b.reach,
    ...MENTION_KINDS.map((k) => b.byKind[k]?.volume ?? 0)]);
  return { header, rows };
}
