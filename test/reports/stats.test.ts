import { describe, expect, it } from 'vitest';
import {
  boundedMeanDiffTest, boundedMeanInterval, cohensH, effectLabel, holm, twoProportionTest, twoSidedP, wilson,
} from '../../src/reports/stats.js';
import { shareDifference } from '../../src/reports/significance.js';

describe('statistics', () => {
  it('two-proportion z-test matches a hand computation', () => {
    // 30/100 vs 15/100: pooled 0.225, se = √(0.225·0.775·0.02) = 0.059055, z = 2.5400, p = 0.011085
    const t = twoProportionTest(30, 100, 15, 100)!;
    expect(t.z).toBeCloseTo(2.5400025, 5);
    expect(t.p).toBeCloseTo(0.0110852, 6);
    expect(t.h).toBeCloseTo(0.3638807, 6);
    expect(t.approximationOk).toBe(true);
    const rev = twoProportionTest(15, 100, 30, 100)!;
    expect(rev.z).toBeCloseTo(-t.z, 9);
    expect(rev.p).toBeCloseTo(t.p, 12);
  });

  it('keeps relative accuracy for tiny p-values', () => {
    // erfc(8/√2) = 1.2442e-15
    expect(twoSidedP(8) / 1.2441921148543639e-15).toBeGreaterThan(0.9999);
    expect(twoSidedP(8) / 1.2441921148543639e-15).toBeLessThan(1.0001);
    expect(twoSidedP(0)).toBeCloseTo(1, 6);
    expect(twoSidedP(1.959963984540054)).toBeCloseTo(0.05, 6);
  });

  it('handles degenerate groups', () => {
    expect(twoProportionTest(0, 0, 1, 10)).toBeNull();
    const same = twoProportionTest(0, 50, 0, 80)!;
    expect(same.z).toBe(0);
    expect(same.p).toBe(1);
    expect(same.approximationOk).toBe(false);
  });

  it('Wilson interval matches known values', () => {
    const a = wilson(0, 10)!;
    expect(a.low).toBe(0);
    expect(a.high).toBeCloseTo(0.2775328, 6);
    const b = wilson(20, 50)!;
    expect(b.low).toBeCloseTo(0.2760839, 6);
    expect(b.high).toBeCloseTo(0.5381856, 6);
    expect(wilson(1, 0)).toBeNull();
  });

  it('bounded-variance interval for mean sentiment is conservative and clamped', () => {
    const i = boundedMeanInterval(50, 100)!; // mean 0.5 → var bound 0.75, half = 1.96·√0.0075
    expect(i.low).toBeCloseTo(0.5 - 1.959964 * Math.sqrt(0.0075), 5);
    expect(i.high).toBeCloseTo(0.5 + 1.959964 * Math.sqrt(0.0075), 5);
    // Every score at +1: zero variance possible, interval collapses to the mean.
    expect(boundedMeanInterval(10, 10)).toEqual({ low: 1, high: 1 });
    expect(boundedMeanInterval(-3, 3)!.low).toBe(-1);
    // Empirically conservative: scores in {-1, 1} have exactly variance 1 − μ², so it is tight there.
    const d = boundedMeanDiffTest(20, 100, -20, 100)!;
    expect(d.diff).toBeCloseTo(0.4, 9);
    expect(d.z).toBeCloseTo(0.4 / Math.sqrt(0.96 / 100 + 0.96 / 100), 9);
  });

  it("Cohen's h and its labels", () => {
    expect(cohensH(0.5, 0.5)).toBe(0);
    expect(cohensH(1, 0)).toBeCloseTo(Math.PI, 9);
    expect(effectLabel(0.1)).toBe('negligible');
    expect(effectLabel(-0.3)).toBe('small');
    expect(effectLabel(0.6)).toBe('medium');
    expect(effectLabel(0.9)).toBe('large');
  });

  it('Holm adjustment keeps order and monotonicity', () => {
    const adj = holm([0.01, 0.04, 0.03]);
    expect(adj[0]).toBeCloseTo(0.03, 12);
    expect(adj[1]).toBeCloseTo(0.06, 12);
    expect(adj[2]).toBeCloseTo(0.06, 12);
    expect(holm([0.9, 0.8])).toEqual([1, 1]);
    expect(holm([0.2, 0.01])).toEqual([0.2, 0.02]);
  });

  it('verdicts say significant or noise', () => {
    const sig = shareDifference('negativeShare', 30, 100, 15, 100)!;
    expect(sig.significant).toBe(true);
    expect(sig.verdict).toMatch(/^significant: \+15\.0 pts, h = 0\.36 \(small\), p = 0\.011$/);
    const noise = shareDifference('negativeShare', 12, 100, 10, 100)!;
    expect(noise.significant).toBe(false);
    expect(noise.verdict).toMatch(/^not significant \(noise\)/);
  });
});
