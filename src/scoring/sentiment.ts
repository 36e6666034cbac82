// Sentiment of one mention: −1..1, a label, a confidence and the reasons behind them.
// Pipeline: clean + cap the text → tokens → language → lexicon analysis (negation, intensity,
// contrast, emoji, hashtags, emphasis) → trained model (words + lexicon features for English and
// Spanish, lexicon features only for others) → star-rating fusion → reasons.
// Pure and synchronous; never throws and never returns NaN.

import type { MentionKind, SentimentLabel, SentimentScore } from '../core/types.js';
import { prepare, MAX_CHARS, type PreparedText } from './sentiment-prep.js';
import { detectLanguageTokens } from './language.js';
import { analyzeLexicon, describeHit, languagePack, type Hit, type LexiconAnalysis } from './sentiment-lexicon.js';
import type { Token } from './tokens.js';
import { sarcasmIn } from './sarcasm.js';
import { loadSentimentModel, predictLexOnly, predictTokens, type SentimentModel } from './sentiment-model.js';

export interface SentimentInput {
  text: string;
  title?: string;
  /** A star rating; `value`/`best` make the reason read "rating 1/5". */
  rating?: { normalized: number; value?: number; best?: number };
  /** Language when already known (otherwise detected). */
  lang?: string;
  /**
   * What the mention is. Reviews are read by the head trained on review sentences and tweets;
   * social posts, influencer posts, news and unknown kinds also get the social head (tuned on
   * tweets only), which lifts tweets (TweetEval macro-F1 0.60 → 0.65) but costs review sentences
   * a point of accuracy, so reviews skip it.
   */
  kind?: MentionKind;
  /**
   * The text already cleaned and tokenized by prepare() (title joined as "Title. text"), so a
   * pipeline that detected the language on it does not tokenize again. Must match text/title.
   */
  prepared?: PreparedText;
}

export { setSentimentModel, loadSentimentModel } from './sentiment-model.js';

const LABELS: SentimentLabel[] = ['negative', 'neutral', 'positive'];
const MAX_REASONS = 6;

let modelBroken = false;
function model(): SentimentModel | undefined {
  if (modelBroken) return undefined;
  try {
    return loadSentimentModel();
  } catch {
    modelBroken = true;
    return undefined;
  }
}

/**
 * Probabilities [neg, neu, pos] for analysed text; exported for evaluation scripts. `sarcasm`: the
 * span that turned praise into a complaint (sarcasm.ts), when one did.
 */
export function textProbabilities(input: SentimentInput): { p: [number, number, number]; lang: string; lex: LexiconAnalysis; head: string; sarcasm?: string } {
  const { tokens, text } = prepOf(input);
  const lang = pickLang(input, tokens, text);
  const pack = languagePack(lang);
  const lex = analyzeLexicon(tokens, pack);
  const r = headProbabilities(input, tokens, lang, lex);
  // Only where praise would win and our languages were read: most posts never get here.
  if (r.p[2] > r.p[0] && (lang === 'en' || lang === 'es' || lang === 'und') && lex.hits.length > 0) {
    const sarcasm = sarcasmIn(text, lex.hits, tokens);
    if (sarcasm !== null) return { p: [r.p[2], r.p[1], r.p[0]], lang, lex, head: r.head, sarcasm };
  }
  return { p: r.p, lang, lex, head: r.head, sarcasm: undefined };
}

function headProbabilities(input: SentimentInput, tokens: readonly Token[], lang: string, lex: LexiconAnalysis): { p: [number, number, number]; head: string } {
  const m = model();
  if (!m) return { p: lexProbabilities(lex.score), head: 'lexicon rules' };
  if (lang === 'en') {
    if (input.kind === 'review' || !m.social) {
      const head = input.kind !== 'review' && m.meta.socialHeadError ? 'words + lexicon; word vectors unavailable' : 'words + lexicon';
      return { p: predictTokens(m, tokens, lex.negatedTokens, lex.features, false), head };
    }
    return { p: predictTokens(m, tokens, lex.negatedTokens, lex.features, true), head: 'words + word vectors + lexicon' };
  }
  // Spanish (or any language the full head learned words in): words + lexicon, no word vectors (the table is English).
  if (wordLangs(m).includes(lang)) return { p: predictTokens(m, tokens, lex.negatedTokens, lex.features, false), head: 'words + lexicon' };
  return { p: predictLexOnly(m, lex.features), head: 'lexicon features' };
}

/** Languages the model's full head was trained on words of (English only for models without the note). */
function wordLangs(m: SentimentModel): readonly string[] {
  const l = m.meta.wordLangs;
  return Array.isArray(l) ? (l as string[]) : ['en'];
}

export function scoreSentiment(input: SentimentInput): SentimentScore {
  try {
    return score(input ?? { text: '' });
  } catch (err) {
    // Defensive: a bug must not take down ingestion. The reason makes it visible.
    return { score: 0, label: 'neutral', confidence: 0, reasons: [`scoring error: ${(err as Error)?.message ?? String(err)}`] };
  }
}

