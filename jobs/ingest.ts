// From scored mentions to rollup increments: one increment per (brand, launch, kind, hour),
// so reports cost what the number of buckets costs, not the number of mentions.
import { hourStart } from '../src/core/time.js';
import { ROLLUP_COUNTERS, type Mention, type RollupIncrement } from '../src/core/types.js';
import { reachOf } from '../src/detect/waves.js';

export function rollupIncrements(mentions: readonly Mention[]): RollupIncrement[] {
  const byKey = new Map<string, RollupIncrement>();
  for (const m of mentions) {
    const hour = hourStart(m.publishedAt);
    const launchId = m.launchId ?? '';
    const key = bucketKey({ brandId: m.brandId, launchId, kind: m.kind, hour });
    let r = byKey.get(key);
    if (!r) {
      r = {
        brandId: m.brandId, launchId, kind: m.kind, hour, count: 0, sentimentSum: 0, pos: 0, neu: 0, neg: 0,
        fakeSuspects: 0, mismatches: 0, undisclosed: 0, reach: 0, fiveStar: 0, aspects: {},
      };
      byKey.set(key, r);
    }
    const s = m.scores.sentiment;
    r.count += 1;
    r.sentimentSum += s.score;
    if (s.label === 'positive') r.pos += 1; else if (s.label === 'negative') r.neg += 1; else r.neu += 1;
    if (m.flags.fakeSuspect) r.fakeSuspects += 1;
    if (m.flags.mismatch) r.mismatches += 1;
    if (m.flags.undisclosed) r.undisclosed += 1;
    if (isFiveStar(m)) r.fiveStar += 1;
    r.reach += reachOf(m);
    for (const a of m.scores.aspects) {
      const k = `${a.aspect}:${a.polarity}`;
      r.aspects[k] = (r.aspects[k] ?? 0) + 1;
    }
  }
  return [...byKey.values()];
}

/**
 * What the rollups must add when mentions' scores change from `before` to `after` (the same
 * mentions, in the same order): the increments of `after` less those of `before`, buckets with no
 * difference left out.
 */
export function rollupDifference(before: readonly Mention[], after: readonly Mention[]): RollupIncrement[] {
  const old = new Map(rollupIncrements(before).map((r) => [bucketKey(r), r]));
  const out: RollupIncrement[] = [];
  for (const r of rollupIncrements(after)) {
    const o = old.get(bucketKey(r));
    const d: RollupIncrement = { ...r, aspects: { ...r.aspects } };
    if (o) {
      for (const c of ROLLUP_COUNTERS) d[c] -= o[c];
      for (const [k, n] of Object.entries(o.aspects)) d.aspects[k] = (d.aspects[k] ?? 0) - n;
    }
    for (const k of Object.keys(d.aspects)) if (d.aspects[k] === 0) delete d.aspects[k];
    if (ROLLUP_COUNTERS.some((c) => d[c] !== 0) || Object.keys(d.aspects).length > 0) out.push(d);
  }
  return out;
}

const bucketKey = (r: Pick<RollupIncrement, 'brandId' | 'launchId' | 'kind' | 'hour'>) => `${r.brandId}\0${r.launchId}\0${r.kind}\0${r.hour}`;

/** A review rated at the top of its scale (5/5, 10/10). */
export function isFiveStar(m: Pick<Mention, 'kind' | 'rating'>): boolean {
  return m.kind === 'review' && m.rating !== undefined && m.rating.normalized >= 0.99;
}
