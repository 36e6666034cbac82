// The trained sentiment model: multinomial logistic regression (negative / neutral / positive)
// over hashed word features (unigrams with NOT_ marks inside negation scope, bigrams, emoji,
// hashtags) plus the language-independent lexicon features of sentiment-lexicon.ts.
// Three heads ship in one file:
//  - `full`: words + lexicon features, for the languages of meta.wordLangs (English: review
//    sentences, tweets and our English training mentions; Spanish: our Spanish training
//    mentions, read with the Spanish lexicon; one hashed space, as the two share few words);
//  - `social` (format 2): the mean pre-trained word vector of the text (embeddings.ts) + lexicon
//    features + VADER-lexicon features (sentiment-vader.ts; optional in the file), trained on
//    tweets only. For English social posts its logits are added to `full`'s with a weight: the
//    vectors let it weigh words no training row had, VADER's lexicon knows social-media slang,
//    and its tweet-only training corrects the review-sentence bias of `full`. Reviews skip it.
//    Measured by 5-fold CV on TweetEval (6 fold seeds), the pair scores 0.651 macro-F1 against
//    0.605 for `full` alone (train-sentiment.ts has the steps).
//  - `lexOnly`: lexicon features only, so it transfers to languages without trained words
//    (Portuguese, French, German, Italian, Dutch, undetermined) through their own lexicons.
// The model file is produced by src/scoring/training/train-sentiment.ts.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { fold, memoSlot, type Token } from './tokens.js';
import { FNV_OFFSET, fnv1a, fnvFeed } from './fnv.js';
import { emojiBase } from './lexicon/emoji.js';
import { LEX_FEATURE_COUNT, MODIFIER, isElongated, type LexiconAnalysis } from './sentiment-lexicon.js';
import { loadEmbeddings, rowWeight, tokenRows, type WordEmbeddings } from './embeddings.js';
import { VADER_FEATURE_COUNT, vaderFeatures, vaderLexiconError } from './sentiment-vader.js';
import { lastKeyMemo } from './last-memo.js';

export const CLASSES = ['negative', 'neutral', 'positive'] as const;
export const DEFAULT_DIM = 1 << 18;

export interface Head {
  bias: number[];
  /** [class][lexFeature] */
  lex: number[][];
}
export interface HashedHead extends Head {
  dim: number;
  /** Dense weights, class-major: w[c * dim + h]. */
  w: Float32Array;
}
export interface SocialHead extends Head {
  /** [class][embedding dim] */
  emb: number[][];
  /** [class][VADER feature] (sentiment-vader.ts); zeros for a model trained without them. */
  vader: number[][];
  /** Weight of this head's logits when added to the full head's. */
  weight: number;
  /** Shape and fingerprint of the embedding table the head was trained on. */
  table: EmbeddingTableId;
  /**
   * Per table row: its mean weight, then its weighted score for each class (4 floats a row),
   * so scoring costs one map probe and 4 additions per token instead of a vector sum.
   */
  rows: Float32Array;
  index: ReadonlyMap<string, number>;
}
export interface EmbeddingTableId { words: number; dims: number; fingerprint: number }

export interface SentimentModel {
  full: HashedHead;
  lexOnly: Head;
  social?: SocialHead;
  meta: Record<string, unknown>;
}

type SocialFile = { bias: number[]; lex: number[][]; emb: number[][]; vader?: number[][]; weight: number; table: EmbeddingTableId };
/** On-disk format: sparse hashed weights (index, then 3 weights per index). Format 2 adds `social`. */
export interface SentimentModelFile {
  format: 'trustlens-sentiment/1' | 'trustlens-sentiment/2';
  dim: number;
  classes: string[];
  lexFeatures: string[];
  full: { bias: number[]; lex: number[][]; idx: number[]; w: number[] };
  lexOnly: { bias: number[]; lex: number[][] };
  social?: SocialFile;
  meta: Record<string, unknown>;
}

