// A small, reusable binary text classifier: logistic regression over hashed word n-grams,
// hashed character n-grams and a few named dense features. It is what the fake-review model
// and the environmental-claim detector are made of, and what `trustlens train fake` trains on a
// user's own labels.
//
// Why this shape: hashing keeps the model a fixed size whatever the vocabulary (no dictionary to
// ship or grow), logistic regression gives calibrated-enough probabilities and per-feature
// weights we can explain, and training a few thousand rows takes well under a second on one core.
// Everything is deterministic: a seeded shuffle, no Math.random, so a model is reproducible.
import { tokenize, type Token } from './tokens.js';

export interface FeatureSpec {
  /** Hash space, a power of two (2^18 by default). */
  dim: number;
  /** Word n-grams from 1 to this (0 = none). */
  wordNgrams: number;
  /** Character n-gram lengths inside word boundaries, e.g. [3, 5]; null = none. */
  charNgrams: [number, number] | null;
  /** Keep punctuation, emoji and emoticon tokens as features (style cues). */
  punctuation: boolean;
}

export const DEFAULT_SPEC: FeatureSpec = { dim: 1 << 18, wordNgrams: 2, charNgrams: [3, 5], punctuation: true };

export interface TrainOptions {
  epochs?: number;
  /** L2 strength per example. */
  l2?: number;
  /** AdaGrad base learning rate. */
  learningRate?: number;
  seed?: number;
}

export interface Sample {
  text: string;
  label: 0 | 1;
  /** Dense features, same order as `denseNames`. */
  dense?: number[];
}

/** The JSON a model is saved as. Weights are sparse (index, value) pairs, rounded. */
export interface ClassifierJson {
  kind: 'hashed-logreg';
  version: 1;
  spec: FeatureSpec;
  denseNames: string[];
  denseMean: number[];
  denseStd: number[];
  bias: number;
  denseWeights: number[];
  /** Flattened [index0, weight0, index1, weight1, ...] for the hashed features. */
  weights: number[];
  /** Free-form notes: what it was trained on, when, figures. */
  meta: Record<string, unknown>;
}

