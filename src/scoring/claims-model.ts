// Environmental-claim detector: a hashed-logreg classifier (see classifier.ts) trained on
// Stammbach et al. 2023 "Environmental Claim Detection" (../shared/data/claims), shipped as
// src/scoring/model/claims.json. It catches environmental claims the phrase rules in claims.ts
// do not list ("we cut our footprint in half"), sentence by sentence, English only.
import { readFileSync } from 'node:fs';
import { TextClassifier, type TrainOptions } from './classifier.js';
import type { Token } from './tokens.js';
import type { LabelledRow } from './classifier-data.js';
import { crossValidate, type BinaryMetrics } from './classifier-metrics.js';

const STRONG = /\b(?:emissions?|carbon|co2|ghg|greenhouse|climate|renewables?|solar|wind power|sustainab\w*|environment\w*|eco[- ]?\w*|recycl\w*|biodivers\w*|net[- ]zero|decarboni\w*|low[- ]carbon|energy[- ]efficien\w*|footprint|clean energy|hydrogen|pollut\w*|circular|biodegrad\w*|green|plastic\w*|packaging|waste|planet)\b/gi;
const ACTION = /\b(?:reduc\w*|cut\w*|lower\w*|avoid\w*|sav(?:e|es|ed|ing)|protect\w*|improv\w*|transition\w*|help\w*|contribut\w*|support\w*|promot\w*|minimi[sz]\w*|achiev\w*|commit\w*|aim\w*|target\w*|goal|ambition|strive|pledge|invest\w*)\b/gi;
const WE = /\b(?:we|our|us)\b/gi;
const DIGITS = /\d/g;
const TALK = /\b(?:I think|you know|yes|well|quarter|guidance|analyst)\b/gi;

/** Cheap gate: only sentences with an environmental term are worth running the model on. */
export const ENV_HINT = /\b(?:emission|carbon|co2|climate|renewab|solar|sustainab|environment|eco|recycl|biodivers|net[- ]zero|decarboni|footprint|pollut|biodegrad|green|plastic|packaging|waste|planet)/i;

export const CLAIM_DENSE_NAMES = ['strong', 'action', 'we', 'strong*action', 'strong*we', 'digits', 'talk', 'len'];

/** Matches of a global regexp in `t` (what t.match(re).length gives, without the array). */
function count(re: RegExp, t: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(t) !== null) n++;
  re.lastIndex = 0;
  return n;
}

export function claimDense(t: string): number[] {
  const s = count(STRONG, t), a = count(ACTION, t), w = count(WE, t);
  return [Math.log1p(s), Math.log1p(a), Math.log1p(w), s > 0 && a > 0 ? 1 : 0, s > 0 && w > 0 ? 1 : 0, Math.log1p(count(DIGITS, t)), Math.log1p(count(TALK, t)), Math.log1p(t.length)];
}

/** Chosen by 5-fold CV on the training data (see train-claims.ts). */
export const CLAIM_TRAIN_DEFAULTS: TrainOptions & { spec: { dim: number; wordNgrams: number; charNgrams: [number, number] } } = {
  spec: { dim: 1 << 18, wordNgrams: 2, charNgrams: [3, 5] },
  epochs: 4,
  learningRate: 0.2,
  l2: 1e-5,
  seed: 42,
};
/** Decision threshold for "claim" (the classes are 1:3, so below 0.5). */
export const CLAIM_THRESHOLD = 0.35;

export function trainClaimClassifier(rows: LabelledRow[], meta: Record<string, unknown> = {}): TextClassifier {
  return TextClassifier.train(rows.map((r) => ({ text: r.text, label: r.label, dense: claimDense(r.text) })), {
    ...CLAIM_TRAIN_DEFAULTS,
    denseNames: CLAIM_DENSE_NAMES,
    meta,
  });
}

export function crossValidateClaims(rows: LabelledRow[], folds = 5, seed = 42, threshold = CLAIM_THRESHOLD): BinaryMetrics & { folds: BinaryMetrics[]; scores: number[] } {
  return crossValidate(rows, (r) => r.label, folds, (train) => {
    const m = trainClaimClassifier(train);
    return (r) => m.predict(r.text, claimDense(r.text));
  }, seed, threshold);
}

export const SHIPPED_CLAIMS_MODEL_URL = new URL('./model/claims.json', import.meta.url);
let shipped: TextClassifier | null | undefined;

/** The shipped detector, loaded once; null when the file is missing (rules only). */
export function shippedClaimModel(): TextClassifier | null {
  if (shipped === undefined) {
    try {
      shipped = TextClassifier.fromJSON(JSON.parse(readFileSync(SHIPPED_CLAIMS_MODEL_URL, 'utf8')));
    } catch {
      shipped = null;
    }
  }
  return shipped;
}

/**
 * Probability that a sentence is an environmental claim; 0 without the env gate or a model.
 * `tokens`: tokenize(sentence), when the caller has it.
 */
export function envClaimProbability(sentence: string, model: TextClassifier | null = shippedClaimModel(), tokens?: readonly Token[]): number {
  if (!model || !ENV_HINT.test(sentence)) return 0;
  return model.predict(sentence, claimDense(sentence), tokens);
}
