// The pure report computations over hand-made rollups.
import { describe, expect, it } from 'vitest';
import type { Alert, Brand, Launch, Mention, MentionKind, Rollup } from '../../src/core/types.js';
import { planBuckets } from '../../src/reports/buckets.js';
import { computeCompare, compareTable } from '../../src/reports/compare.js';
import { csvCell, toCsv } from '../../src/reports/csv.js';
import { computeReception } from '../../src/reports/reception.js';
import { risingTerms } from '../../src/reports/terms.js';
import { topAuthors } from '../../src/reports/authors.js';
import { computeTrend, targetOf, trendTable } from '../../src/reports/trend.js';
import { rankTrust, responsiveness, trustIndex, TRUST_WEIGHTS } from '../../src/reports/trust.js';
import { emptyTotals } from '../../src/reports/measures.js';
import { ReportCache } from '../../src/reports/cache.js';

const brand = { id: 'b'.repeat(24), name: 'Verde' } as Brand;
const launch = { id: 'l'.repeat(24), brandId: brand.id, name: 'Glow', type: 'launch', startAt: '2026-03-01T00:00:00.000Z' } as Launch;

function roll(hour: string, over: Partial<Rollup> = {}): Rollup {
  const count = over.count ?? 10;
  return {
    brandId: brand.id, launchId: '', kind: 'review', hour, count, sentimentSum: 0, pos: 0, neu: count, neg: 0,
    fakeSuspects: 0, mismatches: 0, undisclosed: 0, reach: 0, fiveStar: 0, aspects: {}, ...over,
  };
}

describe('trend (pure)', () => {
  it('sums rollups into local day buckets across a DST change, split by kind', () => {
    const plan = planBuckets(Date.parse('2026-03-28T00:00:00Z'), Date.parse('2026-03-30T00:00:00Z'), 'day', 'Europe/Madrid');
    const rollups = [
      roll('2026-03-28T22:00:00.000Z', { count: 4, neg: 1, neu: 3, sentimentSum: -0.4, kind: 'social' }), // 23:00 local on the 28th
      roll('2026-03-28T23:00:00.000Z', { count: 6, pos: 6, neu: 0, sentimentSum: 3, reach: 100 }), // 00:00 local on the 29th
      roll('2026-03-29T21:00:00.000Z', { count: 2, neg: 2, neu: 0, sentimentSum: -1, fakeSuspects: 1, kind: 'social' }), // 23:00 CEST, still the 29th
      roll('2026-03-29T22:00:00.000Z', { count: 5, aspects: { 'price:negative': 3, 'scent:positive': 2 } }), // the 30th
      roll('2026-02-01T00:00:00.000Z', { count: 99 }), // outside the range: ignored
    ];
    const r = computeTrend({ target: targetOf(brand), plan, rollups, requested: { from: plan.from, to: plan.to } });
    expect(r.buckets.map((b) => [b.label, b.volume])).toEqual([
      ['2026-03-28T00:00:00+01:00', 4], ['2026-03-29T00:00:00+01:00', 8], ['2026-03-30T00:00:00+02:00', 5],
    ]);
    const d29 = r.buckets[1]!;
    expect(d29.sentimentMean).toBeCloseTo(0.25, 4);
    expect(d29.negativeShare).toBeCloseTo(0.25, 4);
    expect(d29.fakeShare).toBeCloseTo(0.125, 4);
    expect(d29.byKind).toEqual({ review: { volume: 6, sentimentMean: 0.5, negativeShare: 0 }, social: { volume: 2, sentimentMean: -0.5, negativeShare: 1 } });
    expect(d29.sentimentCi!.low).toBeLessThan(0.25);
    expect(d29.sentimentCi!.high).toBeGreaterThan(0.25);
    expect(r.totals.volume).toBe(17);
    expect(r.byKind.social!.volume).toBe(6);
    expect(r.aspects.complaints[0]).toMatchObject({ aspect: 'price', negative: 3, polarity: 'negative' });
    expect(r.aspects.praised[0]).toMatchObject({ aspect: 'scent', positive: 2 });
    expect(r.risingTerms).toBeNull();
    const table = trendTable(r);
    expect(table.rows).toHaveLength(3);
    expect(table.header.slice(0, 4)).toEqual(['start_utc', 'start_local', 'hours', 'volume']);
    expect(table.rows[1]!.slice(0, 4)).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T00:00:00+01:00', 23, 8]);
  });
});

