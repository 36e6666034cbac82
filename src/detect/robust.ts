// Small robust-statistics helpers shared by the detectors: a fixed-size ring buffer that can
// report its median without allocating, and exponential smoothing factors from half-lives.

/** Fixed-capacity ring of numbers; `median()` sorts a shared scratch copy (buffers are small). */
export class Ring {
  private readonly buf: Float64Array;
  private pos = 0;
  size = 0;
  constructor(readonly capacity: number) {
    this.buf = new Float64Array(Math.max(1, capacity));
  }
  push(v: number): void {
    this.buf[this.pos] = v;
    this.pos = (this.pos + 1) % this.buf.length;
    if (this.size < this.buf.length) this.size++;
  }
  /** Current contents (order not preserved). */
  values(): number[] {
    return Array.from(this.buf.subarray(0, this.size));
  }
  median(scratch: Float64Array): number {
    return medianOf(this.buf, this.size, scratch);
  }
}

/** Median of the first `n` values of `src` (n ≥ 1), using `scratch` (length ≥ n) as work space. */
export function medianOf(src: ArrayLike<number>, n: number, scratch: Float64Array): number {
  if (n <= 0) return NaN;
  if (n === 1) return src[0];
  const a = scratch.subarray(0, n);
  for (let i = 0; i < n; i++) a[i] = src[i];
  a.sort();
  const h = n >> 1;
  return n % 2 ? a[h] : (a[h - 1] + a[h]) / 2;
}

/** Plain median of an array (allocates; for non-hot paths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const a = Float64Array.from(values).sort();
  const h = a.length >> 1;
  return a.length % 2 ? a[h] : (a[h - 1] + a[h]) / 2;
}

/** Median absolute deviation around `m` (unscaled). */
export function mad(values: readonly number[], m = median(values)): number {
  return median(values.map((v) => Math.abs(v - m)));
}

/** Smoothing factor so that an observation's weight halves after `halfLife` updates. */
export function alphaForHalfLife(halfLife: number): number {
  return 1 - Math.pow(0.5, 1 / Math.max(halfLife, 1e-9));
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/**
 * Histogram of positive values on a log scale with exponential forgetting, for causal tail
 * quantiles ("the deviation this series reaches every few days"). Forgetting uses a growing
 * increment instead of decaying every bin, so `add` is O(1).
 */
export class DecayedLogHistogram {
  private readonly counts: Float64Array;
  private readonly lo: number;
  private inc = 1;
  private growth = 1;
  private total = 0;
  constructor(min: number, max: number, private readonly perDecade: number) {
    this.lo = Math.log10(min);
    this.counts = new Float64Array(Math.ceil((Math.log10(max) - this.lo) * perDecade) + 1);
  }
  setHalfLife(points: number): void {
    this.growth = Math.pow(2, 1 / Math.max(points, 1));
  }
  add(v: number): void {
    const b = v > 0 ? clamp(Math.floor((Math.log10(v) - this.lo) * this.perDecade), 0, this.counts.length - 1) : 0;
    this.counts[b] += this.inc;
    this.total += this.inc;
    this.inc *= this.growth;
    if (this.inc > 1e200) {
      for (let i = 0; i < this.counts.length; i++) this.counts[i] /= this.inc;
      this.total /= this.inc;
      this.inc = 1;
    }
  }
  /** Effective number of samples (after forgetting), in units of the current increment. */
  weight(): number {
    return this.total / this.inc;
  }
  /** Upper edge of the bin holding quantile p; NaN until ~ 1/(1-p) samples have been seen. */
  quantile(p: number): number {
    if (this.weight() < Math.min(1 / (1 - p), 2000) * 0.5) return NaN;
    const target = p * this.total;
    let acc = 0;
    for (let i = 0; i < this.counts.length; i++) {
      acc += this.counts[i];
      if (acc >= target) return Math.pow(10, this.lo + (i + 1) / this.perDecade);
    }
    return Math.pow(10, this.lo + this.counts.length / this.perDecade);
  }
}
