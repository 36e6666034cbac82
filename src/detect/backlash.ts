// Backlash: the negative-mention rate of a brand or launch spikes above what these hours usually
// bring AND sentiment drops against its baseline, with enough absolute volume to matter.
// Pure: the caller passes the hourly rollups (any kinds: they are summed), the clock and the most
// recent backlash alert of this brand/launch; it gets back one decision (open/update/resolve/none).

import type { Alert, AlertEvidence, Rollup } from '../core/types.js';
import { HOUR_MS } from '../core/time.js';
import { baselineOf, burst, hourlySeries, round, type Baseline, type BurstStats, type HourBucket } from './hourly.js';
import { combineSeverity, decideEpisode, isActive, rankOf, type AlertDecision } from './decision.js';

export interface BacklashOptions {
  /** Hours compared against baseline; both the last hour and the last `windowHours` are tested. Default 3. */
  windowHours?: number;
  /** Negative mentions per hour must be at least this ×baseline (at sensitivity 1). Default 3. */
  ratio?: number;
  /** …and this many robust standard errors above it. Default 3. */
  z?: number;
  /** Mean sentiment must fall at least this much below its baseline (−1..1 scale). Default 0.15. */
  sentimentDrop?: number;
  /** No new episode within this many hours after a resolve (critical breaks through). Default 6. */
  cooldownHours?: number;
  /** Resolve once the last N hours are back near baseline. Default 3. */
  resolveAfterHours?: number;
  /** History used for baselines. Default 28 days. */
  historyDays?: number;
}

export interface BacklashInput {
  rollups: Rollup[];
  now: Date;
  /** Brand.sensitivity: 1 default, >1 alerts earlier, <1 later. */
  sensitivity: number;
  /** Absolute floor: fewer negative mentions per hour than this is never a backlash. Default 5. */
  minNegPerHour?: number;
  /** The most recent backlash alert for this brand/launch (any status), or null. */
  previous?: Alert | null;
  /** Defaults to the rollups' brandId / launchId. */
  brandId?: string;
  launchId?: string;
  options?: BacklashOptions;
}

export type BacklashDecision = AlertDecision;

export const BACKLASH_DEFAULTS: Required<BacklashOptions> & { minNegPerHour: number } = {
  windowHours: 3,
  ratio: 3,
  z: 3,
  sentimentDrop: 0.15,
  cooldownHours: 6,
  resolveAfterHours: 3,
  historyDays: 28,
  minNegPerHour: 5,
};

interface WindowTest {
  hours: number;
  neg: BurstStats;
  sentimentNow: number;
  volume: number;
  negCount: number;
  spike: boolean;
  drop: boolean;
  enough: boolean;
}

