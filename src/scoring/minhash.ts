// Near-duplicate detection for reviews: word shingles → MinHash signatures → LSH buckets.
// A brand's pipeline keeps one DuplicateIndex and feeds it every review; each new review is
// checked against the ones before it in (amortised) constant time, so a wave of copy-pasted
// or lightly edited fake reviews is caught without comparing every pair.
// Pure data structure: no I/O, no clocks, deterministic hashing.
import { fold, tokenize, type Token } from './tokens.js';
import { fnvFeed } from './classifier.js';

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

/** fnv1a(ws.slice(from, to).join(' ')), without building the string. */
function joinedHash(ws: string[], from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let j = from; j < to; j++) h = fnvFeed(j === from ? h : fnvFeed(h, ' '), ws[j]!);
  return h >>> 0;
}

/**
 * Word k-shingles of accent-folded, lower-cased words, hashed to 32 bits.
 * `tokens`: tokenize(text), when the caller already has it.
 */
export function shingleHashes(text: string, k: number, tokens?: readonly Token[]): Uint32Array {
  const ws: string[] = [];
  // The words of words(text): word tokens, and hashtags without their '#'.
  for (const t of tokens ?? tokenize(text)) {
    if (t.kind === 'word') ws.push(fold(t.norm));
    else if (t.kind === 'hashtag') ws.push(fold(t.norm.slice(1)));
  }
  const out = new Set<number>();
  if (ws.length === 0) return new Uint32Array(0);
  if (ws.length < k) out.add(joinedHash(ws, 0, ws.length));
  for (let i = 0; i + k <= ws.length; i++) out.add(joinedHash(ws, i, i + k));
  return Uint32Array.from(out);
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

export function minhashSignature(shingles: Uint32Array, numHashes: number): Uint32Array {
  const n = Math.min(numHashes, MAX_HASHES);
  const sig = new Uint32Array(n).fill(0xffffffff);
  for (let s = 0; s < shingles.length; s++) {
    const x = shingles[s]!;
    for (let i = 0; i < n; i++) {
      // `>>> 0` after every step: JS bit operators return signed ints, which would break `<`.
      let h = (Math.imul(A[i]!, x) + B[i]!) >>> 0;
      h = (h ^ (h >>> 15)) >>> 0;
      h = Math.imul(h, 0x2c1b3c6d) >>> 0;
      h = (h ^ (h >>> 12)) >>> 0;
      if (h < sig[i]!) sig[i] = h;
    }
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

export interface DuplicateMatch {
  id: string;
  /** Estimated Jaccard similarity of word shingles, 0..1. */
  similarity: number;
}

export class DuplicateIndex {
  readonly options: MinHashOptions;
  private readonly rows: number;
  private readonly sigs = new Map<string, Uint32Array>();
  private readonly buckets = new Map<string, string[]>();

  constructor(options: Partial<MinHashOptions> = {}) {
    this.options = { ...DEFAULT_MINHASH, ...options };
    const { numHashes, bands } = this.options;
    if (numHashes > MAX_HASHES || bands < 1 || numHashes % bands !== 0) {
      throw new Error(`DuplicateIndex: numHashes (${numHashes}) must be ≤ ${MAX_HASHES} and a multiple of bands (${bands})`);
    }
    this.rows = numHashes / bands;
  }

  get size(): number {
    return this.sigs.size;
  }

  private signature(text: string, tokens?: readonly Token[]): Uint32Array | null {
    if (typeof text !== 'string') return null;
    const sh = shingleHashes(text, this.options.shingleSize, tokens);
    // Count words cheaply from shingles: fewer than minWords words → not indexable.
    if (sh.length + this.options.shingleSize - 1 < this.options.minWords) return null;
    return minhashSignature(sh, this.options.numHashes);
  }

  private bandKeys(sig: Uint32Array): string[] {
    const keys: string[] = [];
    for (let b = 0; b < this.options.bands; b++) {
      let h = 0x811c9dc5 ^ b;
      for (let r = 0; r < this.rows; r++) h = Math.imul(h ^ sig[b * this.rows + r]!, 0x01000193);
      keys.push(`${b}:${(h >>> 0).toString(36)}`);
    }
    return keys;
  }

  private matches(sig: Uint32Array, minSimilarity: number, exclude?: string): DuplicateMatch[] {
    const seen = new Set<string>();
    const out: DuplicateMatch[] = [];
    for (const key of this.bandKeys(sig)) {
      const list = this.buckets.get(key) ?? [];
      for (let k = list.length - 1; k >= 0 && k >= list.length - BUCKET_CAP; k--) {
        const id = list[k]!;
        if (id === exclude || seen.has(id)) continue;
        seen.add(id);
        const other = this.sigs.get(id);
        if (!other) continue;
        const similarity = estimateJaccard(sig, other);
        if (similarity >= minSimilarity) out.push({ id, similarity });
      }
    }
    return out.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1));
  }

  /** Reviews already indexed that look like `text`, most similar first. */
  query(text: string, minSimilarity = 0.5): DuplicateMatch[] {
    const sig = this.signature(text);
    return sig ? this.matches(sig, minSimilarity) : [];
  }

  /** Indexes a review (re-adding an id replaces it). Returns false when the text is too short to index. */
  add(id: string, text: string): boolean {
    const sig = this.signature(text);
    if (!sig) return false;
    this.insert(id, sig);
    return true;
  }

  private insert(id: string, sig: Uint32Array): void {
    if (this.sigs.has(id)) this.remove(id);
    this.sigs.set(id, sig);
    for (const key of this.bandKeys(sig)) {
      const list = this.buckets.get(key);
      if (!list) this.buckets.set(key, [id]);
      else {
        list.push(id);
        if (list.length > BUCKET_CAP * 2) list.splice(0, list.length - BUCKET_CAP);
      }
    }
    while (this.sigs.size > this.options.maxItems) {
      const oldest = this.sigs.keys().next().value as string;
      this.remove(oldest);
    }
  }

  remove(id: string): void {
    const sig = this.sigs.get(id);
    if (!sig) return;
    this.sigs.delete(id);
    for (const key of this.bandKeys(sig)) {
      const list = this.buckets.get(key);
      if (!list) continue;
      const i = list.indexOf(id);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) this.buckets.delete(key);
    }
  }

  /**
   * Checks a review against the earlier ones, then indexes it: the call a pipeline makes per review.
   * `tokens`: tokenize(text), when the caller already has it.
   */
  check(id: string, text: string, minSimilarity = 0.5, tokens?: readonly Token[]): DuplicateMatch | null {
    const sig = this.signature(text, tokens);
    if (!sig) return null;
    const best = this.matches(sig, minSimilarity, id)[0] ?? null;
    this.insert(id, sig);
    return best;
  }
}
