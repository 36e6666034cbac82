// Fake-review likelihood: a trained text model plus explainable signals from the text, the
// reviewer's behaviour and the brand's recent ratings, summed as log-odds. Every signal that
// moves the score adds a reason, so a PR team sees why a review was flagged.
import type { Author, BehaviourCounts, FakeScore } from '../core/types.js';
import { REWORD_SIMILARITY, type DuplicateMatch } from './minhash.js';
import type { FakeModel } from './fake-model.js';
import { fakeDense, textStats } from './fake-signals.js';
import { tokensFor, type PreparedTokens } from './claims-text.js';

/** Counts the caller computes from its store (core's BehaviourCounts). */
export type BehaviourContext = BehaviourCounts;

export interface FakeInput {
  text: string;
  title?: string;
  /** Rating mapped to 0..1 (Rating.normalized). */
  rating?: number;
  /** Sentiment of the text, −1..1 (SentimentScore.score), for the rating–text mismatch. */
  sentiment?: number;
  lang?: string;
  brandName?: string;
  author?: Author;
  verifiedPurchase?: boolean;
  /** Best near-duplicate among the brand's earlier reviews (DuplicateIndex.check). */
  duplicate?: DuplicateMatch | null;
  behaviour?: BehaviourContext;
}

/** Words from which a copy is too long to be written twice by chance (reworded copies have 12+ content words). */
const LONG_COPY_WORDS = 20;

/** Words from which the text model's vote counts in full. */
const MODEL_FULL_WORDS = 6;

/** How clearly (|sentiment of the text alone|) a text must read against its stars for the rating–text mismatch. */
const MISMATCH_TEXT = 0.5;

/** Log-odds of a review with no model opinion: fakes are a minority of real-world reviews. */
const PRIOR_LOGIT = -1.6;

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function num(x: unknown): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

/**
 * Scores one review. `model` is the shipped or a user-trained model (null → text and behaviour
 * signals only). The model is applied only to the languages it was trained for.
 * `prepared`: the tokens of the text scored (the title, when given, joined as "title. text").
 */
