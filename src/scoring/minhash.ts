// Near-duplicate detection for reviews: word shingles → MinHash signatures → LSH buckets.
// A brand's pipeline keeps one DuplicateIndex and feeds it every review; each new review is
// checked against the ones before it in (amortised) constant time, so a wave of copy-pasted
// or lightly edited fake reviews is caught without comparing every pair. A second table of the
// same kind, over each review's set of content words, catches reworded copies (words swapped,
// clauses reordered), which share too few 3-word shingles for the first.
// Pure data structure: no I/O, no clocks, deterministic hashing.
import { fold, memoSlot, tokenize, type Token } from './tokens.js';
import { fnvRange } from './fnv.js';
import { STOPWORDS } from './claims-text.js';

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
  /**
   * Reworded copies: a review whose set of content words (12 or more) has an estimated Jaccard
   * similarity of at least this with an earlier review's is a match too (0 turns the check off).
   */
  rewordSimilarity: number;
}

/**
 * The default rewordSimilarity. Fed through the index, the 1,997 genuine reviews of salminen_dev
 * get no match (none at 0.4 either; at 0.4 with 8+ content words, one: two generic book reviews,
 * estimated at 0.41), and scoreMention flags 14 of the 18 reworded copies of
 * test/fixtures/fake-hard that follow an earlier copy (npm run eval:copies). 0.45 rather than 0.4
 * leaves a margin for the estimate's noise (about ±0.06 with 64 hashes).
 */
export const REWORD_SIMILARITY = 0.45;

export const DEFAULT_MINHASH: MinHashOptions = { numHashes: 64, bands: 16, shingleSize: 3, minWords: 6, maxItems: 50_000, rewordSimilarity: REWORD_SIMILARITY };

/**
 * The content-word table: one word per "shingle" (a set of words, order ignored), words of at
 * least 3 letters that are not stop words, and only reviews with 12 or more distinct ones. Shorter
 * genuine reviews share their few words by chance ("great location, friendly staff, clean rooms,
 * good breakfast, would stay again"): with 8, random tweets matched 5 times in 2,000 and the
 * generated fakes of salminen_dev 53 times; with 12, 0 and 31, and the hard set's reworded
 * copies are flagged as often (14).
 */
const REWORD_TABLE = { numHashes: 64, bands: 16, shingleSize: 1, minWords: 12, bucketCap: 8 };

/**
 * Newest reviews a check reads per LSH bucket. Templated reviews ("order 123 arrived on day 4
 * ...") land in the same buckets by the thousand; capping keeps each check O(bands × cap) instead
 * of O(n), and a wave of copies is still caught because its newest members come first. The
 * content-word table reads fewer (REWORD_TABLE.bucketCap): reviews drawn from a small
 * vocabulary crowd its buckets far more, and a wave's rewordings arrive close together.
 */
const BUCKET_CAP = 64;

/**
 * Word k-shingles of accent-folded, lower-cased words (word tokens, and hashtags without their
 * '#'), hashed to 32 bits: each word is hashed once per spelling (fnv1a of its folded form, low 30
 * bits, kept on its word record), and a shingle's hash chains its k word hashes through mix32.
 * Distinct hashes, in first-seen order; a text of fewer than k words is one shingle of them all.
 * `tokens`: tokenize(text), when the caller already has it.
 */
export function shingleHashes(text: string, k: number, tokens?: readonly Token[]): Uint32Array {
  // shinglesInto may replace shingleBuf: read it after the call (`shingleBuf.slice(0, shinglesInto(...))`
  // sliced the old buffer, which returned stale hashes for texts of more than 256 words).
  const n = shinglesInto(text, k, tokens);
  return shingleBuf.slice(0, n);
}

/**
 * shingleHashes into shingleBuf[0..n), returning n. A word's hash is read from its record (no
 * character of it is read again), so a shingle costs k mixes of small integers. `contentOnly`:
 * content words only, by their first letters (contentHash).
 */
