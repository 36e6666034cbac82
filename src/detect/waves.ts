// The other alert kinds:
// - fake-review wave: a burst of likely-fake reviews per hour against their usual rate;
// - mission mismatch: a mention that contradicts the brand's values or makes a forbidden claim,
//   from a source with reach (one episode per claim);
// - undisclosed sponsorship: an influencer post with sponsorship signals and no clear disclosure
//   (one episode per author and ISO week).
// All pure; `active` lists the caller's open alerts of that kind so a known episode becomes an
// update (or nothing) instead of a second open.

import type { Alert, AlertEvidence, AlertSeverity, Mention, Rollup } from '../core/types.js';
import { HOUR_MS } from '../core/time.js';
import { baselineOf, burst, hourlySeries, round } from './hourly.js';
import { SEVERITIES, combineSeverity, decideEpisode, isActive, rankOf, type AlertDecision } from './decision.js';
import { pickSamples } from './explain.js';

export interface FakeWaveOptions {
  sensitivity?: number;
  /** At least this many fake suspects per hour (mean over the window). Default 3. */
  minPerHour?: number;
  windowHours?: number;
  ratio?: number;
  z?: number;
  cooldownHours?: number;
  resolveAfterHours?: number;
  previous?: Alert | null;
  brandId?: string;
  launchId?: string;
}

export function detectFakeWave(rollups: Rollup[], now: Date, opts: FakeWaveOptions = {}): AlertDecision {
  const s = opts.sensitivity && opts.sensitivity > 0 ? opts.sensitivity : 1;
  const minPerHour = opts.minPerHour ?? 3;
  const w = Math.max(1, opts.windowHours ?? 3);
  const ratioNeed = 1 + ((opts.ratio ?? 3) - 1) / s;
  const zNeed = (opts.z ?? 3) / s;
  const previous = opts.previous && opts.previous.kind === 'fake-review-wave' ? opts.previous : null;
  const brandId = opts.brandId ?? rollups[0]?.brandId ?? '';
  const launchId = opts.launchId ?? (rollups[0]?.launchId || undefined);
  // Fake-review likelihood only means something for reviews; other kinds would dilute the share.
  const reviews = rollups.filter((r) => r.kind === 'review');
  const series = hourlySeries(reviews.length ? reviews : rollups, now);
  const nowHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const activeStart = previous && isActive(previous) ? Date.parse(previous.windowStart) : Infinity;
  const historyEnd = Math.min(activeStart, nowHour - (w - 1) * HOUR_MS);
  const history = series.filter((b) => b.t < historyEnd && b.t >= historyEnd - 28 * 24 * HOUR_MS);
  const base = baselineOf(history, (b) => b.fakeSuspects);
  const recent = series.filter((b) => b.t > nowHour - w * HOUR_MS);
  const st = burst(base, recent, (b) => b.fakeSuspects);
  const reviewsNow = recent.reduce((a, b) => a + b.count, 0);
  const fakeNow = recent.reduce((a, b) => a + b.fakeSuspects, 0);
  const firing = st.now >= minPerHour && st.ratio >= ratioNeed && st.z >= zNeed;

  const resolveH = opts.resolveAfterHours ?? 3;
  const rs = burst(base, series.filter((b) => b.t > nowHour - resolveH * HOUR_MS), (b) => b.fakeSuspects);
  const subsided = rs.now <= Math.max(rs.baseline * 1.5, minPerHour * 0.5) || rs.ratio < 1.5;

  // Start of the burst: the earliest recent hour that already had suspects above its usual level.
  let episodeStart = nowHour;
  for (const b of recent) if (b.fakeSuspects >= 1 && b.fakeSuspects > base.at(b.t) * 2) { episodeStart = b.t; break; }

  const severity = combineSeverity(rankOf(st.ratio, [5, 10, 20]), rankOf(fakeNow, [10, 30, 100]));
  const figures = {
    fakePerHour: round(st.now, 1),
    baselineFakePerHour: round(st.baseline, 2),
    ratio: round(st.ratio, 1),
    z: round(st.z, 1),
    fakeShare: reviewsNow ? round(fakeNow / reviewsNow, 2) : 0,
    fakeSuspects: fakeNow,
    volume: reviewsNow,
    windowHours: w,
    historyHours: st.historyHours,
  };
  const summary = `${figures.fakeSuspects} likely-fake reviews in the last ${w} h (${figures.fakePerHour}/h vs ${figures.baselineFakePerHour}/h usual, ×${figures.ratio}); ` +
    `${Math.round(figures.fakeShare * 100)}% of ${reviewsNow} reviews`;
  const evidence: AlertEvidence = { figures, topTerms: [], topAspects: [], samples: [], summary };
  return decideEpisode({
    kind: 'fake-review-wave', brandId, launchId, now, firing, subsided, episodeStart, severity,
    title: `Fake-review wave: ${figures.fakeSuspects} likely-fake reviews in ${w} h (×${figures.ratio})`,
    evidence, previous, cooldownHours: opts.cooldownHours ?? 6, mainFigure: 'fakeSuspects',
    quietReason: st.now < minPerHour ? `below minimum (${figures.fakePerHour}/h < ${minPerHour}/h)` : `no burst (×${figures.ratio}, z ${figures.z})`,
  });
}

