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
 * Newest ids kept per LSH bucket. Templated reviews ("order 123 arrived on day 4 ...") land in
 * the same buckets by the thousand; capping keeps each check O(bands × cap) instead of O(n),
 * and a wave of copies is still caught because its newest members stay in the bucket. The
 * content-word table keeps fewer (REWORD_TABLE.bucketCap): reviews drawn from a small
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

type TableOptions = Pick<MinHashOptions, 'numHashes' | 'bands' | 'shingleSize' | 'minWords' | 'maxItems'> & { bucketCap?: number };

/** One MinHash LSH table over one kind of shingles. DuplicateIndex keeps two. */
class LshTable {
  readonly options: TableOptions;
  private readonly rows: number;
  private readonly cap: number;
  private readonly entries = new Map<string, Entry>();
  /**
   * The buckets of all bands in one open-addressing table (linear probing, kept at most half
   * full): cell c holds band tab[2c]'s hash tab[2c + 1] (band -1: empty) and its bucket
   * tabVal[c]. A probe is a few typed-array reads, where a Map per band cost a hashed lookup in a
   * large table per band (and boxed the int32 keys that are not small integers); a cell's band and
   * hash side by side cost one cache miss per probe, not two.
   */
  private tab = new Int32Array(2 * 1024).fill(-1);
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

  /** `basis`: what the table reads ('words': content words only, as a set) and what its matches say. */
  constructor(options: TableOptions, readonly basis: 'shingles' | 'words') {
    this.options = options;
    const { numHashes, bands } = options;
    if (!Number.isInteger(numHashes) || !Number.isInteger(bands) || numHashes < 0 || numHashes > MAX_HASHES || bands < 1 || numHashes % bands !== 0) {
      throw new Error(`DuplicateIndex: numHashes (${numHashes}) must be ≤ ${MAX_HASHES} and a multiple of bands (${bands})`);
    }
    this.rows = numHashes / bands;
    this.cap = options.bucketCap ?? BUCKET_CAP;
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
    const n = shinglesInto(text, shingleSize, tokens, this.basis === 'words');
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
   * `cap` per bucket, each entry once, `exclude` skipped) whose similarity to checkSig is
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
      for (let k = got.length - 1; k >= 0 && k >= got.length - this.cap; k--) this.visit(got[k]!, pass, minSimilarity, exclude);
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
  query(text: string, minSimilarity: number, tokens?: readonly Token[]): DuplicateMatch[] {
    if (!this.signature(text, tokens)) return [];
    this.scan(minSimilarity, undefined);
    const out: DuplicateMatch[] = [];
    for (let k = 0; k < this.hits.length; k++) out.push({ id: this.hits[k]!.id, similarity: this.hitSims[k]!, basis: this.basis });
    this.hits.length = 0;
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
    if (this.entries.has(id)) { this.remove(id); scanned = false; }
    const { numHashes, bands } = this.options;
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.newSlot();
    const sigs = this.sigs, keyPool = this.keyPool;
    for (let i = 0, off = slot * numHashes; i < numHashes; i++) sigs[off + i] = checkSig[i]!;
    for (let b = 0, off = slot * bands; b < bands; b++) keyPool[off + b] = checkKeys[b]!;
    const entry: Entry = { id, slot, seen: 0 };
    this.entries.set(id, entry);
    // Room for every band's new bucket first: growing moves cells, and `found` names cells.
    if (2 * (this.tabCount + bands) > this.tabVal.length) { this.growTable(); scanned = false; }
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
        if (got.length > this.cap * 2) got.splice(0, got.length - this.cap);
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
    return h & (this.tabVal.length - 1);
  }

  /** The cell holding band `band`'s bucket `key`, or -1. */
  private cellOf(band: number, key: number): number {
    const tab = this.tab, mask = this.tabVal.length - 1;
    for (let c = this.home(band, key); ; c = (c + 1) & mask) {
      const b = tab[2 * c]!;
      if (b === band && tab[2 * c + 1] === key) return c;
      if (b === -1) return -1;
    }
  }

  /** Adds band `band`'s bucket `key` (absent) holding `entry` (or entries); the table has room. */
  private place(band: number, key: number, entry: Bucket): void {
    const tab = this.tab, mask = this.tabVal.length - 1;
    let c = this.home(band, key);
    while (tab[2 * c] !== -1) c = (c + 1) & mask;
    tab[2 * c] = band;
    tab[2 * c + 1] = key;
    this.tabVal[c] = entry;
    this.tabCount++;
  }

  /** Empties a cell, shifting later cells of its probe run back so every lookup still finds them. */
  private clearCell(cell: number): void {
    const tab = this.tab, val = this.tabVal, mask = val.length - 1;
    let hole = cell;
    for (let c = (cell + 1) & mask; tab[2 * c] !== -1; c = (c + 1) & mask) {
      const h = this.home(tab[2 * c]!, tab[2 * c + 1]!);
      // Cell c may move to the hole when its home is not cyclically within (hole, c].
      if (hole <= c ? h <= hole || h > c : h <= hole && h > c) {
        tab[2 * hole] = tab[2 * c]!;
        tab[2 * hole + 1] = tab[2 * c + 1]!;
        val[hole] = val[c];
        hole = c;
      }
    }
    tab[2 * hole] = -1;
    val[hole] = undefined;
    this.tabCount--;
  }

  private growTable(): void {
    const tab = this.tab, val = this.tabVal;
    const size = val.length * 2;
    this.tab = new Int32Array(2 * size).fill(-1);
    this.tabVal = new Array<Bucket | undefined>(size).fill(undefined);
    this.tabCount = 0;
    for (let c = 0; c < val.length; c++) {
      const b = tab[2 * c]!;
      if (b !== -1) this.place(b, tab[2 * c + 1]!, val[c]!);
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
  check(id: string, text: string, minSimilarity: number, tokens?: readonly Token[]): DuplicateMatch | null {
    if (!this.signature(text, tokens)) { this.remove(id); return null; }
    this.scan(minSimilarity, id);
    // The first of query()'s order: most similar, then the smallest id.
    let best = -1;
    for (let k = 0; k < this.hits.length; k++) {
      const s = this.hitSims[k]!;
      if (best < 0 || s > this.hitSims[best]! || (s === this.hitSims[best]! && this.hits[k]!.id < this.hits[best]!.id)) best = k;
    }
    const match: DuplicateMatch | null = best < 0 ? null : { id: this.hits[best]!.id, similarity: this.hitSims[best]!, basis: this.basis };
    this.hits.length = 0;
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
