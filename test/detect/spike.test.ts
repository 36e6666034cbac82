import { describe, expect, it } from 'vitest';
import { createSpikeDetector } from '../../src/detect/spike.js';
import { HOUR_MS } from '../../src/core/time.js';
import { T0, dailyRate, gauss, poisson, rng } from './synth.js';

/** 21 days of hourly mention counts with a daily and weekly rhythm. */
function hourlyCounts(seed = 7, days = 21): { t: number[]; v: number[] } {
  const r = rng(seed);
  const t: number[] = [];
  const v: number[] = [];
  for (let i = 0; i < days * 24; i++) {
    const ti = T0 + i * HOUR_MS;
    t.push(ti);
    v.push(poisson(r, dailyRate(ti, 40)));
  }
  return { t, v };
}

function run(t: number[], v: number[], opts = {}) {
  const d = createSpikeDetector(opts);
  return t.map((ti, i) => d.push(ti, v[i]));
}

describe('spike detector', () => {
  it('flags a spike at night and not the normal daily peaks', () => {
    const { t, v } = hourlyCounts();
    const spikeAt = 18 * 24 + 3; // day 18, 03:00: normally ~6 mentions
    v[spikeAt] = 45; // the volume of a normal afternoon peak
    const res = run(t, v, { direction: 'up' });
    expect(res[spikeAt].anomaly).toBe(true);
    expect(res[spikeAt].score).toBeGreaterThan(0.9);
    // The same volume at the daily peak is normal: no anomalies anywhere else after warm-up.
    const others = res.filter((r, i) => r.anomaly && i !== spikeAt);
    expect(others).toEqual([]);
    const peaks = res.filter((_, i) => i > 3 * 24 && new Date(t[i]).getUTCHours() === 15);
    expect(Math.max(...peaks.map((p) => p.score))).toBeLessThan(0.5);
    expect(res[spikeAt].expected).toBeLessThan(15);
  });

  it('knows the rhythm of a 5-minute series (interval detected) and flags a spike there too', () => {
    const r = rng(3);
    const t: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < 14 * 288; i++) {
      const ti = T0 + i * 300_000;
      t.push(ti);
      v.push(50 + 30 * Math.sin((2 * Math.PI * (ti % 86_400_000)) / 86_400_000) + 2 * gauss(r));
    }
    const at = 12 * 288 + 100;
    v[at] += 25;
    const d = createSpikeDetector();
    const res = t.map((ti, i) => d.push(ti, v[i]));
    expect(d.intervalMs).toBe(300_000);
    expect(res[at].anomaly).toBe(true);
    expect(res.filter((x, i) => x.anomaly && i !== at && i > 2 * 288).length).toBe(0);
  });

  it('is causal: changing future points never changes past scores', () => {
    const { t, v } = hourlyCounts(11);
    const a = run(t, v);
    const v2 = v.slice();
    for (let i = 300; i < v2.length; i++) v2[i] = v2[i] * 5 + 100;
    const b = run(t, v2);
    for (let i = 0; i < 300; i++) expect(b[i]).toEqual(a[i]);
    expect(b[300].score).not.toEqual(a[300].score);
  });

  it('does not alert while warming up', () => {
    const { t, v } = hourlyCounts(5, 3);
    v[5] = 10_000;
    const res = run(t, v);
    expect(res.slice(0, 24).every((r) => !r.warm && r.score === 0 && !r.anomaly)).toBe(true);
    expect(res[res.length - 1].warm).toBe(true);
  });

  it('ignores NaN values and bad timestamps without breaking the stream', () => {
    const { t, v } = hourlyCounts(9, 10);
    const d = createSpikeDetector();
    expect(d.count).toBe(0);
    expect(d.intervalMs).toBeUndefined();
    for (let i = 0; i < t.length; i++) {
      const val = i % 17 === 0 ? NaN : v[i];
      const r = d.push(t[i], val);
      if (Number.isNaN(val)) expect(r).toMatchObject({ score: 0, anomaly: false });
      expect(Number.isFinite(r.score)).toBe(true);
    }
    expect(d.push(NaN, 5)).toMatchObject({ score: 0, anomaly: false });
    expect(d.push(new Date('nope'), 5).score).toBe(0);
    expect(d.intervalMs).toBe(HOUR_MS);
    expect(d.count).toBeLessThan(t.length);
  });

  it('sensitivity and minVolume change the outcome', () => {
    const { t, v } = hourlyCounts(13);
    const at = 18 * 24 + 3;
    v[at] = 24; // moderate night bump (usual ~7)
    const score = (opts: object) => run(t, v, { direction: 'up', ...opts })[at];
    expect(score({ sensitivity: 2 }).anomaly).toBe(true);
    expect(score({ sensitivity: 0.5 }).anomaly).toBe(false);
    expect(score({ sensitivity: 2, minVolume: 25 }).anomaly).toBe(false);
  });

  it("direction 'up' ignores drops that 'both' reports", () => {
    const { t, v } = hourlyCounts(17);
    const at = 18 * 24 + 15; // afternoon peak (~40)
    v[at] = 0;
    expect(run(t, v, { direction: 'both', sensitivity: 2 })[at].anomaly).toBe(true);
    expect(run(t, v, { direction: 'up', sensitivity: 2 })[at].anomaly).toBe(false);
  });
});