/** Followers plus engagement: how many people a mention plausibly reached. */
export function reachOf(m: Pick<Mention, 'author' | 'engagement'>): number {
  const e = m.engagement ?? {};
  return (m.author?.followers ?? 0) + (e.likes ?? 0) + (e.comments ?? 0) + (e.shares ?? 0);
}

function normaliseClaim(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim().slice(0, 80);
}

function span(ms: Mention[]): { windowStart: string; windowEnd: string } {
  const ts = ms.map((m) => Date.parse(m.publishedAt)).filter(Number.isFinite);
  const lo = ts.length ? Math.min(...ts) : Date.now();
  const hi = ts.length ? Math.max(...ts) : lo;
  return { windowStart: new Date(lo).toISOString(), windowEnd: new Date(hi).toISOString() };
}

function bump(s: AlertSeverity, by: number): AlertSeverity {
  return SEVERITIES[Math.max(0, Math.min(3, SEVERITIES.indexOf(s) + by))];
}

/** Turns one group of mentions into open / update / none against the caller's active alerts. */
function groupDecision(base: Omit<AlertDecision, 'action' | 'reason'>, countFigure: string, active: readonly Alert[]): AlertDecision {
  const existing = active.find((a) => a.episodeKey === base.episodeKey && isActive(a));
  if (!existing) return { ...base, action: 'open', reason: 'new episode' };
  const before = existing.evidence?.figures?.[countFigure] ?? 0;
  const grew = (base.evidence.figures[countFigure] ?? 0) > before || SEVERITIES.indexOf(base.severity) > SEVERITIES.indexOf(existing.severity);
  return {
    ...base,
    windowStart: existing.windowStart < base.windowStart ? existing.windowStart : base.windowStart,
    severity: SEVERITIES.indexOf(base.severity) > SEVERITIES.indexOf(existing.severity) ? base.severity : existing.severity,
    action: grew ? 'update' : 'none',
    reason: grew ? 'more mentions in the episode' : 'already alerted',
  };
}

export interface MismatchOptions {
  /** Followers + engagement needed for a mismatch to be worth an alert. */
  minReach: number;
  /** Open mission-mismatch alerts of the brand, so known claims update instead of re-opening. */
  active?: readonly Alert[];
}

