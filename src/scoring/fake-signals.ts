// Text signals of likely-fake reviews that need no model: generic superlatives without
// specifics, extreme brevity, first-person and brand-name density. They are also the dense
// features of the trained fake-review models, so a user's small labelled set benefits from them.
// EN + ES; words are accent-folded so "increíble" and "increible" match.
import { fold, memoSlot, type Token, type WordRecord } from './tokens.js';
import { fnv1a } from './fnv.js';
import { STOPWORDS, tokensOf } from './claims-text.js';

const SUPERLATIVES = new Set(
  [
    // en
    'best', 'amazing', 'awesome', 'perfect', 'perfectly', 'excellent', 'fantastic', 'great', 'wonderful', 'incredible',
    'outstanding', 'superb', 'love', 'loved', 'loves', 'lovely', 'favorite', 'favourite', 'highly', 'ever', 'brilliant',
    'stunning', 'phenomenal', 'flawless', 'exceptional', 'unbelievable', 'magnificent', 'fabulous', 'terrific',
    'must', 'recommend', 'recommended', 'five', 'stars', 'top', 'greatest', 'ultimate', 'life-changing', 'wow',
    // es
    'mejor', 'mejores', 'increible', 'increibles', 'perfecto', 'perfecta', 'excelente', 'excelentes', 'fantastico',
    'fantastica', 'maravilloso', 'maravillosa', 'genial', 'geniales', 'encanta', 'encanto', 'encantado', 'encantada',
    'recomiendo', 'recomendable', 'recomendadisimo', 'espectacular', 'brutal', 'buenisimo', 'buenisima', 'ideal',
    'estrellas', 'cinco', 'impresionante', 'insuperable', 'fenomenal', 'top', 'favorito', 'favorita', 'unico', 'unica',
  ].map(fold),
);

// Nouns every review uses; naming them is not being specific.
const GENERIC = new Set(
  [
    'food', 'service', 'staff', 'place', 'restaurant', 'hotel', 'room', 'rooms', 'product', 'products', 'everything', 'everyone',
    'everybody', 'experience', 'price', 'prices', 'quality', 'thing', 'things', 'stuff', 'location', 'people', 'friends', 'family',
    'definitely', 'absolutely', 'totally', 'really', 'again', 'always', 'world', 'would', 'could', 'amazing', 'nothing',
    'comida', 'servicio', 'personal', 'sitio', 'lugar', 'habitacion', 'habitaciones', 'producto', 'productos', 'todos', 'todas',
    'experiencia', 'precio', 'calidad', 'mundo', 'siempre', 'seguro', 'amigos', 'familia', 'restaurante', 'ciudad', 'nunca',
  ].map(fold),
);

const FIRST_PERSON = new Set(['i', "i'm", "i've", "i'd", "i'll", 'me', 'my', 'mine', 'myself', 'yo', 'mi', 'mis', 'conmigo', 'mio', 'mia']);

export interface TextStats {
  words: number;
  superlatives: number;
  /** Numbers, and distinct content words that are neither stop words nor superlatives. */
  specifics: number;
  firstPerson: number;
  exclamations: number;
  /** Mentions of the brand name (when given). */
  brandMentions: number;
}

const OTHER = 0, SUPERLATIVE = 1, FIRST = 2, CONTENT = 3;

/**
 * What a folded word counts as in textStats, packed in a small integer: the kind in the low two
 * bits, a 28-bit hash of the word above them (distinct content words are told apart by it before
 * their strings are compared). A small integer sits in the word record's memo itself: reading
 * it costs no pointer chase to an object of its own.
 */
function packClass(w: string): number {
  const kind = SUPERLATIVES.has(w) ? SUPERLATIVE
    : FIRST_PERSON.has(w) ? FIRST
      : w.length >= 5 && !STOPWORDS.has(w) && !GENERIC.has(w) ? CONTENT : OTHER;
  return ((fnv1a(w) & 0x0fffffff) << 2) | kind;
}

/** packClass(rec.folded), kept on the word's record (rec.folded is fold(rec.norm)). */
const CLASS_SLOT = memoSlot();
function recordClass(rec: WordRecord): number {
  let c = rec.memo[CLASS_SLOT] as number | undefined;
  if (c === undefined) rec.memo[CLASS_SLOT] = c = packClass(rec.folded);
  return c;
}

