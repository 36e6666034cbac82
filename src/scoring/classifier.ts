// A small, reusable binary text classifier: logistic regression over hashed word n-grams,
// hashed character n-grams and a few named dense features. It is what the fake-review model
// and the environmental-claim detector are made of, and what `trustlens train fake` trains on a
// user's own labels.
//
// Why this shape: hashing keeps the model a fixed size whatever the vocabulary (no dictionary to
// ship or grow), logistic regression gives calibrated-enough probabilities and per-feature
// weights we can explain, and training a few thousand rows takes well under a second on one core.
// Everything is deterministic: a seeded shuffle, no Math.random, so a model is reproducible.
import { memoSlot, tokenize, type Token, type WordRecord } from './tokens.js';
import { FNV_OFFSET, fnv1a, fnvFeed } from './fnv.js';

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

/** Sparse feature vector: indices and values, L2-normalised. */
export interface SparseVec {
  idx: Int32Array;
  val: Float64Array;
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
  /** fnv1a(`c:${gram}`) of the character n-grams of ` ${s} ` (n = charLo..charHi, in order), once asked for. */
  chars: Uint32Array | null;
  charLo: number;
  charHi: number;
}
const TOKEN_HASHES = new Map<string, TokenHashes>();
const MAX_CACHED = 100_000;
const W_PREFIX = fnvFeed(FNV_OFFSET, 'w:');
const W2_PREFIX = fnvFeed(FNV_OFFSET, 'w2:');
const C_PREFIX = fnvFeed(FNV_OFFSET, 'c:');
const START_PREFIX = fnvFeed(FNV_OFFSET, 'start:');
const END_PREFIX = fnvFeed(FNV_OFFSET, 'end:');
const EMPTY_HASH = fnv1a('empty');