/** One decision per mismatched claim (forbidden claims and contradicted values) among mentions with reach. */
export function missionMismatchAlerts(mentions: readonly Mention[], opts: MismatchOptions): AlertDecision[] {
  const groups = new Map<string, { claim: string; type: string; reason: string; ms: Mention[] }>();
  for (const m of mentions) {
    const mm = m.scores?.mission?.mismatches ?? [];
    if (!mm.length || reachOf(m) < opts.minReach) continue;
    for (const x of mm) {
      const key = `${m.brandId}:${x.type}:${normaliseClaim(x.claim)}`;
      const g = groups.get(key) ?? { claim: x.claim, type: x.type, reason: x.reason, ms: [] };
      if (!g.ms.includes(m)) g.ms.push(m);
      groups.set(key, g);
    }
  }
  const out: AlertDecision[] = [];
  for (const [key, g] of groups) {
    const reach = g.ms.reduce((a, m) => a + reachOf(m), 0);
    const maxReach = Math.max(...g.ms.map(reachOf));
    const typeRank = g.type === 'forbidden-claim' ? 2 : g.type === 'contradicts-values' ? 1 : 0;
    const severity = bump(SEVERITIES[typeRank], maxReach >= opts.minReach * 10 ? 1 : 0);
    const m0 = g.ms[0];
    const figures = { mentions: g.ms.length, reach, maxReach, minReach: opts.minReach };
    const evidence: AlertEvidence = {
      figures, topTerms: [g.claim], topAspects: [],
      samples: pickSamples(g.ms, 3),
      summary: `${g.type === 'forbidden-claim' ? 'Forbidden claim' : g.type === 'contradicts-values' ? 'Claim contradicting the brand\'s values' : 'Off-mission claim'} "${g.claim}" in ${g.ms.length} mention(s) reaching ~${reach}: ${g.reason}`,
    };
    out.push(groupDecision({
      kind: 'mission-mismatch', severity, episodeKey: `mission-mismatch:${key}`,
      title: `Mission mismatch: "${g.claim}"`, ...span(g.ms), evidence, brandId: m0.brandId, launchId: m0.launchId,
    }, 'mentions', opts.active ?? []));
  }
  return out;
}

/** ISO-8601 week label, e.g. "2026-W48". */
export function isoWeek(iso: string): string {
  const d0 = new Date(iso);
  const d = new Date(Date.UTC(d0.getUTCFullYear(), d0.getUTCMonth(), d0.getUTCDate()));
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7)); // the Thursday of this week names the year
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((d.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

export interface UndisclosedOptions {
  active?: readonly Alert[];
}

/** Influencer posts with sponsorship signals and no clear (up-front) disclosure: one decision per author + ISO week. */
export function undisclosedAlerts(mentions: readonly Mention[], opts: UndisclosedOptions = {}): AlertDecision[] {
  const groups = new Map<string, Mention[]>();
  for (const m of mentions) {
    const sp = m.scores?.sponsorship;
    if (m.kind !== 'influencer' || !sp?.sponsored) continue;
    if (sp.disclosed && sp.placement === 'upfront') continue;
    const author = (m.author?.handle ?? m.author?.name ?? 'unknown').toLowerCase();
    const key = `${m.brandId}:${author}:${isoWeek(m.publishedAt)}`;
    const l = groups.get(key) ?? [];
    l.push(m);
    groups.set(key, l);
  }
  const out: AlertDecision[] = [];
  for (const [key, ms] of groups) {
    const m0 = ms[0];
    const followers = Math.max(...ms.map((m) => m.author?.followers ?? 0));
    const buriedOnly = ms.every((m) => m.scores.sponsorship.disclosed);
    const severity = bump(SEVERITIES[rankOf(followers, [10_000, 100_000, 1_000_000])], buriedOnly ? -1 : 0);
    const who = m0.author?.handle ?? m0.author?.name ?? 'unknown author';
    const signals = [...new Set(ms.flatMap((m) => m.scores.sponsorship.signals))].slice(0, 5);
    const evidence: AlertEvidence = {
      figures: { posts: ms.length, followers, buried: ms.filter((m) => m.scores.sponsorship.placement === 'buried').length },
      topTerms: signals, topAspects: [], samples: pickSamples(ms, 3),
      summary: `${who} (${followers} followers) posted ${ms.length} sponsored-looking post(s) ${buriedOnly ? 'with the disclosure buried' : 'without a disclosure'}; signals: ${signals.join(', ') || 'n/a'}`,
    };
    out.push(groupDecision({
      kind: 'undisclosed-sponsorship', severity, episodeKey: `undisclosed-sponsorship:${key}`,
      title: `Undisclosed sponsorship: ${who}`, ...span(ms), evidence, brandId: m0.brandId, launchId: m0.launchId,
    }, 'posts', opts.active ?? []));
  }
  return out;
}