function shinglesInto(text: string, k: number, tokens?: readonly Token[], contentOnly = false): number {
  const toks = tokens ?? tokenize(text);
  let nw = 0;
  for (let t = 0; t < toks.length; t++) {
    const tok = toks[t]!;
    const kind = tok.kind;
    if (kind !== 'word' && kind !== 'hashtag') continue;
    const h = contentOnly ? memoHash(tok, CONTENT_HASH_SLOT, contentHash) : memoHash(tok, WORD_HASH_SLOT, wordHash30);
    if (h < 0) continue;
    if (wordHash.length === nw) wordHash = growInt(wordHash, nw + 1);
    wordHash[nw++] = h;
  }
  if (nw === 0) return 0;
  if (shingleBuf.length < nw) shingleBuf = new Uint32Array(Math.max(nw, 2 * shingleBuf.length));
  const out = shingleBuf;
  if (nw < k) { out[0] = chainWords(0, nw); return 1; }
  // Distinct hashes in first-seen order, found with a small open-addressing set in reused
  // arrays (a cell is live when its stamp is this call's): one probe per shingle where a scan of
  // the hashes kept so far cost O(n²) compares, and no Set for long texts.
  const count = nw - k + 1;
  const size = setSize(count), mask = size - 1, shift = 32 - Math.log2(size);
  const stamp = ++setStamp, keys = setKeys, stamps = setStamps;
  let m = 0;
  for (let i = 0; i < count; i++) {
    const h = chainWords(i, i + k) | 0;
    let cell = Math.imul(h, 0x9e3779b1) >>> shift;
    for (;;) {
      if (stamps[cell] !== stamp) { stamps[cell] = stamp; keys[cell] = h; out[m++] = h; break; }
      if (keys[cell] === h) break;
      cell = (cell + 1) & mask;
    }
  }
  return m;
}

/**
 * `hash` of a token's folded form (from its 2nd character for a hashtag, past the '#'), kept in
 * its word record's memo at `slot`: a word is hashed once per spelling. Hashes are small integers.
 */
function memoHash(tok: Token, slot: number, hash: (folded: string, from: number) => number): number {
  const rec = tok.rec;
  const from = tok.kind === 'hashtag' ? 1 : 0;
  if (rec === undefined) return hash(fold(tok.norm), from);
  let h = rec.memo[slot] as number | undefined;
  if (h === undefined) rec.memo[slot] = h = hash(rec.folded, from);
  return h;
}

const WORD_HASH_SLOT = memoSlot();
/** fnv1a of a word's folded form from `from`, low 30 bits. */
function wordHash30(folded: string, from: number): number {
  return fnvRange(folded, from, folded.length) & 0x3fffffff;
}

/**
 * Letters of a content word the reworded-copy table reads: its first six, a crude stemmer that
 * needs no language ("habitación"/"habitaciones", "recommend"/"recommended"). On the Spanish
 * copies of test/fixtures/fake-hard it lifts those at an exact Jaccard ≥ 0.4 from 6 to 8 of 11,
 * and no genuine review of salminen_dev gets a match.
 */
const CONTENT_PREFIX = 6;
const CONTENT_HASH_SLOT = memoSlot();
/** fnv1a of a content word's first CONTENT_PREFIX folded letters from `from`, low 30 bits; -1 for stop words and words under 3 letters. */
function contentHash(folded: string, from: number): number {
  if (folded.length - from < 3 || STOPWORDS.has(from === 0 ? folded : folded.slice(from))) return -1;
  return fnvRange(folded, from, Math.min(folded.length, from + CONTENT_PREFIX)) & 0x3fffffff;
}
/** The hash of the words [from, to) of the scratch buffer: their hashes chained through mix32 (unsigned). */
function chainWords(from: number, to: number): number {
  const wh = wordHash;
  let h = SHINGLE_CHAIN_SEED;
  for (let i = from; i < to; i++) h = mix32(h ^ wh[i]!);
  return h >>> 0;
}
const SHINGLE_CHAIN_SEED = 0x2545f491;

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
let wordHash: Int32Array = new Int32Array(256);
let shingleBuf: Uint32Array = new Uint32Array(256);