/** fnv1a(`end:${s.slice(0, 3)}`) without building the strings. */
function endHash(s: string): number {
  let h = END_PREFIX;
  for (let i = 0, n = Math.min(3, s.length); i < n; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const HASH_SLOT = memoSlot();
/**
 * The low 30 bits of a word's `uni` hash and `bi` state, as small integers kept in the record's
 * memo itself, so the word-n-gram features cost no pointer chase to its TokenHashes. A feature
 * index is a hash masked to dim − 1, and the low bits of FNV-1a (xor, then multiply mod 2^32)
 * depend only on the low bits of its state: for dim ≤ 2^30 the indices are exactly the same.
 */
const UNI_SLOT = memoSlot();
const BI_SLOT = memoSlot();
const LOW30 = 0x3fffffff;
/** tokenHashes(rec.norm), kept on the word's record (a word's sequence string is its norm). */
function recordHashes(rec: WordRecord): TokenHashes {
  let t = rec.memo[HASH_SLOT] as TokenHashes | undefined;
  if (t === undefined) rec.memo[HASH_SLOT] = t = tokenHashes(rec.norm);
  return t;
}

function tokenHashes(s: string): TokenHashes {
  let t = TOKEN_HASHES.get(s);
  if (t === undefined) {
    t = { uni: fnvFeed(W_PREFIX, s), bi: fnvFeed(fnvFeed(W2_PREFIX, s), ' '), chars: null, charLo: 0, charHi: 0 };
    if (TOKEN_HASHES.size >= MAX_CACHED) TOKEN_HASHES.clear();
    TOKEN_HASHES.set(s, t);
  }
  return t;
}

/** Hashes of `c:${gram}` for the n-grams (n = lo..hi, in that order) of ` ${word} `. */
function charHashes(t: TokenHashes, word: string, lo: number, hi: number): Uint32Array {
  if (t.chars && t.charLo === lo && t.charHi === hi) return t.chars;
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
  const hs = Uint32Array.from(out);
  // One range per token (every model so far uses one); another range just recomputes.
  t.chars = hs;
  t.charLo = lo;
  t.charHi = hi;
  return hs;
}

/**
 * Scratch table of the features of one text: an open-addressing hash set (small, so it stays in
 * the CPU cache, unlike a counts array of the model's 2^18 slots), the features in first-seen
 * order (the order a Map would iterate in, so sums, and therefore predictions, are bit-for-bit
 * the same), their counts and, once finished, their weights. Room is reserved before adding,
 * so add() never grows anything.
 */
class FeatureTable {
  keys = new Int32Array(4096).fill(-1);
  pos = new Int32Array(4096);
  order = new Int32Array(2048);
  count = new Uint32Array(2048);
  slot = new Int32Array(2048);
  val = new Float64Array(2048);
  len = 0;
  /**
   * Probing mask for this text: the smallest power of two ≥ 4n (at least 64) minus one, so a
   * short text probes a small, cache-resident part of `keys`. The slots differ with it but not
   * the first-seen order, so the features and their sums do not.
   */
  cap = 63;

  /** Makes room for `n` more features (call on an empty table). */
  reserve(n: number): void {
    if (n > this.order.length) {
      let size = this.order.length;
      while (size < n) size *= 2;
      this.order = new Int32Array(size);
      this.count = new Uint32Array(size);
      this.slot = new Int32Array(size);
      this.val = new Float64Array(size);
    }
    if (2 * n > this.keys.length) {
      let size = this.keys.length;
      while (size < 2 * n) size *= 2;
      this.keys = new Int32Array(size).fill(-1);
      this.pos = new Int32Array(size);
    }
    let cap = 64;
    while (cap < 4 * n && cap < this.keys.length) cap *= 2;
    this.cap = cap - 1;
  }

  add(k: number): void {
    const keys = this.keys;
    const cap = this.cap;
    let slot = k & cap;
    for (;;) {
      const key = keys[slot]!;
      if (key === k) { this.count[this.pos[slot]!]! += 1; return; }
      if (key === -1) break;
      slot = (slot + 1) & cap;
    }
    const i = this.len++;
    keys[slot] = k;
    this.pos[slot] = i;
    this.order[i] = k;
    this.count[i] = 1;
    this.slot[i] = slot;
  }

  /** Sublinear tf (1 + ln count), L2-normalised, into val[0..len). */
  finish(): void {
    const n = this.len, count = this.count, val = this.val;
    let norm = 0;
    for (let i = 0; i < n; i++) {
      const c = count[i]!;
      const v = c === 1 ? 1 : 1 + Math.log(c);
      val[i] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < n; j++) val[j] = val[j]! / norm;
  }

  clear(): void {
    const keys = this.keys, slot = this.slot;
    for (let i = 0; i < this.len; i++) keys[slot[i]!] = -1;
    this.len = 0;
  }
}

const TABLE = new FeatureTable();

// The token sequence of the text being featurized: each token's string, its cached hashes and
// whether it is a word (words also give character n-grams). Reused between calls.
let seqStr: string[] = [];
let seqHash: (TokenHashes | undefined)[] = [];
let seqWord = new Uint8Array(256);
let seqUni = new Int32Array(256);
let seqBi = new Int32Array(256);

/** The sequence's string for a token (the word n-grams are built from these), or undefined to skip it. */
function seqString(t: Token, spec: FeatureSpec): string | undefined {
  if (t.kind === 'word' || t.kind === 'hashtag' || t.kind === 'mention') return t.norm;
  if (t.kind === 'number') return '<num>';
  if (t.kind === 'url') return '<url>';
  return spec.punctuation ? (t.kind === 'punct' ? t.norm : t.kind === 'emoji' ? '<emoji>' : t.kind === 'emoticon' ? '<emoticon>' : `<${t.kind}>`) : undefined;
}

/**
 * Fills TABLE with the hashed features of `toks`: TABLE.order[0..n) in first-seen order and
 * TABLE.val[0..n) their weights; returns n. The caller reads them and then calls TABLE.clear()
 * (in a finally), so the next call starts from an empty table.
 */
function fillFeatures(toks: readonly Token[], spec: FeatureSpec): number {
  const mask = spec.dim - 1;
  const table = TABLE;
  table.clear();
  const cg = spec.charNgrams;
  if (seqWord.length < toks.length) {
    seqWord = new Uint8Array(toks.length * 2);
    seqUni = new Int32Array(toks.length * 2);
    seqBi = new Int32Array(toks.length * 2);
  }
  const strs = seqStr, hashes = seqHash, isWord = seqWord, uni = seqUni, bi = seqBi;
  // Records keep the low bits of their hashes in their memo (see UNI_SLOT): enough below 2^30.
  const low = mask <= LOW30;
  let m = 0;
  // An upper bound of the features added, so the table never grows while adding.
  let room = 3;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    const s = seqString(t, spec);
    if (s === undefined) continue; // punctuation without spec.punctuation (words are always kept)
    strs[m] = s;
    const word = t.kind === 'word' ? 1 : 0;
    const rec = t.rec;
    if (rec && low) {
      const memo = rec.memo;
      let u = memo[UNI_SLOT] as number | undefined;
      if (u === undefined) {
        const h = recordHashes(rec);
        memo[UNI_SLOT] = u = h.uni & LOW30;
        memo[BI_SLOT] = h.bi & LOW30;
      }
      uni[m] = u;
      bi[m] = memo[BI_SLOT] as number;
      hashes[m] = cg && word ? recordHashes(rec) : undefined;
    } else {
      const h = rec ? recordHashes(rec) : tokenHashes(s);
      uni[m] = h.uni;
      bi[m] = h.bi;
      hashes[m] = h;
    }
    isWord[m] = word;
    room += Math.max(0, spec.wordNgrams);
    if (cg && word) room += (s.length + 2) * Math.max(0, cg[1] - cg[0] + 1);
    m++;
  }
  table.reserve(room);
  try {
    for (let n = 1; n <= spec.wordNgrams; n++) {
      for (let i = 0; i + n <= m; i++) {
        if (n === 1) table.add(uni[i]! & mask);
        else if (n === 2) table.add(fnvFeed(bi[i]!, strs[i + 1]!) & mask);
        else {
          let h = fnvFeed(FNV_OFFSET, `w${n}:`);
          for (let k = 0; k < n; k++) h = fnvFeed(k === 0 ? h : fnvFeed(h, ' '), strs[i + k]!);
          table.add(h & mask);
        }
      }
    }
    if (cg) {
      for (let i = 0; i < m; i++) {
        if (!isWord[i]) continue;
        const hs = charHashes(hashes[i] ?? tokenHashes(strs[i]!), strs[i]!, cg[0], cg[1]);
        for (let j = 0; j < hs.length; j++) table.add(hs[j]! & mask);
      }
    }
    // Where the text starts and ends carries style (machine text often stops mid-sentence).
    if (m > 0) {
      table.add(endHash(strs[m - 1]!) & mask);
      table.add(fnvFeed(START_PREFIX, strs[0]!) & mask);
    } else {
      table.add(EMPTY_HASH & mask);
    }
  } finally {
    // Drop references to this text's strings; keep the arrays.
    if (strs.length > 4096) { seqStr = []; seqHash = []; } else { strs.length = 0; hashes.length = 0; }
  }
  table.finish();
  return table.len;
}

/**
 * Turns text into a normalised sparse vector of hashed n-gram counts (sublinear tf).
 * `tokens`: tokenize(text) when the caller already has it.
 */
export function featurize(text: string, spec: FeatureSpec, tokens?: readonly Token[]): SparseVec {
  try {
    const n = fillFeatures(tokens ?? tokenize(text), spec);
    return { idx: TABLE.order.slice(0, n), val: TABLE.val.slice(0, n) };
  } finally {
    TABLE.clear();
  }
}

import { seededRandom } from '../core/random.js';

export { seededRandom };

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
      const w = this.w, order = TABLE.order, val = TABLE.val;
      for (let k = 0; k < n; k++) z += w[order[k]!]! * val[k]!;
    } finally {
      TABLE.clear();
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
