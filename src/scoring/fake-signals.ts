// Text signals of likely-fake reviews that need no model: generic superlatives without
// specifics, extreme brevity, first-person and brand-name density. They are also the dense
// features of the trained fake-review models, so a user's small labelled set benefits from them.
// EN + ES; words are accent-folded so "increíble" and "increible" match.
import { fold, memoSlot, type Token, type WordRecord } from './tokens.js';
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

/** `tokens`: tokenize(text), when the caller has it. */
const OTHER = 0, SUPERLATIVE = 1, FIRST = 2, CONTENT = 3;
const classes = new Map<string, { kind: number; folded: string }>();

/** What a word counts as in textStats, computed once per word (bounded table). */
const CLASS_SLOT = memoSlot();
/** classOf(rec.norm), kept on the word's record. */
function recordClass(rec: WordRecord): { kind: number; folded: string } {
  let c = rec.memo[CLASS_SLOT] as { kind: number; folded: string } | undefined;
  if (c === undefined) rec.memo[CLASS_SLOT] = c = classOf(rec.norm);
  return c;
}

function classOf(norm: string): { kind: number; folded: string } {
  let c = classes.get(norm);
  if (c === undefined) {
    const w = fold(norm);
    const kind = SUPERLATIVES.has(w) ? SUPERLATIVE
      : FIRST_PERSON.has(w) ? FIRST
        : w.length >= 5 && !STOPWORDS.has(w) && !GENERIC.has(w) ? CONTENT : OTHER;
    c = { kind, folded: w };
    if (classes.size >= 100_000) classes.clear();
    classes.set(norm, c);
  }
  return c;
}

export function textStats(text: string, brandName?: string, tokens?: readonly Token[]): TextStats {
  const toks = tokens ?? tokensOf(text);
  const content = new Set<string>();
  let words = 0, superlatives = 0, numbers = 0, firstPerson = 0, exclamations = 0;
  for (const t of toks) {
    if (t.kind === 'word') {
      words++;
      const c = t.rec ? recordClass(t.rec) : classOf(t.norm);
      if (c.kind === SUPERLATIVE) superlatives++;
      else if (c.kind === FIRST) firstPerson++;
      else if (c.kind === CONTENT) content.add(c.folded);
    } else if (t.kind === 'number') numbers++;
    else if (t.kind === 'punct' && t.text.includes('!')) exclamations += t.text.split('!').length - 1;
  }
  let brandMentions = 0;
  const name = brandName?.trim().toLowerCase();
  if (name && name.length >= 2) {
    const hay = fold(text.toLowerCase());
    const needle = fold(name);
    for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) brandMentions++;
  }
  return { words, superlatives, specifics: numbers + content.size, firstPerson, exclamations, brandMentions };
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