export function detectBacklash(input: BacklashInput): BacklashDecision {
  const o = { ...BACKLASH_DEFAULTS, ...input.options };
  const minNeg = input.minNegPerHour ?? BACKLASH_DEFAULTS.minNegPerHour;
  const s = input.sensitivity > 0 && Number.isFinite(input.sensitivity) ? input.sensitivity : 1;
  const ratioNeed = 1 + (o.ratio - 1) / s;
  const zNeed = o.z / s;
  const dropNeed = o.sentimentDrop / s;
  const brandId = input.brandId ?? input.rollups[0]?.brandId ?? '';
  const launchId = input.launchId ?? (input.rollups[0]?.launchId || undefined);
  const previous = input.previous && input.previous.kind === 'backlash' ? input.previous : null;

  const series = hourlySeries(input.rollups, input.now);
  const nowHour = Math.floor(input.now.getTime() / HOUR_MS) * HOUR_MS;
  // The baseline never includes the episode being judged: history stops where it began.
  const activeStart = previous && isActive(previous) ? Date.parse(previous.windowStart) : Infinity;
  const maxW = Math.max(1, o.windowHours);
  const historyEnd = Math.min(activeStart, nowHour - (maxW - 1) * HOUR_MS);
  const history = series.filter((b) => b.t < historyEnd && b.t >= historyEnd - o.historyDays * 24 * HOUR_MS);
  const sentimentBaseline = meanSentiment(history.slice(-14 * 24), 5);
  const negBase = baselineOf(history, (b) => b.neg);

  const test = (hours: number): WindowTest => {
    const recent = series.filter((b) => b.t > nowHour - hours * HOUR_MS);
    const neg = burst(negBase, recent, (b) => b.neg);
    const volume = sum(recent, (b) => b.count);
    const negCount = sum(recent, (b) => b.neg);
    const sentimentNow = volume ? sum(recent, (b) => b.sentimentSum) / volume : 0;
    return {
      hours, neg, sentimentNow, volume, negCount,
      spike: neg.ratio >= ratioNeed && neg.z >= zNeed,
      drop: volume > 0 && sentimentBaseline - sentimentNow >= dropNeed,
      enough: neg.now >= minNeg,
    };
  };
  const tests = maxW > 1 ? [test(1), test(maxW)] : [test(1)];
  const firingTests = tests.filter((t) => t.spike && t.drop && t.enough);
  // Report the firing window with the strongest evidence, else the widest one.
  const main = firingTests.sort((a, b) => b.neg.ratio - a.neg.ratio)[0] ?? tests[tests.length - 1];
  const firing = firingTests.length > 0;

  const episodeStart = firing ? walkBackStart(series, negBase, nowHour) : nowHour;
  const episodeFrom = previous && isActive(previous) ? activeStart : episodeStart;
  const episode = series.filter((b) => b.t >= episodeFrom);
  const aspects = risingAspects(episode, history);

  const resolveWin = series.filter((b) => b.t > nowHour - o.resolveAfterHours * HOUR_MS);
  const resolveStats = burst(negBase, resolveWin, (b) => b.neg);
  const subsided = resolveWin.length >= Math.min(o.resolveAfterHours, 1) &&
    (resolveStats.now <= Math.max(resolveStats.baseline * 1.5, minNeg * 0.5) || resolveStats.ratio < 1.5);

  const ratioRank = rankOf(main.neg.ratio, [5, 10, 20]);
  const volumeRank = rankOf(main.neg.now, [20, 50, 150]);
  const severity = combineSeverity(ratioRank, volumeRank);

  const hours = Math.max(1, Math.round((nowHour - episodeFrom) / HOUR_MS) + 1);
  const figures: Record<string, number> = {
    negPerHour: round(main.neg.now, 1),
    baselineNegPerHour: round(main.neg.baseline, 2),
    ratio: round(main.neg.ratio, 1),
    z: round(main.neg.z, 1),
    sentimentNow: round(main.sentimentNow, 2),
    sentimentBaseline: round(sentimentBaseline, 2),
    negShare: main.volume ? round(main.negCount / main.volume, 2) : 0,
    volume: main.volume,
    negative: main.negCount,
    windowHours: main.hours,
    hours,
    historyHours: main.neg.historyHours,
  };
  const aspectText = aspects.length ? `; rising: ${aspects.slice(0, 3).join(', ')}` : '';
  const summary = `${figures.negPerHour}/h negative mentions over the last ${main.hours} h vs ${figures.baselineNegPerHour}/h usual at these hours (×${figures.ratio}); ` +
    `sentiment ${signed(figures.sentimentNow)} vs ${signed(figures.sentimentBaseline)} baseline${aspectText}`;
  const evidence: AlertEvidence = { figures, topTerms: [], topAspects: aspects, samples: [], summary };
  const title = `Backlash: negative mentions ×${figures.ratio} usual${aspects.length ? ` (${aspects.slice(0, 2).join(', ')})` : ''}`;

  const quietReason = !tests.some((t) => t.enough)
    ? `below minimum volume (${round(main.neg.now, 1)}/h < ${minNeg}/h)`
    : !tests.some((t) => t.spike) ? `no spike (×${figures.ratio}, z ${figures.z}; needs ×${round(ratioNeed, 2)}, z ${round(zNeed, 2)})`
      : !tests.some((t) => t.drop) ? `no sentiment drop (${figures.sentimentNow} vs ${figures.sentimentBaseline})`
        : 'spike, sentiment drop and volume not in the same window';

  return decideEpisode({
    kind: 'backlash', brandId, launchId, now: input.now, firing, subsided, episodeStart, severity, title, evidence,
    previous, cooldownHours: o.cooldownHours, mainFigure: 'negPerHour', quietReason,
  });
}

/** First hour of the current run of elevated hours (negative count clearly above its usual level), ≤ 24 h back. */
function walkBackStart(series: HourBucket[], base: Baseline, nowHour: number): number {
  let start = nowHour;
  for (let i = series.length - 1; i >= 0 && series[i].t > nowHour - 24 * HOUR_MS; i--) {
    const b = series[i];
    if (b.t > nowHour) continue;
    const usual = burst(base, [b], (x) => x.neg);
    if (b.neg >= 2 && usual.ratio >= 2) start = b.t;
    else if (b.t < nowHour) break;
  }
  return start;
}

/** Negative aspects whose hourly rate rose most in the episode against history (at least 2 mentions). */
export function risingAspects(episode: HourBucket[], history: HourBucket[], k = 5): string[] {
  const now = aspectTotals(episode, ':negative');
  const base = aspectTotals(history, ':negative');
  const eh = Math.max(episode.length, 1);
  const hh = Math.max(history.length, 1);
  return [...now.entries()]
    .filter(([, c]) => c >= 2)
    .map(([a, c]) => ({ a, rise: c / eh - (base.get(a) ?? 0) / hh, c }))
    .filter((x) => x.rise > 0)
    .sort((x, y) => y.rise - x.rise || y.c - x.c || x.a.localeCompare(y.a))
    .slice(0, k)
    .map((x) => x.a);
}

function aspectTotals(buckets: HourBucket[], suffix: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const b of buckets) {
    for (const [k, v] of Object.entries(b.aspects)) {
      if (!k.endsWith(suffix)) continue;
      const a = k.slice(0, -suffix.length);
      m.set(a, (m.get(a) ?? 0) + v);
    }
  }
  return m;
}

/** Count-weighted mean sentiment, shrunk towards neutral with `prior` pseudo-mentions. */
function meanSentiment(buckets: HourBucket[], prior: number): number {
  const n = sum(buckets, (b) => b.count);
  return sum(buckets, (b) => b.sentimentSum) / (n + prior);
}

function sum(bs: readonly HourBucket[], f: (b: HourBucket) => number): number {
  let s = 0;
  for (const b of bs) s += f(b);
  return s;
}

function signed(x: number): string {
  return x > 0 ? `+${x}` : String(x);
}
