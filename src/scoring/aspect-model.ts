// The learned half of aspect detection. The triggers of aspects.ts are precise, but they find
// only the phrasings someone wrote down, and people describe an aspect in endless ways ("the zip
// gave up on day three" is quality, "se me despegó la suela" too). This model reads the words of
// a mention: per aspect, a logistic regression over its words (each word's accent-folded form,
// and its first five letters for longer words, a stemmer that needs no language) and numbers
// (as <num> or <money>). It is trained on labelled mentions by
// src/scoring/training/train-aspects.ts and ships as model/aspects.json.
//
// aspects.ts asks it only for aspects its triggers did not find, and an aspect counts when its
// log-odds pass the aspect's threshold (chosen in training). The word that weighs most for the
// aspect is where the aspect is said: aspects.ts reads the polarity of that word's clause and
// quotes it, as it does for a trigger.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { memoSlot, type Token, type WordRecord } from './tokens.js';
import { lastKeyMemo } from './last-memo.js';
import { STOPWORDS } from './claims-text.js';

export const ASPECT_MODEL_FORMAT = 'trustlens-aspects/1';
export const ASPECT_MODEL_PATH = fileURLToPath(new URL('./model/aspects.json', import.meta.url));

/** Letters a longer word's prefix feature keeps. */
const PREFIX = 5;

export interface AspectModelFile {
  format: typeof ASPECT_MODEL_FORMAT;
  /** Output order of every weight row. */
  aspects: string[];
  bias: number[];
  /** Per aspect: the log-odds at or above which it counts. */
  thresholds: number[];
  /** Feature key → one weight per aspect. */
  weights: Record<string, number[]>;
  meta?: Record<string, unknown>;
}

export interface AspectModel {
  aspects: readonly string[];
  bias: Float64Array;
  thresholds: Float64Array;
  weights: ReadonlyMap<string, Float32Array>;
  /** Set per model, so a word's summed row is worked out again when the model changes (or its pool starts again). */
  generation: number;
}

let generations = 0;

