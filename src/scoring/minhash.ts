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
  // shinglesInto may replace shingleBuf: read it after the call (`shingleBuf.slice(0, shinglesInto(...))`
  // sliced the old buffer, which returned stale hashes for texts of more than 256 words).
  const n = shinglesInto(text, k, tokens);
  return shingleBuf.slice(0, n);
}

/**
 * shingleHashes into shingleBuf[0..n), returning n. The words of words(text) (word tokens, and
 * hashtags without their '#'), folded, are written joined by single spaces into one code buffer,
 * noting the fnv1a state after each word's characters on the way; a shingle's hash is its first
 * word's state continued over the rest of its slice. No string is built per shingle, and each
 * shingle hashes only the characters after its first word.
 */
function shinglesInto(text: string, k: number, tokens?: readonly Token[]): number {
  const toks = tokens ?? tokenize(text);
  let len = 0, nw = 0;
  for (let t = 0; t < toks.length; t++) {
    const tok = toks[t]!;
    const kind = tok.kind;
    if (kind !== 'word' && kind !== 'hashtag') continue;
    const rec = tok.rec;
    // A hashtag record's folded form starts with its '#': skip it rather than slice it off.
    const w = rec ? rec.folded : fold(tok.norm);
    let i = kind === 'hashtag' ? 1 : 0;
    if (codes.length < len + w.length + 1) codes = grow(codes, len + w.length + 1);
    if (wordStart.length < nw + 2) { wordStart = growInt(wordStart, nw + 2); wordState = growInt(wordState, nw + 2); }
    const c = codes;
    wordStart[nw] = len;
    let h = 0x811c9dc5 | 0;
    for (; i < w.length; i++) {
      const code = w.charCodeAt(i);
      c[len++] = code;
      h = Math.imul(h ^ code, 0x01000193);
    }
    c[len++] = 0x20;
    wordState[nw++] = h;
  }
  wordStart[nw] = len; // one past the last word's trailing space
  if (nw === 0) return 0;
  if (shingleBuf.length < nw) shingleBuf = new Uint32Array(Math.max(nw, 2 * shingleBuf.length));
  const out = shingleBuf;
  if (nw < k) { out[0] = hashWords(0, nw); return 1; }
  // Distinct hashes in first-seen order, found with a small open-addressing set in reused
  // arrays (a cell is live when its stamp is this call's): one probe per shingle where a scan of
  // the hashes kept so far cost O(n²) compares, and no Set for long texts.
  const count = nw - k + 1;
  const size = setSize(count), mask = size - 1, shift = 32 - Math.log2(size);
  const stamp = ++setStamp, keys = setKeys, stamps = setStamps;
  const c = codes, ws = wordStart, st = wordState;
  let m = 0;
  for (let i = 0; i < count; i++) {
    // hashWords(i, i + k), inlined.
    let h = st[i]!;
    for (let j = ws[i + 1]! - 1, end = ws[i + k]! - 1; j < end; j++) h = Math.imul(h ^ c[j]!, 0x01000193);
    let cell = Math.imul(h, 0x9e3779b1) >>> shift;
    for (;;) {
      if (stamps[cell] !== stamp) { stamps[cell] = stamp; keys[cell] = h; out[m++] = h; break; }
      if (keys[cell] === h) break;
      cell = (cell + 1) & mask;
    }
  }
  return m;
}

// The dedupe set of shinglesInto: at least twice the shingles, a power of two (stamps start again
// when the counter would overflow, or when the arrays are replaced).
let setKeys = new Int32Array(128);
let setStamps = new Int32Array(128);
let setStamp = 0;
function setSize(count: number): number {
  let size = 128;
  while (size < 2 * count) size *= 2;
  if (size > setKeys.length) { setKeys = new Int32Array(size); setStamps = new Int32Array(size); setStamp = 0; }
  else if (setStamp === 0x7fffffff) { setStamps.fill(0); setStamp = 0; }
  return size;
}

// Scratch buffers of shinglesInto (scoring is synchronous: one text at a time).
let codes: Uint16Array = new Uint16Array(1024);
let wordStart: Int32Array = new Int32Array(256);
let wordState: Int32Array = new Int32Array(256);
let shingleBuf: Uint32Array = new Uint32Array(256);

/**
 * fnv1a of the span of words [from, to) in the scratch buffer, without its trailing space: the
 * first word's state, continued from the space after it.
 */
