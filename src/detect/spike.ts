// Streaming, causal anomaly detector for one metric series (mention volume, or any NAB-style
// `timestamp,value` series). The score at a point is computed from the points before it, then the
// point is learned, so changing the future never changes the past.
//
// Why this shape:
// - Mention volume has a daily and a weekly rhythm: a lunchtime peak is normal, the same volume at
//   4 am is not. The baseline therefore keeps, per wall-clock slot (time of day, hour of week), the
//   recent values seen in that slot and predicts with their MEDIAN, shifted by the median of the
//   latest residuals (the "recent level"), so a series that drifts up or down keeps a good baseline.
// - Three candidate baselines run side by side: flat (moving median), daily and weekly. The one with
//   the lowest recent absolute error is used, so a series without rhythm is not forced into one and
//   a series with a weekly pattern gets it once two weeks have been seen.
// - Everything is median / mean-absolute-deviation based and updates are winsorised, so the anomaly
//   itself does not drag the baseline up and hide its own continuation.
// - Slots are defined in wall-clock time, and the sampling interval is detected from the
//   timestamps, so 5-minute NAB series and hourly rollups use the same code.

import { DAY_MS, HOUR_MS } from '../core/time.js';
import { DecayedLogHistogram, Ring, alphaForHalfLife, clamp, medianOf } from './robust.js';

export type SpikeDirection = 'up' | 'down' | 'both';

export interface SpikeOptions {
  /** Multiplier: 1 = default, >1 flags smaller deviations, <1 only larger ones (Brand.sensitivity). */
  sensitivity?: number;
  /** Score at or above which a point counts as anomalous (0..1). Default 0.5. */
  threshold?: number;
  /** Deviation (in robust scale units) that maps to score 0.5 at sensitivity 1. */
  zThreshold?: number;
  /** Upward anomalies need at least this value (e.g. 10 negative posts/hour). Default 0. */
  minVolume?: number;
  /** Which deviations count. Default 'both' (NAB has drops too); volume spikes use 'up'. */
  direction?: SpikeDirection;
  /** Seasonality: 'auto' (pick the best of flat/daily/weekly as data allows), or force one. */
  period?: 'auto' | 'none' | 'daily' | 'weekly';
  /** Sampling interval; detected from the first timestamps when omitted. */
  intervalMs?: number;
  /** No anomalies before this many points AND `warmupMs` of history. Defaults: 30 points, 1 day. */
  warmupPoints?: number;
  warmupMs?: number;
  /** A new episode (anomaly=true) needs the score to have stayed below threshold this long. */
  rearmMs?: number;
  /** The bar rises to tailFactor × the deviation reached about once per tailEveryMs (heavy tails). */
  tailFactor?: number;
  tailEveryMs?: number;
  tailHalfLifeMs?: number;
  /** Recent-level window (wall clock). Default 3 h (at least 3 points). */
  levelWindowMs?: number;
  /** Days kept per daily slot; weeks per weekly slot. Defaults 7 and 4. */
  days?: number;
  weeks?: number;
}

export interface SpikePoint {
  /** 0..1 anomaly score (0 during warm-up and for missing values). */
  score: number;
  /** True at the first point of a new anomalous episode: the point an alert would fire. */
  anomaly: boolean;
  /** Score at or above threshold (true for every point of an episode, not only its start). */
  exceeds: boolean;
  /** Baseline prediction for this point, made before seeing it. */
  expected: number;
  /** Signed deviation in robust scale units ((value - expected) / scale). */
  z: number;
  /** Robust scale (mean absolute deviation of residuals) used for z. */
  scale: number;
  /** Which baseline produced `expected`. */
  model: 'flat' | 'daily' | 'weekly';
  /** False while warming up. */
  warm: boolean;
}

export interface SpikeDetector {
  push(t: Date | number, value: number): SpikePoint;
  /** Sampling interval in ms once detected, else undefined. */
  readonly intervalMs: number | undefined;
  readonly count: number;
}

