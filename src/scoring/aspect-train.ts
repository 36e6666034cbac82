// Training the aspect models (aspect-model.ts, aspect-polarity.ts) from labelled mentions: the
// recipe behind npm run train:aspects (training/train-aspects.ts, which adds our data) and
// `trustlens train aspects` (a brand's own labels). Deterministic: seeded orders and folds.
import { ASPECTS, extractAspects, polarityInputs } from './aspects.js';
import { scoreSentiment } from './sentiment.js';
import { newAspectModel, setAspectModel, type AspectModel } from './aspect-model.js';
import { mentionKeys } from './aspect-words.js';
import { MODEL_SURE, POLARITIES, POLARITY_DENSE, keepsOwnReading, polarityDense, polarityKeys, polarityLogits, topClass, type Polarity, type PolarityModel } from './aspect-polarity.js';
import { prepare } from './sentiment-prep.js';
import { parseAspectLabel } from './aspect-figures.js';
import { kFold, seededRandom, shuffled } from '../core/random.js';

/** A labelled mention: `aspects` is "-" or "aspect:polarity,…". */
export interface AspectTrainingRow { lang: string; aspects: string; text: string; source?: string }

const K = ASPECTS.length;

export interface AspectExample {
  text: string;
  lang: string;
  keys: string[];
  /** 1 where the label names the aspect (ASPECTS order). */
  labels: Uint8Array;
  /** 1 where the triggers alone find it. */
  rules: Uint8Array;
  /** 1 where the label is known (real text borrowed as counter-examples is known only for some aspects); undefined: all. */
  known?: Uint8Array;
  source: string;
}

/** Features, labels and what the triggers alone find, for each row. */
export function examples(rows: readonly AspectTrainingRow[]): AspectExample[] {
  setAspectModel(null);
  try {
    return rows.map((r) => {
      const labels = new Uint8Array(K), rules = new Uint8Array(K);
      let gold: Map<string, string>;
      try { gold = parseAspectLabel(r.aspects); } catch (err) { throw new Error(`${(err as Error).message}: ${r.text}`); }
      for (const a of gold.keys()) labels[ASPECTS.indexOf(a as (typeof ASPECTS)[number])] = 1;
      for (const s of extractAspects(r.text, r.lang)) rules[ASPECTS.indexOf(s.aspect as (typeof ASPECTS)[number])] = 1;
      const keys = mentionKeys(prepare(r.text).tokens);
      return { text: r.text, lang: r.lang, keys, labels, rules, source: r.source ?? '' };
    });
  } finally {
    setAspectModel(undefined);
  }
}

export interface AspectTrainOptions {
  epochs?: number;
  l2?: number;
  learningRate?: number;
  seed?: number;
  /**
   * Features seen in fewer training mentions than this are left out (a word met once learns
   * whatever its one mention was about). Out of fold on the training mentions, when it was chosen
   * (before the real counter-examples), 1, 2 and 3 gave the same F1 (0.751–0.752 with l2 1e-3; 5:
   * 0.743); 2 keeps the model smaller.
   */
  minCount?: number;
}

/**
 * One logistic regression per aspect over the examples' keys, trained together (thresholds 0).
 * l2 1e-3: out of fold on the training mentions, when it was chosen, F1 0.752 (1e-4: 0.747; 3e-3:
 * 0.751). A label unknown for an aspect (`known`) gives it no gradient.
 */