function hashWords(from: number, to: number): number {
  const c = codes, ws = wordStart;
  let h = wordState[from]!;
  for (let i = ws[from + 1]! - 1, end = ws[to]! - 1; i < end; i++) h = Math.imul(h ^ c[i]!, 0x01000193);
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
  const out = new Int32Array(Math.min(numHashes, MAX_HASHES));
  minhashInto(shingles, shingles.length, out, out.length);
  return new Uint32Array(out.buffer);
}

/** minhashSignature of shingles[0..len) into out[0..n) (int32 bits), n ≤ MAX_HASHES. */
function minhashInto(shingles: Uint32Array, len: number, out: Int32Array, numHashes: number): void {
  const n = Math.min(numHashes, MAX_HASHES);
  if (len === 0) { out.fill(-1, 0, n); return; }
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
    out[i] = m0; out[i + 1] = m1; out[i + 2] = m2; out[i + 3] = m3;
  }
  for (; i < n; i++) {
    const ai = a[i]!, bi = b[i]!;
    let m = -1;
    for (let s = 0; s < len; s++) {
      let h = (Math.imul(ai, shingles[s]! | 0) + bi) | 0;
      h ^= h >>> 15; h = Math.imul(h, 0x2c1b3c6d); h ^= h >>> 12;
      m ^= (h ^ m) & -((h >>> 0) < (m >>> 0));
    }
    out[i] = m;
  }
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

/** An indexed review. Its signature and band keys live in the index's pools, at its slot. */
interface Entry {
  id: string;
  slot: number;
  /** The last scan that saw it (instead of a Set of seen ids per scan). */
  seen: number;
}

/** A bucket: its entry, or its entries oldest first (most buckets hold one). */
type Bucket = Entry | Entry[];

// The signature and band keys of the text being checked (scoring is synchronous).
const checkSig = new Int32Array(MAX_HASHES);
const checkKeys = new Int32Array(MAX_HASHES);

export class DuplicateIndex {
  readonly options: MinHashOptions;
  private readonly rows: number;
  private readonly entries = new Map<string, Entry>();
  /**
   * The buckets of all bands in one open-addressing table (linear probing, kept at most half
   * full): cell c holds band tabBand[c]'s hash tabKey[c] (tabBand -1: empty) and its bucket
   * tabVal[c]. A probe is a few typed-array reads, where a Map per band cost a hashed lookup in a
   * large table per band (and boxed the int32 keys that are not small integers).
   */
  private tabKey = new Int32Array(1024);
  private tabBand = new Int16Array(1024).fill(-1);
  private tabVal: (Bucket | undefined)[] = new Array<Bucket | undefined>(1024).fill(undefined);
  private tabCount = 0;
  /** Signatures (int32 bits) and band keys of the entries, by slot: no typed array per review. */
  private sigs: Int32Array;
  private keyPool: Int32Array;
  private slots = 0;
  private readonly freeSlots: number[] = [];
  /** The cell of each band's bucket the last scan found (-1: none), reused by the insert that follows it. */
  private readonly found: Int32Array;
  /** The last scan's matches and their similarities. */
  private readonly hits: Entry[] = [];
  private readonly hitSims: number[] = [];
  private pass = 0;

