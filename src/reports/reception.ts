// Launch reception: the first 24 hours, 72 hours and 7 days after launch.startAt against the brand's
// baseline (the 28 days before the launch). One rollup query covers baseline and windows; quotes
// come from small bounded mention queries (most engaged among the newest 50 per polarity).
import type { Brand, Launch, Mention, Rollup } from '../core/types.js';
import { DAY_MS, HOUR_MS } from '../core/time.js';
import type { Store } from '../ports/store.js';
import { mostEngaged, type SampleMention } from './authors.js';
import { addRollup, aspectReport, emptyTotals, measures, type AspectSummary, type Measures, type Totals } from './measures.js';
import { shareDifference, sentimentDifference, type Difference } from './significance.js';
import { round } from './stats.js';
import { METHOD_NOTES, targetOf, type ReportTarget } from './trend.js';

export const RECEPTION_WINDOWS = [
  { name: '24h', hours: 24 },
  { name: '72h', hours: 72 },
  { name: '7d', hours: 168 },
] as const;
export const BASELINE_DAYS = 28;

export interface ReceptionWindow {
  name: '24h' | '72h' | '7d';
  from: string;
  to: string;
  /** False while the window is still running; figures then cover `hoursObserved` hours. */
  complete: boolean;
  hoursObserved: number;
  /** Mentions tagged with this launch. */
  launch: Measures;
  /** All of the brand's mentions in the window (the launch's and the rest). */
  brand: Measures;
  /** Which figures the changes compare with the baseline: the launch's, or the brand's when no mention is tagged with the launch. */
  basis: 'launch' | 'brand';
  changes: {
    /** Brand mentions per hour in the window vs the baseline's. */
    volumePerHour: { window: number; baseline: number; ratio: number | null };
    sentiment: Difference | null;
    negativeShare: Difference | null;
    fakeShare: Difference | null;
    mismatchRate: Difference | null;
  };
  praised: AspectSummary[];
  complaints: AspectSummary[];
}

export interface ReceptionReport {
  target: ReportTarget;
  startAt: string;
  asOf: string;
  method: typeof METHOD_NOTES & { tests: string; samples: string };
  baseline: { from: string; to: string; days: number; measures: Measures; volumePerHour: number; praised: AspectSummary[]; complaints: AspectSummary[] };
  windows: ReceptionWindow[];
  /** One line per window: what changed, in words. */
  summary: string[];
  samples: { praise: SampleMention[]; complaints: SampleMention[]; suspectedFake: SampleMention[] };
}