export const MODEL_PATH = fileURLToPath(new URL('./model/sentiment.json', import.meta.url));

/** FNV-1a over the table's vectors and scales: ties a trained head to the table it was trained on. */
export function tableId(t: WordEmbeddings): EmbeddingTableId {
  let h = 0x811c9dc5;
  for (let i = 0; i < t.vectors.length; i++) { h ^= t.vectors[i]! & 0xff; h = Math.imul(h, 0x01000193); }
  for (const x of t.scales) { h ^= Math.round(x * 1e6); h = Math.imul(h, 0x01000193); }
  return { words: t.words.length, dims: t.dims, fingerprint: h >>> 0 };
}

/** Builds the scoring form of a social head from its weights and the embedding table. */
export function socialHead(h: Omit<SocialHead, 'rows' | 'index' | 'table'>, t: WordEmbeddings, expected?: EmbeddingTableId): SocialHead {
  const table = tableId(t);
  if (expected && (expected.words !== table.words || expected.dims !== table.dims || expected.fingerprint !== table.fingerprint)) {
    throw new Error(`sentiment model: its social head was trained on another embedding table (${expected.words}×${expected.dims} #${expected.fingerprint}, shipped ${table.words}×${table.dims} #${table.fingerprint}); run npm run train:sentiment`);
  }
  const { dims } = t;
  const n = t.words.length;
  const rows = new Float32Array(4 * n);
  for (let r = 0; r < n; r++) {
    const w = rowWeight(r);
    rows[4 * r] = w;
    for (let c = 0; c < 3; c++) {
      const wc = h.emb[c]!;
      let s = 0;
      for (let j = 0; j < dims; j++) s += wc[j]! * t.vectors[r * dims + j]! * t.scales[j]!;
      rows[4 * r + 1 + c] = w * s;
    }
  }
  return { ...h, table, rows, index: t.index };
}

export function modelFromFile(file: SentimentModelFile, embeddings: () => WordEmbeddings = loadEmbeddings, vaderError: () => string | undefined = vaderLexiconError): SentimentModel {
  if ((file.format !== 'trustlens-sentiment/1' && file.format !== 'trustlens-sentiment/2') || file.lexFeatures.length !== LEX_FEATURE_COUNT) {
    throw new Error(`sentiment model: unsupported format ${file.format} with ${file.lexFeatures?.length} lexicon features`);
  }
  const dim = file.dim;
  const w = new Float32Array(3 * dim);
  for (let k = 0; k < file.full.idx.length; k++) {
    const h = file.full.idx[k]!;
    for (let c = 0; c < 3; c++) w[c * dim + h] = file.full.w[k * 3 + c]!;
  }
  // A social head whose word table or VADER lexicon is missing or broken, or whose table is not
  // the one it was trained on, is dropped, not fatal: the full head still reads English far better
  // than lexicon rules alone would.
  let social: SocialHead | undefined;
  let meta = file.meta;
  if (file.format === 'trustlens-sentiment/2' && file.social) {
    try {
      const vader = file.social.vader ?? CLASSES.map(() => new Array<number>(VADER_FEATURE_COUNT).fill(0));
      if (vader.length !== 3 || vader.some((row) => row.length !== VADER_FEATURE_COUNT)) throw new Error(`sentiment model: the social head's VADER weights are not 3 × ${VADER_FEATURE_COUNT}`);
      const vaderMissing = file.social.vader ? vaderError() : undefined;
      if (vaderMissing) throw new Error(vaderMissing);
      social = socialHead({ ...file.social, vader }, embeddings(), file.social.table);
    } catch (err) {
      meta = { ...meta, socialHeadError: (err as Error)?.message ?? String(err) };
    }
  }
  return { full: { bias: file.full.bias, lex: file.full.lex, dim, w }, lexOnly: file.lexOnly, ...(social ? { social } : {}), meta };
}