export function trainAspectModel(xs: readonly AspectExample[], opts: AspectTrainOptions = {}): AspectModel {
  const epochs = opts.epochs ?? 20, l2 = opts.l2 ?? 1e-3, lr = opts.learningRate ?? 0.3, minCount = opts.minCount ?? 2;
  const w = new Map<string, Float64Array>(), g2 = new Map<string, Float64Array>();
  const bias = new Float64Array(K), bg2 = new Float64Array(K).fill(1e-8);
  const seenIn = new Map<string, number>();
  for (const x of xs) for (const key of x.keys) seenIn.set(key, (seenIn.get(key) ?? 0) + 1);
  for (const [key, n] of seenIn) if (n >= minCount) { w.set(key, new Float64Array(K)); g2.set(key, new Float64Array(K).fill(1e-8)); }
  const rand = seededRandom(opts.seed ?? 11);
  let order = xs.map((_, i) => i);
  const z = new Float64Array(K), err = new Float64Array(K);
  for (let ep = 0; ep < epochs; ep++) {
    order = shuffled(order, rand);
    for (const i of order) {
      const x = xs[i]!;
      z.set(bias);
      for (const key of x.keys) { const row = w.get(key); if (row) for (let a = 0; a < K; a++) z[a]! += row[a]!; }
      for (let a = 0; a < K; a++) {
        err[a] = x.known && !x.known[a] ? 0 : 1 / (1 + Math.exp(-z[a]!)) - x.labels[a]!;
        bg2[a]! += err[a]! ** 2; bias[a]! -= (lr / Math.sqrt(bg2[a]!)) * err[a]!;
      }
      for (const key of x.keys) {
        const row = w.get(key), acc = g2.get(key);
        if (!row || !acc) continue;
        for (let a = 0; a < K; a++) {
          const g = err[a]! + l2 * row[a]!;
          acc[a]! += g * g;
          row[a]! -= (lr / Math.sqrt(acc[a]!)) * g;
        }
      }
    }
  }
  const weights = new Map<string, Float32Array>();
  for (const [key, row] of w) weights.set(key, Float32Array.from(row));
  return newAspectModel([...ASPECTS], bias, new Float64Array(K), weights);
}

/** Log-odds per aspect of one example under a model. */
export function logits(m: AspectModel, x: AspectExample): Float64Array {
  const z = Float64Array.from(m.bias);
  for (const key of x.keys) { const row = m.weights.get(key); if (row) for (let a = 0; a < K; a++) z[a]! += row[a]!; }
  return z;
}

/** F1 of "the triggers found it or its log-odds reach thr" for aspect a. */
export function unionF1(xs: readonly AspectExample[], z: readonly Float64Array[], a: number, thr: number): { f1: number; p: number; r: number; tp: number; fp: number; fn: number } {
  let tp = 0, fp = 0, fn = 0;
  xs.forEach((x, i) => {
    const got = x.rules[a] === 1 || z[i]![a]! >= thr;
    if (got && x.labels[a]) tp++; else if (got) fp++; else if (x.labels[a]) fn++;
  });
  return { ...prf(tp, fp, fn), tp, fp, fn };
}

/** Precision, recall and F1 of counts, 0 where a share has nothing to divide. */
export function prf(tp: number, fp: number, fn: number): { f1: number; p: number; r: number } {
  const p = tp + fp ? tp / (tp + fp) : 0, r = tp + fn ? tp / (tp + fn) : 0;
  return { f1: p + r ? (2 * p * r) / (p + r) : 0, p, r };
}

/**
 * Per aspect, the threshold with the best union F1 on `tuneOn` (its out-of-fold log-odds `z`),
 * never below log-odds 0: the model names an aspect only when it is more likely than not. The
 * best F1 alone takes some thresholds down to -1.6 (a probability of 0.17) and precision below the
 * triggers' own; floored, out of fold on the training mentions: precision 0.75 (triggers alone
 * 0.75), recall 0.72 (0.50), F1 0.73 (0.60; unfloored 0.74, at precision 0.73), before the real
 * counter-examples joined (with them: 0.754 / 0.700 / 0.726). Ties go to the higher threshold.
 */
export function chooseThresholds(tuneOn: readonly AspectExample[], z: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(K);
  for (let a = 0; a < K; a++) {
    let best = Infinity, bestF1 = unionF1(tuneOn, z, a, Infinity).f1;
    for (let t = 4; t >= -1e-9; t -= 0.1) {
      const thr = Math.round(t * 10) / 10;
      const f = unionF1(tuneOn, z, a, thr).f1;
      if (f > bestF1 + 1e-9) { bestF1 = f; best = thr; }
    }
    out[a] = Number.isFinite(best) ? best : 99;
  }
  return out;
}