function score(input: SentimentInput): SentimentScore {
  const prep = prepOf(input);
  const reasons: string[] = [];
  const rating = ratingOf(input.rating) ?? ratingInText(prep.text);
  const hasText = hasNonPunct(prep.tokens);

  if (!hasText) {
    if (rating) {
      return finish(rating.r, rating.r > 0.2 ? 'positive' : rating.r < -0.2 ? 'negative' : 'neutral', 0.6, [`rating ${rating.label}`, 'no text to score']);
    }
    return { score: 0, label: 'neutral', confidence: 0, reasons: [prep.originalLength ? 'no words, emoji or emoticons to score' : 'empty text'] };
  }
  const { p, lang, lex, head, sarcasm } = textProbabilities(input);
  const pack = languagePack(lang);
  let s = p[2] - p[0];
  let label = LABELS[argmax(p)]!;
  let confidence = Math.max(p[0], p[1], p[2]);

  // Reasons: strongest evidence first.
  const shown = strongest(lex.hits, MAX_REASONS - 2);
  for (let k = 0; k < shown.length; k++) reasons.push(describeHit(shown[k]!, prep.tokens, prep.text));
  if (lex.contrast) reasons.push(`contrast "${lex.contrast}": the clause after it weighs more`);
  if (lex.hits.length === 0) {
    reasons.push('no sentiment words found');
    if (lex.words < 3) confidence *= 0.6;
  }
  if (sarcasm !== undefined) reasons.push(`sarcasm: praise for a bad situation ("${sarcasm}"), read as a complaint`);
  reasons.push(`model (${lang}, ${head}): ${sarcasm !== undefined ? 'positive, turned ' : ''}${label} ${fixed2(p[argmax(p)])}`);

  if (!pack.firstClass) {
    if (pack.lang === 'other') {
      confidence *= 0.35;
      reasons.push(`language '${lang}' is not scored by words (emoji and emoticons only)`);
    } else if (pack.lang === 'und') {
      confidence *= 0.7;
      reasons.push('language undetermined: English and Spanish lexicons used');
    } else {
      confidence *= 0.6;
      reasons.push(`language '${lang}': ${pack.source}, lower confidence`);
    }
  }
  if (prep.truncated) reasons.push(`long text: scored the first ${MAX_CHARS} of ${prep.originalLength} characters`);
  if (prep.htmlStripped) reasons.push('HTML tags removed before scoring');

  if (rating) {
    // Stars are the reviewer's own verdict: they weigh more than our reading of the text,
    // and agreement between the two raises confidence.
    // The text's own reading is kept beside the fused score: stars that contradict the words
    // are what the fake-review scorer looks for.
    const fused = 0.6 * rating.r + 0.4 * s;
    const agree = Math.sign(rating.r) === Math.sign(s) || Math.abs(rating.r) < 0.1;
    label = fused > 0.2 ? 'positive' : fused < -0.2 ? 'negative' : 'neutral';
    confidence = agree ? 0.5 + 0.5 * Math.max(confidence, Math.abs(rating.r)) : 0.4 + 0.2 * Math.abs(rating.r);
    reasons.unshift(`rating ${rating.label}`);
    if (!agree) reasons.push('text and rating disagree');
    return finish(fused, label, confidence, reasons, Number.isFinite(s) ? s : 0);
  }
  return finish(s, label, confidence, reasons);
}

/** The result; `textScore`: the text's own reading when stars were weighed in. */
function finish(s: number, label: SentimentLabel, confidence: number, reasons: string[], textScore?: number): SentimentScore {
  const score = round(clamp(s, -1, 1)), conf = round(clamp(confidence, 0, 1));
  // Two literals rather than a spread of one plus textScore, which cost rated reviews ~10% (measured).
  return textScore === undefined ? { score, label, confidence: conf, reasons } : { score, label, confidence: conf, reasons, textScore: round(clamp(textScore, -1, 1)) };
}

function prepOf(input: SentimentInput): PreparedText {
  const p = input?.prepared;
  return p && Array.isArray(p.tokens) && typeof p.text === 'string' ? p : prepare(joinTitle(input));
}

/** The text sentiment scores: the title, when there is one, joined before the text as "Title. text". */
export function joinTitle(input: SentimentInput): string {
  const text = typeof input?.text === 'string' ? input.text : input?.text == null ? '' : String(input.text);
  const title = typeof input?.title === 'string' ? input.title.trim() : '';
  if (!title) return text;
  return /[.!?…]$/.test(title) ? `${title} ${text}` : `${title}. ${text}`;
}

function pickLang(input: SentimentInput, tokens: Parameters<typeof detectLanguageTokens>[0], text: string): string {
  const l = input.lang;
  // A bare lower-case code ('en') is already what lower-casing and cutting at '-'/'_' would give.
  const given = typeof l !== 'string' ? '' : isBareCode(l) ? l : l.toLowerCase().split(/[-_]/)[0]!;
  if (given && given !== 'und') return given;
  return detectLanguageTokens(tokens, text).lang;
}

