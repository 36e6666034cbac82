/**
 * mulberry32: a tiny, fast, seeded PRNG returning floats in [0, 1). Everything that must come out
 * the same on every run uses it: model training and cross-validation splits, the demo's story,
 * synthetic test and benchmark data.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of a copy, driven by a seeded RNG. */
export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Splits indices 0..n-1 into k folds after a seeded shuffle. When `labels` is given the split
 * is stratified (each fold keeps the class proportions). Returns test index lists per fold.
 */
export function kFold(n: number, k: number, seed: number, labels?: readonly string[]): number[][] {
  const rand = seededRandom(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = labels ? labels[i]! : '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  let next = 0;
  for (const key of [...groups.keys()].sort()) {
    for (const i of shuffled(groups.get(key)!, rand)) folds[next++ % k]!.push(i);
  }
  return folds;
}
