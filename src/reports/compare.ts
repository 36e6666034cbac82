// Compare: launches / campaigns aligned on days since their start, or brands over the same calendar
// range, side by side on the same measures. Every pair is tested (two-proportion z-tests on negative
// share, fake share and mismatch rate with Cohen's h; a conservative z-test on mean sentiment), and
// the p-values of the whole comparison are Holm-adjusted, so asking about more pairs does not
// manufacture significance. A difference is "significant" when its adjusted p < 0.05, else "noise".
import type { Brand, Launch, MentionKind, Rollup } from '../core/types.js';
import { DAY_MS } from '../core/time.js';
import type { Store } from '../ports/store.js';
import { addRollup, aspectReport, emptyTotals, measures, type AspectSummary, type Measures, type Totals } from './measures.js';
import { finish, sentimentDifference, shareDifference, type Difference } from './significance.js';
import { holm, round } from './stats.js';
import { METHOD_NOTES, targetOf, type ReportTarget } from './trend.js';

export interface CompareSide {
  brand: Brand;
  launch?: Launch;
  /** Window start (launch start, or the common calendar start) and end. */
  from: number;
  to: number;
  rollups: Rollup[];
}

export interface DayPoint {
  /** Days since the launch (or since the range start, for brands). */
  day: number;
  volume: number;
  sentimentMean: number | null;
  negativeShare: number | null;
  fakeShare: number | null;
}

export interface CompareTarget {
  /** A, B, C… in request order. */
  key: string;
  target: ReportTarget;
  from: string;
  to: string;
  measures: Measures;
  series: DayPoint[];
  praised: AspectSummary[];
  complaints: AspectSummary[];
}

export interface PairDifferences {
  a: string;
  b: string;
  aName: string;
  bName: string;
  negativeShare: Difference | null;
  fakeShare: Difference | null;
  mismatchRate: Difference | null;
  sentimentMean: Difference | null;
}

export interface CompareReport {
  mode: 'launches' | 'brands';
  alignment: string;
  days: number;
  kind: MentionKind | null;
  method: typeof METHOD_NOTES & { tests: string };
  targets: CompareTarget[];
  differences: PairDifferences[];
}

const KEYS = 'ABCDEFGH';

export function computeCompare(mode: 'launches' | 'brands', sides: CompareSide[], opts: { kind?: MentionKind } = {}): CompareReport {
  const totals: Totals[] = [];
  const targets = sides.map((s, i): CompareTarget => {
    const days = Math.max(1, Math.ceil((s.to - s.from) / DAY_MS));
    const perDay = Array.from({ length: days }, () => emptyTotals());
    const t = emptyTotals();
    const used: Rollup[] = [];
    for (const r of s.rollups) {
      if (opts.kind && r.kind !== opts.kind) continue;
      if (s.launch && r.launchId !== s.launch.id) continue;
      const at = Date.parse(r.hour);
      if (at < s.from || at >= s.to) continue;
      addRollup(t, r);
      addRollup(perDay[Math.floor((at - s.from) / DAY_MS)]!, r);
      used.push(r);
    }
    totals.push(t);
    const a = aspectReport(used, 5);
    return {
      key: KEYS[i]!, target: targetOf(s.brand, s.launch), from: new Date(s.from).toISOString(), to: new Date(s.to).toISOString(),
      measures: measures(t),
      series: perDay.map((d, day) => ({
        day, volume: d.count,
        sentimentMean: d.count ? round(d.sentimentSum / d.count) : null,
        negativeShare: d.count ? round(d.neg / d.count) : null,
        fakeShare: d.count ? round(d.fakeSuspects / d.count) : null,
      })),
      praised: a.praised, complaints: a.complaints,
    };
  });

  const differences: PairDifferences[] = [];
  for (let i = 0; i < sides.length; i++) {
    for (let j = i + 1; j < sides.length; j++) {
      const x = totals[i]!;
      const y = totals[j]!;
      differences.push({
        a: targets[i]!.key, b: targets[j]!.key, aName: nameOf(targets[i]!.target), bName: nameOf(targets[j]!.target),
        negativeShare: shareDifference('negativeShare', x.neg, x.count, y.neg, y.count),
        fakeShare: shareDifference('fakeShare', x.fakeSuspects, x.count, y.fakeSuspects, y.count),
        mismatchRate: shareDifference('mismatchRate', x.mismatches, x.count, y.mismatches, y.count),
        sentimentMean: sentimentDifference(x.sentimentSum, x.count, y.sentimentSum, y.count),
      });
    }
  }
  // Holm over every test in this report.
  const all: Difference[] = [];
  for (const d of differences) for (const t of [d.negativeShare, d.fakeShare, d.mismatchRate, d.sentimentMean]) if (t) all.push(t);
  const adj = holm(all.map((t) => t.p));
  all.forEach((t, i) => { t.pAdjusted = adj[i]!; finish(t); });

  const days = Math.max(...targets.map((t) => t.series.length));
  return {
    mode,
    alignment: mode === 'launches' ? 'days since each launch started' : 'the same calendar range (UTC days since its start)',
    days,
    kind: opts.kind ?? null,
    method: {
      ...METHOD_NOTES,
      tests: 'every pair: two-proportion z-test (pooled) with Cohen\'s h on negative share, fake share and mismatch rate; conservative z-test on mean sentiment; p-values Holm-adjusted over all tests in the report; significant when adjusted p < 0.05, otherwise "not significant (noise)"',
    },
    targets,
    differences,
  };
}