/** Defaults chosen on the NAB subset in ../shared/data/timeseries for generality (see eval-nab.ts). */
export const SPIKE_DEFAULTS = {
  sensitivity: 1,
  threshold: 0.5,
  zThreshold: 6,
  minVolume: 0,
  direction: 'both' as SpikeDirection,
  warmupPoints: 30,
  warmupMs: DAY_MS,
  rearmMs: 12 * HOUR_MS,
  tailFactor: 1.0,
  tailEveryMs: 3 * DAY_MS,
  tailHalfLifeMs: 14 * DAY_MS,
  levelWindowMs: 3 * HOUR_MS,
  days: 7,
  weeks: 4,
};

type ModelName = SpikePoint['model'];

interface Seasonal {
  name: ModelName;
  slotMs: number;
  cycleMs: number;
  slots: Ring[];
  /** Recent residuals of the value against the slot median: their median is the level shift. */
  resid: Ring;
  err: number;
  errN: number;
  /** Minimum values in a slot before it predicts. */
  minFill: number;
  /** Per-slot mean absolute residual: noise differs by hour (5 posts at night, 50 at noon). */
  slotErr: Float64Array;
  slotErrN: Uint32Array;
  slotAlpha: number;
}

const WEEK_MS = 7 * DAY_MS;