export function scoreFake(input: FakeInput, model: FakeModel | null = null, prepared?: PreparedTokens): FakeScore {
  const text = typeof input.text === 'string' ? input.text : '';
  const full = input.title ? `${input.title}. ${text}` : text;
  const rating = num(input.rating);
  const sentiment = num(input.sentiment);
  const reasons: string[] = [];
  let z = PRIOR_LOGIT;

  // Tokenized once (memoised on the text): the stats, the dense features and the model share it.
  const tokens = tokensFor(full, prepared);
  const s = textStats(full, input.brandName, tokens);

  // 1. Trained text model.
  const lang = input.lang ?? 'und';
  let modelVote = 0;
  // The model's verdict when it reads as genuine: said last, after whatever pushed the score up.
  let modelNote: string | undefined;
  if (model && (model.langs === null || model.langs.includes(lang))) {
    const logit = model.classifier.logit(full, fakeDense(full, rating, s), tokens);
    // Centre the model's opinion on the prior and soften it: it was trained on balanced data.
    // A model trained on reviews of a paragraph or more has no opinion on "Great" (p = 0.50, a
    // vote of +1.2 by itself): below MODEL_FULL_WORDS words its vote counts in proportion.
    modelVote = (0.8 * Math.max(-5, Math.min(5, logit)) + 1.2) * Math.min(1, s.words / MODEL_FULL_WORDS);
    z += modelVote;
    const p = sigmoid(logit);
    const short = s.words < MODEL_FULL_WORDS ? `; ${s.words} word${s.words === 1 ? '' : 's'}: too short for it to weigh much` : '';
    if (p >= 0.5) reasons.push(`text model (${model.name}): reads as machine-written or templated (p=${p.toFixed(2)}${short})`);
    else modelNote = `text model (${model.name}): reads as genuine (p=${p.toFixed(2)}${short})`;
  } else if (model) {
    modelNote = `text model (${model.name}) not applied: it reads ${model.langs!.join('/')}, this review is '${lang}'`;
  }

  // 2. Text signals.
  const dup = input.duplicate;
  const sim = dup ? num(dup.similarity) ?? 0 : 0;
  let copyPush = 0;
  if (dup && dup.basis === 'words' && sim >= REWORD_SIMILARITY) {
    // Content-word sets: genuine reviews of 12+ content words almost never share this many (see
    // REWORD_SIMILARITY), so it weighs as a copy does: +1.5 at 0.45, up to +3 at 0.65 and above.
    copyPush = 1.5 + 1.5 * Math.min(1, (sim - REWORD_SIMILARITY) / 0.2);
    reasons.push(`reworded copy of review ${dup.id} (content-word similarity ${sim.toFixed(2)})`);
  } else if (dup && dup.basis !== 'words' && sim >= 0.5) {
    // From +1.5 at similarity 0.5 to +3 at 0.8 and above, with no step: the similarity is a MinHash
    // estimate (±0.06), and a step at 0.8 let that noise flip borderline pairs either way.
    copyPush = 1.5 + 1.5 * Math.min(1, (sim - 0.5) / 0.3);
    reasons.push(`near-duplicate of review ${dup.id} (similarity ${sim.toFixed(2)})`);
  }
  z += copyPush;
  const copyOf = copyPush > 0 && dup ? { id: dup.id, similarity: sim, basis: dup.basis ?? 'shingles' } : undefined;
  if (copyPush > 0 && modelVote < 0 && (dup?.basis === 'words' || s.words >= LONG_COPY_WORDS)) {
    // A copy reads as genuine as the review it copies: the text model judges how a review is
    // written, not whether it was written once, so its "genuine" vote does not cancel a copy.
    // Only for copies long enough not to happen by chance: during a backlash many people write
    // the same short complaint ("Not worth the money. Save your money.").
    z -= modelVote;
    modelNote = undefined;
    reasons.push('text model reads it as genuine, as it reads the review it copies: that vote is set aside');
  }
  if (s.words > 0 && s.superlatives >= 2 && s.superlatives / s.words >= 0.1 && s.specifics <= 2 + s.words / 15) {
    z += 1.8;
    reasons.push(`generic superlatives with no specifics (${s.superlatives} superlatives, ${s.specifics} specific terms)`);
  }
  // Only a text that reads clearly against its stars: mild readings are where the sentiment
  // model errs (it once read "Not bad at all." at −0.38), and a fake suspicion costs a genuine reviewer.
  if (rating !== undefined && sentiment !== undefined) {
    if (rating >= 0.8 && sentiment <= -MISMATCH_TEXT) {
      z += 1.3;
      reasons.push(`rating–text mismatch: high rating but negative text (sentiment ${sentiment.toFixed(2)})`);
    } else if (rating <= 0.2 && sentiment >= MISMATCH_TEXT) {
      z += 1.3;
      reasons.push(`rating–text mismatch: low rating but positive text (sentiment ${sentiment.toFixed(2)})`);
    }
  }
  if (s.words > 0 && s.words < 4) {
    z += rating !== undefined && rating >= 0.99 ? 0.9 : 0.5;
    reasons.push(`extremely short (${s.words} word${s.words === 1 ? '' : 's'})`);
  }
  if (s.words >= 8 && s.firstPerson / s.words >= 0.12) {
    z += 0.5;
    reasons.push(`high first-person density (${Math.round((100 * s.firstPerson) / s.words)}% of words)`);
  }
  if (s.brandMentions >= 2 && s.brandMentions / Math.max(1, s.words) >= 0.04) {
    z += 0.8;
    reasons.push(`brand name repeated ${s.brandMentions} times`);
  }

  // 3. Behaviour, when the source gives it.
  if (input.author?.reviewCount === 1) {
    z += 0.6;
    reasons.push('author has written only this review');
  }
  const sameDay = num(input.behaviour?.authorReviewsSameDay);
  if (sameDay !== undefined && sameDay >= 3) {
    z += sameDay >= 5 ? 1.5 : 1;
    reasons.push(`author wrote ${sameDay} reviews of the brand in one day`);
  }
  const burst = num(input.behaviour?.fiveStarInWindow);
  const base = num(input.behaviour?.fiveStarBaseline);
  if (burst !== undefined && burst >= 5 && rating !== undefined && rating >= 0.99) {
    const ratio = burst / Math.max(0.5, base ?? 0);
    if (ratio >= 3) {
      z += ratio >= 6 ? 1.5 : 1;
      reasons.push(`part of a burst of 5-star reviews (${burst} vs ${(base ?? 0).toFixed(1)} usual, ×${ratio.toFixed(1)})`);
    }
  }
  if (input.verifiedPurchase === false) {
    z += 0.5;
    reasons.push('purchase not verified');
  }

  if (modelNote) reasons.push(modelNote);
  // A score with no evidence either way still says so: an empty list reads as "not looked at".
  if (reasons.length === 0) reasons.push('no fake-review signal found');
  const likelihood = sigmoid(z);
  const behaviour = countsGiven(input.behaviour);
  return { likelihood: Number.isFinite(likelihood) ? Math.round(likelihood * 1000) / 1000 : 0, reasons, ...(copyOf ? { copyOf } : {}), ...(behaviour ? { behaviour } : {}) };
}

/**
 * The behaviour counts a stored fake score was given: its `behaviour`, or, for a score stored
 * before the counts were kept with it, what its reasons say (only counts that moved a score have a
 * reason, and only those change a score scored again).
 */
export function behaviourOf(score: Pick<FakeScore, 'behaviour' | 'reasons'> | undefined): BehaviourCounts | undefined {
  if (!score) return undefined;
  if (score.behaviour) return score.behaviour;
  const out: BehaviourCounts = {};
  for (const r of Array.isArray(score.reasons) ? score.reasons : []) {
    const day = /^author wrote (\d+) reviews of the brand in one day$/.exec(r);
    if (day) out.authorReviewsSameDay = Number(day[1]);
    const burst = /^part of a burst of 5-star reviews \((\d+) vs (\d+(?:\.\d+)?) usual/.exec(r);
    if (burst) { out.fiveStarInWindow = Number(burst[1]); out.fiveStarBaseline = Number(burst[2]); }
  }
  return Object.keys(out).length ? out : undefined;
}

/** The finite counts of `b`, or undefined when it has none (they are stored with the score). */
function countsGiven(b: BehaviourContext | undefined): BehaviourCounts | undefined {
  if (!b) return undefined;
  const out: BehaviourCounts = {};
  for (const k of ['authorReviewsSameDay', 'fiveStarInWindow', 'fiveStarBaseline'] as const) {
    const v = num(b[k]);
    if (v !== undefined) out[k] = v;
  }
  return Object.keys(out).length ? out : undefined;
}