export function modelToFile(m: SentimentModel, lexFeatures: readonly string[], digits = 4): SentimentModelFile {
  const idx: number[] = [];
  const w: number[] = [];
  const { dim } = m.full;
  const r = (x: number) => Math.round(x * 10 ** digits) / 10 ** digits;
  for (let h = 0; h < dim; h++) {
    const a = r(m.full.w[h]!), b = r(m.full.w[dim + h]!), c = r(m.full.w[2 * dim + h]!);
    if (a === 0 && b === 0 && c === 0) continue;
    idx.push(h);
    w.push(a, b, c);
  }
  const rh = (hd: Head) => ({ bias: hd.bias.map(r), lex: hd.lex.map((row) => row.map(r)) });
  const base = { dim, classes: [...CLASSES], lexFeatures: [...lexFeatures], full: { ...rh(m.full), idx, w }, lexOnly: rh(m.lexOnly), meta: m.meta };
  if (!m.social) return { format: 'trustlens-sentiment/1', ...base };
  // The social head's weights are few (3 × dims) and multiply dense inputs: keep more digits.
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  const { social } = m;
  return { format: 'trustlens-sentiment/2', ...base, social: { bias: social.bias.map(r6), lex: social.lex.map((row) => row.map(r6)), emb: social.emb.map((row) => row.map(r6)), vader: social.vader.map((row) => row.map(r6)), weight: social.weight, table: social.table } };
}

let cached: SentimentModel | undefined;
let injected: SentimentModel | undefined | null;
let loadMs = 0;

/** Loads the shipped model once (lazily) and caches it. Throws only if the shipped file is broken. */
export function loadSentimentModel(): SentimentModel {
  if (injected) return injected;
  if (!cached) {
    const t0 = performance.now();
    cached = modelFromFile(JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as SentimentModelFile);
    loadMs = performance.now() - t0;
  }
  return cached;
}

/** Time the last load of the shipped model took, in ms (0 before the first load). */
export function modelLoadMs(): number {
  return loadMs;
}

/** Uses `model` instead of the shipped one (tests, or a model trained on a user's data); null restores. */
export function setSentimentModel(model: SentimentModel | null): void {
  injected = model;
}

/** Length of character n-grams in word features (0 = none). Fixed per model format. */
// Measured on TweetEval by 5-fold CV: 3-, 4- and 5-grams all lowered macro-F1 (0.58–0.59 vs 0.61).
export const CHAR_GRAMS = 0;

const H_U = fnvFeed(FNV_OFFSET, 'u'), H_B = fnvFeed(FNV_OFFSET, 'b');
const H_ELONG = fnv1a('<elong>'), H_EXCL = fnv1a('<!>'), H_QUEST = fnv1a('<?>');

/**
 * A word's feature hashes, fixed per spelling and kept on its word record: its key (folded, and
 * squeezed when elongated), the unigram hash with and without the NOT_ mark, and the FNV state a
 * following word's bigram continues from ("b" [+ "NOT_"] + key + " ").
 */
interface KeyHashes { key: string; elongated: boolean; u: number; uNot: number; next: number; nextNot: number; tag: number }
const KEY_SLOT = memoSlot();
const H_U_NOT = fnvFeed(H_U, 'NOT_'), H_B_NOT = fnvFeed(H_B, 'NOT_');
function keyHashes(key: string, elongated: boolean, tag: number): KeyHashes {
  return { key, elongated, u: fnvFeed(H_U, key), uNot: fnvFeed(H_U_NOT, key), next: fnvFeed(fnvFeed(H_B, key), ' '), nextNot: fnvFeed(fnvFeed(H_B_NOT, key), ' '), tag };
}
function wordHashes(t: Token): KeyHashes {
  const rec = t.rec;
  let k = rec ? (rec.memo[KEY_SLOT] as KeyHashes | undefined) : undefined;
  if (k === undefined) {
    if (t.kind === 'hashtag') {
      const key = fold(t.norm.slice(1));
      k = keyHashes(key, false, fnv1a('#' + key));
    } else {
      let key = fold(t.norm);
      const elongated = isElongated(t.text);
      // "sooo bad": also the plain word ("so"), plus an emphasis mark the model can weigh.
      if (elongated) key = key.replace(/(\p{L})\1+/gu, '$1');
      k = keyHashes(key, elongated, 0);
    }
    if (rec) rec.memo[KEY_SLOT] = k;
  }
  return k;
}
const NUM_KEY = keyHashes('<num>', false, 0), URL_KEY = keyHashes('<url>', false, 0), USER_KEY = keyHashes('<user>', false, 0);
const START = keyHashes('<s>', false, 0);

