// The learned half of aspect detection. The triggers of aspects.ts are precise, but they find
// only the phrasings someone wrote down, and people describe an aspect in endless ways ("the zip
// gave up on day three" is quality, "se me despegó la suela" too). This model reads the words of
// a mention: per aspect, a logistic regression over its words (accent-folded, cut to their
// first five letters: a stemmer that needs no language) and numbers (as <num> or <money>). It is
// trained on labelled mentions, with real text as counter-examples, by
// src/scoring/training/train-aspects.ts and ships as model/aspects.json.
//
// aspects.ts asks it only for aspects its triggers did not find, and an aspect counts when its
// log-odds pass the aspect's threshold (chosen in training). The word that weighs most for the
// aspect is where the aspect is said: aspects.ts reads the polarity of that word's clause and
// quotes it, as it does for a trigger. The words it reads: aspect-words.ts. The polarity model
// (aspect-polarity.ts) ships in the same file.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Token, WordRecord } from './tokens.js';
import { lastKeyMemo } from './last-memo.js';
import { STOPWORDS } from './claims-text.js';
import { readsToken, tokenKey } from './aspect-words.js';
import { polarityModelFromFile, polarityModelToFile, type PolarityModel, type PolarityModelFile } from './aspect-polarity.js';

export const ASPECT_MODEL_FORMAT = 'trustlens-aspects/1';
export const ASPECT_MODEL_PATH = fileURLToPath(new URL('./model/aspects.json', import.meta.url));

export interface AspectModelFile {
  format: typeof ASPECT_MODEL_FORMAT;
  /** Output order of every weight row. */
  aspects: string[];
  bias: number[];
  /** Per aspect: the log-odds at or above which it counts. */
  thresholds: number[];
  /** Feature key → one weight per aspect. */
  weights: Record<string, number[]>;
  polarity?: PolarityModelFile;
  meta?: Record<string, unknown>;
}

export interface AspectModel {
  aspects: readonly string[];
  bias: Float64Array;
  thresholds: Float64Array;
  weights: ReadonlyMap<string, Float32Array>;
  /** Set per model, so a word's row is looked up again when the model changes (or its pool starts again). */
  generation: number;
  /** The polarity model (aspect-polarity.ts; absent: aspects.ts's own reading stands). */
  polarity?: PolarityModel;
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
  const m = newAspectModel([...file.aspects], row(file.bias, 'bias'), row(file.thresholds, 'thresholds'), weights);
  if (file.polarity) m.polarity = polarityModelFromFile(file.polarity);
  return m;
}

/**
 * What a brand's aspect model file says about itself (its name and training meta), after checking
 * that it loads; throws with the reason when it does not.
 */
