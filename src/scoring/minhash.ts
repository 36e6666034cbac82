// Near-duplicate detection for reviews: word shingles → MinHash signatures → LSH buckets.
// A brand's pipeline keeps one DuplicateIndex and feeds it every review; each new review is
// checked against the ones before it in (amortised) constant time, so a wave of copy-pasted
// or lightly edited fake reviews is caught without comparing every pair.
// Pure data structure: no I/O, no clocks, deterministic hashing.
import { fold, tokenize, type Token } from './tokens.js';

export interface MinHashOptions {
  /** Signature length; must equal bands × rows. */
  numHashes: number;
  /** LSH bands; with rows = numHashes / bands, candidates are pairs with Jaccard ≳ (1/bands)^(1/rows). */
  bands: number;
  /** Words per shingle. */
  shingleSize: number;
  /** Texts with fewer words are not indexed ("Great!" from two people is not a duplicate wave). */
  minWords: number;
  /** Oldest entries are evicted past this many, so memory stays bounded. */
  maxItems: number;
}

export const DEFAULT_MINHASH: MinHashOptions = { numHashes: 64, bands: 16, shingleSize: 3, minWords: 6, maxItems: 50_000 };

/**
 * Newest ids kept per LSH bucket. Templated reviews ("order 123 arrived on day 4 ...") land in
 * the same buckets by the thousand; capping keeps each check O(bands × cap) instead of O(n),
 * and a wave of copies is still caught because its newest members stay in the bucket.
 */
const BUCKET_CAP = 64;

/**
 * Word k-shingles of accent-folded, lower-cased words, hashed to 32 bits: fnv1a of the k words
 * joined by spaces. `tokens`: tokenize(text), when the caller already has it.
 */
export function shingleHashes(text: string, k: number, tokens?: readonly Token[]): Uint32Array {
  const toks = tokens ?? tokenize(text);
  // The words of words(text) (word tokens, and hashtags without their '#'), folded, written
  // joined by single spaces into one code buffer: a shingle's string is then a slice of it, and
  // its hash one tight loop over the slice, with no string built per shingle.
  let len = 0, nw = 0;
  for (const t of toks) {
    if (t.kind !== 'word' && t.kind !== 'hashtag') continue;
    const rec = t.rec;
    const w = rec ? (t.kind === 'word' ? rec.folded : rec.folded.slice(1)) : fold(t.kind === 'word' ? t.norm : t.norm.slice(1));
    if (codes.length < len + w.length + 1) codes = grow(codes, len + w.length + 1);
    if (wordStart.length < nw + 2) wordStart = growInt(wordStart, nw + 2);
    wordStart[nw++] = len;
    for (let i = 0; i < w.length; i++) codes[len++] = w.charCodeAt(i);
    codes[len++] = 0x20;
  }
  wordStart[nw] = len; // one past the last word's trailing space
  if (nw === 0) return new Uint32Array(0);
  if (nw < k) return Uint32Array.of(hashWords(0, nw));
  // Distinct hashes in first-seen order; short texts dedupe by scanning, long ones with a Set.
  const count = nw - k + 1;
  const out = new Uint32Array(count);
  let m = 0;
  if (count <= 64) {
    for (let i = 0; i < count; i++) {
      const h = hashWords(i, i + k);
      let dup = false;
      for (let j = 0; j < m; j++) if (out[j] === h) { dup = true; break; }
      if (!dup) out[m++] = h;
    }
  } else {
    const seen = new Set<number>();
    for (let i = 0; i < count; i++) {
      const h = hashWords(i, i + k);
      if (!seen.has(h)) { seen.add(h); out[m++] = h; }
    }
  }
  return m === count ? out : out.slice(0, m);
}

// Scratch buffers of shingleHashes (scoring is synchronous: one text at a time).
let codes: Uint16Array = new Uint16Array(1024);
let wordStart: Int32Array = new Int32Array(256);

/** fnv1a of the span of words [from, to) in the scratch buffer, without its trailing space. */
function hashWords(from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = wordStart[from]!, end = wordStart[to]! - 1; i < end; i++) h = Math.imul(h ^ codes[i]!, 0x01000193);
  return h >>> 0;
}
function grow(a: Uint16Array, n: number): Uint16Array {
  const b = new Uint16Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}
function growInt(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

// Fixed odd multipliers and offsets for the hash family h_i(x) = (a_i * x + b_i) mod 2^32,
// then a xorshift mix so low bits are usable. Derived from a seeded generator: stable forever.
const MAX_HASHES = 256;
const A = new Uint32Array(MAX_HASHES);
const B = new Uint32Array(MAX_HASHES);
{
  let s = 0x9e3779b9;
  const next = (): number => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s;
  };
  for (let i = 0; i < MAX_HASHES; i++) {
    A[i] = next() | 1;
    B[i] = next();
  }
}
const A_I32 = new Int32Array(A.buffer), B_I32 = new Int32Array(B.buffer);