// The hot part of a word's hashes kept in its record's memo itself, as small integers: its
// unigram hashes (plain, NOT_) and the FNV states a following bigram continues from (plain, NOT_),
// low 30 bits each. A feature index is a hash masked to dim − 1, and the low bits of FNV-1a (xor,
// then multiply mod 2^32) depend only on the low bits of its state, so for dim ≤ 2^30 the indices
// are exactly the same, and a word costs no pointer chase to its KeyHashes (a cache miss per word
// in a long stream of posts). An elongated word (its key is squeezed) is marked -1 and read from
// its KeyHashes; a plain word's key is its record's folded form.
const LOW30 = 0x3fffffff;
const HU_SLOT = memoSlot(), HU_NOT_SLOT = memoSlot(), HNEXT_SLOT = memoSlot(), HNEXT_NOT_SLOT = memoSlot();

/** Hashed features of the last text, in a reused buffer (grows as needed). */
let feat = new Int32Array(512);
let featN = 0;
function emit(x: number): void {
  if (featN === feat.length) {
    const g = new Int32Array(feat.length * 2);
    g.set(feat);
    feat = g;
  }
  feat[featN++] = x;
}

/**
 * Hashed feature indices for a tokenized text, as a fresh array (training and evaluation keep
 * them). Words are accent-folded; words inside a negation scope get a NOT_ prefix, so "not good"
 * and "good" are different features.
 */
export function hashedFeatures(tokens: readonly Token[], negated: Uint8Array, dim: number, charGrams = CHAR_GRAMS): number[] {
  const n = hashInto(tokens, negated, dim, charGrams);
  const out: number[] = new Array(n);
  for (let k = 0; k < n; k++) out[k] = feat[k]!;
  return out;
}

