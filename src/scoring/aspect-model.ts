// The learned half of aspect detection. The triggers of aspects.ts are precise, but they find
// only the phrasings someone wrote down, and people describe an aspect in endless ways ("the zip
// gave up on day three" is quality, "se me despegó la suela" too). This model reads the words of
// a mention: per aspect, a logistic regression over its words (accent-folded, cut to their
// first five letters: a stemmer that needs no language) and numbers (as <num> or <money>). It is
// trained on labelled mentions by src/scoring/training/train-aspects.ts and ships as
// model/aspects.json.
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
  polarity?: PolarityModelFile;
  meta?: Record<string, unknown>;
}

export interface AspectModel {
  aspects: readonly string[];
  bias: Float64Array;
  thresholds: Float64Array;
  weights: ReadonlyMap<string, Float32Array>;
  /** Set per model, so a word's summed row is worked out again when the model changes (or its pool starts again). */
  generation: number;
  /** The polarity model (absent: aspects.ts's own reading stands). */
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
 * The feature key of a token the model reads: a word's accent-folded form, or its first five
 * letters when it is longer ("despegó"/"despegaron" → "p:despe", "recommend"/"recommended"):
 * a stemmer that needs no language. Out of fold on the training mentions, prefixes alone gave F1
 * 0.754; whole words alone 0.747; both, each word counted twice, 0.751. Numbers are <num>, or
 * <money> with a currency sign.
 */
export function tokenKey(t: Token): string | undefined {
  if (t.kind === 'number') return /[$€£]/.test(t.norm) ? '<money>' : '<num>';
  if (t.kind !== 'word' && t.kind !== 'hashtag') return undefined;
  let f = t.rec ? t.rec.folded : t.norm.normalize('NFD').replace(/\p{M}+/gu, '');
  if (t.kind === 'hashtag') f = f.slice(1);
  if (f.includes('’')) f = f.replace(/’/g, "'");
  return f.length > PREFIX ? `p:${f.slice(0, PREFIX)}` : `w:${f}`;
}

/** Tokens the model reads: words, hashtags and numbers. */
export function readsToken(t: Token): boolean {
  const kind = t.kind;
  return kind === 'word' || kind === 'hashtag' || kind === 'number';
}

/**
 * The feature keys of a mention as training reads them: each key once (a mention either says a
 * word or not). learnedAspects reads a mention the same way, a window at a time.
 */
export function mentionKeys(tokens: readonly Token[]): string[] {
  const keys = new Set<string>();
  for (const t of tokens) if (readsToken(t)) { const k = tokenKey(t); if (k) keys.add(k); }
  return [...keys];
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

// ---------------------------------------------------------------------------------------------
// Polarity. aspects.ts reads an aspect's polarity from the lexicon hits of its clause, else from
// the mention's sentiment; both miss what an aspect makes of plain facts ("Shein me ha mandado 14
// notificaciones hoy" is a complaint about contact frequency, "$95 lol" one about price) and
// words that mean one thing for one aspect and another for the next ("cheap": price praise,
// quality complaint). A 3-class logistic regression per mention aspect reads what aspects.ts
// worked out (the clause's lexicon score, the mention's sentiment, its own reading, a question, a
// trigger's verdict) and the clause's words, per aspect and shared, and gives the polarity.

export const POLARITIES = ['negative', 'neutral', 'positive'] as const;
export type Polarity = (typeof POLARITIES)[number];

/** What aspects.ts worked out about one aspect of a mention, the polarity model's input. */
export interface PolarityInput {
  aspect: string;
  /** The aspect's clause (its evidence): its tokens [from, to] and which are negated (1). */
  tokens: readonly Token[];
  from: number;
  to: number;
  negated: Uint8Array;
  /** Its clause's lexicon score, −1..1. */
  clause: number;
  /** The mention's sentiment score, −1..1 (0 when unknown). */
  mention: number;
  /** aspects.ts's own reading. */
  heuristic: Polarity;
  question: boolean;
  /** A trigger that is itself a verdict ("they email me every day"), if one found the aspect. */
  implies?: Polarity;
}

/**
 * Where the polarity model's reading replaces aspects.ts's own. A clause whose lexicon score
 * reaches CLAUSE_SPEAKS says what it thinks in so many words ("the delivery was really slow"), and
 * a trigger that is itself a verdict ("looks cheap", "they email me every day") says it too:
 * their reading stands. The training mentions state most verdicts as plain facts, so the model
 * learned to lean on other words than sentiment words, and read plain sentences like these wrong
 * (8 of the hand-written cases of test/scoring/aspects.test.ts). Elsewhere the model's reading
 * wins when it is at least MODEL_SURE: "About the price" stays neutral (0.54), "$95 for a candle
 * lol" would turn to a complaint (0.99; but "lol" is praise in the lexicon, so the clause keeps
 * its own reading). Out of fold on the training mentions: 0.744 right as used, 0.769 for the model
 * everywhere, 0.659 for aspects.ts's own reading; on the test parts of the evaluation set 0.85 as
 * used, 0.87 everywhere, 0.79 without the model.
 */
export const CLAUSE_SPEAKS = 0.3;
export const MODEL_SURE = 0.6;
export function keepsOwnReading(clause: number, implies?: string): boolean {
  return implies !== undefined || Math.abs(clause) >= CLAUSE_SPEAKS;
}

export const POLARITY_DENSE = [
  'clause', 'mention', 'heuristic:negative', 'heuristic:positive', 'question', 'implies:negative', 'implies:positive',
] as const;

/** The dense features of an input, in POLARITY_DENSE order. */
export function polarityDense(x: PolarityInput): number[] {
  return [x.clause, x.mention, x.heuristic === 'negative' ? 1 : 0, x.heuristic === 'positive' ? 1 : 0, x.question ? 1 : 0, x.implies === 'negative' ? 1 : 0, x.implies === 'positive' ? 1 : 0];
}

/** The word features of an input: the aspect itself, and each word of its clause, alone and for this aspect ("!" when negated). */
export function polarityKeys(x: PolarityInput): string[] {
  const keys = [`a:${x.aspect}`];
  for (let i = x.from; i <= x.to; i++) {
    const t = x.tokens[i];
    if (!t || !readsToken(t)) continue;
    const k = tokenKey(t);
    if (!k) continue;
    const word = x.negated[i] === 1 ? `!${k}` : k;
    keys.push(word, `${x.aspect}|${word}`);
  }
  return keys;
}

export interface PolarityModel {
  bias: Float64Array;
  /** Per dense feature (POLARITY_DENSE order), 3 weights. */
  dense: Float64Array[];
  weights: ReadonlyMap<string, Float64Array>;
}

export interface PolarityModelFile { bias: number[]; dense: number[][]; weights: Record<string, number[]> }

/**
 * The polarity the model gives an input, with its probability. `aspects`: the aspect order the
 * per-word rows are laid out in (the detection model's), for the fast path: each word's weights
 * for every aspect are read once per spelling and kept on its record, so a clause costs no key
 * strings and no map probes (the same sums as polarityLogits over polarityKeys; tested).
 */
export function predictPolarity(m: PolarityModel, x: PolarityInput, aspects?: readonly string[]): { polarity: Polarity; p: number } {
  const z = aspects ? fastLogits(m, x, aspects) : polarityLogits(m, polarityKeys(x), polarityDense(x));
  let best = 0;
  for (let c = 1; c < 3; c++) if (z[c]! > z[best]!) best = c;
  let sum = 0;
  for (let c = 0; c < 3; c++) sum += Math.exp(z[c]! - z[best]!);
  return { polarity: POLARITIES[best]!, p: 1 / sum };
}

export function polarityLogits(m: PolarityModel, keys: readonly string[], dense: readonly number[]): Float64Array {
  const z = Float64Array.from(m.bias);
  for (let j = 0; j < dense.length; j++) { const w = m.dense[j]; if (w) for (let c = 0; c < 3; c++) z[c]! += w[c]! * dense[j]!; }
  for (const k of keys) { const w = m.weights.get(k); if (w) for (let c = 0; c < 3; c++) z[c]! += w[c]!; }
  return z;
}

export function polarityModelFromFile(f: PolarityModelFile): PolarityModel {
  const three = (xs: unknown, what: string): Float64Array => {
    if (!Array.isArray(xs) || xs.length !== 3 || !xs.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new Error(`aspect polarity model: ${what} must be 3 finite numbers`);
    return Float64Array.from(xs as number[]);
  };
  if (!Array.isArray(f.dense) || f.dense.length !== POLARITY_DENSE.length) throw new Error(`aspect polarity model: dense must have ${POLARITY_DENSE.length} rows`);
  const weights = new Map<string, Float64Array>();
  for (const [k, w] of Object.entries(f.weights ?? {})) weights.set(k, three(w, `weights of "${k}"`));
  return { bias: three(f.bias, 'bias'), dense: f.dense.map((w, j) => three(w, `dense ${POLARITY_DENSE[j]}`)), weights };
}

export function polarityModelToFile(m: PolarityModel, prune = 0.01): PolarityModelFile {
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  const weights: Record<string, number[]> = {};
  for (const k of [...m.weights.keys()].sort()) { const w = m.weights.get(k)!; if (w.some((x) => Math.abs(x) >= prune)) weights[k] = Array.from(w, r4); }
  return { bias: Array.from(m.bias, r4), dense: m.dense.map((w) => Array.from(w, r4)), weights };
}

// Per word record: [model, row, negated row], a row holding the word's 3 shared weights and then
// 3 per aspect (in the detection model's aspect order); null when the word weighs nothing.
const POLARITY_SLOT = memoSlot();
type PolarityRows = [PolarityModel, Float64Array | null, Float64Array | null];
/** Per model: <num>/<money> rows and each aspect's own weights ("a:aspect"), by aspect order. */
const polarityExtras = lastKeyMemo((_m: PolarityModel) => ({ words: new Map<string, Float64Array | null>(), aspect: new Map<string, Float64Array | null>() }));

function buildRow(m: PolarityModel, word: string, aspects: readonly string[]): Float64Array | null {
  let row: Float64Array | null = null;
  const put = (w: Float64Array | undefined, at: number) => {
    if (!w) return;
    row ??= new Float64Array(3 * (1 + aspects.length));
    for (let c = 0; c < 3; c++) row[at + c] = w[c]!;
  };
  put(m.weights.get(word), 0);
  for (let a = 0; a < aspects.length; a++) put(m.weights.get(`${aspects[a]}|${word}`), 3 + 3 * a);
  return row;
}

function wordRow(m: PolarityModel, t: Token, negated: boolean, aspects: readonly string[]): Float64Array | null {
  const rec = t.rec;
  if (!rec) {
    const k = tokenKey(t);
    if (!k) return null;
    const word = negated ? `!${k}` : k;
    const cache = polarityExtras(m).words;
    let row = cache.get(word);
    if (row === undefined) cache.set(word, (row = buildRow(m, word, aspects)));
    return row;
  }
  let rows = rec.memo[POLARITY_SLOT] as PolarityRows | undefined;
  if (!rows || rows[0] !== m) {
    const k = tokenKey(t);
    rows = [m, k ? buildRow(m, k, aspects) : null, k ? buildRow(m, `!${k}`, aspects) : null];
    rec.memo[POLARITY_SLOT] = rows;
  }
  return negated ? rows[2] : rows[1];
}

const fastZ = new Float64Array(3);
/** polarityLogits(m, polarityKeys(x), polarityDense(x)), from the rows kept on word records (into a reused array). */
function fastLogits(m: PolarityModel, x: PolarityInput, aspects: readonly string[]): Float64Array {
  const z = fastZ;
  z.set(m.bias);
  const d0 = m.dense;
  const h = x.heuristic, im = x.implies;
  for (let c = 0; c < 3; c++) {
    z[c]! += d0[0]![c]! * x.clause + d0[1]![c]! * x.mention
      + (h === 'negative' ? d0[2]![c]! : h === 'positive' ? d0[3]![c]! : 0) + (x.question ? d0[4]![c]! : 0)
      + (im === 'negative' ? d0[5]![c]! : im === 'positive' ? d0[6]![c]! : 0);
  }
  const extras = polarityExtras(m).aspect;
  let own = extras.get(x.aspect);
  if (own === undefined) extras.set(x.aspect, (own = m.weights.get(`a:${x.aspect}`) ?? null));
  if (own) for (let c = 0; c < 3; c++) z[c]! += own[c]!;
  const at = 3 + 3 * aspects.indexOf(x.aspect);
  for (let i = x.from; i <= x.to; i++) {
    const t = x.tokens[i];
    if (!t || !readsToken(t)) continue;
    const row = wordRow(m, t, x.negated[i] === 1, aspects);
    if (!row) continue;
    z[0]! += row[0]!; z[1]! += row[1]!; z[2]! += row[2]!;
    if (at >= 3) { z[0]! += row[at]!; z[1]! += row[at + 1]!; z[2]! += row[at + 2]!; }
  }
  return z;
}