export function minhashSignature(shingles: Uint32Array, numHashes: number): Uint32Array {
  const n = Math.min(numHashes, MAX_HASHES);
  const sig = new Uint32Array(n);
  const len = shingles.length;
  if (len === 0) return sig.fill(0xffffffff);
  // Four hashes at a time over the shingles, each minimum kept in a register, and the minimum
  // taken without a branch: which shingle lowers it is random, so a branch mispredicts a few
  // times per hash, which cost more than the hashing (5.5 → 2.9 µs for 64 hashes × 29 shingles).
  // All in int32, compared as unsigned (`>>> 0` on both sides is an unsigned compare to V8, with
  // no doubles); the minimum does not depend on order, so the result is the plain definition's.
  const a = A_I32, b = B_I32;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const a0 = a[i]!, b0 = b[i]!, a1 = a[i + 1]!, b1 = b[i + 1]!, a2 = a[i + 2]!, b2 = b[i + 2]!, a3 = a[i + 3]!, b3 = b[i + 3]!;
    let m0 = -1, m1 = -1, m2 = -1, m3 = -1; // 0xffffffff
    for (let s = 0; s < len; s++) {
      const x = shingles[s]! | 0;
      let h = (Math.imul(a0, x) + b0) | 0;
      h ^= h >>> 15; h = Math.imul(h, 0x2c1b3c6d); h ^= h >>> 12;
      m0 ^= (h ^ m0) & -((h >>> 0) < (m0 >>> 0));
      h = (Math.imul(a1, x) + b1) | 0;
      h ^= h >>> 15; h = Math.imul(h, 0x2c1b3c6d); h ^= h >>> 12;
      m1 ^= (h ^ m1) & -((h >>> 0) < (m1 >>> 0));
      h = (Math.imul(a2, x) + b2) | 0;
      h ^= h >>> 15; h = Math.imul(h, 0x2c1b3c6d); h ^= h >>> 12;
      m2 ^= (h ^ m2) & -((h >>> 0) < (m2 >>> 0));
      h = (Math.imul(a3, x) + b3) | 0;
      h ^= h >>> 15; h = Math.imul(h, 0x2c1b3c6d); h ^= h >>> 12;
      m3 ^= (h ^ m3) & -((h >>> 0) < (m3 >>> 0));
    }
    sig[i] = m0; sig[i + 1] = m1; sig[i + 2] = m2; sig[i + 3] = m3;
  }
  for (; i < n; i++) {
    const ai = a[i]!, bi = b[i]!;
    let m = -1;
    for (let s = 0; s < len; s++) {
      let h = (Math.imul(ai, shingles[s]! | 0) + bi) | 0;
      h ^= h >>> 15; h = Math.imul(h, 0x2c1b3c6d); h ^= h >>> 12;
      m ^= (h ^ m) & -((h >>> 0) < (m >>> 0));
    }
    sig[i] = m;
  }
  return sig;
}

/** Share of equal positions: an unbiased estimate of the Jaccard similarity of the shingle sets. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let eq = 0;
  for (let i = 0; i < n; i++) if (a[i] === b[i]) eq++;
  return eq / n;
}

/**
 * estimateJaccard(a, b) when it is at least `min`; otherwise some value below `min` (it stops
 * as soon as the positions left cannot lift the share of equal ones to `min`).
 */
function jaccardAtLeast(a: Uint32Array, b: Uint32Array, min: number): number {
  const n = Math.min(a.length, b.length);
  if (n === 0) return 0;
  let eq = 0;
  for (let i = 0; i < n; i++) {
    if (a[i] === b[i]) eq++;
    else if ((i & 7) === 7 && (eq + n - 1 - i) / n < min) return -1;
  }
  return eq / n;
}

export interface DuplicateMatch {
  id: string;
  /** Estimated Jaccard similarity of word shingles, 0..1. */
  similarity: number;
}

/** An indexed review: its signature and LSH bucket keys, shared by every bucket it is in. */
interface Entry {
  id: string;
  sig: Uint32Array;
  /** The hash of each band's rows: the entry sits in bucket keys[b] of band b. */
  keys: Int32Array;
  /** The last matches() pass that saw it (instead of a Set of seen ids per pass). */
  seen: number;
}

export class DuplicateIndex {
  readonly options: MinHashOptions;
  private readonly rows: number;
  private readonly entries = new Map<string, Entry>();
  /**
   * Per band: band hash → its entry, or its entries oldest first (most buckets hold one). One Map
   * per band keyed by the int32 hash, rather than one keyed by band × 2^32 + hash: int32 keys are
   * small integers to V8, while the combined key is a heap number, boxed and hashed as a double.
   */
  private readonly buckets: Map<number, Entry | Entry[]>[];
  private pass = 0;

  constructor(options: Partial<MinHashOptions> = {}) {
    this.options = { ...DEFAULT_MINHASH, ...options };
    const { numHashes, bands } = this.options;
    if (numHashes > MAX_HASHES || bands < 1 || numHashes % bands !== 0) {
      throw new Error(`DuplicateIndex: numHashes (${numHashes}) must be ≤ ${MAX_HASHES} and a multiple of bands (${bands})`);
    }
    this.rows = numHashes / bands;
    this.buckets = Array.from({ length: bands }, () => new Map<number, Entry | Entry[]>());
  }