/** hashedFeatures into the shared buffer `feat`; returns how many. Prediction reads them there. */
function hashInto(tokens: readonly Token[], negated: Uint8Array, dim: number, charGrams: number): number {
  // Same features (and hashes) as the string-building form "u"+key and "b"+prev+" "+key: the
  // hashes are continued over the parts, and a word's own parts are hashed once per spelling.
  featN = 0;
  const mask = dim - 1;
  const small = mask <= LOW30 && charGrams === 0;
  let prevNext = START.next, prevNextNot = START.nextNot;
  let prevNot = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    let k: KeyHashes;
    let not = false;
    switch (t.kind) {
      case 'word': {
        // An intensifier that modified a sentiment word: the lexicon features carry its strength.
        if (negated[i] === MODIFIER) continue;
        not = negated[i] === 1;
        const rec = t.rec;
        if (small && rec !== undefined) {
          const memo = rec.memo;
          let u = memo[HU_SLOT] as number | undefined;
          if (u === undefined) {
            const kh = wordHashes(t);
            if (kh.elongated) memo[HU_SLOT] = u = -1;
            else {
              memo[HU_SLOT] = u = kh.u & LOW30; memo[HU_NOT_SLOT] = kh.uNot & LOW30;
              memo[HNEXT_SLOT] = kh.next & LOW30; memo[HNEXT_NOT_SLOT] = kh.nextNot & LOW30;
            }
          }
          if (u >= 0) {
            emit((not ? (memo[HU_NOT_SLOT] as number) : u) & mask);
            let b = prevNot ? prevNextNot : prevNext;
            if (not) b = fnvFeed(b, 'NOT_');
            emit((fnvFeed(b, rec.folded) >>> 0) & mask);
            prevNext = memo[HNEXT_SLOT] as number; prevNextNot = memo[HNEXT_NOT_SLOT] as number;
            prevNot = not;
            continue;
          }
        }
        k = wordHashes(t);
        if (k.elongated) emit(H_ELONG & mask);
        if (charGrams > 0) {
          // Character n-grams of the word with boundary marks: spelling variants and morphology.
          const w = `^${fold(t.norm)}$`;
          for (let a = 0; a + charGrams <= w.length; a++) emit(fnv1a('c' + w.slice(a, a + charGrams)) & mask);
        }
        break;
      }
      case 'number': k = NUM_KEY; break;
      case 'url': k = URL_KEY; break;
      case 'mention': k = USER_KEY; break;
      case 'hashtag': k = wordHashes(t); emit(k.tag & mask); break;
      case 'emoji': k = keyHashes('E' + emojiBase(t.text), false, 0); break;
      case 'emoticon': k = keyHashes('E' + t.norm, false, 0); break;
      case 'punct': {
        if (t.text.includes('!')) emit(H_EXCL & mask);
        if (t.text.includes('?')) emit(H_QUEST & mask);
        prevNext = START.next; prevNextNot = START.nextNot;
        prevNot = false;
        continue;
      }
      default: continue;
    }
    emit(((not ? k.uNot : k.u) >>> 0) & mask);
    let b = prevNot ? prevNextNot : prevNext;
    if (not) b = fnvFeed(b, 'NOT_');
    emit((fnvFeed(b, k.key) >>> 0) & mask);
    prevNext = k.next; prevNextNot = k.nextNot;
    prevNot = not;
  }
  return featN;
}

export function softmax3(z: number[] | Float64Array): [number, number, number] {
  const m = Math.max(z[0]!, z[1]!, z[2]!);
  const a = Math.exp(z[0]! - m), b = Math.exp(z[1]! - m), c = Math.exp(z[2]! - m);
  const s = a + b + c;
  return [a / s, b / s, c / s];
}

/** Class probabilities [neg, neu, pos] from the full head alone. */
export function predictFull(m: SentimentModel, idx: readonly number[], lex: LexiconAnalysis['features']): [number, number, number] {
  return softmax3(fullLogits(m, Int32Array.from(idx), idx.length, lex));
}

/**
 * A head's hashed weights packed for prediction: only the features with a nonzero weight (one in
 * five slots), feature-major (a feature's three class weights side by side, one cache line), found
 * through a bitset of those features and a running count of its set bits, and stored as 16-bit
 * multiples of `scale`. The dense table (3 MB) is far bigger than the CPU's caches, so each read
 * missed; the bitset with its counts (64 KB, interleaved) and packed weights (0.3 MB for the shipped model) mostly
 * stay cached, and in the full pipeline, where every scorer's tables compete for the cache, the
 * half-size weights cost fewer misses than 32-bit floats did. The shipped file rounds weights to
 * 4 decimals, all under 3.3 in size, so scale is 1e-4 and they are stored exactly; other weights
 * are rounded to the same grid (steps of 1e-4, or max|w| / 32767 when a weight exceeds 3.27), half
 * a step at most. Zero-weight features are skipped: adding them adds nothing.
 */
