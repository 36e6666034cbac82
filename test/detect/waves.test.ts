import { describe, expect, it } from 'vitest';
import { detectFakeWave, isoWeek, missionMismatchAlerts, undisclosedAlerts } from '../../src/detect/waves.js';
import type { Mention, Rollup } from '../../src/core/types.js';
import { HOUR_MS } from '../../src/core/time.js';
import { T0, alertFrom, mention, poisson, rng, rollup } from './synth.js';

function reviews(days: number, fakeRate: number, seed: number): Rollup[] {
  const r = rng(seed);
  const out: Rollup[] = [];
  for (let i = 0; i < days * 24; i++) {
    const count = poisson(r, 8);
    out.push(rollup(T0 + i * HOUR_MS, { kind: 'review', count, neg: 1, sentiment: 0.4, fake: Math.min(count, poisson(r, fakeRate)) }));
  }
  return out;
}

describe('detectFakeWave', () => {
  const hist = reviews(10, 0.3, 5);
  const end = T0 + 10 * 24 * HOUR_MS;
  const wave = [0, 1, 2].map((h) => rollup(end + h * HOUR_MS, { kind: 'review', count: 30, neg: 0, sentiment: 0.9, fake: 20 }));
  const now = new Date(end + 2 * HOUR_MS + 30 * 60_000);

  it('opens on a burst of likely-fake reviews and names the figures', () => {
    const d = detectFakeWave([...hist, ...wave], now);
    expect(d.action).toBe('open');
    expect(d.kind).toBe('fake-review-wave');
    expect(d.evidence.figures.fakeSuspects).toBe(60);
    expect(d.evidence.figures.fakeShare).toBeCloseTo(60 / 90, 2);
    expect(d.episodeKey).toMatch(/^fake-review-wave:b1:l1:/);
    // The open alert is not opened twice.
    const again = detectFakeWave([...hist, ...wave], now, { previous: alertFrom(d) });
    expect(again.action).toBe('none');
  });

  it('ignores a couple of suspects and a normal day', () => {
    const small = [0, 1, 2].map((h) => rollup(end + h * HOUR_MS, { kind: 'review', count: 8, neg: 0, sentiment: 0.5, fake: 2 }));
    expect(detectFakeWave([...hist, ...small], now).action).toBe('none');
    expect(detectFakeWave(hist, new Date(end - HOUR_MS)).action).toBe('none');
  });
});

describe('missionMismatchAlerts', () => {
  const mm = (id: string, followers: number, claim = 'tested on animals'): Mention => mention({
    id, text: `they admit it is ${claim}`, author: { handle: `@u${id}`, followers }, url: `https://x.test/${id}`,
    scores: { ...mention({ id, text: '' }).scores, mission: { alignment: 0.2, claims: [], mismatches: [{ type: 'contradicts-values', claim, evidence: claim, reason: 'brand says cruelty-free' }] } },
  });

  it('one decision per claim, only from sources with reach', () => {
    const ds = missionMismatchAlerts([mm('1', 50_000), mm('2', 20_000), mm('3', 10), mm('4', 30_000, 'cures acne')], { minReach: 5_000 });
    expect(ds).toHaveLength(2);
    const animals = ds.find((d) => d.title.includes('tested on animals'))!;
    expect(animals.action).toBe('open');
    expect(animals.evidence.figures.mentions).toBe(2);
    expect(animals.evidence.samples[0].mentionId).toBe('1');
    expect(animals.severity).toBe('high'); // contradicts values (medium) from a source with 10× the reach floor
    expect(missionMismatchAlerts([mm('3', 10)], { minReach: 5_000 })).toEqual([]);
    // Known episode: a new mention updates it; the same mentions do nothing.
    const active = [alertFrom({ ...animals, evidence: { ...animals.evidence, figures: { ...animals.evidence.figures, mentions: 1 } } })];
    expect(missionMismatchAlerts([mm('1', 50_000), mm('2', 20_000)], { minReach: 5_000, active })[0].action).toBe('update');
    expect(missionMismatchAlerts([mm('1', 50_000)], { minReach: 5_000, active })[0].action).toBe('none');
  });
});

describe('undisclosedAlerts', () => {
  const post = (id: string, handle: string, at: string, over: Partial<Mention['scores']['sponsorship']> = {}): Mention => mention({
    id, kind: 'influencer', text: 'use my code ANA20 for 20% off', publishedAt: at, author: { handle, followers: 250_000 },
    scores: { ...mention({ id, text: '' }).scores, sponsorship: { sponsored: true, disclosed: false, placement: 'none', signals: ['discount code'], disclosures: [], ...over } },
  });

  it('one alert per author and week, nothing for clearly disclosed posts', () => {
    const ds = undisclosedAlerts([
      post('1', '@ana', '2026-11-23T10:00:00Z'), post('2', '@ana', '2026-11-25T10:00:00Z'), // same ISO week
      post('3', '@ana', '2026-12-01T10:00:00Z'), // next week
      post('4', '@bo', '2026-11-24T10:00:00Z', { disclosed: true, placement: 'upfront', disclosures: ['#ad'] }),
      post('5', '@cy', '2026-11-24T10:00:00Z', { disclosed: true, placement: 'buried', disclosures: ['#ad'] }),
      { ...post('6', '@dee', '2026-11-24T10:00:00Z'), kind: 'social' },
    ]);
    expect(ds.map((d) => d.episodeKey).sort()).toEqual([
      'undisclosed-sponsorship:b1:@ana:2026-W48',
      'undisclosed-sponsorship:b1:@ana:2026-W49',
      'undisclosed-sponsorship:b1:@cy:2026-W48',
    ]);
    const ana = ds.find((d) => d.episodeKey.endsWith('@ana:2026-W48'))!;
    expect(ana.evidence.figures.posts).toBe(2);
    expect(ana.severity).toBe('high');
    expect(ds.find((d) => d.episodeKey.includes('@cy'))!.severity).toBe('medium'); // buried disclosure: one level lower
  });

  it('isoWeek follows ISO-8601 at year boundaries', () => {
    expect(isoWeek('2026-01-01T00:00:00Z')).toBe('2026-W01');
    expect(isoWeek('2027-01-01T00:00:00Z')).toBe('2026-W53');
    expect(isoWeek('2024-12-30T00:00:00Z')).toBe('2025-W01');
  });
});
