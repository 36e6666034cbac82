// Aspect polarity, the learned half. aspects.ts reads an aspect's polarity from the lexicon hits
// of its clause, else from the mention's sentiment; both miss what an aspect makes of plain facts
// ("Shein me ha mandado 14 notificaciones hoy" is a complaint about contact frequency, "my package
// has been sitting in a warehouse for 9 days" one about delivery) and words that mean one thing
// for one aspect and another for the next ("cheap": price praise, quality complaint). A 3-class
// logistic regression per mention aspect reads what aspects.ts worked out (the clause's lexicon
// score, the mention's sentiment, its own reading, a question, a trigger's verdict) and the
// clause's words, per aspect and shared, and gives the polarity. It ships inside
// model/aspects.json (aspect-model.ts reads and writes the file).
import { memoSlot, type Token } from './tokens.js';
import { lastKeyMemo } from './last-memo.js';
import { readsToken, tokenKey } from './aspect-words.js';

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
 * its own reading). Out of fold on the training mentions: 0.739 right as used, 0.771 for the model
 * everywhere, 0.662 for aspects.ts's own reading; on the test parts of the evaluation set 0.86 as
 * used, 0.80 without the model; on real review sentences it never trained on 0.894 (0.891).
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
  const { c, p } = topClass(aspects ? fastLogits(m, x, aspects) : polarityLogits(m, polarityKeys(x), polarityDense(x)));
  return { polarity: POLARITIES[c]!, p };
}

/** The class with the largest of 3 logits (the first on ties) and its softmax probability. */
export function topClass(z: Float64Array): { c: number; p: number } {
  let c = 0;
  for (let k = 1; k < 3; k++) if (z[k]! > z[c]!) c = k;
  let sum = 0;
  for (let k = 0; k < 3; k++) sum += Math.exp(z[k]! - z[c]!);
  return { c, p: 1 / sum };
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