describe('rising terms and authors (bounded samples)', () => {
  it('ranks words that grew in the recent sample by their log-odds z-score', () => {
    const earlier = Array.from({ length: 40 }, (_, i) => (i < 2 ? 'nice serum but the price' : 'lovely serum, nice scent'));
    const recent = Array.from({ length: 20 }, (_, i) => (i < 12 ? 'overpriced calendar, the price is a joke' : 'nice serum'));
    const terms = risingTerms(recent, earlier);
    expect(terms[0]!.term).toMatch(/overpriced|calendar|joke|price/);
    const names = terms.map((t) => t.term);
    expect(names).toEqual(expect.arrayContaining(['overpriced', 'calendar', 'price']));
    expect(names).not.toContain('the');
    expect(names).not.toContain('serum');
    const price = terms.find((t) => t.term === 'price')!;
    expect(price).toMatchObject({ recent: 12, earlier: 2 });
    // log((12.5/8.5)) − log(2.5/38.5)
    expect(price.logOdds).toBeCloseTo(Math.log(12.5 / 8.5) - Math.log(2.5 / 38.5), 3);
  });

  it('ranks authors by reach within the sample', () => {
    const m = (handle: string, followers: number, kind: MentionKind, likes = 0) =>
      ({ id: handle + followers, kind, author: { handle, followers }, engagement: { likes }, text: '', scores: { sentiment: { score: 0.5 } } }) as unknown as Mention;
    const top = topAuthors([m('@small', 10, 'review', 5), m('@big', 50_000, 'influencer'), m('@big', 40_000, 'influencer', 3), m('@mid', 900, 'social')]);
    expect(top.map((a) => a.author)).toEqual(['@big', '@mid', '@small']);
    expect(top[0]).toMatchObject({ followers: 50_000, mentions: 2, engagement: 3, influencer: true });
  });
});

describe('compare (pure)', () => {
  it('aligns launches on days since start and marks significant differences and noise', () => {
    const other = { ...launch, id: 'c'.repeat(24), name: 'Calendar', startAt: '2026-06-10T12:00:00.000Z' } as Launch;
    const a = [roll('2026-03-01T05:00:00.000Z', { launchId: launch.id, count: 100, neg: 10, neu: 90, fakeSuspects: 5 }),
      roll('2026-03-02T05:00:00.000Z', { launchId: launch.id, count: 100, neg: 10, neu: 90, fakeSuspects: 5 })];
    const b = [roll('2026-06-10T13:00:00.000Z', { launchId: other.id, count: 100, neg: 40, neu: 60, fakeSuspects: 6 }),
      roll('2026-06-12T11:00:00.000Z', { launchId: other.id, count: 100, neg: 40, neu: 60, fakeSuspects: 6 }),
      roll('2026-06-20T11:00:00.000Z', { launchId: other.id, count: 500, neg: 500, neu: 0 })]; // after the 7 days
    const day = 86_400_000;
    const r = computeCompare('launches', [
      { brand, launch, from: Date.parse(launch.startAt), to: Date.parse(launch.startAt) + 7 * day, rollups: a },
      { brand, launch: other, from: Date.parse(other.startAt), to: Date.parse(other.startAt) + 7 * day, rollups: b },
    ]);
    expect(r.targets[0]!.series.map((p) => p.volume)).toEqual([100, 100, 0, 0, 0, 0, 0]);
    // 2026-06-12T11:00 is 1 day 23 h after 06-10T12:00: day 1.
    expect(r.targets[1]!.series.map((p) => p.volume)).toEqual([100, 100, 0, 0, 0, 0, 0]);
    const d = r.differences[0]!;
    expect(d.negativeShare!.significant).toBe(true);
    expect(d.negativeShare!.diff).toBeCloseTo(-0.3, 6);
    expect(d.negativeShare!.effect).toBe('medium');
    expect(d.fakeShare!.significant).toBe(false);
    expect(d.fakeShare!.verdict).toMatch(/^not significant \(noise\)/);
    // Holm over 4 tests: adjusted p is never below the raw one.
    expect(d.fakeShare!.pAdjusted).toBeGreaterThanOrEqual(d.fakeShare!.p);
    const csv = compareTable(r);
    expect(csv.rows).toHaveLength(2);
    expect(csv.rows[0]![0]).toBe('A');
    expect(csv.rows[1]![csv.header.indexOf('negative_verdict')]).toMatch(/^significant/);
  });
});