interface Packed { index: Int32Array; w: Int16Array; scale: number }
const packed = lastKeyMemo((full: HashedHead): Packed => {
  const { dim, w } = full;
  const words = (dim + 31) >>> 5;
  const index = new Int32Array(2 * words);
  let count = 0;
  for (let h = 0; h < dim; h++) if (w[h] !== 0 || w[dim + h] !== 0 || w[2 * dim + h] !== 0) { index[2 * (h >>> 5)]! |= 1 << (h & 31); count++; }
  let max = 0;
  for (let h = 0; h < 3 * dim; h++) max = Math.max(max, Math.abs(w[h]!));
  const scale = Math.max(1e-4, max / 32767);
  const pw = new Int16Array(3 * count);
  let k = 0;
  for (let x = 0; x < words; x++) {
    index[2 * x + 1] = k;
    for (let b = 0; b < 32; b++) {
      if ((index[2 * x]! & (1 << b)) === 0) continue;
      const h = 32 * x + b;
      pw[3 * k] = Math.round(w[h]! / scale); pw[3 * k + 1] = Math.round(w[dim + h]! / scale); pw[3 * k + 2] = Math.round(w[2 * dim + h]! / scale);
      k++;
    }
  }
  return { index, w: pw, scale };
});

/** Set bits in a 32-bit word. */
function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

// idx is always an Int32Array, so the hot loop's reads stay monomorphic.
function fullLogits(m: SentimentModel, idx: Int32Array, n: number, lex: LexiconAnalysis['features']): [number, number, number] {
  const { full } = m;
  const { index, w, scale } = packed(full);
  let z0 = full.bias[0]!, z1 = full.bias[1]!, z2 = full.bias[2]!;
  const r0 = full.lex[0]!, r1 = full.lex[1]!, r2 = full.lex[2]!;
  for (let k = 0; k < lex.length; k++) { const x = lex[k]!; z0 += r0[k]! * x; z1 += r1[k]! * x; z2 += r2[k]! * x; }
  // Integer sums of the 16-bit weights (exact), scaled once.
  let q0 = 0, q1 = 0, q2 = 0;
  for (let j = 0; j < n; j++) {
    const h = idx[j]!;
    const x = 2 * (h >>> 5);
    const word = index[x]!, bit = 1 << (h & 31);
    if ((word & bit) === 0) continue;
    const o = 3 * (index[x + 1]! + popcount(word & (bit - 1)));
    q0 += w[o]!; q1 += w[o + 1]!; q2 += w[o + 2]!;
  }
  return [z0 + q0 * scale, z1 + q1 * scale, z2 + q2 * scale];
}

/**
 * Class probabilities [neg, neu, pos] for English tokens, as predictFull (social = false) or
 * predictEnglish (social = true) of hashedFeatures(tokens, negated, dim) give, with the features
 * hashed into a reused buffer instead of a fresh array.
 */
export function predictTokens(m: SentimentModel, tokens: readonly Token[], negated: Uint8Array, lex: LexiconAnalysis['features'], social: boolean): [number, number, number] {
  const n = hashInto(tokens, negated, m.full.dim, CHAR_GRAMS);
  const z = fullLogits(m, feat, n, lex);
  if (social && m.social) addSocial(z, m.social, tokens, negated, lex);
  return softmax3(z);
}

const scratch: number[] = [];
/** Claimed at load, next to the hash slots, for the first table used (the shipped one). */
let firstRowSlot: number | undefined = memoSlot();
/**
 * Per word table (one ships; tests may load others): its memo slot in word records, and the word
 * norms with no row (bounded), so a frequent miss ("i") costs one probe too.
 */
const tableState = lastKeyMemo((_index: ReadonlyMap<string, number>): { slot: number; misses: Set<string> } => {
  const slot = firstRowSlot ?? memoSlot();
  firstRowSlot = undefined;
  return { slot, misses: new Set() };
});

const vaderScratch = new Float64Array(VADER_FEATURE_COUNT);

/**
 * Logits of the social head: mean word vector of `tokens` (via per-row scores) + lexicon features
 * + VADER-lexicon features (`negated`: the lexicon analysis's negation marks per token).
 */