/** One aspect of one mention, for the polarity model: its features, its label and aspects.ts's own reading. */
export interface PolarityExample { keys: string[]; dense: number[]; label: number; heuristic: number; mention: number }

/**
 * The polarity examples of labelled rows: each aspect extractAspects finds (with `detect` as the
 * detection model) that the row's label names too, read as scoreMention reads a social post.
 */
export function polarityExamples(rows: readonly AspectTrainingRow[], detect: AspectModel): PolarityExample[] {
  const examples: PolarityExample[] = [];
  setAspectModel(detect);
  try {
    rows.forEach((r, i) => {
      if (r.aspects === '-') return;
      const gold = parseAspectLabel(r.aspects);
      const sentiment = scoreSentiment({ text: r.text, lang: r.lang, kind: 'social' });
      for (const x of polarityInputs(r.text, r.lang, sentiment)) {
        const label = POLARITIES.indexOf(gold.get(x.aspect) as Polarity);
        if (label >= 0) examples.push({ keys: polarityKeys(x), dense: polarityDense(x), label, heuristic: POLARITIES.indexOf(x.heuristic), mention: i });
      }
    });
  } finally {
    setAspectModel(undefined);
  }
  return examples;
}

/** A 3-class logistic regression (softmax; AdaGrad, L2, seeded order) over the examples. */
export function trainPolarityModel(xs: readonly PolarityExample[], opts: AspectTrainOptions = {}): PolarityModel {
  const epochs = opts.epochs ?? 20, l2 = opts.l2 ?? 1e-3, lr = opts.learningRate ?? 0.3, minCount = opts.minCount ?? 2;
  const seenIn = new Map<string, number>();
  for (const x of xs) for (const k of new Set(x.keys)) seenIn.set(k, (seenIn.get(k) ?? 0) + 1);
  const weights = new Map<string, Float64Array>(), g2 = new Map<string, Float64Array>();
  for (const [k, n] of seenIn) if (n >= minCount) { weights.set(k, new Float64Array(3)); g2.set(k, new Float64Array(3).fill(1e-8)); }
  const nd = POLARITY_DENSE.length;
  const m: PolarityModel = { bias: new Float64Array(3), dense: Array.from({ length: nd }, () => new Float64Array(3)), weights };
  const bg2 = new Float64Array(3).fill(1e-8), dg2 = Array.from({ length: nd }, () => new Float64Array(3).fill(1e-8));
  const rand = seededRandom(opts.seed ?? 13);
  let order = xs.map((_, i) => i);
  const err = new Float64Array(3);
  const step = (w: Float64Array, acc: Float64Array, c: number, g: number) => { acc[c]! += g * g; w[c]! -= (lr / Math.sqrt(acc[c]!)) * g; };
  for (let ep = 0; ep < epochs; ep++) {
    order = shuffled(order, rand);
    for (const i of order) {
      const x = xs[i]!;
      const z = polarityLogits(m, x.keys, x.dense);
      const top = Math.max(z[0]!, z[1]!, z[2]!);
      let sum = 0;
      for (let c = 0; c < 3; c++) sum += Math.exp(z[c]! - top);
      for (let c = 0; c < 3; c++) err[c] = Math.exp(z[c]! - top) / sum - (x.label === c ? 1 : 0);
      for (let c = 0; c < 3; c++) {
        step(m.bias, bg2, c, err[c]!);
        for (let j = 0; j < nd; j++) if (x.dense[j]) step(m.dense[j]!, dg2[j]!, c, err[c]! * x.dense[j]! + l2 * m.dense[j]![c]!);
        for (const k of x.keys) { const w = weights.get(k); if (w) step(w, g2.get(k)!, c, err[c]! + l2 * w[c]!); }
      }
    }
  }
  return m;
}

/** The polarity extractAspects gives an example: the model's reading where it decides (see keepsOwnReading) and is sure enough, else the clause's own. */
export function usedReading(pm: PolarityModel, x: PolarityExample): number {
  // dense[0] is the clause's lexicon score, dense[5..6] a trigger's verdict.
  if (keepsOwnReading(x.dense[0]!, x.dense[5] || x.dense[6] ? 'verdict' : undefined)) return x.heuristic;
  const { c, p } = topClass(polarityLogits(pm, x.keys, x.dense));
  return p >= MODEL_SURE ? c : x.heuristic;
}

