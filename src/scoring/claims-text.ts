// Text helpers shared by the claim, mission and fake-review scorers: stop words and stemming
// for English and Spanish, from natural. Deep requires keep start-up fast: importing natural's
// index loads every module it has (about a second).
import { createRequire } from 'node:module';
import { fold, tokenize, type Token } from './tokens.js';

const require = createRequire(import.meta.url);

interface Stemmer { stem(word: string): string }
const stemEn = require('natural/lib/natural/stemmers/porter_stemmer.js') as Stemmer;
const stemEs = require('natural/lib/natural/stemmers/porter_stemmer_es.js') as Stemmer;
const stopEn = (require('natural/lib/natural/util/stopwords.js') as { words: string[] }).words;
const stopEs = (require('natural/lib/natural/util/stopwords_es.js') as { words: string[] }).words;

/** Stop words of both languages, accent-folded. Negations are kept out: they change meaning. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  [...stopEn, ...stopEs, 'el', 'lo', 'le', 'les', 'es', 'son', 'muy', 'mas', 'pero', 'this', 'that', 'it', 'its', 'i', 'im', 'ive', 'me', 'my', 'we', 'our', 'you', 'your']
    .map((w) => fold(w.toLowerCase()))
    .filter((w) => !['no', 'not', 'ni', 'nunca', 'never', 'sin', 'without'].includes(w)),
);

// One table per language, so a lookup needs no key string built per word.
const stemCacheEn = new Map<string, string>();
const stemCacheEs = new Map<string, string>();

/** Stems a lower-cased word with the stemmer of `lang` ('es' → Spanish, else English), accent-folded. */
export function stem(word: string, lang?: string): string {
  const es = lang === 'es';
  const cache = es ? stemCacheEs : stemCacheEn;
  let s = cache.get(word);
  if (s === undefined) {
    try {
      s = fold(es ? stemEs.stem(word) : stemEn.stem(word));
    } catch {
      s = fold(word);
    }
    // Bounded cache: enough for a vocabulary, never a leak on adversarial input.
    if (cache.size > 100_000) cache.clear();
    cache.set(word, s);
  }
  return s;
}

/** What the claim and mission scorers need of a lower-cased word, computed once per word. */
export interface WordInfo {
  /** fold(word) */
  folded: string;
  /** STOPWORDS.has(folded) */
  stop: boolean;
  /** stem(folded, 'en') and stem(folded, 'es'), once asked for. */
  en: string | undefined;
  es: string | undefined;
}
const wordInfos = new Map<string, WordInfo>();

/** Facts about a lower-cased word (a token's norm), from a bounded table. */
export function wordInfo(word: string): WordInfo {
  let w = wordInfos.get(word);
  if (w === undefined) {
    const folded = fold(word);
    w = { folded, stop: STOPWORDS.has(folded), en: undefined, es: undefined };
    if (wordInfos.size >= 100_000) wordInfos.clear();
    wordInfos.set(word, w);
  }
  return w;
}


/** stem(info.folded, lang), remembered on the info. */
export function stemOf(info: WordInfo, lang: 'en' | 'es'): string {
  if (lang === 'es') return (info.es ??= stem(info.folded, 'es'));
  return (info.en ??= stem(info.folded, 'en'));
}

/**
 * Text a caller has already tokenized, handed to a scorer so it does not tokenize it again
 * (sentiment-prep's PreparedText fits; more prepared fields may be added later). Used only when
 * `text` is exactly the text the scorer reads.
 */
export interface PreparedTokens {
  text: string;
  tokens: readonly Token[];
}

/** tokenize(text): prepared.tokens when they are of this text, else tokensOf(text). */
export function tokensFor(text: string, prepared?: PreparedTokens): readonly Token[] {
  return prepared && prepared.text === text && Array.isArray(prepared.tokens) ? prepared.tokens : tokensOf(text);
}

let lastTokIn = '';
let lastTokOut: Token[] = [];

/** tokenize(), memoised on the last input: several scorers tokenize the same post in a row. */
export function tokensOf(text: string): Token[] {
  if (text !== lastTokIn) {
    lastTokOut = tokenize(text);
    lastTokIn = text;
  }
  return lastTokOut;
}

/**
 * Hands tokensOf() the tokens of `text` a caller already has (they must be tokenize(text)), so a
 * pipeline that tokenized the post once does not tokenize it again for claims, mission and fake.
 */
export function primeTokens(text: string, tokens: Token[]): void {
  if (typeof text !== 'string' || !Array.isArray(tokens)) return;
  lastTokIn = text;
  lastTokOut = tokens;
}

/**
 * The tokens tokenize(text.slice(s, e)) would give (offsets aside), taken from tokenize(text):
 * when no token crosses s or e, the scanner reads the slice exactly as it reads that stretch of
 * the text (it keeps no state between tokens, and s follows an ASCII character, so the scan
 * of the text passes through s). Null when a token crosses a boundary: tokenize the slice then.
 */
export function tokensWithin(tokens: readonly Token[], s: number, e: number): Token[] | null {
  let lo = 0, hi = tokens.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (tokens[mid]!.start < s) lo = mid + 1; else hi = mid; }
  if (lo > 0) {
    const prev = tokens[lo - 1]!;
    if (prev.start + prev.text.length > s) return null;
  }
  let end = lo;
  while (end < tokens.length && tokens[end]!.start < e) end++;
  if (end > lo) {
    const last = tokens[end - 1]!;
    if (last.start + last.text.length > e) return null;
  }
  return tokens.slice(lo, end);
}

/** Levenshtein distance (natural's), used for fuzzy phrase matching. */
export const levenshtein = (require('natural/lib/natural/distance/levenshtein_distance.js') as {
  LevenshteinDistance(a: string, b: string): number;
}).LevenshteinDistance;