export function socialLogits(h: SocialHead, tokens: readonly Token[], negated: Uint8Array, lex: LexiconAnalysis['features']): [number, number, number] {
  let wsum = 0, s0 = 0, s1 = 0, s2 = 0;
  const { rows: R, index } = h;
  const { slot, misses } = tableState(index);
  for (const t of tokens) {
    if (t.kind !== 'word' && t.kind !== 'hashtag') continue;
    // A word's rows are kept on its record: its own row (a number, -1 for none) or, when it has
    // none, the rows of its fall-backs ("don't" → do + not; hashtags by their words). Known
    // words then cost no probe at all.
    let r = t.rec ? (t.rec.memo[slot] as number | number[] | undefined) : undefined;
    if (r === undefined) {
      r = tokenRowsOf(t, index, misses);
      if (t.rec) t.rec.memo[slot] = r;
    }
    if (typeof r === 'number') {
      if (r < 0) continue;
      const o = 4 * r;
      wsum += R[o]!; s0 += R[o + 1]!; s1 += R[o + 2]!; s2 += R[o + 3]!;
      continue;
    }
    for (let k = 0; k < r.length; k++) {
      const o = 4 * r[k]!;
      wsum += R[o]!; s0 += R[o + 1]!; s1 += R[o + 2]!; s2 += R[o + 3]!;
    }
  }
  const z: [number, number, number] = wsum > 0 ? [s0 / wsum, s1 / wsum, s2 / wsum] : [0, 0, 0];
  const vf = vaderScratch;
  vaderFeatures(tokens, negated, vf);
  for (let c = 0; c < 3; c++) {
    const row = h.lex[c]!, vw = h.vader[c]!;
    let s = h.bias[c]!;
    for (let k = 0; k < lex.length; k++) s += row[k]! * lex[k]!;
    for (let k = 0; k < VADER_FEATURE_COUNT; k++) s += vw[k]! * vf[k]!;
    z[c] += s;
  }
  return z;
}

/**
 * A token's rows in the word table: a word's own row (one probe), or -1 for none, or the rows
 * of its fall-backs. Words known to have none skip the fall-backs (bounded set).
 */
function tokenRowsOf(t: Token, index: ReadonlyMap<string, number>, misses: Set<string>): number | number[] {
  if (t.kind === 'word') {
    const r = index.get(t.norm);
    if (r !== undefined) return r;
    if (misses.has(t.norm)) return -1;
  }
  scratch.length = 0;
  tokenRows(t, index, scratch);
  if (scratch.length === 0) {
    if (t.kind === 'word') {
      if (misses.size >= 20_000) misses.clear();
      misses.add(t.norm);
    }
    return -1;
  }
  return scratch.slice();
}

/**
 * Class probabilities [neg, neu, pos] for English: the full head's logits plus, when the model
 * has one, the social head's (weighted).
 */
export function predictEnglish(m: SentimentModel, idx: readonly number[], tokens: readonly Token[], negated: Uint8Array, lex: LexiconAnalysis['features']): [number, number, number] {
  const z = fullLogits(m, Int32Array.from(idx), idx.length, lex);
  if (m.social) addSocial(z, m.social, tokens, negated, lex);
  return softmax3(z);
}

function addSocial(z: [number, number, number], social: SocialHead, tokens: readonly Token[], negated: Uint8Array, lex: LexiconAnalysis['features']): void {
  const s = socialLogits(social, tokens, negated, lex);
  for (let c = 0; c < 3; c++) z[c] += social.weight * s[c]!;
}

/** Class probabilities [neg, neu, pos] from lexicon features only. */
export function predictLexOnly(m: SentimentModel, lex: LexiconAnalysis['features']): [number, number, number] {
  const { lexOnly } = m;
  const z = [0, 0, 0];
  for (let c = 0; c < 3; c++) {
    const row = lexOnly.lex[c]!;
    let s = lexOnly.bias[c]!;
    for (let k = 0; k < lex.length; k++) s += row[k]! * lex[k]!;
    z[c] = s;
  }
  return softmax3(z);
}
