// Marks a difference between two groups as significant or noise, in words a strategist can read:
// two-proportion z-tests on shares (with Cohen's h) and a conservative z-test on mean sentiment.
import { boundedMeanDiffTest, effectLabel, round, twoProportionTest } from './stats.js';

export const ALPHA = 0.05;

export interface Difference {
  measure: 'negativeShare' | 'fakeShare' | 'mismatchRate' | 'sentimentMean';
  a: number;
  b: number;
  /** a − b (shares: in proportion units, 0.05 = 5 points). */
  diff: number;
  z: number;
  p: number;
  /** Holm-adjusted p when several differences are tested together; else equal to p. */
  pAdjusted: number;
  /** Cohen's h (shares only). */
  h: number | null;
  effect: 'negligible' | 'small' | 'medium' | 'large' | null;
  significant: boolean;
  /** False when a group has fewer than 5 expected events: read the p-value with care. */
  approximationOk: boolean;
  verdict: string;
}

export function shareDifference(measure: 'negativeShare' | 'fakeShare' | 'mismatchRate', k1: number, n1: number, k2: number, n2: number): Difference | null {
  const t = twoProportionTest(k1, n1, k2, n2);
  if (!t) return null;
  return finish({ measure, a: round(t.p1), b: round(t.p2), diff: round(t.diff), z: round(t.z, 3), p: t.p, pAdjusted: t.p, h: round(t.h, 3), effect: effectLabel(t.h), significant: false, approximationOk: t.approximationOk, verdict: '' });
}

export function sentimentDifference(sum1: number, n1: number, sum2: number, n2: number): Difference | null {
  const t = boundedMeanDiffTest(sum1, n1, sum2, n2);
  if (!t) return null;
  return finish({ measure: 'sentimentMean', a: round(sum1 / n1), b: round(sum2 / n2), diff: round(t.diff), z: round(t.z, 3), p: t.p, pAdjusted: t.p, h: null, effect: null, significant: false, approximationOk: n1 >= 30 && n2 >= 30, verdict: '' });
}

/** Sets `significant` and `verdict` from pAdjusted (call again after adjusting). */
export function finish(d: Difference, alpha = ALPHA): Difference {
  d.significant = d.pAdjusted < alpha;
  const pText = d.pAdjusted < 0.001 ? 'p < 0.001' : `p = ${d.pAdjusted.toFixed(3)}`;
  const isShare = d.measure !== 'sentimentMean';
  const diffText = isShare ? `${d.diff >= 0 ? '+' : ''}${(d.diff * 100).toFixed(1)} pts` : `${d.diff >= 0 ? '+' : ''}${d.diff.toFixed(3)}`;
  const eff = d.h !== null ? `, h = ${d.h.toFixed(2)} (${d.effect})` : '';
  d.verdict = d.significant ? `significant: ${diffText}${eff}, ${pText}` : `not significant (noise): ${diffText}${eff}, ${pText}`;
  d.p = Number(d.p.toPrecision(4));
  d.pAdjusted = Number(d.pAdjusted.toPrecision(4));
  return d;
}
