// Synthetic series and rollups for the detector tests (seeded, so every run sees the same data).
import type { Alert, Mention, Rollup } from '../../src/core/types.js';
import { HOUR_MS } from '../../src/core/time.js';
import { seededRandom as rng } from '../../src/core/random.js';

export { rng };


export function poisson(r: () => number, lambda: number): number {
  if (lambda > 50) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss(r)));
  const L = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do { k++; p *= r(); } while (p > L);
  return k - 1;
}

export function gauss(r: () => number): number {
  return Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
}

/** Mentions per hour with a daily rhythm (peak mid-afternoon UTC, quiet at night) and quieter weekends. */
export function dailyRate(t: number, base: number): number {
  const d = new Date(t);
  const h = d.getUTCHours() + d.getUTCMinutes() / 60;
  const day = 0.15 + 0.85 * Math.max(0, Math.sin(((h - 6) / 18) * Math.PI)); // 0.15 at night → 1 at 15:00
  const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6 ? 0.7 : 1;
  return base * day * weekend;
}

export const T0 = Date.parse('2026-11-02T00:00:00.000Z'); // a Monday

export interface HourSpec {
  count: number;
  neg: number;
  sentiment: number; // mean
  aspects?: Record<string, number>;
  fake?: number;
  kind?: Rollup['kind'];
}

export function rollup(t: number, s: HourSpec, brandId = 'b1', launchId = 'l1'): Rollup {
  const pos = Math.max(0, Math.round((s.count - s.neg) * 0.6));
  return {
    brandId, launchId, kind: s.kind ?? 'social', hour: new Date(t).toISOString(),
    count: s.count, sentimentSum: s.sentiment * s.count, pos, neu: s.count - s.neg - pos, neg: s.neg,
    fakeSuspects: s.fake ?? 0, mismatches: 0, undisclosed: 0, reach: s.count * 100, fiveStar: 0, aspects: s.aspects ?? {},
  };
}

/** `days` of normal life: ~base mentions/h at peak, ~10 % negative, sentiment +0.3, a little price talk. */
export function normalRollups(start: number, days: number, base = 40, seed = 1): Rollup[] {
  const r = rng(seed);
  const out: Rollup[] = [];
  for (let t = start; t < start + days * 24 * HOUR_MS; t += HOUR_MS) {
    const count = poisson(r, dailyRate(t, base));
    const neg = Math.min(count, poisson(r, count * 0.1));
    const aspects: Record<string, number> = {};
    const priceNeg = Math.min(neg, poisson(r, neg * 0.1));
    if (priceNeg) aspects['price:negative'] = priceNeg;
    const qual = poisson(r, count * 0.1);
    if (qual) aspects['quality:positive'] = qual;
    out.push(rollup(t, { count, neg, sentiment: 0.3, aspects }));
  }
  return out;
}

export function alertFrom(d: { kind: Alert['kind']; severity: Alert['severity']; episodeKey: string; title: string; windowStart: string; windowEnd: string; evidence: Alert['evidence']; brandId: string }, status: Alert['status'] = 'open', extra: Partial<Alert> = {}): Alert {
  return {
    id: 'a1', brandId: d.brandId, kind: d.kind, severity: d.severity, status, episodeKey: d.episodeKey, title: d.title,
    windowStart: d.windowStart, windowEnd: d.windowEnd, evidence: d.evidence, openedAt: d.windowStart, updatedAt: d.windowEnd,
    deliveries: [], ...extra,
  };
}

export function mention(over: Partial<Mention> & { id: string; text: string }): Mention {
  return {
    kind: 'social', externalId: over.id, sourceId: 's1', brandId: 'b1', publishedAt: '2026-11-20T10:00:00.000Z', fetchedAt: '2026-11-20T10:05:00.000Z',
    scores: {
      lang: 'en', langConfidence: 1,
      sentiment: { score: 0, label: 'neutral', confidence: 1, reasons: [] },
      aspects: [], fake: { likelihood: 0, reasons: [] },
      mission: { alignment: null, claims: [], mismatches: [] },
      sponsorship: { sponsored: false, disclosed: false, placement: 'none', signals: [], disclosures: [] },
    },
    flags: { negative: false, fakeSuspect: false, mismatch: false, undisclosed: false },
    ...over,
  };
}