  get size(): number {
    return this.entries.size;
  }

  private signature(text: string, tokens?: readonly Token[]): Uint32Array | null {
    if (typeof text !== 'string') return null;
    const sh = shingleHashes(text, this.options.shingleSize, tokens);
    // Count words cheaply from shingles: fewer than minWords words → not indexable.
    if (sh.length + this.options.shingleSize - 1 < this.options.minWords) return null;
    return minhashSignature(sh, this.options.numHashes);
  }

  /** One key per band: the hash of its rows. */
  private bandKeys(sig: Uint32Array): Int32Array {
    const keys = new Int32Array(this.options.bands);
    for (let b = 0; b < keys.length; b++) {
      let h = 0x811c9dc5 ^ b;
      for (let r = 0; r < this.rows; r++) h = Math.imul(h ^ sig[b * this.rows + r]!, 0x01000193);
      keys[b] = h;
    }
    return keys;
  }

  /**
   * Calls `visit` for each indexed entry sharing a bucket with `keys` (newest BUCKET_CAP per
   * bucket, each entry once, `exclude` skipped) whose similarity is at least minSimilarity.
   */
  private scan(sig: Uint32Array, keys: Int32Array, minSimilarity: number, exclude: string | undefined, visit: (e: Entry, similarity: number) => void): void {
    const pass = ++this.pass;
    for (let b = 0; b < keys.length; b++) {
      const got = this.buckets[b]!.get(keys[b]!);
      if (got === undefined) continue;
      if (!Array.isArray(got)) { this.visitOne(got, pass, sig, minSimilarity, exclude, visit); continue; }
      for (let k = got.length - 1; k >= 0 && k >= got.length - BUCKET_CAP; k--) this.visitOne(got[k]!, pass, sig, minSimilarity, exclude, visit);
    }
  }

  private visitOne(e: Entry, pass: number, sig: Uint32Array, minSimilarity: number, exclude: string | undefined, visit: (e: Entry, similarity: number) => void): void {
    if (e.id === exclude || e.seen === pass) return;
    e.seen = pass;
    const similarity = jaccardAtLeast(sig, e.sig, minSimilarity);
    if (similarity >= minSimilarity) visit(e, similarity);
  }

  /** Reviews already indexed that look like `text`, most similar first. */
  query(text: string, minSimilarity = 0.5): DuplicateMatch[] {
    const sig = this.signature(text);
    if (!sig) return [];
    const out: DuplicateMatch[] = [];
    this.scan(sig, this.bandKeys(sig), minSimilarity, undefined, (e, similarity) => out.push({ id: e.id, similarity }));
    return out.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1));
  }

  /** Indexes a review (re-adding an id replaces it). Returns false when the text is too short to index. */
  add(id: string, text: string): boolean {
    const sig = this.signature(text);
    if (!sig) return false;
    this.insert(id, sig, this.bandKeys(sig));
    return true;
  }

  private insert(id: string, sig: Uint32Array, keys: Int32Array): void {
    if (this.entries.has(id)) this.remove(id);
    const entry: Entry = { id, sig, keys, seen: 0 };
    this.entries.set(id, entry);
    for (let b = 0; b < keys.length; b++) {
      const bucket = this.buckets[b]!, key = keys[b]!;
      const got = bucket.get(key);
      if (got === undefined) bucket.set(key, entry);
      else if (!Array.isArray(got)) bucket.set(key, [got, entry]);
      else {
        got.push(entry);
        if (got.length > BUCKET_CAP * 2) got.splice(0, got.length - BUCKET_CAP);
      }
    }
    while (this.entries.size > this.options.maxItems) {
      const oldest = this.entries.keys().next().value as string;
      this.remove(oldest);
    }
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    for (let b = 0; b < entry.keys.length; b++) {
      const bucket = this.buckets[b]!, key = entry.keys[b]!;
      const got = bucket.get(key);
      if (got === undefined) continue;
      if (!Array.isArray(got)) {
        if (got === entry) bucket.delete(key);
        continue;
      }
      const i = got.indexOf(entry);
      if (i >= 0) got.splice(i, 1);
      if (got.length === 0) bucket.delete(key);
    }
  }

  /**
   * Checks a review against the earlier ones, then indexes it: the call a pipeline makes per review.
   * `tokens`: tokenize(text), when the caller already has it.
   */
  check(id: string, text: string, minSimilarity = 0.5, tokens?: readonly Token[]): DuplicateMatch | null {
    const sig = this.signature(text, tokens);
    if (!sig) return null;
    const keys = this.bandKeys(sig);
    // The first of query()'s order: most similar, then the smallest id.
    let best: DuplicateMatch | null = null;
    this.scan(sig, keys, minSimilarity, id, (e, similarity) => {
      if (!best || similarity > best.similarity || (similarity === best.similarity && e.id < best.id)) best = { id: e.id, similarity };
    });
    this.insert(id, sig, keys);
    return best;
  }
}