describe('reception (pure)', () => {
  it('compares the first windows with the 28-day baseline and quotes samples', () => {
    const rollups: Rollup[] = [];
    for (let d = 1; d <= 28; d++) {
      rollups.push(roll(new Date(Date.parse(launch.startAt) - d * 86_400_000).toISOString(), { count: 24, neg: 2, neu: 20, pos: 2, sentimentSum: 0 }));
    }
    rollups.push(roll('2026-03-01T03:00:00.000Z', { launchId: launch.id, count: 120, neg: 60, neu: 40, pos: 20, sentimentSum: -30, aspects: { 'price:negative': 40, 'packaging:positive': 9 } }));
    rollups.push(roll('2026-03-04T03:00:00.000Z', { launchId: launch.id, count: 40, neg: 4, neu: 30, pos: 6, sentimentSum: 2 }));
    rollups.push(roll('2026-03-01T05:00:00.000Z', { count: 24 })); // brand, outside the launch
    const sample = { id: 'm1', kind: 'review', text: 'A joke of a price', publishedAt: '2026-03-01T03:10:00.000Z', engagement: { likes: 9 }, flags: {}, scores: { sentiment: { score: -0.8, label: 'negative', reasons: ['lexicon'] } } } as unknown as Mention;
    const r = computeReception({ brand, launch, rollups, now: new Date('2026-03-03T00:00:00.000Z'), samples: { positive: [], negative: [sample], fake: [] } });
    expect(r.baseline.measures.volume).toBe(28 * 24);
    expect(r.baseline.volumePerHour).toBeCloseTo(1, 6);
    const [w24, w72, w7] = r.windows;
    expect(w24!.launch.volume).toBe(120);
    expect(w24!.brand.volume).toBe(144);
    expect(w24!.complete).toBe(true);
    expect(w24!.changes.volumePerHour.ratio).toBeCloseTo(6, 6);
    expect(w24!.changes.negativeShare!.significant).toBe(true);
    expect(w24!.changes.negativeShare!.a).toBeCloseTo(0.5, 6);
    expect(w24!.complaints[0]!.aspect).toBe('price');
    expect(w72!.complete).toBe(false);
    expect(w72!.hoursObserved).toBe(48);
    expect(w7!.launch.volume).toBe(160);
    expect(r.summary[0]).toMatch(/^24h: volume ×6 of baseline; .*negative share \+41\.7 pts \(significant\).*top complaint: price/);
    expect(r.samples.complaints[0]).toMatchObject({ id: 'm1', engagement: 9, label: 'negative' });
  });
});