/** Folds of the out-of-fold readings that choose the thresholds and give the figures. */
export const ASPECT_FOLDS = 5;

export interface AspectTrainingSpec {
  /** Labelled mentions whose out-of-fold predictions choose the thresholds and give the figures. */
  tuneRows: readonly AspectTrainingRow[];
  /** Labelled mentions always trained on, never tuned on. */
  alsoRows?: readonly AspectTrainingRow[];
  /** Counter-examples (labels known only for some aspects, or none). */
  counter?: readonly AspectExample[];
  /** More polarity examples, read with the trained detection model (real text). */
  polarityAlso?: (detect: AspectModel) => PolarityExample[];
}

export interface AspectTrainingReport {
  model: AspectModel;
  /** Per aspect: its threshold, and out of fold on tuneRows "triggers alone" and "with the model". */
  detection: { aspect: string; threshold: number; triggers: ReturnType<typeof unionF1>; withModel: ReturnType<typeof unionF1> }[];
  /** Out of fold on the aspects found in tuneRows: share right for the clause's words, the model, and the model as scoring uses it. */
  polarity: { aspects: number; clauseWords: number; model: number; asUsed: number };
}

/**
 * Trains both aspect models: detection thresholds from out-of-fold log-odds on tuneRows (each
 * fold's model also learns from alsoRows and the counter-examples), then the detection model on
 * everything; polarity from the aspects that model finds, checked out of fold on tuneRows, then
 * trained on everything.
 */
export function trainAspectModels(spec: AspectTrainingSpec): AspectTrainingReport {
  const tune = examples(spec.tuneRows);
  const also = examples(spec.alsoRows ?? []);
  const counter = spec.counter ?? [];
  if (tune.length < ASPECT_FOLDS) throw new Error(`need at least ${ASPECT_FOLDS} labelled mentions to tune on, got ${tune.length}`);
  const z: Float64Array[] = new Array(tune.length);
  for (const test of kFold(tune.length, ASPECT_FOLDS, 3)) {
    const held = new Set(test);
    const m = trainAspectModel([...tune.filter((_, i) => !held.has(i)), ...also, ...counter]);
    for (const i of test) z[i] = logits(m, tune[i]!);
  }
  const thresholds = chooseThresholds(tune, z);
  const detection = ASPECTS.map((aspect, a) => ({ aspect, threshold: thresholds[a]!, triggers: unionF1(tune, z, a, Infinity), withModel: unionF1(tune, z, a, thresholds[a]!) }));
  const model = trainAspectModel([...tune, ...also, ...counter]);
  model.thresholds = thresholds;

  // Polarity: read from the aspects the detection model just trained finds, as scoring will.
  const pTune = polarityExamples(spec.tuneRows, model);
  const pAlso = [...polarityExamples(spec.alsoRows ?? [], model), ...(spec.polarityAlso?.(model) ?? [])];
  let clauseWords = 0, modelRight = 0, asUsed = 0;
  for (const test of kFold(spec.tuneRows.length, ASPECT_FOLDS, 5)) {
    const held = new Set(test);
    const pm = trainPolarityModel([...pTune.filter((x) => !held.has(x.mention)), ...pAlso]);
    for (const x of pTune) {
      if (!held.has(x.mention)) continue;
      if (x.heuristic === x.label) clauseWords++;
      if (topClass(polarityLogits(pm, x.keys, x.dense)).c === x.label) modelRight++;
      if (usedReading(pm, x) === x.label) asUsed++;
    }
  }
  const share = (n: number) => (pTune.length ? +(n / pTune.length).toFixed(3) : 0);
  model.polarity = trainPolarityModel([...pTune, ...pAlso]);
  return { model, detection, polarity: { aspects: pTune.length, clauseWords: share(clauseWords), model: share(modelRight), asUsed: share(asUsed) } };
}