function growInt(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

// One-permutation hashing with optimal densification (Li, Owen & Zhang 2012; Shrivastava 2017):
// each shingle is hashed once; the hash's top bits pick one of the signature's n bins and the
// bin keeps its smallest hash. A bin no shingle fell into borrows the value of a non-empty bin
// picked by a fixed pseudo-random sequence of its own (the same for every text), so two texts
// agree at a position with probability equal to the Jaccard similarity of their shingle sets, as
// with n independent min-hashes, at the cost of one hash per shingle instead of n.
const MAX_HASHES = 256;

/** murmur3's 32-bit finaliser: a bijection of int32 that mixes every input bit into every output bit. */
function mix32(x: number): number {
  x ^= x >>> 16; x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13; x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}
const SHINGLE_SEED = 0x9e3779b9 | 0;
/** Bin of an int32 hash among n ≤ 2^16: its top bits (floor of h / 2^32 × n, from h's top 16 bits). */
function binOf(h: number, n: number): number {
  return ((h >>> 16) * n) >>> 16;
}
/** The a-th bin (a ≥ 1) an empty bin i of n looks at for a value to borrow: fixed, the same for every text. */
function probeBin(i: number, a: number, n: number): number {
  return binOf(mix32(Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(a, 0x85ebca77)), n);
}
/** Attempts at a random non-empty bin before an empty bin falls back to the next non-empty one. */
const MAX_ATTEMPTS = 4096;
/** probeBin(i, a, n) for a = 1..PROBES, at i * PROBES + a - 1, for the last n asked (one n per index). */
const PROBES = 16;
let probeN = -1;
let probeTable = new Uint16Array(0);
function probesFor(n: number): Uint16Array {
  if (n !== probeN) {
    probeTable = new Uint16Array(n * PROBES);
    for (let i = 0; i < n; i++) for (let a = 1; a <= PROBES; a++) probeTable[i * PROBES + a - 1] = probeBin(i, a, n);
    probeN = n;
  }
  return probeTable;
}

export function minhashSignature(shingles: Uint32Array, numHashes: number): Uint32Array {
  const out = new Int32Array(Math.min(numHashes, MAX_HASHES));
  minhashInto(shingles, shingles.length, out, out.length);
  return new Uint32Array(out.buffer);
}

/** Which bins of the signature being built got a shingle (scratch of minhashInto). */
const filled = new Uint8Array(MAX_HASHES);

/** minhashSignature of shingles[0..len) into out[0..n) (int32 bits), n ≤ MAX_HASHES. */
function minhashInto(shingles: Uint32Array, len: number, out: Int32Array, numHashes: number): void {
  const n = Math.min(numHashes, MAX_HASHES);
  if (n === 0) return;
  out.fill(-1, 0, n); // 0xffffffff, above every value compared unsigned
  if (len === 0) return;
  filled.fill(0, 0, n);
  let nonEmpty = 0;
  for (let s = 0; s < len; s++) {
    const h = mix32((shingles[s]! ^ SHINGLE_SEED) | 0);
    const b = binOf(h, n);
    if (!filled[b]) { filled[b] = 1; nonEmpty++; out[b] = h; }
    else if ((h >>> 0) < (out[b]! >>> 0)) out[b] = h;
  }
  if (nonEmpty === n) return;
  // Densification: empty bin i tries bins probeBin(i, 1), probeBin(i, 2), … until one got a
  // shingle, and copies that bin's own value (never a borrowed one).
  const probes = probesFor(n);
  for (let i = 0; i < n; i++) {
    if (filled[i]) continue;
    let got = -1;
    for (let a = 1; a <= PROBES; a++) {
      const j = probes[i * PROBES + a - 1]!;
      if (filled[j]) { got = j; break; }
    }
    for (let a = PROBES + 1; got < 0 && a <= MAX_ATTEMPTS; a++) {
      const j = probeBin(i, a, n);
      if (filled[j]) got = j;
    }
    // Practically never (each attempt hits with probability ≥ 1/n): the next non-empty bin.
    if (got < 0) for (let j = (i + 1) % n; ; j = (j + 1) % n) if (filled[j]) { got = j; break; }
    out[i] = out[got]!;
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
  /** Estimated Jaccard similarity, 0..1: of word shingles, or of content-word sets for 'words'. */
  similarity: number;
  /** 'shingles': a copy (3-word shingles); 'words': a reworded copy (content-word sets). Default 'shingles'. */
  basis?: 'shingles' | 'words';
}

// The signature and band keys of the text being checked (scoring is synchronous).
const checkSig = new Int32Array(MAX_HASHES);
const checkKeys = new Int32Array(MAX_HASHES);

type TableOptions = Pick<MinHashOptions, 'numHashes' | 'bands' | 'shingleSize' | 'minWords' | 'maxItems'> & { bucketCap?: number };

/**
 * One MinHash LSH table over one kind of shingles. DuplicateIndex keeps two.
 *
 * Everything lives in typed arrays indexed by slot (one per indexed review) and by node (one per
 * review and band: slot × bands + band), and a bucket is a doubly linked list of nodes, newest
 * first: indexing a review allocates nothing (an object per review and a JS array per crowded
 * bucket did), and taking one out unlinks its nodes in constant time. A full index (maxItems)
 * does both on every check.
 */
class LshTable {
  readonly options: TableOptions;
  private readonly rows: number;
  private readonly bands: number;
  private readonly numHashes: number;
  private readonly cap: number;
  /** The slot of each indexed id. */
  private readonly slotOf = new Map<string, number>();
  /**
   * Slots in the order they were indexed, a doubly linked list (-1: none): the oldest is evicted
   * first. The Map's own order would do, but finding its first key walks past every key deleted
   * before it until the Map is next rehashed, and an index at maxItems deletes its oldest on
   * every check: that walk cost about 10 µs a check at 50,000 reviews.
   */
  private older: Int32Array;
  private newer: Int32Array;
  private oldest = -1;
  private newest = -1;
  /** Per slot: its id (undefined when free). */
  private ids: (string | undefined)[] = [];
  /** Per slot: the last scan that saw it (instead of a Set of seen ids per scan). */
  private seen: Int32Array;
  /**
   * Per slot: its signature, the low 16 bits of each of its numHashes values, and its band keys
   * (bands int32s, from the full values). Two unequal values share their low 16 bits with
   * probability 2^-16, which lifts a similarity estimate by about 0.00002: nothing next to the
   * estimate's own noise (±0.06 with 64 values), for half the memory (a full index of 50,000
   * reviews: 12.8 MB less).
   */
  private sigs: Uint16Array;
  private keyPool: Int32Array;
  /** Per node: the next older and the next newer node of its bucket (-1: none). */
  private next: Int32Array;
  private prev: Int32Array;
  private capacity = 64;
  private slots = 0;
  private readonly freeSlots: number[] = [];
  /**
   * The buckets of all bands in one open-addressing table (linear probing, kept at most half
   * full): cell c holds a band's hash cells[2c] and its bucket's newest node cells[2c + 1] (-1:
   * the cell is empty), side by side, so a probe costs one cache miss. The band is not kept: each
   * band hashes its rows with a seed of its own, so two bands' keys are as unlikely to be equal as
   * two random 32-bit numbers, and if they ever were, their buckets would share a list, which
   * only adds candidates the full signatures then tell apart.
   */
  private cells = new Int32Array(2 * 1024).fill(-1);
  private cellCount = 0;
  /** The cell of each band's bucket the last scan found (-1: none), reused by the insert that follows it. */
  private readonly found: Int32Array;
  /** The last scan's matches (slots) and their similarities. */
  private readonly hitSlots: number[] = [];
  private readonly hitSims: number[] = [];
  private pass = 0;

  /** `basis`: what the table reads ('words': content words only, as a set) and what its matches say. */
  constructor(options: TableOptions, readonly basis: 'shingles' | 'words') {
    this.options = options;
    const { numHashes, bands } = options;
    if (!Number.isInteger(numHashes) || !Number.isInteger(bands) || numHashes < 0 || numHashes > MAX_HASHES || bands < 1 || numHashes % bands !== 0) {
      throw new Error(`DuplicateIndex: numHashes (${numHashes}) must be ≤ ${MAX_HASHES} and a multiple of bands (${bands})`);
    }
    this.numHashes = numHashes;
    this.bands = bands;
    this.rows = numHashes / bands;
    this.cap = options.bucketCap ?? BUCKET_CAP;
    this.found = new Int32Array(bands).fill(-1);
    const c = this.capacity;
    this.seen = new Int32Array(c);
    this.older = new Int32Array(c);
    this.newer = new Int32Array(c);
    this.sigs = new Uint16Array(c * numHashes);
    this.keyPool = new Int32Array(c * bands);
    this.next = new Int32Array(c * bands);
    this.prev = new Int32Array(c * bands);
  }

  get size(): number {
    return this.slotOf.size;
  }

  /** Signature and band keys of `text` into checkSig / checkKeys; false when too short to index. */
  private signature(text: string, tokens?: readonly Token[]): boolean {
    if (typeof text !== 'string') return false;
    const { shingleSize, minWords } = this.options;
    const n = shinglesInto(text, shingleSize, tokens, this.basis === 'words');
    // Count words cheaply from shingles: fewer than minWords words → not indexable.
    if (n + shingleSize - 1 < minWords) return false;
    const sig = checkSig;
    minhashInto(shingleBuf, n, sig, this.numHashes);
    // One key per band: the hash of its rows.
    const rows = this.rows;
    for (let b = 0; b < this.bands; b++) {
      let h = 0x811c9dc5 ^ b;
      for (let r = 0; r < rows; r++) h = Math.imul(h ^ sig[b * rows + r]!, 0x01000193);
      checkKeys[b] = h;
    }
    return true;
  }

  /**
   * Collects into hitSlots/hitSims each indexed review sharing a bucket with checkKeys (the
   * newest `cap` of each bucket, each review once, slot `exclude` skipped) whose similarity to
   * checkSig is at least minSimilarity; notes each band's bucket in `found`.
   */
  private scan(minSimilarity: number, exclude: number): void {
    if (this.pass === 0x7fffffff) { this.seen.fill(0); this.pass = 0; }
    const pass = ++this.pass;
    this.hitSlots.length = 0;
    this.hitSims.length = 0;
    const { bands, cap, cells, next, seen } = this;
    for (let b = 0; b < bands; b++) {
      const cell = this.cellOf(checkKeys[b]!);
      this.found[b] = cell;
      if (cell < 0) continue;
      let node = cells[2 * cell + 1]!;
      for (let k = 0; node >= 0 && k < cap; k++, node = next[node]!) {
        const slot = (node / bands) | 0;
        if (slot === exclude || seen[slot] === pass) continue;
        seen[slot] = pass;
        const similarity = this.similarity(slot, minSimilarity);
        if (similarity >= minSimilarity) { this.hitSlots.push(slot); this.hitSims.push(similarity); }
      }
    }
  }

  /**
   * Share of equal positions of checkSig and the signature at `slot` (an unbiased estimate of
   * the Jaccard similarity) when it is at least `min`; otherwise some value below `min` (it stops
   * as soon as the positions left cannot lift the share of equal ones to `min`).
   */
  private similarity(slot: number, min: number): number {
    const n = this.numHashes;
    if (n === 0) return 0;
    const a = checkSig, b = this.sigs, off = slot * n;
    let eq = 0;
    for (let i = 0; i < n; i++) {
      if ((a[i]! & 0xffff) === b[off + i]) eq++;
      else if ((i & 7) === 7 && (eq + n - 1 - i) / n < min) return -1;
    }
    return eq / n;
  }

  /** Reviews already indexed that look like `text`, most similar first. */
  query(text: string, minSimilarity: number, tokens?: readonly Token[]): DuplicateMatch[] {
    if (!this.signature(text, tokens)) return [];
    this.scan(minSimilarity, -1);
    const out: DuplicateMatch[] = [];
    for (let k = 0; k < this.hitSlots.length; k++) out.push({ id: this.ids[this.hitSlots[k]!]!, similarity: this.hitSims[k]!, basis: this.basis });
    return out.sort((a, b) => b.similarity - a.similarity || (a.id < b.id ? -1 : 1));
  }

  /**
   * Indexes a review (re-adding an id replaces it). Returns false when the text is too short to
   * index (an earlier text under the same id is then forgotten: it no longer stands for the id).
   */
  add(id: string, text: string, tokens?: readonly Token[]): boolean {
    if (!this.signature(text, tokens)) { this.remove(id); return false; }
    this.insert(id, false);
    return true;
  }

  /** Indexes checkSig / checkKeys under `id`; `scanned`: the last scan was of them (its `found` is current). */
  private insert(id: string, scanned: boolean): void {
    if (this.slotOf.has(id)) { this.remove(id); scanned = false; }
    const { numHashes, bands } = this;
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.newSlot();
    const sigs = this.sigs, keyPool = this.keyPool;
    for (let i = 0, off = slot * numHashes; i < numHashes; i++) sigs[off + i] = checkSig[i]! & 0xffff;
    for (let b = 0, off = slot * bands; b < bands; b++) keyPool[off + b] = checkKeys[b]!;
    this.ids[slot] = id;
    this.slotOf.set(id, slot);
    this.older[slot] = this.newest;
    this.newer[slot] = -1;
    if (this.newest >= 0) this.newer[this.newest] = slot; else this.oldest = slot;
    this.newest = slot;
    // Room for every band's new bucket first: growing moves cells, and `found` names cells.
    if (this.cellCount + bands > this.cells.length / 4) { this.growCells(); scanned = false; }
    const found = this.found, next = this.next, prev = this.prev;
    for (let b = 0; b < bands; b++) {
      const key = checkKeys[b]!;
      const node = slot * bands + b;
      // A cell found by the scan stays put (adding moves no cell); a missing bucket is probed
      // again, as an earlier band may have taken the empty cell the scan ended at.
      let cell = scanned ? found[b]! : -1;
      if (cell < 0) cell = this.cellOf(key);
      prev[node] = -1;
      if (cell < 0) { next[node] = -1; this.place(key, node); continue; }
      const head = this.cells[2 * cell + 1]!;
      next[node] = head;
      prev[head] = node;
      this.cells[2 * cell + 1] = node;
    }
    found.fill(-1);
    while (this.slotOf.size > this.options.maxItems) this.remove(this.ids[this.oldest]!);
  }

  /** Home cell of a band's hash `key`. */
  private home(key: number): number {
    let h = Math.imul(key, 0x85ebca6b);
    h ^= h >>> 15;
    return h & (this.cells.length / 2 - 1);
  }

  /** The cell holding the bucket of a band's hash `key`, or -1. */
  private cellOf(key: number): number {
    const cells = this.cells, mask = cells.length / 2 - 1;
    for (let c = this.home(key); ; c = (c + 1) & mask) {
      if (cells[2 * c + 1] === -1) return -1;
      if (cells[2 * c] === key) return c;
    }
  }

  /** Adds the bucket of a band's hash `key` (absent) with newest node `node`; the table has room. */
  private place(key: number, node: number): void {
    const cells = this.cells, mask = cells.length / 2 - 1;
    let c = this.home(key);
    while (cells[2 * c + 1] !== -1) c = (c + 1) & mask;
    cells[2 * c] = key;
    cells[2 * c + 1] = node;
    this.cellCount++;
  }

  /** Empties a cell, shifting later cells of its probe run back so every lookup still finds them. */
  private clearCell(cell: number): void {
    const cells = this.cells, mask = cells.length / 2 - 1;
    let hole = cell;
    for (let c = (cell + 1) & mask; cells[2 * c + 1] !== -1; c = (c + 1) & mask) {
      const h = this.home(cells[2 * c]!);
      // Cell c may move to the hole when its home is not cyclically within (hole, c].
      if (hole <= c ? h <= hole || h > c : h <= hole && h > c) {
        cells[2 * hole] = cells[2 * c]!;
        cells[2 * hole + 1] = cells[2 * c + 1]!;
        hole = c;
      }
    }
    cells[2 * hole + 1] = -1;
    this.cellCount--;
  }

  private growCells(): void {
    const old = this.cells;
    this.cells = new Int32Array(2 * old.length).fill(-1);
    this.cellCount = 0;
    for (let c = 0; c < old.length; c += 2) if (old[c + 1] !== -1) this.place(old[c]!, old[c + 1]!);
  }
  private newSlot(): number {
    const slot = this.slots++;
    if (slot >= this.capacity) {
      // Doubling, but never past what maxItems needs (one more: a review is indexed before the
      // oldest makes way for it), so a full index has no slack.
      const c = (this.capacity = Math.max(slot + 1, Math.min(2 * this.capacity, this.options.maxItems + 1)));
      const grown = <T extends Int32Array | Uint16Array>(a: T, per: number): T => { const g = new (a.constructor as new (n: number) => T)(c * per); g.set(a); return g; };
      this.seen = grown(this.seen, 1);
      this.older = grown(this.older, 1);
      this.newer = grown(this.newer, 1);
      this.sigs = grown(this.sigs, this.numHashes);
      this.keyPool = grown(this.keyPool, this.bands);
      this.next = grown(this.next, this.bands);
      this.prev = grown(this.prev, this.bands);
    }
    return slot;
  }

  remove(id: string): void {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return;
    this.slotOf.delete(id);
    const { bands, next, prev, keyPool } = this;
    for (let b = 0; b < bands; b++) {
      const node = slot * bands + b;
      const p = prev[node]!, n = next[node]!;
      if (p >= 0) next[p] = n;
      else {
        // The bucket's newest node: its cell now starts at the next one, or goes.
        const cell = this.cellOf(keyPool[node]!);
        if (cell >= 0) { if (n >= 0) this.cells[2 * cell + 1] = n; else this.clearCell(cell); }
      }
      if (n >= 0) prev[n] = p;
    }
    const o = this.older[slot]!, w = this.newer[slot]!;
    if (o >= 0) this.newer[o] = w; else this.oldest = w;
    if (w >= 0) this.older[w] = o; else this.newest = o;
    this.ids[slot] = undefined;
    this.freeSlots.push(slot);
  }

  /**
   * Checks a review against the earlier ones, then indexes it: the call a pipeline makes per review.
   * `tokens`: tokenize(text), when the caller already has it.
   */
  check(id: string, text: string, minSimilarity: number, tokens?: readonly Token[]): DuplicateMatch | null {
    if (!this.signature(text, tokens)) { this.remove(id); return null; }
    this.scan(minSimilarity, this.slotOf.get(id) ?? -1);
    // The first of query()'s order: most similar, then the smallest id.
    const { hitSlots, hitSims, ids } = this;
    let best = -1;
    for (let k = 0; k < hitSlots.length; k++) {
      const s = hitSims[k]!;
      if (best < 0 || s > hitSims[best]! || (s === hitSims[best]! && ids[hitSlots[k]!]! < ids[hitSlots[best]!]!)) best = k;
    }
    const match: DuplicateMatch | null = best < 0 ? null : { id: ids[hitSlots[best]!]!, similarity: hitSims[best]!, basis: this.basis };
    this.insert(id, true);
    return match;
  }
}

/**
 * A brand's reviews, for near-duplicates: a table of 3-word shingles (copies, lightly edited)
 * and, unless options.rewordSimilarity is 0, a table of content-word sets (reworded copies).
 * A match from the first is stronger evidence, so it is preferred.
 */
export class DuplicateIndex {
  readonly options: MinHashOptions;
  private readonly copies: LshTable;
  private readonly rewords: LshTable | null;

  constructor(options: Partial<MinHashOptions> = {}) {
    this.options = { ...DEFAULT_MINHASH, ...options };
    this.copies = new LshTable(this.options, 'shingles');
    const r = this.options.rewordSimilarity;
    if (typeof r !== 'number' || !(r >= 0 && r <= 1)) throw new Error(`DuplicateIndex: rewordSimilarity (${r}) must be in 0..1`);
    this.rewords = r > 0 ? new LshTable({ ...REWORD_TABLE, maxItems: this.options.maxItems }, 'words') : null;
  }

  /** Reviews indexed (those long enough for the shingle table). */
  get size(): number {
    return this.copies.size;
  }

  /**
   * Reviews already indexed that look like `text`: copies (shingle similarity ≥ minSimilarity),
   * most similar first, then reworded copies not among them (content-word similarity ≥
   * options.rewordSimilarity), most similar first.
   */
  query(text: string, minSimilarity = 0.5): DuplicateMatch[] {
    const tokens = this.tokensOf(text);
    const out = this.copies.query(text, minSimilarity, tokens);
    if (!this.rewords) return out;
    for (const m of this.rewords.query(text, this.options.rewordSimilarity, tokens)) if (!out.some((x) => x.id === m.id)) out.push(m);
    return out;
  }

  /** Indexes a review (re-adding an id replaces it). Returns false when the text is too short to index. */
  add(id: string, text: string): boolean {
    const tokens = this.tokensOf(text);
    this.rewords?.add(id, text, tokens);
    return this.copies.add(id, text, tokens);
  }

  remove(id: string): void {
    this.copies.remove(id);
    this.rewords?.remove(id);
  }

  /**
   * Checks a review against the earlier ones, then indexes it: the call a pipeline makes per review.
   * Answers as query() would before indexing: its first match. `tokens`: tokenize(text), when the
   * caller already has it.
   */
  check(id: string, text: string, minSimilarity = 0.5, tokens?: readonly Token[]): DuplicateMatch | null {
    const toks = tokens ?? this.tokensOf(text);
    const copy = this.copies.check(id, text, minSimilarity, toks);
    const reword = this.rewords ? this.rewords.check(id, text, this.options.rewordSimilarity, toks) : null;
    return copy ?? reword;
  }

  /** The text's tokens, read once for both tables (none for a non-string, which neither indexes). */
  private tokensOf(text: string): readonly Token[] | undefined {
    return this.rewords && typeof text === 'string' ? tokenize(text) : undefined;
  }
}