export function aspectModelFromFile(file: AspectModelFile): AspectModel {
  if (!file || file.format !== ASPECT_MODEL_FORMAT || !Array.isArray(file.aspects)) throw new Error(`not an aspect model (expected format ${ASPECT_MODEL_FORMAT})`);
  const k = file.aspects.length;
  const row = (xs: unknown, what: string): Float64Array => {
    if (!Array.isArray(xs) || xs.length !== k || !xs.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new Error(`aspect model: ${what} must be ${k} finite numbers`);
    return Float64Array.from(xs as number[]);
  };
  const weights = new Map<string, Float32Array>();
  for (const [key, w] of Object.entries(file.weights ?? {})) weights.set(key, Float32Array.from(row(w, `weights of "${key}"`)));
  return newAspectModel([...file.aspects], row(file.bias, 'bias'), row(file.thresholds, 'thresholds'), weights);
}

export function newAspectModel(aspects: string[], bias: Float64Array, thresholds: Float64Array, weights: ReadonlyMap<string, Float32Array>): AspectModel {
  return { aspects, bias, thresholds, weights, generation: ++generations };
}

/** Rounded and without near-zero weights: the file the model ships as. */
export function aspectModelToFile(m: AspectModel, meta: Record<string, unknown> = {}, prune = 0.02): AspectModelFile {
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  const weights: Record<string, number[]> = {};
  for (const key of [...m.weights.keys()].sort()) {
    const w = m.weights.get(key)!;
    if (w.some((x) => Math.abs(x) >= prune)) weights[key] = Array.from(w, r4);
  }
  return { format: ASPECT_MODEL_FORMAT, aspects: [...m.aspects], bias: Array.from(m.bias, r4), thresholds: Array.from(m.thresholds, r4), weights, meta };
}

let cached: AspectModel | undefined;
let injected: AspectModel | null | undefined;

/** The model aspects.ts uses: the shipped one (read once, lazily), or the one set by setAspectModel. */
export function aspectModel(): AspectModel | null {
  if (injected !== undefined) return injected;
  cached ??= aspectModelFromFile(JSON.parse(readFileSync(ASPECT_MODEL_PATH, 'utf8')) as AspectModelFile);
  return cached;
}

/** Uses `model` instead of the shipped one; null turns the learned half off (triggers only); undefined restores the shipped one. */
export function setAspectModel(model: AspectModel | null | undefined): void {
  injected = model;
}

/** The feature keys of one token (none for tokens the model does not read). */
export function tokenKeys(t: Token): string[] {
  if (t.kind === 'number') return [/[$€£]/.test(t.norm) ? '<money>' : '<num>'];
  if (t.kind !== 'word' && t.kind !== 'hashtag') return [];
  let f = t.rec ? t.rec.folded : t.norm.normalize('NFD').replace(/\p{M}+/gu, '');
  if (t.kind === 'hashtag') f = f.slice(1);
  if (f.includes('’')) f = f.replace(/’/g, "'");
  return f.length > PREFIX ? [`w:${f}`, `p:${f.slice(0, PREFIX)}`] : [`w:${f}`];
}

/**
 * Tokens the model reads: words, hashtags and numbers. Each counts as often as it occurs (a
 * word said twice weighs twice), so a mention is read in one pass with no set of words seen.
 */
export function readsToken(t: Token): boolean {
  const kind = t.kind;
  return kind === 'word' || kind === 'hashtag' || kind === 'number';
}

/** A model's rows, as words ask for them: k floats each, in one typed array (a row is one read). */
interface Pool { rows: Float32Array; used: number; num: number; money: number }
const pools = lastKeyMemo((m: AspectModel): Pool => ({ rows: new Float32Array(256 * m.aspects.length), used: 0, num: -2, money: -2 }));
/** Rows a pool holds before it starts again (every word's row is then worked out anew). */
const MAX_ROWS = 200_000;

/** The offset of the summed weight row of `keys` in model m's pool (-1: no weight). */
function newRow(m: AspectModel, pool: Pool, keys: readonly string[]): number {
  const k = m.aspects.length;
  let off = -1;
  for (const key of keys) {
    const w = m.weights.get(key);
    if (!w) continue;
    if (off < 0) {
      if (pool.used + k > pool.rows.length) {
        if (pool.used >= MAX_ROWS * k) { pool.used = 0; pool.num = pool.money = -2; m.generation = ++generations; }
        else { const grown = new Float32Array(2 * pool.rows.length); grown.set(pool.rows); pool.rows = grown; }
      }
      off = pool.used;
      pool.used += k;
      pool.rows.fill(0, off, off + k);
    }
    for (let a = 0; a < k; a++) pool.rows[off + a]! += w[a]!;
  }
  return off;
}

/** The offset of token t's row in model m's pool (-1: no weight), kept on its word record. */
function rowOf(m: AspectModel, pool: Pool, t: Token): number {
  const rec: WordRecord | undefined = t.rec;
  if (rec) {
    if (rec.aspectGen === m.generation) return rec.aspectRow;
    const off = newRow(m, pool, tokenKeys(t));
    // newRow may have started the pool again (a new generation): the row is of the new one.
    rec.aspectGen = m.generation;
    return (rec.aspectRow = off);
  }
  // Numbers (no record): one row each for <num> and <money>.
  const money = tokenKeys(t)[0] === '<money>';
  const have = money ? pool.money : pool.num;
  if (have !== -2) return have;
  const off = newRow(m, pool, [money ? '<money>' : '<num>']);
  if (money) pool.money = off; else pool.num = off;
  return off;
}

/** An aspect the model finds: its index in model.aspects, the token that weighs most for it, its log-odds. */
export interface LearnedAspect { aspect: number; at: number; logit: number }

let z = new Float64Array(16);

/**
 * Aspects whose log-odds pass their thresholds, except those `skip(aspect, ctx)` names (found
 * already), each with the token that weighs most for it (none when no word weighs for it: the
 * model then does not say where the aspect is, and it is left out).
 */
export function learnedAspects<C>(m: AspectModel, tokens: readonly Token[], skip: (aspect: string, ctx: C) => boolean, ctx: C): LearnedAspect[] {
  const k = m.aspects.length;
  if (z.length < k) z = new Float64Array(k);
  const sum = z;
  sum.set(m.bias);
  const pool = pools(m);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!readsToken(t)) continue;
    const off = rowOf(m, pool, t);
    if (off < 0) continue;
    const rows = pool.rows;
    for (let a = 0; a < k; a++) sum[a]! += rows[off + a]!;
  }
  let out: LearnedAspect[] | undefined;
  for (let a = 0; a < k; a++) {
    if (!(sum[a]! >= m.thresholds[a]!) || skip(m.aspects[a]!, ctx)) continue;
    // The tokens are read again for the word that weighs most, a content word if one weighs at
    // all: "me" weighs for contact frequency ("me mandan", "me llaman"), but the aspect is said
    // where "correos" is, and that is the clause aspects.ts quotes and reads.
    let at = -1, best = 0, atAny = -1, bestAny = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (!readsToken(t)) continue;
      const off = rowOf(m, pool, t);
      const w = off < 0 ? 0 : pool.rows[off + a]!;
      if (w > bestAny) { bestAny = w; atAny = i; }
      if (w > best && !(t.rec && STOPWORDS.has(t.rec.folded))) { best = w; at = i; }
    }
    if (at < 0) at = atAny;
    if (at >= 0) (out ??= []).push({ aspect: a, at, logit: sum[a]! });
  }
  return out ?? NONE;
}
const NONE: LearnedAspect[] = [];