export function aspectModelFileInfo(json: unknown): { name: string; meta: Record<string, unknown> } {
  aspectModelFromFile(json as AspectModelFile);
  const meta = (json as AspectModelFile).meta ?? {};
  return { name: typeof meta.name === 'string' ? meta.name : 'aspect model', meta: { ...meta } };
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
  return { format: ASPECT_MODEL_FORMAT, aspects: [...m.aspects], bias: Array.from(m.bias, r4), thresholds: Array.from(m.thresholds, r4), weights, ...(m.polarity ? { polarity: polarityModelToFile(m.polarity) } : {}), meta };
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

/**
 * A model's rows, one per feature key as words ask for them (k floats each, in one typed array,
 * so a word's row is one read), and per row the last window that counted it.
 */
interface Pool { rows: Float32Array; seen: Int32Array; used: number; rowOfKey: Map<string, number> }
const pools = lastKeyMemo((m: AspectModel): Pool => ({ rows: new Float32Array(256 * m.aspects.length), seen: new Int32Array(256), used: 0, rowOfKey: new Map() }));
/** Rows a pool holds before it starts again (every word's row is then worked out anew). */
const MAX_ROWS = 200_000;

/** The index of the weight row of `key` in model m's pool (its k floats start at index × k; -1: no weight). */
function keyRow(m: AspectModel, pool: Pool, key: string | undefined): number {
  if (key === undefined) return -1;
  const have = pool.rowOfKey.get(key);
  if (have !== undefined) return have;
  const w = m.weights.get(key);
  if (!w) return -1;
  const k = m.aspects.length;
  if (pool.used + k > pool.rows.length) {
    // Bounded: a full pool starts again, and every word's row is worked out anew.
    if (pool.used >= MAX_ROWS * k) { pool.used = 0; pool.rowOfKey.clear(); pool.seen.fill(0); m.generation = ++generations; }
    else {
      const rows = new Float32Array(2 * pool.rows.length); rows.set(pool.rows); pool.rows = rows;
      const seen = new Int32Array(2 * pool.seen.length); seen.set(pool.seen); pool.seen = seen;
    }
  }
  const row = pool.used / k;
  pool.rows.set(w, pool.used);
  pool.used += k;
  pool.seen[row] = 0;
  pool.rowOfKey.set(key, row);
  return row;
}

/** The index of token t's row in model m's pool (-1: no weight), kept on its word record. */
function rowOf(m: AspectModel, pool: Pool, t: Token): number {
  const rec: WordRecord | undefined = t.rec;
  if (!rec) return keyRow(m, pool, tokenKey(t)); // numbers: <num>, <money>
  if (rec.aspectGen === m.generation) return rec.aspectRow;
  const row = keyRow(m, pool, tokenKey(t));
  // keyRow may have started the pool again (a new generation): the row is of the new one.
  rec.aspectGen = m.generation;
  return (rec.aspectRow = row);
}

/** An aspect the model finds: its index in model.aspects, the token that weighs most for it, its log-odds. */
export interface LearnedAspect { aspect: number; at: number; logit: number }

/**
 * Words a window holds at most, and at least before a sentence end closes it. The model learned
 * from mentions of 3 to 60 words: summed over a long review's hundreds of words, small weights
 * would add up to aspects no part of it talks about ("The price is fine." 60,000 times read as
 * packaging too), so a long text is read a few sentences at a time.
 */
const WINDOW_MAX = 60, WINDOW_MIN = 20;

let z = new Float64Array(16);
let windowStamp = 0;

/**
 * Aspects whose log-odds pass their thresholds in some window of the mention, except those
 * `skip(aspect, ctx)` names (found already), each once, at the word of that window that weighs
 * most for it (none when no word weighs for it: the model then does not say where the aspect is,
 * and it is left out).
 */
export function learnedAspects<C>(m: AspectModel, tokens: readonly Token[], skip: (aspect: string, ctx: C) => boolean, ctx: C): LearnedAspect[] {
  const k = m.aspects.length;
  if (z.length < k) z = new Float64Array(k);
  const sum = z;
  const pool = pools(m);
  let out: LearnedAspect[] | undefined;
  let from = 0, words = 0;
  sum.set(m.bias);
  let stamp = nextWindow(pool);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (readsToken(t)) {
      words++;
      const row = rowOf(m, pool, t);
      if (row >= 0 && pool.seen[row] !== stamp) {
        pool.seen[row] = stamp;
        const rows = pool.rows, off = row * k;
        for (let a = 0; a < k; a++) sum[a]! += rows[off + a]!;
      }
    }
    const last = i === tokens.length - 1;
    if (!last && words < WINDOW_MAX && !(words >= WINDOW_MIN && t.kind === 'punct' && /[.!?]/.test(t.text))) continue;
    for (let a = 0; a < k; a++) {
      if (!(sum[a]! >= m.thresholds[a]!) || skip(m.aspects[a]!, ctx) || out?.some((l) => l.aspect === a)) continue;
      const at = anchor(m, pool, tokens, from, i, a);
      if (at >= 0) (out ??= []).push({ aspect: a, at, logit: sum[a]! });
    }
    if (last) break;
    from = i + 1; words = 0;
    sum.set(m.bias);
    stamp = nextWindow(pool);
  }
  return out ?? NONE;
}
const NONE: LearnedAspect[] = [];

function nextWindow(pool: Pool): number {
  if (++windowStamp === 0x7fffffff) { windowStamp = 1; pool.seen.fill(0); }
  return windowStamp;
}

/**
 * The token of [from, to] that weighs most for aspect a, a content word if one weighs at all:
 * "me" weighs for contact frequency ("me mandan", "me llaman"), but the aspect is said where
 * "correos" is, and that is the clause aspects.ts quotes and reads. -1 when none weighs for it.
 */
function anchor(m: AspectModel, pool: Pool, tokens: readonly Token[], from: number, to: number, a: number): number {
  let at = -1, best = 0, atAny = -1, bestAny = 0;
  for (let i = from; i <= to; i++) {
    const t = tokens[i]!;
    if (!readsToken(t)) continue;
    const row = rowOf(m, pool, t);
    const w = row < 0 ? 0 : pool.rows[row * m.aspects.length + a]!;
    if (w > bestAny) { bestAny = w; atAny = i; }
    if (w > best && !(t.rec && STOPWORDS.has(t.rec.folded))) { best = w; at = i; }
  }
  return at >= 0 ? at : atAny;
}