export function computeReception(input: {
  brand: Brand;
  launch: Launch;
  /** Brand rollups over [start − 28 d, start + 7 d). */
  rollups: Rollup[];
  now: Date;
  samples?: { positive: Mention[]; negative: Mention[]; fake: Mention[] };
}): ReceptionReport {
  const start = Date.parse(input.launch.startAt);
  const baseFrom = start - BASELINE_DAYS * DAY_MS;
  const now = input.now.getTime();
  const base = emptyTotals();
  const baseRollups: Rollup[] = [];
  for (const r of input.rollups) {
    const t = Date.parse(r.hour);
    if (t >= baseFrom && t < start) { addRollup(base, r); baseRollups.push(r); }
  }
  const baseHours = BASELINE_DAYS * 24;
  const basePerHour = base.count / baseHours;
  const baseAspects = aspectReport(baseRollups, 5);

  const windows: ReceptionWindow[] = RECEPTION_WINDOWS.map((w) => {
    const end = start + w.hours * HOUR_MS;
    const launchT = emptyTotals();
    const brandT = emptyTotals();
    const launchRollups: Rollup[] = [];
    const brandRollups: Rollup[] = [];
    for (const r of input.rollups) {
      const t = Date.parse(r.hour);
      if (t < start || t >= end) continue;
      addRollup(brandT, r);
      brandRollups.push(r);
      if (r.launchId === input.launch.id) { addRollup(launchT, r); launchRollups.push(r); }
    }
    const hoursObserved = Math.max(0, Math.min(w.hours, Math.ceil((now - start) / HOUR_MS)));
    const basis: 'launch' | 'brand' = launchT.count > 0 ? 'launch' : 'brand';
    const cmp: Totals = basis === 'launch' ? launchT : brandT;
    const perHour = hoursObserved > 0 ? brandT.count / hoursObserved : 0;
    const aspects = aspectReport(basis === 'launch' ? launchRollups : brandRollups, 5);
    return {
      name: w.name, from: new Date(start).toISOString(), to: new Date(end).toISOString(),
      complete: now >= end, hoursObserved,
      launch: measures(launchT), brand: measures(brandT), basis,
      changes: {
        volumePerHour: { window: round(perHour, 3), baseline: round(basePerHour, 3), ratio: basePerHour > 0 ? round(perHour / basePerHour, 2) : null },
        sentiment: sentimentDifference(cmp.sentimentSum, cmp.count, base.sentimentSum, base.count),
        negativeShare: shareDifference('negativeShare', cmp.neg, cmp.count, base.neg, base.count),
        fakeShare: shareDifference('fakeShare', cmp.fakeSuspects, cmp.count, base.fakeSuspects, base.count),
        mismatchRate: shareDifference('mismatchRate', cmp.mismatches, cmp.count, base.mismatches, base.count),
      },
      praised: aspects.praised,
      complaints: aspects.complaints,
    };
  });

  const s = input.samples ?? { positive: [], negative: [], fake: [] };
  return {
    target: targetOf(input.brand, input.launch),
    startAt: input.launch.startAt,
    asOf: input.now.toISOString(),
    method: {
      ...METHOD_NOTES,
      tests: 'each window vs the baseline: two-proportion z-tests (pooled) with Cohen\'s h for shares, a conservative z-test (Bhatia–Davis variance bound) for mean sentiment; significant when p < 0.05',
      samples: 'quotes are the most engaged of the newest 50 mentions of each polarity in the first 7 days',
    },
    baseline: {
      from: new Date(baseFrom).toISOString(), to: new Date(start).toISOString(), days: BASELINE_DAYS,
      measures: measures(base), volumePerHour: round(basePerHour, 3), praised: baseAspects.praised, complaints: baseAspects.complaints,
    },
    windows,
    summary: windows.map(summarise),
    samples: { praise: mostEngaged(s.positive, 3), complaints: mostEngaged(s.negative, 3), suspectedFake: mostEngaged(s.fake, 3) },
  };
}

function summarise(w: ReceptionWindow): string {
  const parts: string[] = [];
  const v = w.changes.volumePerHour;
  if (v.ratio !== null) parts.push(`volume ×${v.ratio} of baseline`);
  else parts.push(v.window > 0 ? 'volume up from no baseline mentions' : 'no mentions yet');
  const say = (label: string, d: Difference | null, pts: boolean) => {
    if (!d) return;
    const diff = pts ? `${d.diff >= 0 ? '+' : ''}${(d.diff * 100).toFixed(1)} pts` : `${d.diff >= 0 ? '+' : ''}${d.diff.toFixed(2)}`;
    parts.push(`${label} ${diff} (${d.significant ? 'significant' : 'noise'})`);
  };
  say('sentiment', w.changes.sentiment, false);
  say('negative share', w.changes.negativeShare, true);
  say('fake share', w.changes.fakeShare, true);
  if (w.complaints[0]) parts.push(`top complaint: ${w.complaints[0].aspect}`);
  if (w.praised[0]) parts.push(`top praise: ${w.praised[0].aspect}`);
  return `${w.name}${w.complete ? '' : ` (so far, ${w.hoursObserved} h)`}: ${parts.join('; ')}`;
}

export async function receptionReport(store: Store, brand: Brand, launch: Launch, now: Date): Promise<ReceptionReport> {
  const start = Date.parse(launch.startAt);
  const from = new Date(start - BASELINE_DAYS * DAY_MS).toISOString();
  const to = new Date(start + 7 * DAY_MS).toISOString();
  const sampleTo = new Date(Math.max(start + HOUR_MS, Math.min(start + 7 * DAY_MS, now.getTime() + HOUR_MS))).toISOString();
  const f = { launchId: launch.id, from: launch.startAt, to: sampleTo };
  const [rollups, positive, negative, fake] = await Promise.all([
    store.queryRollups({ brandId: brand.id, from, to }),
    store.queryMentions({ ...f, label: 'positive' }, { limit: 50 }),
    store.queryMentions({ ...f, label: 'negative' }, { limit: 50 }),
    store.queryMentions({ ...f, flags: ['fakeSuspect'] }, { limit: 50 }),
  ]);
  return computeReception({ brand, launch, rollups, now, samples: { positive: positive.items, negative: negative.items, fake: fake.items } });
}
