// Trains the learned half of aspect detection (aspect-model.ts) and the aspect polarity model
// (aspect-polarity.ts), both shipped in src/scoring/model/aspects.json.
//   npm run train:aspects        (about 6 s; deterministic)
// Data: the training mentions in aspects/ (EN + ES, written for TrustLens, labelled ones and ones
// about no aspect; README there), the dev parts of test/fixtures/aspects/aspect-set.tsv (the
// triggers were tuned on those too) and real English text from ../shared/data as counter-examples
// (realCounterExamples). The test parts of that set are never read here: they are the figures to
// quote (npm run eval:aspects).
//
// Detection: per aspect, a logistic regression over a mention's words (AdaGrad, L2, seeded
// order). An aspect's threshold is the one that gives the best F1 of "a trigger found it, or the model
// did" on out-of-fold predictions for the mentions in aspects/, never on the dev parts: the
// triggers were tuned on those and find nearly everything there, so thresholds chosen on them
// would leave the model almost nothing to do on text the triggers were not written for.
// Polarity: a 3-class logistic regression over what extractAspects works out for each aspect it
// finds with that detection model, on the training mentions, the dev parts and real review
// sentences (realPolarityExamples), checked out of fold and on the real sentences it never saw.
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ASPECTS, extractAspects, polarityInputs } from '../aspects.js';
import { scoreSentiment } from '../sentiment.js';
import { ASPECT_MODEL_PATH, aspectModelToFile, newAspectModel, setAspectModel, type AspectModel } from '../aspect-model.js';
import { mentionKeys } from '../aspect-words.js';
import {
  CLAUSE_SPEAKS, MODEL_SURE, POLARITIES, POLARITY_DENSE, keepsOwnReading, polarityDense, polarityKeys, polarityLogits, type Polarity, type PolarityModel,
} from '../aspect-polarity.js';
import { prepare } from '../sentiment-prep.js';
import { REPO_ROOT, dataDir, kFold, languageFiles, readTsv, seededRandom, shuffled } from './common.js';

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

/** Labelled mentions from a file with columns lang, aspects (or expected), text. */
export function readAspectRows(path: string): { lang: string; aspects: string; text: string; split?: string }[] {
  return readTsv(path).map((r) => ({ lang: r.lang!, aspects: (r.aspects ?? r.expected)!, text: r.text!, split: r.split }));
}

/** The training mentions written for TrustLens (aspects/*.tsv). */
export function trainingRows(): { lang: string; aspects: string; text: string; source: string }[] {
  return languageFiles(resolve(REPO_ROOT, 'src/scoring/training/aspects')).flatMap((f) => readAspectRows(f.path).map((r) => ({ ...r, source: f.file })));
}

/** The dev parts of the aspect set (tuned on; never the test parts). */
export function devRows(): { lang: string; aspects: string; text: string; source: string }[] {
  return readAspectRows(`${REPO_ROOT}/test/fixtures/aspects/aspect-set.tsv`).filter((r) => r.split!.startsWith('dev')).map((r) => ({ ...r, source: r.split! }));
}

/**
 * Real text borrowed as counter-examples (../shared/data, English; the even rows, so the odd rows
 * can show what the model makes of real text it never saw): general tweets (TweetEval) talk
 * about none of the nine aspects, as far as anyone can tell without labelling them; real review
 * sentences (UCI) talk about quality, service, price and delivery often, but almost never about
 * brand fit, ethics, authenticity or contact frequency, so they count against those four only.
 * Without them the model, which learned from brand mentions alone, gave 13% of real tweets an
 * aspect (nearly all wrong) and 5% of real review sentences brand fit.
 */
export function realCounterExamples(): AspectExample[] {
  const even = (file: string) => existsSync(resolve(dataDir(), file)) ? readTsv(file).filter((_, i) => i % 2 === 0).map((r) => r.text!) : [];
  const only = new Uint8Array(K);
  for (const a of ['brand-fit', 'ethics', 'authenticity', 'contact-frequency'] as const) only[ASPECTS.indexOf(a)] = 1;
  const rows = [
    ...even('sentiment/en_tweeteval_val.tsv').map((text) => ({ text, known: undefined as Uint8Array | undefined, source: 'tweeteval' })),
    ...even('sentiment/en_uci_sentences.tsv').map((text) => ({ text, known: only, source: 'uci' })),
  ];
  return rows.map((r) => ({ text: r.text, lang: 'en', keys: mentionKeys(prepare(r.text).tokens), labels: new Uint8Array(K), rules: new Uint8Array(K), known: r.known, source: r.source }));
}

