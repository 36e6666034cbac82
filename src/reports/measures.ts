// The measures every report shows, summed from rollups: one accumulator type, one way to turn it
// into figures (shares with Wilson intervals, mean sentiment with a bounded-variance interval), and
// the aspect summary (what people praise and complain about).
import type { MentionKind, Rollup } from '../core/types.js';
import { boundedMeanInterval, round, wilson, type Interval } from './stats.js';

/** A rollup's counters summed over buckets, plus the influencer volume. */
export type Totals = Pick<Rollup, 'count' | 'sentimentSum' | 'pos' | 'neu' | 'neg' | 'fakeSuspects' | 'mismatches' | 'undisclosed' | 'reach'> & {
  /** Mentions of kind 'influencer' (the denominator of the undisclosed share). */
  influencer: number;
};

export function emptyTotals(): Totals {
  return { count: 0, sentimentSum: 0, pos: 0, neu: 0, neg: 0, fakeSuspects: 0, mismatches: 0, undisclosed: 0, reach: 0, influencer: 0 };
}

export function addRollup(t: Totals, r: Rollup): Totals {
  t.count += r.count || 0;
  t.sentimentSum += r.sentimentSum || 0;
  t.pos += r.pos || 0;
  t.neu += r.neu || 0;
  t.neg += r.neg || 0;
  t.fakeSuspects += r.fakeSuspects || 0;
  t.mismatches += r.mismatches || 0;
  t.undisclosed += r.undisclosed || 0;
  t.reach += r.reach || 0;
  if (r.kind === 'influencer') t.influencer += r.count || 0;
  return t;
}

export function addTotals(t: Totals, o: Totals): Totals {
  for (const k of Object.keys(t) as (keyof Totals)[]) t[k] += o[k];
  return t;
}

export function totalsOf(rollups: Iterable<Rollup>): Totals {
  const t = emptyTotals();
  for (const r of rollups) addRollup(t, r);
  return t;
}

/** Figures as reported. Shares are of all mentions, except undisclosedShare (of influencer posts). */
export interface Measures {
  volume: number;
  /** Mean sentiment −1..1, null without mentions. */
  sentimentMean: number | null;
  /** 95% interval for the mean: normal, with the Bhatia–Davis variance bound 1 − mean² (conservative). */
  sentimentCi: Interval | null;
  positiveShare: number | null;
  negativeShare: number | null;
  /** 95% Wilson interval for the negative share. */
  negativeShareCi: Interval | null;
  fakeShare: number | null;
  fakeShareCi: Interval | null;
  mismatches: number;
  mismatchRate: number | null;
  undisclosed: number;
  influencerPosts: number;
  /** undisclosed / influencer posts (null when there were none). */
  undisclosedShare: number | null;
  reach: number;
}

export function measures(t: Totals): Measures {
  const n = t.count;
  const share = (k: number) => (n > 0 ? round(k / n) : null);
  const ci = (i: Interval | null) => (i ? { low: round(i.low), high: round(i.high) } : null);
  return {
    volume: n,
    sentimentMean: n > 0 ? round(t.sentimentSum / n) : null,
    sentimentCi: ci(boundedMeanInterval(t.sentimentSum, n)),
    positiveShare: share(t.pos),
    negativeShare: share(t.neg),
    negativeShareCi: ci(wilson(t.neg, n)),
    fakeShare: share(t.fakeSuspects),
    fakeShareCi: ci(wilson(t.fakeSuspects, n)),
    mismatches: t.mismatches,
    mismatchRate: share(t.mismatches),
    undisclosed: t.undisclosed,
    influencerPosts: t.influencer,
    undisclosedShare: t.influencer > 0 ? round(Math.min(1, t.undisclosed / t.influencer)) : null,
    reach: round(t.reach, 2),
  };
}

export interface AspectSummary {
  aspect: string;
  mentions: number;
  positive: number;
  neutral: number;
  negative: number;
  /** (positive − negative) / mentions, −1..1 */
  net: number;
  /** The dominant polarity (ties: neutral). */
  polarity: 'positive' | 'neutral' | 'negative';
}

/** Adds rollup aspect counts (`aspect:polarity` → n) into a map. */
export function addAspects(into: Map<string, { positive: number; neutral: number; negative: number }>, aspects: Record<string, number>): void {
  for (const [key, n] of Object.entries(aspects ?? {})) {
    const cut = key.lastIndexOf(':');
    if (cut <= 0) continue;
    const aspect = key.slice(0, cut);
    const pol = key.slice(cut + 1);
    if (pol !== 'positive' && pol !== 'neutral' && pol !== 'negative') continue;
    let a = into.get(aspect);
    if (!a) into.set(aspect, a = { positive: 0, neutral: 0, negative: 0 });
    a[pol] += n;
  }
}

export function aspectSummaries(map: Map<string, { positive: number; neutral: number; negative: number }>): AspectSummary[] {
  const out: AspectSummary[] = [];
  for (const [aspect, a] of map) {
    const mentions = a.positive + a.neutral + a.negative;
    if (mentions <= 0) continue;
    const polarity = a.positive > a.negative && a.positive > a.neutral ? 'positive'
      : a.negative > a.positive && a.negative > a.neutral ? 'negative' : 'neutral';
    out.push({ aspect, mentions, ...a, net: round((a.positive - a.negative) / mentions), polarity });
  }
  return out.sort((x, y) => y.mentions - x.mentions || x.aspect.localeCompare(y.aspect));
}

/** Top aspects overall, plus what is praised (most positive) and complained about (most negative). */
export function aspectReport(rollups: Iterable<Rollup>, top = 10): { top: AspectSummary[]; praised: AspectSummary[]; complaints: AspectSummary[] } {
  // Sum raw `aspect:polarity` keys first (a few dozen distinct keys over thousands of rollups),
  // then split each distinct key once.
  const raw: Record<string, number> = {};
  for (const r of rollups) {
    const a = r.aspects;
    if (!a) continue;
    for (const k in a) raw[k] = (raw[k] ?? 0) + a[k]!;
  }
  const map = new Map<string, { positive: number; neutral: number; negative: number }>();
  addAspects(map, raw);
  const all = aspectSummaries(map);
  return {
    top: all.slice(0, top),
    praised: all.filter((a) => a.positive > 0).sort((x, y) => y.positive - x.positive || y.net - x.net).slice(0, top),
    complaints: all.filter((a) => a.negative > 0).sort((x, y) => y.negative - x.negative || x.net - y.net).slice(0, top),
  };
}

export type ByKind = Partial<Record<MentionKind, Totals>>;