function nameOf(t: ReportTarget): string {
  return t.launchName ? `${t.brandName} / ${t.launchName}` : t.brandName;
}

export async function compareLaunches(store: Store, pairs: { brand: Brand; launch: Launch }[], days: number, kind?: MentionKind): Promise<CompareReport> {
  const sides = await Promise.all(pairs.map(async ({ brand, launch }) => {
    const from = Date.parse(launch.startAt);
    const to = from + days * DAY_MS;
    const rollups = await store.queryRollups({ brandId: brand.id, launchId: launch.id, ...(kind ? { kind } : {}), from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    return { brand, launch, from, to, rollups };
  }));
  return computeCompare('launches', sides, { kind });
}

export async function compareBrands(store: Store, brands: Brand[], from: number, to: number, kind?: MentionKind): Promise<CompareReport> {
  const sides = await Promise.all(brands.map(async (brand) => {
    const rollups = await store.queryRollups({ brandId: brand.id, ...(kind ? { kind } : {}), from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    return { brand, from, to, rollups };
  }));
  return computeCompare('brands', sides, { kind });
}

/** One row per target; the difference columns are against the first target (A). */
export function compareTable(r: CompareReport): { header: string[]; rows: (string | number | boolean | null)[][] } {
  const header = ['key', 'brand', 'launch', 'type', 'from', 'to', 'volume', 'sentiment_mean', 'sentiment_ci_low', 'sentiment_ci_high',
    'negative_share', 'negative_ci_low', 'negative_ci_high', 'fake_share', 'mismatch_rate', 'undisclosed', 'reach',
    'negative_diff_A_minus_row', 'negative_p_adj', 'negative_h_A_minus_row', 'negative_verdict', 'fake_diff_A_minus_row', 'fake_p_adj', 'fake_verdict'];
  const rows = r.targets.map((t) => {
    const d = r.differences.find((x) => x.a === 'A' && x.b === t.key);
    const m = t.measures;
    return [t.key, t.target.brandName, t.target.launchName ?? '', t.target.type, t.from, t.to, m.volume, m.sentimentMean, m.sentimentCi?.low ?? null, m.sentimentCi?.high ?? null,
      m.negativeShare, m.negativeShareCi?.low ?? null, m.negativeShareCi?.high ?? null, m.fakeShare, m.mismatchRate, m.undisclosed, m.reach,
      // Differences read "A minus this row", like the verdicts of the JSON differences.
      d?.negativeShare?.diff ?? null, d?.negativeShare?.pAdjusted ?? null, d?.negativeShare?.h ?? null, d?.negativeShare?.verdict ?? null,
      d?.fakeShare?.diff ?? null, d?.fakeShare?.pAdjusted ?? null, d?.fakeShare?.verdict ?? null];
  });
  return { header, rows };
}