/** Features, labels and what the triggers alone find, for each row. */
export function examples(rows: readonly { lang: string; aspects: string; text: string; source: string }[]): AspectExample[] {
  setAspectModel(null);
  try {
    return rows.map((r) => {
      const labels = new Uint8Array(K), rules = new Uint8Array(K);
      if (r.aspects !== '-') for (const pair of r.aspects.split(',')) {
        const a = ASPECTS.indexOf(pair.split(':')[0] as (typeof ASPECTS)[number]);
        if (a < 0) throw new Error(`unknown aspect in "${r.aspects}": ${r.text}`);
        labels[a] = 1;
      }
      for (const s of extractAspects(r.text, r.lang)) rules[ASPECTS.indexOf(s.aspect as (typeof ASPECTS)[number])] = 1;
      const keys = mentionKeys(prepare(r.text).tokens);
      return { text: r.text, lang: r.lang, keys, labels, rules, source: r.source };
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
export function unionF1(xs: readonly AspectExample[], z: readonly Float64Array[], a: number, thr: number): { f1: number; p: number; r: number } {
  let tp = 0, fp = 0, fn = 0;
  xs.forEach((x, i) => {
    const got = x.rules[a] === 1 || z[i]![a]! >= thr;
    if (got && x.labels[a]) tp++; else if (got) fp++; else if (x.labels[a]) fn++;
  });
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
export function polarityExamples(rows: readonly { lang: string; aspects: string; text: string }[], detect: AspectModel): { examples: PolarityExample[] } {
  const examples: PolarityExample[] = [];
  setAspectModel(detect);
  try {
    rows.forEach((r, i) => {
      if (r.aspects === '-') return;
      const gold = new Map(r.aspects.split(',').map((p) => p.split(':') as [string, string]));
      const sentiment = scoreSentiment({ text: r.text, lang: r.lang, kind: 'social' });
      for (const x of polarityInputs(r.text, r.lang, sentiment)) {
        const label = POLARITIES.indexOf(gold.get(x.aspect) as Polarity);
        if (label >= 0) examples.push({ keys: polarityKeys(x), dense: polarityDense(x), label, heuristic: POLARITIES.indexOf(x.heuristic), mention: i });
      }
    });
  } finally {
    setAspectModel(undefined);
  }
  return { examples };
}

/**
 * Real review sentences (UCI, ../shared/data) as polarity examples: where extractAspects finds
 * exactly one aspect, the sentence's own label (pos / neg) is that aspect's polarity, near enough.
 * `parity`: 0 for the even rows (trained on), 1 for the odd rows (the check).
 */
export function realPolarityExamples(detect: AspectModel, parity: 0 | 1): PolarityExample[] {
  const file = 'sentiment/en_uci_sentences.tsv';
  if (!existsSync(resolve(dataDir(), file))) return [];
  const out: PolarityExample[] = [];
  setAspectModel(detect);
  try {
    readTsv(file).forEach((r, i) => {
      if (i % 2 !== parity) return;
      const inputs = polarityInputs(r.text!, 'en', scoreSentiment({ text: r.text!, lang: 'en', kind: 'review' }));
      if (inputs.length !== 1) return;
      const x = inputs[0]!;
      out.push({ keys: polarityKeys(x), dense: polarityDense(x), label: r.label === 'pos' ? 2 : 0, heuristic: POLARITIES.indexOf(x.heuristic), mention: -1 - i });
    });
  } finally {
    setAspectModel(undefined);
  }
  return out;
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
function usedReading(pm: PolarityModel, x: PolarityExample): number {
  // dense[0] is the clause's lexicon score, dense[5..6] a trigger's verdict.
  if (keepsOwnReading(x.dense[0]!, x.dense[5] || x.dense[6] ? 'verdict' : undefined)) return x.heuristic;
  const z = polarityLogits(pm, x.keys, x.dense);
  const read = argmax3(z);
  const p = 1 / (Math.exp(z[0]! - z[read]!) + Math.exp(z[1]! - z[read]!) + Math.exp(z[2]! - z[read]!));
  return p >= MODEL_SURE ? read : x.heuristic;
}

function argmax3(z: Float64Array): number {
  return z[0]! >= z[1]! && z[0]! >= z[2]! ? 0 : z[1]! >= z[2]! ? 1 : 2;
}

const FOLDS = 5;

function main(): void {
  const t0 = performance.now();
  const ourRows = trainingRows(), devRowsRead = devRows();
  const ours = examples(ourRows);
  const dev = examples(devRowsRead);
  const real = realCounterExamples();
  if (ours.length === 0) throw new Error('no training mentions in src/scoring/training/aspects');
  // Out-of-fold log-odds for our mentions: each fold's model learns from the other folds, all of
  // dev and the real counter-examples.
  const z: Float64Array[] = new Array(ours.length);
  for (const test of kFold(ours.length, FOLDS, 3)) {
    const held = new Set(test);
    const m = trainAspectModel([...ours.filter((_, i) => !held.has(i)), ...dev, ...real]);
    for (const i of test) z[i] = logits(m, ours[i]!);
  }
  const thresholds = chooseThresholds(ours, z);
  const figures: Record<string, unknown> = {};
  console.log('| aspect | threshold | triggers alone P / R / F1 | with the model (out of fold) P / R / F1 |');
  console.log('|---|---|---|---|');
  for (let a = 0; a < K; a++) {
    const before = unionF1(ours, z, a, Infinity), after = unionF1(ours, z, a, thresholds[a]!);
    const f = (x: { p: number; r: number; f1: number }) => `${x.p.toFixed(2)} / ${x.r.toFixed(2)} / ${x.f1.toFixed(2)}`;
    console.log(`| ${ASPECTS[a]} | ${thresholds[a]} | ${f(before)} | ${f(after)} |`);
    figures[ASPECTS[a]!] = { triggersF1: +before.f1.toFixed(3), withModelF1: +after.f1.toFixed(3) };
  }
  const model = trainAspectModel([...ours, ...dev, ...real]);
  model.thresholds = thresholds;

  // Polarity: read from the aspects the detection model just trained finds, as scoring will.
  const pOurs = polarityExamples(ourRows, model).examples;
  const pDev = polarityExamples(devRowsRead, model).examples;
  // Real review sentences too: trained on our mentions alone, the model read real text worse than
  // the clause's words did (UCI odd rows 0.871 against 0.891).
  const pReal = realPolarityExamples(model, 0), pRealCheck = realPolarityExamples(model, 1);
  let heuristicRight = 0, modelRight = 0, usedRight = 0;
  for (const test of kFold(ourRows.length, FOLDS, 5)) {
    const held = new Set(test);
    const pm = trainPolarityModel([...pOurs.filter((x) => !held.has(x.mention)), ...pDev, ...pReal]);
    for (const x of pOurs) {
      if (!held.has(x.mention)) continue;
      if (x.heuristic === x.label) heuristicRight++;
      if (argmax3(polarityLogits(pm, x.keys, x.dense)) === x.label) modelRight++;
      if (usedReading(pm, x) === x.label) usedRight++;
    }
  }
  const share = (n: number) => +(n / pOurs.length).toFixed(3);
  const polarityFigures: Record<string, unknown> = { aspects: pOurs.length, clauseWords: share(heuristicRight), model: share(modelRight), asUsed: share(usedRight) };
  console.log(`\npolarity of the aspects found in the training mentions (${pOurs.length}), out of fold: the clause's words ${polarityFigures.clauseWords}, the polarity model ${polarityFigures.model}, as scoring uses them (a verdict trigger, or a clause with a lexicon score of ${CLAUSE_SPEAKS} or more, keeps its own reading; elsewhere the model needs ${MODEL_SURE}) ${polarityFigures.asUsed}`);
  model.polarity = trainPolarityModel([...pOurs, ...pDev, ...pReal]);
  if (pRealCheck.length) {
    const right = (own: boolean) => pRealCheck.filter((x) => (own ? x.heuristic : usedReading(model.polarity!, x)) === x.label).length / pRealCheck.length;
    polarityFigures.realReviewSentences = { n: pRealCheck.length, clauseWords: +right(true).toFixed(3), asUsed: +right(false).toFixed(3), note: 'UCI odd rows with one aspect; the sentence label as its polarity' };
    console.log(`real review sentences with one aspect (UCI odd rows, never trained on; ${pRealCheck.length}): the sentence's label matched by the clause's words ${right(true).toFixed(3)}, as scoring uses the model ${right(false).toFixed(3)}`);
  }

  const file = aspectModelToFile(model, {
    trainedOn: { mentions: ours.length, devParts: dev.length, realCounterExamples: real.length },
    thresholdsFrom: `${FOLDS}-fold out-of-fold log-odds on the training mentions (not the dev parts)`,
    outOfFold: figures,
    polarityOutOfFold: polarityFigures,
  });
  writeFileSync(ASPECT_MODEL_PATH, JSON.stringify(file) + '\n');
  console.log(`\n${Object.keys(file.weights).length} features, ${ours.length} training mentions + ${dev.length} dev mentions + ${real.length} real counter-examples, ${((performance.now() - t0) / 1000).toFixed(1)} s → ${ASPECT_MODEL_PATH}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
