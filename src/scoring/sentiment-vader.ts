// Features from VADER's lexicon (Hutto & Gilbert 2014, "VADER: A Parsimonious Rule-based Model for
// Sentiment Analysis of Social Media Text", ICWSM; lexicon MIT-licensed), read from the npm
// package vader-sentiment (Apache-2.0). Its ~7,500 entries were rated by ten people each and
// were built for social media: slang, acronyms and emoticons that our own lexicon and AFINN miss.
// Mixing it into our lexicons as a third backup lowered TweetEval macro-F1 (0.633 vs 0.639, one
// run per fold): it moves the features every head reads. Kept apart, as four inputs of the
// tweet-tuned social head only, it adds +0.004 (5-fold CV × 6 fold seeds, 0.647 → 0.651).

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { memoSlot, type Token } from './tokens.js';

export const VADER_FEATURES = ['vaderScore', 'vaderPos', 'vaderNeg', 'vaderCount'] as const;
export const VADER_FEATURE_COUNT = VADER_FEATURES.length;

/** VADER's weight of a negated word (its N_SCALAR): "not good" is about −0.74 × good. */
const NEGATED = -0.74;

let lexicon: Map<string, number> | undefined;
let loadError: string | undefined;

/**
 * The lexicon, lower-case entry → mean valence (−4..4); read once from the package. Never throws:
 * when the file cannot be read it is empty and vaderLexiconError() says why (the sentiment model
 * then drops the head that reads it).
 */
export function vaderLexicon(): ReadonlyMap<string, number> {
  if (!lexicon) {
    lexicon = new Map();
    try {
      const path = createRequire(import.meta.url).resolve('vader-sentiment/vader_lexicon.txt');
      for (const line of readFileSync(path, 'utf8').split('\n')) {
        const [word, value] = line.split('\t');
        const v = Number(value);
        if (word && value && Number.isFinite(v)) lexicon.set(word.toLowerCase(), v);
      }
    } catch (err) {
      lexicon.clear();
      loadError = `VADER lexicon unavailable: ${(err as Error)?.message ?? String(err)}`;
    }
  }
  return lexicon;
}

/** Why the VADER lexicon could not be read; undefined when it was. */
export function vaderLexiconError(): string | undefined {
  vaderLexicon();
  return loadError;
}

// A word's valence on its record, so a known spelling costs no probe: in tenths (the lexicon's
// values have one decimal, −3.9..3.4), a small integer V8 keeps in the memo itself, where a
// fractional number would be a separate heap object and one more cache miss per word; NONE when
// the word is not in the lexicon.
const SLOT = memoSlot();
const NONE = 1000;

function valenceTenths(t: Token, lex: ReadonlyMap<string, number>): number {
  const rec = t.rec;
  let v = rec ? (rec.memo[SLOT] as number | undefined) : undefined;
  if (v === undefined) {
    const x = lex.get(t.text.toLowerCase()) ?? lex.get(t.norm);
    v = x === undefined ? NONE : Math.round(x * 10);
    if (rec) rec.memo[SLOT] = v;
  }
  return v;
}

/**
 * VADER_FEATURES of `tokens` into `out` (length ≥ VADER_FEATURE_COUNT): the squashed sum of
 * valences (negated words flipped as VADER flips them), positive and negative sums, and how many
 * words the lexicon knows. `negated[i] === 1` marks token i inside a negation scope.
 */
export function vaderFeatures(tokens: readonly Token[], negated: Uint8Array, out: Float64Array | number[]): void {
  const lex = vaderLexicon();
  let sum = 0, pos = 0, neg = 0, n = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'punct' || t.kind === 'url' || t.kind === 'number') continue;
    const tenths = valenceTenths(t, lex);
    if (tenths === NONE) continue;
    const v = tenths / 10; // the lexicon's own value: n / 10 is the double nearest "n/10" as written
    const x = negated[i] === 1 ? NEGATED * v : v;
    sum += x;
    if (x > 0) pos += x; else neg -= x;
    n++;
  }
  out[0] = sum / Math.sqrt(sum * sum + 15);
  out[1] = Math.tanh(pos / 4);
  out[2] = Math.tanh(neg / 4);
  out[3] = Math.min(n, 5) / 5;
}