  constructor(options: Partial<MinHashOptions> = {}) {
    this.options = { ...DEFAULT_MINHASH, ...options };
    const { numHashes, bands } = this.options;
    if (!Number.isInteger(numHashes) || !Number.isInteger(bands) || numHashes < 0 || numHashes > MAX_HASHES || bands < 1 || numHashes % bands !== 0) {
      throw new Error(`DuplicateIndex: numHashes (${numHashes}) must be ≤ ${MAX_HASHES} and a multiple of bands (${bands})`);
    }
    this.rows = numHashes / bands;
    this.found = new Int32Array(bands).fill(-1);
    this.sigs = new Int32Array(64 * numHashes);
    this.keyPool = new Int32Array(64 * bands);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Signature and band keys of `text` into checkSig / checkKeys; false when too short to index. */
  private signature(text: string, tokens?: readonly Token[]): boolean {
    if (typeof text !== 'string') return false;
    const { shingleSize, numHashes, bands, minWords } = this.options;
    const n = shinglesInto(text, shingleSize, tokens);
    // Count words cheaply from shingles: fewer than minWords words → not indexable.
    if (n + shingleSize - 1 < minWords) return false;
    const sig = checkSig;
    minhashInto(shingleBuf, n, sig, numHashes);
    // One key per band: the hash of its rows.
    const rows = this.rows;
    for (let b = 0; b < bands; b++) {
      let h = 0x811c9dc5 ^ b;
      for (let r = 0; r < rows; r++) h = Math.imul(h ^ sig[b * rows + r]!, 0x01000193);
      checkKeys[b] = h;
    }
    return true;
  }

  /**
   * Collects into hits/hitSims each indexed entry sharing a bucket with checkKeys (newest
   * BUCKET_CAP per bucket, each entry once, `exclude` skipped) whose similarity to checkSig is
   * at least minSimilarity; notes each band's bucket in `found`.
   */
  private scan(minSimilarity: number, exclude: string | undefined): void {
    const pass = ++this.pass;
    this.hits.length = 0;
    this.hitSims.length = 0;
    const bands = this.options.bands;
    for (let b = 0; b < bands; b++) {
      const cell = this.cellOf(b, checkKeys[b]!);
      this.found[b] = cell;
      if (cell < 0) continue;
      const got = this.tabVal[cell]!;
      if (!Array.isArray(got)) { this.visit(got, pass, minSimilarity, exclude); continue; }
      for (let k = got.length - 1; k >= 0 && k >= got.length - BUCKET_CAP; k--) this.visit(got[k]!, pass, minSimilarity, exclude);
    }
  }

  private visit(e: Entry, pass: number, minSimilarity: number, exclude: string | undefined): void {
    if (e.id === exclude || e.seen === pass) return;
    e.seen = pass;
    const similarity = this.similarity(e.slot, minSimilarity);
    if (similarity >= minSimilarity) { this.hits.push(e); this.hitSims.push(similarity); }
  }

  /**
   * Share of equal positions of checkSig and the signature at `slot` (an unbiased estimate of
   * the Jaccard similarity) when it is at least `min`; otherwise some value below `min` (it stops
   * as soon as the positions left cannot lift the share of equal ones to `min`).
   */
  private similarity(slot: number, min: number): number {
    const n = this.options.numHashes;
    if (n === 0) return 0;
    const a = checkSig, b = this.sigs, off = slot * n;
    let eq = 0;
    for (let i = 0; i < n; i++) {
      if (a[i] === b[off + i]) eq++;
      else if ((i & 7) === 7 && (eq + n - 1 - i) / n < min) return -1;
    }
    return eq / n;
  }

  /** Reviews already indexed that look like `text`, most similar first. */
  query(text: string, minSimilarity = 0.5): DuplicateMatch[] {
    if (!this.signature(text)) return [];
    this.scan(minSimilarity, undefined);
    const out: DuplicateMatch[] = [];
    for (let k = 0; k < this.hits.length; k++) out.push({ id: this.hits[k]!.id, similarity: this.hitSims[k]! });
    this.hits.length = 0;
    return out.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1));
  }

  /** Indexes a review (re-adding an id replaces it). Returns false when the text is too short to index. */
  add(id: string, text: string): boolean {
    if (!this.signature(text)) return false;
    this.insert(id, false);
    return true;
  }

  /** Indexes checkSig / checkKeys under `id`; `scanned`: the last scan was of them (its `found` is current). */
  private insert(id: string, scanned: boolean): void {
    if (this.entries.has(id)) { this.remove(id); scanned = false; }
    const { numHashes, bands } = this.options;
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.newSlot();
    const sigs = this.sigs, keyPool = this.keyPool;
    for (let i = 0, off = slot * numHashes; i < numHashes; i++) sigs[off + i] = checkSig[i]!;
    for (let b = 0, off = slot * bands; b < bands; b++) keyPool[off + b] = checkKeys[b]!;
    const entry: Entry = { id, slot, seen: 0 };
    this.entries.set(id, entry);
    // Room for every band's new bucket first: growing moves cells, and `found` names cells.
    if (2 * (this.tabCount + bands) > this.tabKey.length) { this.growTable(); scanned = false; }
    const found = this.found, val = this.tabVal;
    for (let b = 0; b < bands; b++) {
      const key = checkKeys[b]!;
      // A cell found by the scan stays put (adding moves no cell); a missing bucket is probed
      // again, as an earlier band may have taken the empty cell the scan ended at.
      let cell = scanned ? found[b]! : this.cellOf(b, key);
      if (cell < 0) cell = this.cellOf(b, key);
      if (cell < 0) { this.place(b, key, entry); continue; }
      const got = val[cell]!;
      if (!Array.isArray(got)) val[cell] = [got, entry];
      else {
        got.push(entry);
        if (got.length > BUCKET_CAP * 2) got.splice(0, got.length - BUCKET_CAP);
      }
    }
    found.fill(-1);
    while (this.entries.size > this.options.maxItems) {
      const oldest = this.entries.keys().next().value as string;
      this.remove(oldest);
    }
  }

  /** Home cell of band `band`'s hash `key`. */
  private home(band: number, key: number): number {
    let h = Math.imul(key ^ Math.imul(band + 1, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    return h & (this.tabKey.length - 1);
  }

  /** The cell holding band `band`'s bucket `key`, or -1. */
  private cellOf(band: number, key: number): number {
    const keys = this.tabKey, bandOf = this.tabBand, mask = keys.length - 1;
    for (let c = this.home(band, key); ; c = (c + 1) & mask) {
      const b = bandOf[c]!;
      if (b === band && keys[c] === key) return c;
      if (b === -1) return -1;
    }
  }

  /** Adds band `band`'s bucket `key` (absent) holding `entry` (or entries); the table has room. */
  private place(band: number, key: number, entry: Bucket): void {
    const bandOf = this.tabBand, mask = bandOf.length - 1;
    let c = this.home(band, key);
    while (bandOf[c] !== -1) c = (c + 1) & mask;
    bandOf[c] = band;
    this.tabKey[c] = key;
    this.tabVal[c] = entry;
    this.tabCount++;
  }

  /** Empties a cell, shifting later cells of its probe run back so every lookup still finds them. */
  private clearCell(cell: number): void {
    const keys = this.tabKey, bandOf = this.tabBand, val = this.tabVal, mask = keys.length - 1;
    let hole = cell;
    for (let c = (cell + 1) & mask; bandOf[c] !== -1; c = (c + 1) & mask) {
      const h = this.home(bandOf[c]!, keys[c]!);
      // Cell c may move to the hole when its home is not cyclically within (hole, c].
      if (hole <= c ? h <= hole || h > c : h <= hole && h > c) {
        bandOf[hole] = bandOf[c]!;
        keys[hole] = keys[c]!;
        val[hole] = val[c];
        hole = c;
      }
    }
    bandOf[hole] = -1;
    val[hole] = undefined;
    this.tabCount--;
  }

  private growTable(): void {
    const keys = this.tabKey, bandOf = this.tabBand, val = this.tabVal;
    const size = keys.length * 2;
    this.tabKey = new Int32Array(size);
    this.tabBand = new Int16Array(size).fill(-1);
    this.tabVal = new Array<Bucket | undefined>(size).fill(undefined);
    this.tabCount = 0;
    for (let c = 0; c < keys.length; c++) {
      const b = bandOf[c]!;
      if (b !== -1) this.place(b, keys[c]!, val[c]!);
    }
  }

  private newSlot(): number {
    const slot = this.slots++;
    if ((slot + 1) * this.options.numHashes > this.sigs.length) {
      const sigs = new Int32Array(this.sigs.length * 2);
      sigs.set(this.sigs);
      this.sigs = sigs;
      const keys = new Int32Array(this.keyPool.length * 2);
      keys.set(this.keyPool);
      this.keyPool = keys;
    }
    return slot;
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    const bands = this.options.bands, keys = this.keyPool, off = entry.slot * bands;
    for (let b = 0; b < bands; b++) {
      const cell = this.cellOf(b, keys[off + b]!);
      if (cell < 0) continue;
      const got = this.tabVal[cell]!;
      if (!Array.isArray(got)) {
        if (got === entry) this.clearCell(cell);
        continue;
      }
      const i = got.indexOf(entry);
      if (i >= 0) got.splice(i, 1);
      if (got.length === 0) this.clearCell(cell);
    }
    this.freeSlots.push(entry.slot);
  }

  /**
   * Checks a review against the earlier ones, then indexes it: the call a pipeline makes per review.
   * `tokens`: tokenize(text), when the caller already has it.
   */
  check(id: string, text: string, minSimilarity = 0.5, tokens?: readonly Token[]): DuplicateMatch | null {
    if (!this.signature(text, tokens)) return null;
    this.scan(minSimilarity, id);
    // The first of query()'s order: most similar, then the smallest id.
    let best: DuplicateMatch | null = null;
    for (let k = 0; k < this.hits.length; k++) {
      const e = this.hits[k]!, similarity = this.hitSims[k]!;
      if (!best || similarity > best.similarity || (similarity === best.similarity && e.id < best.id)) best = { id: e.id, similarity };
    }
    this.hits.length = 0;
    this.insert(id, true);
    return best;
  }
}