describe('trust index (pure)', () => {
  const alert = (over: Partial<Alert>): Alert => ({ id: 'a', brandId: brand.id, kind: 'backlash', status: 'open', openedAt: '2026-03-01T00:00:00.000Z', ...over }) as Alert;
  const now = new Date('2026-03-10T00:00:00.000Z');

  it('weights sum to 1 and contributions sum to the index', () => {
    expect(Object.values(TRUST_WEIGHTS).reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    const t = { ...emptyTotals(), count: 100, sentimentSum: 40, fakeSuspects: 10, mismatches: 5, undisclosed: 2, influencer: 10 };
    const alerts = [
      alert({ status: 'acknowledged', acknowledgedAt: '2026-03-01T06:00:00.000Z' }),
      alert({ status: 'resolved', resolvedAt: '2026-03-01T12:00:00.000Z' }),
      alert({ status: 'open' }),
      alert({ status: 'open', openedAt: '2026-03-09T23:30:00.000Z' }), // too fresh to count
    ];
    const ti = trustIndex(brand, t, alerts, now);
    const byName = Object.fromEntries(ti.components.map((c) => [c.name, c]));
    expect(byName.sentiment!.value).toBeCloseTo(0.7, 6);
    expect(byName.authenticity!.value).toBeCloseTo(0.9, 6);
    expect(byName.missionAlignment!.value).toBeCloseTo(0.95, 6);
    expect(byName.transparency!.value).toBeCloseTo(0.8, 6);
    // 2 of 3 handled, median 9 h: 0.6·2/3 + 0.4·(1 − 9/48)
    expect(byName.responsiveness!.value).toBeCloseTo(0.6 * (2 / 3) + 0.4 * (1 - 9 / 48), 4);
    const expected = 100 * (0.3 * 0.7 + 0.25 * 0.9 + 0.2 * 0.95 + 0.15 * 0.8 + 0.1 * (0.4 + 0.4 * (39 / 48)));
    expect(ti.index).toBeCloseTo(expected, 1);
    expect(ti.components.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(ti.index!, 1);
    expect(ti.lowVolume).toBe(false);
  });

  it('leaves out components without data and rescales the weights', () => {
    const t = { ...emptyTotals(), count: 10, sentimentSum: 10, fakeSuspects: 0 };
    const ti = trustIndex(brand, t, [], now);
    const off = ti.components.filter((c) => c.value === null).map((c) => c.name);
    expect(off).toEqual(['transparency', 'responsiveness']);
    expect(ti.components.reduce((s, c) => s + c.effectiveWeight, 0)).toBeCloseTo(1, 3);
    expect(ti.index).toBe(100);
    expect(ti.lowVolume).toBe(true);
    expect(trustIndex(brand, emptyTotals(), [], now).index).toBeNull();
    expect(responsiveness([], now).value).toBeNull();
  });

  it('ranks brands, ties share a rank, brands without data last', () => {
    const mk = (name: string, index: number | null, volume = 50) => ({ brandId: name, brandName: name, index, rank: null, volume, lowVolume: false, components: [] });
    const ranked = rankTrust([mk('c', 70), mk('none', null, 0), mk('a', 82.5), mk('b', 70, 80)]);
    expect(ranked.map((t) => [t.brandName, t.rank])).toEqual([['a', 1], ['b', 2], ['c', 2], ['none', null]]);
  });
});

describe('CSV', () => {
  it('escapes quotes, separators and line breaks, and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(toCsv(['a', 'b'], [[1, 'x'], [null, '=1']])).toBe("a,b\r\n1,x\r\n,'=1\r\n");
  });
});

describe('report cache', () => {
  it('shares in-flight computations and expires entries', async () => {
    let now = 0;
    let runs = 0;
    const c = new ReportCache(1000, 10, () => now);
    const compute = async () => { runs++; await new Promise((r) => setTimeout(r, 5)); return runs; };
    const [x, y] = await Promise.all([c.get('k', compute), c.get('k', compute)]);
    expect([x, y, runs]).toEqual([1, 1, 1]);
    now = 999;
    expect(await c.get('k', compute)).toBe(1);
    now = 1000;
    expect(await c.get('k', compute)).toBe(2);
    await expect(c.get('bad', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await c.get('bad', async () => 'ok')).toBe('ok');
  });
});