function isBareCode(l: string): boolean {
  for (let i = 0; i < l.length; i++) {
    const c = l.charCodeAt(i);
    if (c < 97 || c > 122) return false;
  }
  return true;
}

function ratingOf(r: SentimentInput['rating']): { r: number; label: string } | undefined {
  if (!r || typeof r.normalized !== 'number' || !Number.isFinite(r.normalized)) return undefined;
  const n = Math.min(1, Math.max(0, r.normalized));
  const label = typeof r.value === 'number' && typeof r.best === 'number' && Number.isFinite(r.value) && r.best > 0
    ? `${r.value}/${r.best}`
    : `${Math.round(1 + 4 * n)}/5`;
  return { r: 2 * n - 1, label };
}

// A score the author writes into the text ("2/5", "10/10", "4 out of 5", "3 de 5"): reviews
// scraped without a star field often carry one, and it is as much the author's verdict as stars.
// Not a date or a fraction ("3/5/2024", "1/2", "24/7"): the denominator must be 5 or 10, the value
// at most the denominator, and no digit or slash may touch the pair; the worded forms must end
// there or name the scale ("llegaron 3 de 5 paquetes" is no score).
const RATING_SLASH = /(?<![\d.,/])(\d{1,2}(?:[.,]5)?)\s*\/\s*(5|10)(?![\d/]|[.,]\d)/u;
const RATING_WORDED = /(?<![\d.,/])(\d{1,2}(?:[.,]5)?) (?:out of|de|sobre) (5|10)(?=\s*$|\s*[^\s\p{L}\p{N}]|\s+(?:estrellas|stars|puntos|points)\b)/iu;
const RATING_WORDED_HINT = / (?:out of|de|sobre) (?:5|10)\b/i;
function ratingInText(text: string): { r: number; label: string } | undefined {
  const m = (text.includes('/') ? RATING_SLASH.exec(text) : null) ?? (RATING_WORDED_HINT.test(text) ? RATING_WORDED.exec(text) : null);
  if (!m) return undefined;
  const value = Number(m[1]!.replace(',', '.')), best = Number(m[2]);
  if (!(value <= best)) return undefined;
  // 1 of 5 is the worst, 5 the best; a score out of 10 runs from 0.
  const n = best === 5 ? (Math.max(1, value) - 1) / 4 : value / 10;
  return { r: 2 * n - 1, label: `${m[1]}/${best}, in the text` };
}

/** Without a model (broken file): map the lexicon score to probabilities. */
function lexProbabilities(s: number): [number, number, number] {
  if (s > 0.05) return [0.1 * (1 - s), 0.4 * (1 - s), 0.5 + 0.5 * s];
  if (s < -0.05) return [0.5 - 0.5 * s, 0.4 * (1 + s), 0.1 * (1 + s)];
  return [0.2, 0.6, 0.2];
}

/**
 * The `k` hits of largest |value|, largest first, ties in text order: what a stable sort of all
 * hits by |value| (descending) then slice(0, k) gives, without sorting or copying them all.
 */
function strongest(hits: readonly Hit[], k: number): Hit[] {
  const top: Hit[] = [];
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i]!;
    const a = Math.abs(h.value);
    // After every kept hit at least as strong (a stable sort keeps text order among ties).
    let p = top.length;
    while (p > 0 && Math.abs(top[p - 1]!.value) < a) p--;
    if (p >= k) continue;
    top.splice(p, 0, h);
    if (top.length > k) top.length = k;
  }
  return top;
}

/** "0.00" … "1.00", as (k / 100).toFixed(2) writes them. */
const HUNDREDTHS = Array.from({ length: 101 }, (_, k) => (k / 100).toFixed(2));
/**
 * x.toFixed(2) for a probability, from a table: toFixed rounds the exact binary value, and x * 100
 * is within a few ulps of it, so Math.round picks the same hundredth unless x * 100 lies next to a
 * rounding boundary (then toFixed itself decides).
 */
function fixed2(x: number): string {
  if (!(x >= 0 && x <= 1)) return x.toFixed(2);
  const y = x * 100;
  const frac = y - Math.floor(y);
  if (Math.abs(frac - 0.5) < 1e-6) return x.toFixed(2);
  return HUNDREDTHS[Math.round(y)]!;
}

function hasNonPunct(tokens: readonly Token[]): boolean {
  for (let i = 0; i < tokens.length; i++) if (tokens[i]!.kind !== 'punct') return true;
  return false;
}

// Module-level helpers rather than closures in the per-mention functions: tsx (esbuild keepNames)
// renames a nested function on every call, which costs more than the function's work.
function clamp(x: number, lo: number, hi: number): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, x)) : 0;
}
const argmax = (p: readonly number[]) => (p[0]! >= p[1]! && p[0]! >= p[2]! ? 0 : p[2]! > p[1]! ? 2 : 1);
const round = (x: number) => Math.round(x * 1000) / 1000;
