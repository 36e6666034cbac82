// Hourly rollups → dense hourly series, and a robust burst test ("is the last few hours' rate far
// above what this hour of the day / week usually brings?") shared by the backlash and fake-wave
// detectors.

import type { Rollup } from '../core/types.js';
import { HOUR_MS, hourStart } from '../core/time.js';
import { clamp, median } from './robust.js';

export interface HourBucket {
  /** Start of the hour, epoch ms. */
  t: number;
  count: number;
  neg: number;
  sentimentSum: number;
  fakeSuspects: number;
  reach: number;
  aspects: Record<string, number>;
}

/**
 * Sums rollups of the same hour (several kinds / sources) and fills missing hours with zeros, from
 * the first rollup hour to the hour containing `now` (rollups after `now` are ignored: causal).
 */
export function hourlySeries(rollups: readonly Rollup[], now: Date): HourBucket[] {
  const end = Date.parse(hourStart(now));
  const by = new Map<number, HourBucket>();
  let first = Infinity;
  for (const r of rollups) {
    const t = Date.parse(hourStart(r.hour));
    if (!Number.isFinite(t) || t > end) continue;
    first = Math.min(first, t);
    let b = by.get(t);
    if (!b) { b = empty(t); by.set(t, b); }
    b.count += r.count || 0;
    b.neg += r.neg || 0;
    b.sentimentSum += r.sentimentSum || 0;
    b.fakeSuspects += r.fakeSuspects || 0;
    b.reach += r.reach || 0;
    for (const [k, v] of Object.entries(r.aspects ?? {})) b.aspects[k] = (b.aspects[k] ?? 0) + (v || 0);
  }
  if (first === Infinity) return [];
  const out: HourBucket[] = [];
  for (let t = first; t <= end; t += HOUR_MS) out.push(by.get(t) ?? empty(t));
  return out;
}

function empty(t: number): HourBucket {
  return { t, count: 0, neg: 0, sentimentSum: 0, fakeSuspects: 0, reach: 0, aspects: {} };
}

export interface BurstStats {
  /** Mean per hour over the recent window. */
  now: number;
  /** Usual per-hour value for the same hours (seasonal median), from history only. */
  baseline: number;
  /** now / max(baseline, floor). */
  ratio: number;
  /** (now - baseline) / robust scale of a window mean. */
  z: number;
  /** Hours of history the baseline used. */
  historyHours: number;
  /** 'hour-of-week' | 'hour-of-day' | 'overall' | 'none' */
  basis: string;
}

export interface Baseline {
  /** Usual value at the hour starting at t (epoch ms). */
  at(t: number): number;
  /** Robust per-hour standard deviation around the baseline. */
  madSigma: number;
  historyHours: number;
  basis: 'hour-of-week' | 'hour-of-day' | 'overall' | 'none';
}

/**
 * Usual value per hour from `history` (buckets before the window being judged). Seasonal medians
 * need enough history: ≥ 3 weeks for hour-of-week, ≥ 3 days for hour-of-day, else the overall
 * median. Each slot uses its last 8 occurrences, blended 3:1 with the overall median so one odd
 * day does not define the hour.
 */
export function baselineOf(history: readonly HourBucket[], pick: (b: HourBucket) => number): Baseline {
  const h = history.length;
  if (h === 0) return { at: () => 0, madSigma: 0, historyHours: 0, basis: 'none' };
  const values = history.map(pick);
  const overall = median(values);
  const basis = h >= 21 * 24 ? 'hour-of-week' : h >= 3 * 24 ? 'hour-of-day' : 'overall';
  const cycle = basis === 'hour-of-week' ? 7 * 24 : 24;
  const slotOf = (t: number) => Math.floor(t / HOUR_MS) % cycle;
  const perSlot = new Map<number, number>();
  if (basis !== 'overall') {
    const lists = new Map<number, number[]>();
    for (let i = h - 1; i >= 0; i--) {
      const k = slotOf(history[i].t);
      const l = lists.get(k) ?? [];
      if (l.length < 8) { l.push(values[i]); lists.set(k, l); }
    }
    for (const [k, l] of lists) perSlot.set(k, 0.75 * median(l) + 0.25 * overall);
  }
  const at = (t: number) => perSlot.get(slotOf(t)) ?? overall;
  // Median absolute residual over the last 2 weeks (×1.4826 ≈ σ for normal noise).
  const from = Math.max(0, h - 14 * 24);
  const resid: number[] = [];
  for (let i = from; i < h; i++) resid.push(Math.abs(values[i] - at(history[i].t)));
  return { at, madSigma: 1.4826 * median(resid), historyHours: h, basis };
}

/**
 * Compares the mean of `pick` over `recent` buckets with the usual value at the same hours.
 * The scale is the robust σ of history, floored by Poisson noise (counts), shrunk by √n for a mean
 * of n hours.
 */
export function burst(history: readonly HourBucket[] | Baseline, recent: readonly HourBucket[], pick: (b: HourBucket) => number): BurstStats {
  const base = Array.isArray(history) ? baselineOf(history as HourBucket[], pick) : (history as Baseline);
  const nowMean = recent.length ? recent.reduce((a, b) => a + pick(b), 0) / recent.length : 0;
  const baseline = recent.length ? recent.reduce((a, b) => a + base.at(b.t), 0) / recent.length : base.at(0);
  const sigma = Math.max(base.madSigma, Math.sqrt(Math.max(baseline, 1)));
  const z = (nowMean - baseline) / (sigma / Math.sqrt(clamp(recent.length, 1, 24)));
  return { now: nowMean, baseline, ratio: nowMean / Math.max(baseline, 0.5), z, historyHours: base.historyHours, basis: base.basis };
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
