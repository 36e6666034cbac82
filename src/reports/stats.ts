// Small, dependency-free statistics for reports: intervals for shares and means, the
// two-proportion z-test, Cohen's h, and Holm's correction for several comparisons at once.
// Every function is pure and takes plain counts, so tests can check them against hand-computed values.

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

export interface Interval {
  low: number;
  high: number;
}

/**
 * Complementary error function with fractional error < 1.2e-7 everywhere (Numerical Recipes
 * `erfcc`, a Chebyshev fit). Relative accuracy matters for small p-values, which an absolute-error
 * approximation (Abramowitz–Stegun 7.1.26) would round to 0.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** Two-sided p-value of a standard normal statistic. */
export function twoSidedP(z: number): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? 1 : 0;
  return Math.min(1, erfc(Math.abs(z) / Math.SQRT2));
}

/** Wilson score interval for a share k/n (good at small n and at shares near 0 or 1). */
export function wilson(k: number, n: number, z = Z95): Interval | null {
  if (!(n > 0)) return null;
  const p = Math.min(1, Math.max(0, k / n));
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * 95% interval for the mean sentiment of n mentions whose scores lie in [-1, 1], from the sum alone.
 * Rollups keep no sum of squares, so the variance is bounded instead of estimated: by the
 * Bhatia–Davis inequality, a variable in [m, M] with mean μ has variance ≤ (M − μ)(μ − m), here
 * 1 − μ². The normal interval μ ± z·√((1 − μ²)/n) is therefore conservative (never narrower than the
 * true one, up to the normal approximation) and is clamped to [-1, 1].
 */
export function boundedMeanInterval(sum: number, n: number, z = Z95): Interval | null {
  if (!(n > 0)) return null;
  const mean = Math.min(1, Math.max(-1, sum / n));
  const half = z * Math.sqrt(Math.max(0, 1 - mean * mean) / n);
  return { low: Math.max(-1, mean - half), high: Math.min(1, mean + half) };
}

/** Cohen's h for two proportions: 2·asin√p1 − 2·asin√p2. |h| ≈ 0.2 small, 0.5 medium, 0.8 large. */
export function cohensH(p1: number, p2: number): number {
  return 2 * Math.asin(Math.sqrt(clamp01(p1))) - 2 * Math.asin(Math.sqrt(clamp01(p2)));
}

export function effectLabel(h: number): 'negligible' | 'small' | 'medium' | 'large' {
  const a = Math.abs(h);
  return a < 0.2 ? 'negligible' : a < 0.5 ? 'small' : a < 0.8 ? 'medium' : 'large';
}

export interface ProportionTest {
  p1: number;
  p2: number;
  /** p1 − p2 */
  diff: number;
  z: number;
  /** Two-sided p-value. */
  p: number;
  h: number;
  /** Whether the normal approximation is reasonable (≥ 5 expected successes and failures per group). */
  approximationOk: boolean;
}

/**
 * Two-proportion z-test with the pooled standard error:
 * z = (p1 − p2) / √(p̂(1 − p̂)(1/n1 + 1/n2)), p̂ = (k1 + k2)/(n1 + n2). Null when a group is empty.
 */
export function twoProportionTest(k1: number, n1: number, k2: number, n2: number): ProportionTest | null {
  if (!(n1 > 0) || !(n2 > 0)) return null;
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const pooled = (k1 + k2) / (n1 + n2);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  // Both shares 0 (or both 1): no evidence of any difference.
  const z = se > 0 ? (p1 - p2) / se : 0;
  const minExpected = Math.min(n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled));
  return { p1, p2, diff: p1 - p2, z, p: twoSidedP(z), h: cohensH(p1, p2), approximationOk: minExpected >= 5 };
}

/**
 * Difference of two mean sentiments with the Bhatia–Davis variance bound on each side (see
 * boundedMeanInterval): a conservative z-test, since the true variances are at most the bounds.
 */
export function boundedMeanDiffTest(sum1: number, n1: number, sum2: number, n2: number): { diff: number; z: number; p: number } | null {
  if (!(n1 > 0) || !(n2 > 0)) return null;
  const m1 = sum1 / n1;
  const m2 = sum2 / n2;
  const se = Math.sqrt(Math.max(0, 1 - m1 * m1) / n1 + Math.max(0, 1 - m2 * m2) / n2);
  const z = se > 0 ? (m1 - m2) / se : 0;
  return { diff: m1 - m2, z, p: twoSidedP(z) };
}

/** Holm–Bonferroni adjusted p-values, in the input order (controls the family-wise error rate). */
export function holm(ps: number[]): number[] {
  const order = ps.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const out = new Array<number>(ps.length);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (ps.length - rank) * p));
    out[i] = running;
  });
  return out;
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** Rounds for JSON output (keeps payloads readable; never used inside computations). */
export function round(x: number, digits = 4): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