/** Tokens without a record (made by hand): the folded word and its class, by norm (bounded table). */
const classes = new Map<string, { packed: number; folded: string }>();
function classOf(norm: string): { packed: number; folded: string } {
  let c = classes.get(norm);
  if (c === undefined) {
    const w = fold(norm);
    c = { packed: packClass(w), folded: w };
    if (classes.size >= 100_000) classes.clear();
    classes.set(norm, c);
  }
  return c;
}

/** `tokens`: tokenize(text), when the caller has it. */
export function textStats(text: string, brandName?: string, tokens?: readonly Token[]): TextStats {
  const toks = tokens ?? tokensOf(text);
  let words = 0, superlatives = 0, numbers = 0, firstPerson = 0, exclamations = 0, distinct = 0;
  // Distinct content words: a short list scanned per word (a review has a few dozen), turned
  // into a Set past DISTINCT_SCAN; both count distinct folded strings, as one Set always did.
  let seen: Set<string> | null = null;
  const list = contentScratch, packs = packScratch;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.kind === 'word') {
      words++;
      const rec = t.rec;
      let c: number, w: string;
      if (rec) { c = recordClass(rec); w = rec.folded; } else { const o = classOf(t.norm); c = o.packed; w = o.folded; }
      const kind = c & 3;
      if (kind === SUPERLATIVE) superlatives++;
      else if (kind === FIRST) firstPerson++;
      else if (kind === CONTENT) {
        if (seen !== null) { if (!seen.has(w)) { seen.add(w); distinct++; } continue; }
        let dup = false;
        for (let j = 0; j < distinct; j++) if (packs[j] === c && list[j] === w) { dup = true; break; }
        if (dup) continue;
        if (distinct < DISTINCT_SCAN) { packs[distinct] = c; list[distinct++] = w; continue; }
        seen = new Set(list);
        seen.add(w);
        distinct++;
      }
    } else if (t.kind === 'number') numbers++;
    else if (t.kind === 'punct' && t.text.includes('!')) exclamations += t.text.split('!').length - 1;
  }
  list.fill('', 0, Math.min(distinct, DISTINCT_SCAN)); // drop this text's strings
  return { words, superlatives, specifics: numbers + distinct, firstPerson, exclamations, brandMentions: brandMentions(text, brandName) };
}

const DISTINCT_SCAN = 48;
const contentScratch: string[] = new Array<string>(DISTINCT_SCAN).fill('');
const packScratch = new Int32Array(DISTINCT_SCAN);
const NON_ASCII = /[^\x00-\x7f]/;

/** Non-overlapping occurrences of the folded, lower-cased brand name in the folded, lower-cased text. */
function brandMentions(text: string, brandName: string | undefined): number {
  let count = 0;
  const name = brandName?.trim().toLowerCase();
  if (name && name.length >= 2) {
    // Native lower-casing and search beat a hand-written case-insensitive scan here (measured).
    // fold() of an ASCII string is the string; a native regexp finds out faster than fold's loop.
    const lower = text.toLowerCase();
    const hay = NON_ASCII.test(lower) ? fold(lower) : lower;
    const needle = fold(name);
    if (needle.length === 0) return 0; // a name that folds to nothing would match at every offset
    for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) count++;
  }
  return count;
}

/** Dense features for fake-review models, in FAKE_DENSE_NAMES order. `rating` is 0..1 when known. */
export const FAKE_DENSE_NAMES = ['logWords', 'superlativeShare', 'specificShare', 'firstPersonShare', 'exclamations', 'hasRating', 'rating', 'fiveStar'];

/** `stats`: textStats(text), when the caller has computed it (the brand name does not matter here). */
export function fakeDense(text: string, rating?: number, stats?: TextStats): number[] {
  const s = stats ?? textStats(text);
  const w = Math.max(1, s.words);
  const hasRating = rating !== undefined && Number.isFinite(rating);
  const r = hasRating ? Math.min(1, Math.max(0, rating)) : 0.5;
  return [
    Math.log1p(s.words),
    s.superlatives / w,
    s.specifics / w,
    s.firstPerson / w,
    Math.min(10, s.exclamations),
    hasRating ? 1 : 0,
    r,
    hasRating && r >= 0.99 ? 1 : 0,
  ];
}

/** Maps a rating from a user TSV to 0..1 assuming the usual scales (1–5, 1–10, 0–100). */
export function normaliseRating(value: number): number {
  if (!Number.isFinite(value)) return 0.5;
  if (value <= 5) return Math.min(1, Math.max(0, (value - 1) / 4));
  if (value <= 10) return (value - 1) / 9;
  return Math.min(1, value / 100);
}