/** 32-bit FNV-1a. Fast, stable across runs and platforms, good enough for feature hashing. */
export function fnv1a(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Sparse feature vector: indices and values, L2-normalised. */
export interface SparseVec {
  idx: Int32Array;
  val: Float64Array;
}

/** Continues an FNV-1a hash `h` (a state from fnv1a or fnvFeed) over the characters of `s`. */
export function fnvFeed(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// Feature hashing is the hot part of predicting, and a post repeats the vocabulary of every
// other post: the hashes of one token's features (its unigram, the state its bigram starts from,
// its character n-grams) are computed once and kept in a bounded table. Hashes are exactly the
// ones the string keys "w:word", "w2:a b", "c:gram" give, so models and results are unchanged.
interface TokenHashes {
  /** fnv1a(`w:${s}`) */
  uni: number;
  /** fnv1a state after `w2:${s} `: a bigram's hash continues it over the next token. */
  bi: number;
}
const TOKEN_HASHES = new Map<string, TokenHashes>();
const CHAR_HASHES = new Map<string, Map<string, Uint32Array>>();
const MAX_CACHED = 100_000;
const W_PREFIX = fnvFeed(0x811c9dc5, 'w:');
const W2_PREFIX = fnvFeed(0x811c9dc5, 'w2:');
const C_PREFIX = fnvFeed(0x811c9dc5, 'c:');

function tokenHashes(s: string): TokenHashes {
  let t = TOKEN_HASHES.get(s);
  if (t === undefined) {
    t = { uni: fnvFeed(W_PREFIX, s), bi: fnvFeed(fnvFeed(W2_PREFIX, s), ' ') };
    if (TOKEN_HASHES.size >= MAX_CACHED) TOKEN_HASHES.clear();
    TOKEN_HASHES.set(s, t);
  }
  return t;
}

/** Hashes of `c:${gram}` for the n-grams (n = lo..hi, in that order) of ` ${word} `. */
function charHashes(word: string, lo: number, hi: number): Uint32Array {
  const key = `${lo},${hi}`;
  let table = CHAR_HASHES.get(key);
  if (!table) CHAR_HASHES.set(key, (table = new Map()));
  let hs = table.get(word);
  if (hs === undefined) {
    const w = ` ${word} `;
    const out: number[] = [];
    for (let n = lo; n <= hi; n++) {
      for (let i = 0; i + n <= w.length; i++) {
        let h = C_PREFIX;
        for (let k = i; k < i + n; k++) {
          h ^= w.charCodeAt(k);
          h = Math.imul(h, 0x01000193);
        }
        out.push(h >>> 0);
      }
    }
    hs = Uint32Array.from(out);
    if (table.size >= MAX_CACHED) table.clear();
    table.set(word, hs);
  }
  return hs;
}

// Scratch counts: one slot per hashed feature, plus the features in first-seen order (the order
// a Map would iterate in, so sums, and therefore predictions, are bit-for-bit the same).
let scratchCounts = new Uint32Array(0);
let scratchOrder = new Int32Array(256);
let scratchVal = new Float64Array(256);
let scratchLen = 0;

function addHash(h: number, mask: number): void {
  const k = h & mask;
  if (scratchCounts[k] === 0) {
    if (scratchLen === scratchOrder.length) {
      const bigger = new Int32Array(scratchOrder.length * 2);
      bigger.set(scratchOrder);
      scratchOrder = bigger;
    }
    scratchOrder[scratchLen++] = k;
  }
  scratchCounts[k]! += 1;
}

/** The token sequence the word n-grams are built from. */
function sequence(toks: readonly Token[], spec: FeatureSpec): string[] {
  const seq: string[] = [];
  for (const t of toks) {
    if (t.kind === 'word' || t.kind === 'hashtag' || t.kind === 'mention') seq.push(t.norm);
    else if (t.kind === 'number') seq.push('<num>');
    else if (t.kind === 'url') seq.push('<url>');
    else if (spec.punctuation) seq.push(t.kind === 'punct' ? t.norm : `<${t.kind}>`);
  }
  return seq;
}

/**
 * Fills scratchOrder[0..n) with the hashed features of `toks` in first-seen order and
 * scratchVal[0..n) with their sublinear, L2-normalised weights; returns n. The caller reads them
 * and then calls clearFeatures() (in a finally), so the next call starts from an empty table.
 */
function fillFeatures(toks: readonly Token[], spec: FeatureSpec): number {
  const mask = spec.dim - 1;
  if (scratchCounts.length < spec.dim) scratchCounts = new Uint32Array(spec.dim);
  clearFeatures();
  const seq = sequence(toks, spec);
  for (let n = 1; n <= spec.wordNgrams; n++) {
    for (let i = 0; i + n <= seq.length; i++) {
      if (n === 1) addHash(tokenHashes(seq[i]!).uni, mask);
      else if (n === 2) addHash(fnvFeed(tokenHashes(seq[i]!).bi, seq[i + 1]!), mask);
      else {
        let h = fnvFeed(0x811c9dc5, `w${n}:`);
        for (let k = 0; k < n; k++) h = fnvFeed(k === 0 ? h : fnvFeed(h, ' '), seq[i + k]!);
        addHash(h, mask);
      }
    }
  }
  if (spec.charNgrams) {
    const [lo, hi] = spec.charNgrams;
    for (const t of toks) {
      if (t.kind !== 'word') continue;
      const hs = charHashes(t.norm, lo, hi);
      for (let j = 0; j < hs.length; j++) addHash(hs[j]!, mask);
    }
  }
  // Where the text starts and ends carries style (machine text often stops mid-sentence).
  if (seq.length > 0) {
    addHash(fnv1a(`end:${seq[seq.length - 1]!.slice(0, 3)}`), mask);
    addHash(fnv1a(`start:${seq[0]}`), mask);
  } else {
    addHash(fnv1a('empty'), mask);
  }
  const len = scratchLen;
  if (scratchVal.length < len) scratchVal = new Float64Array(scratchOrder.length);
  let norm = 0;
  for (let i = 0; i < len; i++) {
    const v = 1 + Math.log(scratchCounts[scratchOrder[i]!]!);
    scratchVal[i] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let j = 0; j < len; j++) scratchVal[j] = scratchVal[j]! / norm;
  return len;
}

function clearFeatures(): void {
  for (let i = 0; i < scratchLen; i++) scratchCounts[scratchOrder[i]!] = 0;
  scratchLen = 0;
}

/**
 * Turns text into a normalised sparse vector of hashed n-gram counts (sublinear tf).
 * `tokens`: tokenize(text) when the caller already has it.
 */
export function featurize(text: string, spec: FeatureSpec, tokens?: readonly Token[]): SparseVec {
  try {
    const n = fillFeatures(tokens ?? tokenize(text), spec);
    return { idx: scratchOrder.slice(0, n), val: scratchVal.slice(0, n) };
  } finally {
    clearFeatures();
  }
}

/** mulberry32: tiny seeded PRNG, so training and splits are reproducible. */
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

export function shuffleInPlace<T>(xs: T[], rand: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const tmp = xs[i]!;
    xs[i] = xs[j]!;
    xs[j] = tmp;
  }
  return xs;
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

function finiteOr(x: number, fallback: number): number {
  return Number.isFinite(x) ? x : fallback;
}

export class TextClassifier {
  private constructor(
    readonly spec: FeatureSpec,
    readonly denseNames: string[],
    private readonly denseMean: number[],
    private readonly denseStd: number[],
    private bias: number,
    private readonly denseW: Float64Array,
    private readonly w: Float32Array,
    readonly meta: Record<string, unknown>,
  ) {}

  /** Trains with AdaGrad on the logistic loss; deterministic for a given seed. */
  static train(
    samples: Sample[],
    opts: TrainOptions & { spec?: Partial<FeatureSpec>; denseNames?: string[]; meta?: Record<string, unknown> } = {},
  ): TextClassifier {
    const spec: FeatureSpec = { ...DEFAULT_SPEC, ...opts.spec };
    if ((spec.dim & (spec.dim - 1)) !== 0) throw new Error(`dim must be a power of two, got ${spec.dim}`);
    const denseNames = opts.denseNames ?? [];
    const nd = denseNames.length;
    const epochs = opts.epochs ?? 12;
    const l2 = opts.l2 ?? 1e-5;
    const lr = opts.learningRate ?? 0.5;
    const rand = seededRandom(opts.seed ?? 42);

    // Standardise dense features so one learning rate suits them all.
    const mean = new Array<number>(nd).fill(0);
    const std = new Array<number>(nd).fill(0);
    for (const s of samples) for (let j = 0; j < nd; j++) mean[j]! += finiteOr(s.dense?.[j] ?? 0, 0) / samples.length;
    for (const s of samples) for (let j = 0; j < nd; j++) std[j]! += (finiteOr(s.dense?.[j] ?? 0, 0) - mean[j]!) ** 2 / samples.length;
    // A (nearly) constant feature carries no information; scaling it by ~0 would only amplify noise.
    for (let j = 0; j < nd; j++) {
      const sd = Math.sqrt(std[j]!);
      std[j] = sd < 1e-6 ? 1 : sd;
    }

    const xs = samples.map((s) => ({
      x: featurize(s.text, spec),
      d: denseNames.map((_, j) => (finiteOr(s.dense?.[j] ?? 0, 0) - mean[j]!) / std[j]!),
      y: s.label,
    }));

    const w = new Float64Array(spec.dim);
    const g2 = new Float64Array(spec.dim).fill(1e-8);
    const dw = new Float64Array(nd);
    const dg2 = new Float64Array(nd).fill(1e-8);
    let b = 0;
    let bg2 = 1e-8;
    const order = xs.map((_, i) => i);
    for (let ep = 0; ep < epochs; ep++) {
      shuffleInPlace(order, rand);
      for (const i of order) {
        const { x, d, y } = xs[i]!;
        let z = b;
        for (let k = 0; k < x.idx.length; k++) z += w[x.idx[k]!]! * x.val[k]!;
        for (let j = 0; j < nd; j++) z += dw[j]! * d[j]!;
        const err = sigmoid(z) - y;
        for (let k = 0; k < x.idx.length; k++) {
          const f = x.idx[k]!;
          const g = err * x.val[k]! + l2 * w[f]!;
          g2[f]! += g * g;
          w[f]! -= (lr / Math.sqrt(g2[f]!)) * g;
        }
        for (let j = 0; j < nd; j++) {
          const g = err * d[j]! + l2 * dw[j]!;
          dg2[j]! += g * g;
          dw[j]! -= (lr / Math.sqrt(dg2[j]!)) * g;
        }
        bg2 += err * err;
        b -= (lr / Math.sqrt(bg2)) * err;
      }
    }
    return new TextClassifier(spec, denseNames, mean, std, b, dw, Float32Array.from(w), {
      trainedOn: samples.length,
      epochs,
      l2,
      learningRate: lr,
      seed: opts.seed ?? 42,
      ...opts.meta,
    });
  }

  /** Probability of label 1; always a finite number in [0, 1]. */
  predict(text: string, dense: number[] = [], tokens?: readonly Token[]): number {
    const z = this.logit(text, dense, tokens);
    return sigmoid(z);
  }

  /** Raw score (log-odds), for combining with other evidence. `tokens`: tokenize(text), when known. */
  logit(text: string, dense: number[] = [], tokens?: readonly Token[]): number {
    let z = this.bias;
    try {
      const n = fillFeatures(tokens ?? tokenize(typeof text === 'string' ? text : ''), this.spec);
      const w = this.w;
      for (let k = 0; k < n; k++) z += w[scratchOrder[k]!]! * scratchVal[k]!;
    } finally {
      clearFeatures();
    }
    for (let j = 0; j < this.denseW.length; j++) {
      z += this.denseW[j]! * ((finiteOr(dense[j] ?? 0, 0) - this.denseMean[j]!) / this.denseStd[j]!);
    }
    return Number.isFinite(z) ? Math.max(-30, Math.min(30, z)) : 0;
  }

  /** Serialises, dropping hashed weights smaller than `prune` to keep the file small. */
  toJSON(prune = 1e-3): ClassifierJson {
    const weights: number[] = [];
    for (let i = 0; i < this.w.length; i++) {
      const v = this.w[i]!;
      if (v !== 0 && Math.abs(v) >= prune) weights.push(i, Number(v.toPrecision(5)));
    }
    return {
      kind: 'hashed-logreg',
      version: 1,
      spec: this.spec,
      denseNames: this.denseNames,
      denseMean: this.denseMean,
      denseStd: this.denseStd,
      bias: this.bias,
      denseWeights: Array.from(this.denseW),
      weights,
      meta: this.meta,
    };
  }

  static fromJSON(json: unknown): TextClassifier {
    const j = json as Partial<ClassifierJson> | null;
    if (!j || j.kind !== 'hashed-logreg' || j.version !== 1 || !j.spec || !Array.isArray(j.weights)) {
      throw new Error('not a TrustLens classifier model (expected kind "hashed-logreg", version 1)');
    }
    const spec = j.spec;
    if (!Number.isInteger(spec.dim) || spec.dim <= 0 || (spec.dim & (spec.dim - 1)) !== 0 || spec.dim > 1 << 24) {
      throw new Error(`bad model: dim ${String(spec.dim)}`);
    }
    const w = new Float32Array(spec.dim);
    for (let i = 0; i + 1 < j.weights.length; i += 2) {
      const k = j.weights[i]!;
      if (k >= 0 && k < spec.dim) w[k] = j.weights[i + 1]!;
    }
    const names = j.denseNames ?? [];
    const pad = (xs: number[] | undefined, v: number) => names.map((_, i) => finiteOr(xs?.[i] ?? v, v));
    return new TextClassifier(
      spec,
      names,
      pad(j.denseMean, 0),
      pad(j.denseStd, 1).map((s) => s || 1),
      finiteOr(j.bias ?? 0, 0),
      Float64Array.from(pad(j.denseWeights, 0)),
      w,
      j.meta ?? {},
    );
  }
}
