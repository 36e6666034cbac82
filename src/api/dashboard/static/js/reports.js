// Report fetching and the small adapters that turn report JSON into chart columns.
// Every report call may fail (not deployed, no data, 5xx): callers render `unavailable()` then.
import { api } from './api.js';
import { TZ } from './format.js';

const HOUR = 3600_000;
export const RANGES = [['3', 'Last 3 days'], ['7', 'Last 7 days'], ['30', 'Last 30 days'], ['90', 'Last 90 days']];

export function rangeOf(days, now = Date.now()) {
  // Round to the next hour so repeated loads ask for the same window (cache-friendly, stable charts).
  const to = Math.ceil(now / HOUR) * HOUR;
  return { from: new Date(to - Number(days) * 24 * HOUR).toISOString(), to: new Date(to).toISOString() };
}

/** days: a range ending now; omit it (and from/to) for the report's default range. */
export function trend({ brandId, launchId, days, bucket, from, to }) {
  const r = from && to ? { from, to } : days ? rangeOf(days) : {};
  const b = bucket || (!days || Number(days) <= 7 ? 'hour' : 'day');
  return api('/reports/trend', { query: { brandId, launchId, from: r.from, to: r.to, bucket: b, tz: TZ } });
}
export const reception = (launchId) => api('/reports/reception', { query: { launchId } });
export const compare = (type, ids) => api('/reports/compare', { query: type === 'brand' ? { brandIds: ids.join(',') } : { launchIds: ids.join(',') } });
export const trustIndex = () => api('/reports/trust-index');

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
/** First defined value among dotted paths. */
export function pick(o, ...paths) {
  for (const p of paths) {
    let v = o;
    for (const k of p.split('.')) { v = v == null ? undefined : v[k]; }
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/**
 * Trend report (src/reports/trend.ts: buckets[{ start, volume, sentimentMean, sentimentCi, negativeShare,
 * fakeShare, byKind }]) → columns for uPlot, x in unix seconds.
 */
export function trendColumns(report) {
  const buckets = Array.isArray(report && report.buckets) ? report.buckets : [];
  const cols = { x: [], volume: [], neg: [], sentiment: [], lo: [], hi: [], negShare: [], fakeShare: [], reach: [], kinds: {} };
  for (const b of buckets) {
    const t = Date.parse(b.start);
    if (!Number.isFinite(t)) continue;
    const n = num(b.volume) ?? 0;
    cols.x.push(Math.floor(t / 1000));
    cols.volume.push(n);
    cols.neg.push(n && num(b.negativeShare) !== null ? Math.round(n * b.negativeShare) : 0);
    cols.sentiment.push(num(b.sentimentMean));
    cols.lo.push(num(pick(b, 'sentimentCi.low')));
    cols.hi.push(num(pick(b, 'sentimentCi.high')));
    cols.negShare.push(num(b.negativeShare));
    cols.fakeShare.push(num(b.fakeShare));
    cols.reach.push(num(b.reach));
  }
  return cols;
}