export function createSpikeDetector(opts: SpikeOptions = {}): SpikeDetector {
  const o = { ...SPIKE_DEFAULTS, ...stripUndefined(opts) };
  const sens = o.sensitivity > 0 && Number.isFinite(o.sensitivity) ? o.sensitivity : 1;
  const zT = o.zThreshold / sens;
  const period = opts.period ?? 'auto';

  let n = 0;
  let firstT = NaN;
  let lastT = NaN;
  const diffs: number[] = [];
  let interval: number | undefined = opts.intervalMs;
  let ready = false;

  let recent = new Ring(8); // flat model: recent values (resized once the interval is known)
  let seasonals: Seasonal[] = [];
  let flatErr = 0;
  let flatErrN = 0;
  let scale = NaN; // EW mean absolute residual
  let scaleN = 0;
  let scaleAlpha = 0.02;
  let errAlpha = 0.01;
  let sustained = 0; // EW of z: catches level shifts that single points do not
  let sustAlpha = 0.3;
  let allCounts = true; // non-negative integers so far → Poisson floor on the scale
  let absLevel = 0;
  let lastExceedT = -Infinity;
  const scratch = new Float64Array(4096);
  const tail = new DecayedLogHistogram(0.01, 1e4, 16);
  let tailP = 0.999;

  function setup(iv: number): void {
    interval = iv;
    const levelPts = clamp(Math.round(o.levelWindowMs / iv), 3, 48);
    const old = recent;
    recent = new Ring(levelPts);
    // Keep what the temporary ring already holds (oldest first is not needed for a median).
    for (const v of old.values()) recent.push(v);
    scaleAlpha = alphaForHalfLife(clamp(DAY_MS / iv, 24, 2000));
    errAlpha = alphaForHalfLife(clamp((2 * DAY_MS) / iv, 48, 4000));
    sustAlpha = alphaForHalfLife(clamp(HOUR_MS / iv / 2, 1.5, 6));
    tail.setHalfLife(Math.max(o.tailHalfLifeMs / iv, 50));
    // The deviation reached about once per `tailEveryMs` of normal life.
    tailP = 1 - Math.min(0.05, iv / o.tailEveryMs);
    seasonals = [];
    if (period === 'none') return;
    if (iv <= 6 * HOUR_MS && period !== 'weekly') {
      const slotMs = iv <= 15 * 60_000 ? 15 * 60_000 : iv <= HOUR_MS ? Math.max(iv, 15 * 60_000) : iv;
      if (DAY_MS % slotMs === 0) {
        const perDay = Math.max(1, Math.round(slotMs / iv));
        seasonals.push(makeSeasonal('daily', slotMs, DAY_MS, perDay * o.days, levelPts, perDay));
      }
    }
    if (iv <= DAY_MS && period !== 'daily') {
      const slotMs = iv <= HOUR_MS ? HOUR_MS : DAY_MS;
      const perWeek = Math.max(1, Math.round(slotMs / iv));
      seasonals.push(makeSeasonal('weekly', slotMs, WEEK_MS, perWeek * o.weeks, levelPts, perWeek * 2));
    }
  }

  function makeSeasonal(name: ModelName, slotMs: number, cycleMs: number, cap: number, levelPts: number, minFill: number): Seasonal {
    const count = Math.round(cycleMs / slotMs);
    return {
      name, slotMs, cycleMs, minFill,
      slots: Array.from({ length: count }, () => new Ring(Math.min(cap, scratch.length))),
      resid: new Ring(levelPts), err: 0, errN: 0,
      slotErr: new Float64Array(count), slotErrN: new Uint32Array(count),
      slotAlpha: alphaForHalfLife(Math.max(3, (cap / Math.max(1, minFill)) * 2)),
    };
  }

  function slotIndex(s: Seasonal, t: number): number {
    return Math.floor((((t % s.cycleMs) + s.cycleMs) % s.cycleMs) / s.slotMs);
  }

  function slotOf(s: Seasonal, t: number): Ring {
    return s.slots[slotIndex(s, t)];
  }

  /** Prediction of a seasonal model at t, or NaN when its slot is not filled yet. */
  function seasonalPredict(s: Seasonal, t: number): { pred: number; slotMed: number } {
    const ring = slotOf(s, t);
    if (ring.size < s.minFill) return { pred: NaN, slotMed: NaN };
    const slotMed = ring.median(scratch);
    const shift = s.resid.size ? s.resid.median(scratch) : 0;
    return { pred: slotMed + shift, slotMed };
  }

  function push(tIn: Date | number, value: number): SpikePoint {
    const t = typeof tIn === 'number' ? tIn : tIn.getTime();
    const blank: SpikePoint = { score: 0, anomaly: false, exceeds: false, expected: NaN, z: 0, scale: NaN, model: 'flat', warm: false };
    if (!Number.isFinite(t) || !Number.isFinite(value)) return blank; // missing data: neither scored nor learned

    // Interval detection from the first positive gaps (median, so one hole does not mislead).
    if (!ready && interval !== undefined && interval > 0) {
      setup(interval);
      ready = true;
    } else if (!ready && Number.isFinite(lastT) && t > lastT) {
      diffs.push(t - lastT);
      if (diffs.length >= 8) { setup(medianOfList(diffs)); ready = true; }
    }
    if (!Number.isFinite(firstT)) firstT = t;

    // 1. Predict from the past only.
    const flatPred = recent.size ? recent.median(scratch) : value;
    let best: ModelName = 'flat';
    let expected = flatPred;
    let bestErr = flatErrN ? flatErr : Infinity;
    const preds: { s: Seasonal; pred: number; slotMed: number }[] = [];
    for (const s of seasonals) {
      const p = seasonalPredict(s, t);
      preds.push({ s, ...p });
      // A seasonal model competes once it has a track record; it must beat flat by 5 %.
      if (Number.isFinite(p.pred) && s.errN >= 24 && s.err * 1.05 < bestErr) {
        best = s.name; expected = p.pred; bestErr = s.err;
      }
    }

    const floor = scaleFloor(expected);
    // Local scale from the daily slot when it has a few days of residuals, never below half the
    // global one (a slot that happened to be calm is not licence to flag everything).
    const daily = seasonals.find((x) => x.name === 'daily');
    const slotIdx = daily ? slotIndex(daily, t) : -1;
    let local = scale;
    if (daily && Number.isFinite(scale) && daily.slotErrN[slotIdx] >= 3 * daily.minFill) {
      local = Math.max(daily.slotErr[slotIdx], 0.5 * scale);
    }
    const localFactor = Number.isFinite(scale) && scale > 0 ? local / scale : 1;
    const sc = Number.isFinite(local) ? Math.max(local, floor) : NaN;
    const warm = n >= o.warmupPoints && t - firstT >= o.warmupMs && Number.isFinite(sc) && scaleN >= 10;
    let z = 0;
    let score = 0;
    let exceeds = false;
    let anomaly = false;
    let T = zT;
    if (Number.isFinite(sc) && sc > 0) {
      z = (value - expected) / sc;
      // A point is only as anomalous as the most forgiving filled seasonal baseline says: the usual
      // lunchtime peak is explained by the daily model even while the flat model is still in charge.
      let zEff = z;
      for (const p of preds) {
        if (!Number.isFinite(p.pred)) continue;
        const zs = (value - p.pred) / Math.max(p.s.errN >= 24 ? p.s.err * localFactor : sc, floor);
        if (Math.abs(zs) < Math.abs(zEff)) zEff = zs;
      }
      const zc = clamp(zEff, -50, 50);
      sustained += sustAlpha * (zc - sustained);
      const up = Math.max(zEff, sustained * 1.5, 0);
      const down = Math.max(-zEff, -sustained * 1.5, 0);
      const dev = o.direction === 'up' ? up : o.direction === 'down' ? down : Math.max(up, down);
      // Heavy tails: a series whose normal life includes big excursions raises its own bar to
      // k × the deviation it reaches every few days (decayed histogram of past deviations).
      const q = tail.quantile(tailP);
      if (Number.isFinite(q)) T = Math.max(o.zThreshold, o.tailFactor * q) / sens;
      if (warm) {
        score = 1 - Math.pow(0.5, (dev / T) ** 2);
        exceeds = score >= o.threshold && !(o.direction !== 'down' && up >= down && value < o.minVolume);
        if (exceeds) {
          anomaly = t - lastExceedT > o.rearmMs;
          lastExceedT = t;
        }
      }
      tail.add(Math.abs(zc));
    }

    // 2. Learn the point, winsorised against the prediction so an anomaly does not become normal at once.
    const lim = Number.isFinite(sc) ? 4 * sc : Infinity;
    const learned = clamp(value, expected - lim, expected + lim);
    const absRes = Math.abs(value - expected);
    if (n > 0) {
      const r = Math.min(absRes, Number.isFinite(sc) ? 5 * sc : absRes);
      scale = Number.isFinite(scale) ? scale + scaleAlpha * (r - scale) : r;
      if (daily) {
        const rl = Math.min(absRes, Number.isFinite(scale) ? 5 * Math.max(scale, floor) : absRes);
        daily.slotErr[slotIdx] = daily.slotErrN[slotIdx] ? daily.slotErr[slotIdx] + daily.slotAlpha * (rl - daily.slotErr[slotIdx]) : rl;
        daily.slotErrN[slotIdx]++;
      }
      scaleN++;
      const fe = Math.min(Math.abs(value - flatPred), Number.isFinite(sc) ? 5 * sc : Infinity);
      flatErr = flatErrN ? flatErr + errAlpha * (fe - flatErr) : fe;
      flatErrN++;
    }
    for (const p of preds) {
      if (Number.isFinite(p.pred)) {
        const e = Math.min(Math.abs(value - p.pred), Number.isFinite(sc) ? 5 * sc : Infinity);
        p.s.err = p.s.errN ? p.s.err + errAlpha * (e - p.s.err) : e;
        p.s.errN++;
      }
      const ring = slotOf(p.s, t);
      // Slot history takes the winsorised value; the level-shift residual takes the raw value so a
      // real, lasting shift is followed within a few hours.
      ring.push(ring.size >= p.s.minFill ? learned : value);
      if (Number.isFinite(p.slotMed)) p.s.resid.push(value - p.slotMed);
    }
    recent.push(value);
    if (allCounts && (value < 0 || !Number.isInteger(value))) allCounts = false;
    absLevel += (Math.abs(value) - absLevel) * (n === 0 ? 1 : 0.01);
    if (t > lastT || !Number.isFinite(lastT)) lastT = t;
    n++;
    return { score, anomaly, exceeds, expected, z, scale: sc, model: best, warm };
  }

  /** A scale below which deviations are noise: Poisson noise for counts, a sliver of the level otherwise. */
  function scaleFloor(expected: number): number {
    const rel = 1e-3 * Math.max(absLevel, Math.abs(expected)) + 1e-9;
    return allCounts ? Math.max(rel, 0.8 * Math.sqrt(Math.max(expected, 1))) : rel;
  }

  return {
    push,
    get intervalMs() { return interval; },
    get count() { return n; },
  };
}

function medianOfList(xs: number[]): number {
  return medianOf(xs, xs.length, new Float64Array(xs.length));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
