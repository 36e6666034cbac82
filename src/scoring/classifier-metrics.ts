// Metrics and splits for evaluating a TextClassifier: accuracy, ROC AUC, precision/recall/F1,
// seeded stratified splits and folds; and per-class figures for three-class sentiment. Pure
// functions, so evaluation scripts and the `trustlens eval` command report the same figures the
// same way.
import { seededRandom, shuffleInPlace } from './classifier.js';

export interface BinaryMetrics {
  n: number;
  accuracy: number;
  auc: number;
  precision: number;
  recall: number;
  f1: number;
}

/** ROC AUC by the rank-sum (Mann–Whitney) formula, ties counted as half. 0.5 when one class is missing. */
export function rocAuc(labels: (0 | 1)[], scores: number[]): number {
  const idx = labels.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPos = 0;
  let nPos = 0;
  let i = 0;
  while (i < idx.length) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[idx[k]!] === 1) { rankSumPos += avgRank; nPos++; }
    i = j + 1;
  }
  const nNeg = labels.length - nPos;
  if (nPos === 0 || nNeg === 0) return 0.5;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

export function binaryMetrics(labels: (0 | 1)[], scores: number[], threshold = 0.5): BinaryMetrics {
  let tp = 0, fp = 0, tn = 0, fn = 0;
  labels.forEach((y, i) => {
    const p = scores[i]! >= threshold ? 1 : 0;
    if (p === 1 && y === 1) tp++;
    else if (p === 1) fp++;
    else if (y === 1) fn++;
    else tn++;
  });
  const n = labels.length;
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return {
    n,
    accuracy: n ? (tp + tn) / n : 0,
    auc: rocAuc(labels, scores),
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
  };
}

/** Assigns each row to one of k folds, keeping the class balance in every fold; seeded. */
export function stratifiedFolds(labels: (0 | 1)[], k: number, seed = 42): number[] {
  const rand = seededRandom(seed);
  const fold = new Array<number>(labels.length).fill(0);
  for (const cls of [0, 1] as const) {
    const members = shuffleInPlace(labels.flatMap((y, i) => (y === cls ? [i] : [])), rand);
    members.forEach((row, j) => { fold[row] = j % k; });
  }
  return fold;
}

/** Seeded stratified split: returns the row indices of the held-out part (about `fraction`). */
export function stratifiedHoldout(labels: (0 | 1)[], fraction: number, seed = 42): Set<number> {
  const k = Math.max(2, Math.round(1 / fraction));
  const folds = stratifiedFolds(labels, k, seed);
  return new Set(folds.flatMap((f, i) => (f === 0 ? [i] : [])));
}

/** Runs k-fold cross-validation with a caller-supplied train/predict pair; returns pooled metrics. */
export function crossValidate<R>(
  rows: R[],
  labelOf: (r: R) => 0 | 1,
  k: number,
  fit: (train: R[]) => (r: R) => number,
  seed = 42,
  threshold = 0.5,
): BinaryMetrics & { folds: BinaryMetrics[]; scores: number[] } {
  const labels = rows.map(labelOf);
  const folds = stratifiedFolds(labels, k, seed);
  const scores = new Array<number>(rows.length).fill(0);
  const perFold: BinaryMetrics[] = [];
  for (let f = 0; f < k; f++) {
    const train = rows.filter((_, i) => folds[i] !== f);
    const testIdx = rows.flatMap((_, i) => (folds[i] === f ? [i] : []));
    if (testIdx.length === 0) continue;
    const predict = fit(train);
    for (const i of testIdx) scores[i] = predict(rows[i]!);
    perFold.push(binaryMetrics(testIdx.map((i) => labels[i]!), testIdx.map((i) => scores[i]!), threshold));
  }
  return { ...binaryMetrics(labels, scores, threshold), folds: perFold, scores };
}

// Multi-class figures (sentiment's three classes): shared by npm run eval:sentiment and `trustlens eval sentiment`.
export function accuracy(gold: readonly string[], pred: readonly string[]): number {
  if (gold.length === 0) return 0;
  let ok = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === pred[i]) ok++;
  return ok / gold.length;
}

/** Per-class precision, recall and F1 plus their macro average over `classes` (default: gold classes). */
export function classReport(gold: readonly string[], pred: readonly string[], classes?: readonly string[]) {
  const cls = classes ?? [...new Set(gold)].sort();
  const perClass: Record<string, { precision: number; recall: number; f1: number; support: number }> = {};
  let sum = 0;
  for (const c of cls) {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (pred[i] === c && gold[i] === c) tp++;
      else if (pred[i] === c) fp++;
      else if (gold[i] === c) fn++;
    }
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perClass[c] = { precision, recall, f1, support: tp + fn };
    sum += f1;
  }
  return { perClass, macroF1: cls.length ? sum / cls.length : 0, accuracy: accuracy(gold, pred) };
}

/** Macro-averaged F1 over `classes` (default: the classes present in gold). */
export function macroF1(gold: readonly string[], pred: readonly string[], classes?: readonly string[]): number {
  return classReport(gold, pred, classes).macroF1;
}
