// Claim extraction, EN + ES: what a post asserts about a product in the categories brands
// declare (environmental, cruelty-free, vegan, natural, inclusive, health, price, origin), with
// negation ("not tested on animals" vs "tested on animals"; "no testado en animales") and the
// quoted evidence span.
//
// Every pattern says whether it asserts its category (+1: "cruelty-free") or its opposite
// (−1: "tested on animals"); a negation just before the match flips that. `negated: true` means
// the text finally asserts the opposite of the category — the case that can contradict a brand.
// All patterns run as ONE alternation over an accent-folded copy of the text (one pass, fast);
// offsets map back to the original so evidence is quoted verbatim.

import { memoSlot, type Token } from './tokens.js';
import { fnvRange } from './fnv.js';

export type ClaimCategory = 'environmental' | 'cruelty-free' | 'vegan' | 'natural' | 'inclusive' | 'health' | 'price' | 'origin';
export const CLAIM_CATEGORIES: readonly ClaimCategory[] = ['environmental', 'cruelty-free', 'vegan', 'natural', 'inclusive', 'health', 'price', 'origin'];

export interface Claim {
  category: ClaimCategory;
  /** Evidence: the clause around the claim, quoted from the original text. */
  text: string;
  /** True when the text asserts the opposite of the category ("tested on animals"). */
  negated: boolean;
  /** The matched phrase itself (with its negation), e.g. "not tested on animals". */
  phrase: string;
  /** For origin claims: the place ("spain"), folded. */
  place?: string;
  start: number;
  end: number;
}

export interface Pattern { category: ClaimCategory; polarity: 1 | -1; re: string; place?: boolean }

// Written lower-case and accent-free: they match against a folded copy of the text.
const P = (category: ClaimCategory, polarity: 1 | -1, ...res: string[]): Pattern[] => res.map((re) => ({ category, polarity, re }));
const PATTERNS: Pattern[] = [
  ...P('cruelty-free', 1,
    String.raw`cruelty[- ]?free`, String.raw`leaping bunny`, String.raw`libres? de crueldad`, String.raw`sin crueldad(?: animal)?`,
    String.raw`never tested on animals`, String.raw`nunca (?:ha sido )?testad[oa]s? en animales`),
  ...P('cruelty-free', -1,
    String.raw`(?:is |are |was |were |been |gets |get |still )?tested on animals`, String.raw`tests? on animals`,
    String.raw`animal testing`, String.raw`(?:es |son |fue |han sido |ha sido )?testad[oa]s? en animales`, String.raw`prueba(?:n|s)? en animales`,
    String.raw`experimenta(?:n)? con animales`, String.raw`teste?a(?:n|ba|ban)? en animales`),
  ...P('vegan', 1, String.raw`vegan`, String.raw`100 ?% vegan`, String.raw`plant[- ]based`, String.raw`vegan[oa]s?`, String.raw`apto para veganos`, String.raw`de origen vegetal`, String.raw`100 ?% vegetal`),
  ...P('vegan', -1, String.raw`contains? (?:beeswax|lanolin|carmine|collagen|honey|animal \w+)`, String.raw`contiene (?:cera de abejas?|lanolina|carmin|colageno|miel|\w+ animal)`),
  ...P('natural', 1,
    String.raw`(?:all[- ]|100 ?% )?natural`, String.raw`organic`, String.raw`chemical[- ]free`, String.raw`non[- ]toxic`, String.raw`clean beauty`,
    String.raw`(?:paraben|sulfate|sulphate|silicone|toxin)[- ]free`, String.raw`free (?:of|from) (?:parabens|sulfates|chemicals|toxins)`,
    String.raw`naturales?`, String.raw`organic[oa]s?`, String.raw`sin (?:quimicos|parabenos|sulfatos|siliconas|toxicos)`, String.raw`libre de (?:parabenos|sulfatos|toxicos)`),
  ...P('natural', -1, String.raw`full of (?:chemicals|toxins|parabens)`, String.raw`(?:contains|has) (?:parabens|sulfates|toxins)`, String.raw`lleno de (?:quimicos|toxicos|parabenos)`, String.raw`contiene (?:parabenos|sulfatos|toxicos)`),
  ...P('environmental', 1,
    String.raw`eco[- ]?friendly`, String.raw`environmentally[- ]friendly`, String.raw`sustainabl[ey]`, String.raw`sustainably (?:sourced|made)`,
    String.raw`biodegradable`, String.raw`compostable`, String.raw`recyclable`, String.raw`recycled (?:plastic|packaging|materials?|paper)`,
    String.raw`plastic[- ]free`, String.raw`zero[- ]waste`, String.raw`(?:carbon|climate)[- ]neutral`, String.raw`net[- ]zero`, String.raw`refillable`,
    String.raw`ecologic[oa]s?`, String.raw`sostenibles?`, String.raw`reciclables?`, String.raw`(?:plastico|envase|material) reciclado`,
    String.raw`sin plasticos?`, String.raw`residuo cero`, String.raw`neutr[oa] en carbono`, String.raw`respetuos[oa] con el (?:medio ?ambiente|planeta)`, String.raw`recargables?`),
  ...P('environmental', -1, String.raw`greenwashing`, String.raw`lavado (?:verde|de imagen verde)`, String.raw`(?:so much|tons of|too much) (?:plastic|packaging)`,
    String.raw`(?:harmful|bad) for the (?:environment|planet)`, String.raw`(?:pollutes|polluting)`, String.raw`(?:contamina|contaminante)`, String.raw`demasiado plastico`, String.raw`mucho plastico`,
    String.raw`single[- ]use (?:plastics?|packaging|bottles?|sachets?)`, String.raw`(?:plasticos?|envases?|botellas?) de un solo uso`),
  ...P('inclusive', 1, String.raw`inclusive`, String.raw`for (?:all|every) (?:skin (?:tones?|types?)|bod(?:y|ies)|shades?)`, String.raw`(?:wide|huge) (?:shade|size) range`,
    String.raw`gender[- ]neutral`, String.raw`inclusiv[oa]s?`, String.raw`para todos los (?:tonos|tipos de piel|cuerpos)`, String.raw`para todas las (?:pieles|tallas)`),
  ...P('inclusive', -1, String.raw`only (?:\d+|two|three|four|five) shades`, String.raw`(?:no|zero) shades? for (?:dark|darker|deep|black)`, String.raw`solo (?:\d+|dos|tres|cuatro|cinco) tonos`, String.raw`excluye`),
  ...P('health', 1,
    String.raw`cure[sd]?`, String.raw`heal(?:s|ed)?`, String.raw`treats?`, String.raw`clinically (?:proven|tested)`, String.raw`dermatologist[- ](?:tested|approved|recommended)`,
    String.raw`hypoallergenic`, String.raw`medical[- ]grade`, String.raw`fda[- ]approved`, String.raw`boosts? (?:your )?immun\w*`, String.raw`cur(?:a|an|o|aron|ado|ara|aba)`,
    String.raw`clinicamente (?:probado|testado|demostrado)`, String.raw`dermatologicamente (?:probado|testado)`, String.raw`hipoalergenic[oa]`, String.raw`elimina (?:el |los )?(?:acne|granos|manchas)`),
  ...P('health', -1, String.raw`(?:gave|caused|causes|give|gives) (?:me )?(?:a )?(?:rash|breakouts?|burns?|irritation|allergic reaction|hives)`,
    String.raw`allergic reaction`, String.raw`(?:me )?(?:dio|da|causo|provoco) (?:alergia|irritacion|granos|una reaccion)`, String.raw`reaccion alergica`),
  ...P('price', 1, String.raw`affordable`, String.raw`(?:great|good|amazing) value`, String.raw`value for money`, String.raw`worth (?:the|every) (?:price|penny|money|cent)`,
    String.raw`budget[- ]friendly`, String.raw`bargain`, String.raw`asequibles?`, String.raw`economic[oa]s?`, String.raw`(?:buen|gran) precio`, String.raw`(?:buena )?relacion calidad[- ]precio`,
    String.raw`vale (?:la pena|cada euro|lo que cuesta)`, String.raw`barat[oa]s?`),
  ...P('price', -1, String.raw`overpriced`, String.raw`over[- ]priced`, String.raw`rip[- ]?off`, String.raw`(?:way |too |so )?expensive`, String.raw`not worth`,
    String.raw`(?:muy |demasiado |bastante )?caros?`, String.raw`(?:muy|demasiado|bastante|algo) caras?`, String.raw`carisim[oa]s?`, String.raw`un robo`, String.raw`no vale la pena`),
];
const ORIGIN: Pattern[] = [
  { category: 'origin', polarity: 1, re: String.raw`(?:made|produced|manufactured|grown|sourced) in ([a-z]+(?: [a-z]+)?)`, place: true },
  { category: 'origin', polarity: 1, re: String.raw`(?:hecho|hecha|fabricad[oa]|producid[oa]|elaborad[oa]) en ([a-z]+(?: [a-z]+)?)`, place: true },
  { category: 'origin', polarity: 1, re: String.raw`handmade|hand[- ]made|locally (?:made|sourced)|hecho a mano|artesanal|de proximidad|producto local|km ?0` },
];
const ALL = [...PATTERNS, ...ORIGIN];

/** The patterns, in the order the scan tries them (for tests that check the scan against them). */
export const CLAIM_PATTERNS: readonly Readonly<Pattern>[] = ALL;

// One regex scans the text for all patterns at once. It has no capture groups: building a match
// with a group per pattern costs more than the scan. Which pattern matched is found afterwards
// from the matched phrase (see patternOf), once per distinct phrase.
const CLAIM_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:${ALL.map((p) => p.re.replace(/\((?!\?)/g, '(?:')).join('|')})(?![\p{L}\p{N}])`,
  'gu',
);
const ANCHORED = ALL.map((p) => new RegExp(`^(?:${p.re})$`, 'u'));

// ---------------------------------------------------------------- first-character dispatch
// Scanning with CLAIM_RE tries every alternative at every word start. Each alternative can only
// start with a few characters, so at a position the scan tries just the alternatives that can
// start with its character, in their order, as a sticky regexp: the first alternative to match
// there is the one CLAIM_RE would take, and positions where none can start are skipped. Tests
// check the result against CLAIM_RE.

type First = Set<number> | null; // null: any character (or syntax this reader does not know)

/**
 * The characters (as char codes) a match of regexp source `src` can start with, for the plain
 * subset the claim patterns use (literals, classes, groups, ?, *, +, {n,m}, \w, \d); null when
 * it could start with anything or the source uses anything else.
 */
export function firstChars(src: string): First {
  let i = 0;
  const union = (a: First, b: First): First => (a === null || b === null ? null : new Set([...a, ...b]));
  function alt(): { first: First; nullable: boolean } {
    let first: First = new Set();
    let nullable = false;
    for (;;) {
      const s = seq();
      first = union(first, s.first);
      nullable ||= s.nullable;
      if (src[i] === '|') { i++; continue; }
      return { first, nullable };
    }
  }
  function seq(): { first: First; nullable: boolean } {
    let first: First = new Set();
    let nullable = true;
    while (i < src.length && src[i] !== '|' && src[i] !== ')') {
      const a = atom();
      let an = a.nullable;
      const q = src[i];
      if (q === '?' || q === '*') { an = true; i++; } else if (q === '+') i++;
      else if (q === '{') {
        const m = /^\{(\d+)(?:,(\d*))?\}/.exec(src.slice(i));
        if (!m) return { first: null, nullable: true };
        if (Number(m[1]) === 0) an = true;
        i += m[0].length;
      }
      if (src[i] === '?') i++; // lazy
      if (nullable) first = union(first, a.first);
      nullable &&= an;
    }
    return { first, nullable };
  }
  function atom(): { first: First; nullable: boolean } {
    const c = src[i]!;
    if (c === '(') {
      if (src.startsWith('(?:', i)) i += 3;
      else if (src[i + 1] === '?') return unknown();
      else i++;
      const inner = alt();
      if (src[i] !== ')') return unknown();
      i++;
      return inner;
    }
    if (c === '[') {
      if (src[i + 1] === '^') return unknown();
      const set = new Set<number>();
      i++;
      while (i < src.length && src[i] !== ']') {
        let ch = src[i]!;
        if (ch === '\\') {
          const e = src[i + 1]!;
          if (e === 'd') { addRange(set, '0', '9'); i += 2; continue; }
          if (e === 'w') { addWord(set); i += 2; continue; }
          if (/[a-zA-Z]/.test(e)) return unknown();
          ch = e;
          i++;
        }
        if (src[i + 1] === '-' && src[i + 2] !== ']' && i + 2 < src.length) {
          const to = src[i + 2] === '\\' ? src[i + 3]! : src[i + 2]!;
          addRange(set, ch, to);
          i += src[i + 2] === '\\' ? 4 : 3;
          continue;
        }
        set.add(ch.charCodeAt(0));
        i++;
      }
      i++;
      return { first: set, nullable: false };
    }
    if (c === '\\') {
      const e = src[i + 1]!;
      i += 2;
      if (e === 'd') { const set = new Set<number>(); addRange(set, '0', '9'); return { first: set, nullable: false }; }
      if (e === 'w') { const set = new Set<number>(); addWord(set); return { first: set, nullable: false }; }
      if (/[a-zA-Z0-9]/.test(e)) return unknown();
      return { first: new Set([e.charCodeAt(0)]), nullable: false };
    }
    if (c === '.' || c === '^' || c === '$') return unknown();
    i++;
    return { first: new Set([c.charCodeAt(0)]), nullable: false };
  }
  function unknown(): { first: First; nullable: boolean } {
    i = src.length; // stop reading: the answer is "anything"
    return { first: null, nullable: true };
  }
  const r = alt();
  if (i < src.length) return null; // an unbalanced ')' or an unknown construct
  return r.nullable ? null : r.first;
}

function addRange(set: Set<number>, from: string, to: string): void {
  for (let c = from.charCodeAt(0); c <= to.charCodeAt(0); c++) set.add(c);
}
function addWord(set: Set<number>): void {
  addRange(set, 'a', 'z'); addRange(set, 'A', 'Z'); addRange(set, '0', '9'); set.add(0x5f);
}

const FIRSTS = ALL.map((p) => firstChars(p.re));
const stickyOf = (ps: Pattern[]): RegExp | null => (ps.length === 0 ? null : new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:${ps.map((p) => p.re.replace(/\((?!\?)/g, '(?:')).join('|')})(?![\p{L}\p{N}])`,
  'uy',
));
/** Per ASCII character: the alternatives that can start with it, as one sticky regexp. */
const BY_FIRST: (RegExp | null)[] = Array.from({ length: 128 }, (_, c) => stickyOf(ALL.filter((_, k) => FIRSTS[k] === null || FIRSTS[k]!.has(c))));
/** Other characters: only alternatives that could start with anything. */
const BY_OTHER = stickyOf(ALL.filter((_, k) => FIRSTS[k] === null));

const isAsciiAlnum = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);

// ---------------------------------------------------------------- first-word pre-check
// Even with the dispatch above, nearly every word start of a post runs a sticky regexp (most
// letters start some pattern). But a match's first word is fixed: it is the text's whole run of
// ASCII letters and digits at the match (the match goes on past it with a space or hyphen, or
// ends there, where the look-ahead wants no letter or digit). So the scan hashes that run and
// runs the regexp only when some pattern can start with exactly that word ("tested", "cruelty",
// "made", …): a handful of runs per post instead of one per word. A hash collision only costs a
// regexp run; the regexp still decides.

type Node =
  | { t: 'alt'; alts: Node[] }
  | { t: 'seq'; items: Node[] }
  | { t: 'chars'; chars: string[] }
  | { t: 'rep'; node: Node; min: number; max: number };

/** Parses the plain subset the claim patterns use (as firstChars reads it); null on anything else. */
function parsePattern(src: string): Node | null {
  let i = 0;
  let bad = false;
  const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, k) => String.fromCharCode(from + k));
  const WORD = [...range(0x61, 0x7a), ...range(0x41, 0x5a), ...range(0x30, 0x39), '_'];
  const DIGIT = range(0x30, 0x39);
  function alt(): Node {
    const alts: Node[] = [seq()];
    while (src[i] === '|') { i++; alts.push(seq()); }
    return { t: 'alt', alts };
  }
  function seq(): Node {
    const items: Node[] = [];
    while (!bad && i < src.length && src[i] !== '|' && src[i] !== ')') {
      let a = atom();
      const q = src[i];
      if (q === '?') { a = { t: 'rep', node: a, min: 0, max: 1 }; i++; }
      else if (q === '*') { a = { t: 'rep', node: a, min: 0, max: Infinity }; i++; }
      else if (q === '+') { a = { t: 'rep', node: a, min: 1, max: Infinity }; i++; }
      else if (q === '{') {
        const m = /^\{(\d+)(?:(,)(\d*))?\}/.exec(src.slice(i));
        if (!m) { bad = true; break; }
        a = { t: 'rep', node: a, min: Number(m[1]), max: m[2] ? (m[3] ? Number(m[3]) : Infinity) : Number(m[1]) };
        i += m[0].length;
      }
      if (src[i] === '?') i++; // lazy: the same strings
      items.push(a);
    }
    return { t: 'seq', items };
  }
  function atom(): Node {
    const c = src[i]!;
    if (c === '(') {
      if (src.startsWith('(?:', i)) i += 3;
      else if (src[i + 1] === '?') { bad = true; return { t: 'seq', items: [] }; }
      else i++;
      const inner = alt();
      if (src[i] !== ')') bad = true;
      i++;
      return inner;
    }
    if (c === '[') {
      if (src[i + 1] === '^') { bad = true; return { t: 'seq', items: [] }; }
      const chars: string[] = [];
      i++;
      while (i < src.length && src[i] !== ']') {
        let ch = src[i]!;
        if (ch === '\\') {
          const e = src[i + 1]!;
          if (e === 'd') { chars.push(...DIGIT); i += 2; continue; }
          if (e === 'w') { chars.push(...WORD); i += 2; continue; }
          if (/[a-zA-Z]/.test(e)) { bad = true; return { t: 'seq', items: [] }; }
          ch = e;
          i++;
        }
        if (src[i + 1] === '-' && src[i + 2] !== ']' && i + 2 < src.length) {
          const to = src[i + 2] === '\\' ? src[i + 3]! : src[i + 2]!;
          chars.push(...range(ch.charCodeAt(0), to.charCodeAt(0)));
          i += src[i + 2] === '\\' ? 4 : 3;
          continue;
        }
        chars.push(ch);
        i++;
      }
      i++;
      return { t: 'chars', chars };
    }
    if (c === '\\') {
      const e = src[i + 1]!;
      i += 2;
      if (e === 'd') return { t: 'chars', chars: DIGIT };
      if (e === 'w') return { t: 'chars', chars: WORD };
      if (/[a-zA-Z0-9]/.test(e)) bad = true;
      return { t: 'chars', chars: [e] };
    }
    if (c === '.' || c === '^' || c === '$') bad = true;
    i++;
    return { t: 'chars', chars: [c] };
  }
  const node = alt();
  return bad || i < src.length ? null : node;
}

/** '\0' ends a prefix whose first word is complete (a non-alphanumeric character followed it). */
const CLOSED = '\0';
const MAX_PREFIXES = 5000;

/** How a walk over a pattern grows prefixes: prefixes `done` are kept; others take each next character. */
interface Growth { done: (p: string) => boolean; extend: (p: string, ch: string) => string }

/** The prefixes after matching `node` from each of `from`, grown as `g` says; null when too many (or unbounded). */
function grow(node: Node, from: Set<string>, g: Growth): Set<string> | null {
  let open = false;
  for (const p of from) if (!g.done(p)) { open = true; break; }
  if (!open) return from;
  switch (node.t) {
    case 'chars': {
      const out = new Set<string>();
      for (const p of from) {
        if (g.done(p)) { out.add(p); continue; }
        for (const ch of node.chars) out.add(g.extend(p, ch));
      }
      return out.size > MAX_PREFIXES ? null : out;
    }
    case 'seq': {
      let cur: Set<string> | null = from;
      for (const item of node.items) { cur = grow(item, cur, g); if (cur === null) return null; }
      return cur;
    }
    case 'alt': {
      const out = new Set<string>();
      for (const a of node.alts) {
        const got = grow(a, from, g);
        if (got === null) return null;
        for (const p of got) out.add(p);
      }
      return out.size > MAX_PREFIXES ? null : out;
    }
    case 'rep': {
      let cur: Set<string> | null = from;
      for (let k = 0; k < node.min; k++) { cur = grow(node.node, cur, g); if (cur === null) return null; }
      const out = new Set(cur);
      for (let k = node.min; k < node.max; k++) {
        cur = grow(node.node, cur, g);
        if (cur === null) return null;
        let added = false;
        for (const p of cur) if (!out.has(p)) { out.add(p); added = true; }
        if (!added) break;
        if (k > 40 || out.size > MAX_PREFIXES) return null; // the prefix can grow without end
      }
      return out;
    }
  }
}

/** First words: a prefix is done once a non-alphanumeric character closed its first word. */
const FIRST_WORD: Growth = {
  done: (p) => p.endsWith(CLOSED),
  extend: (p, ch) => (isAsciiAlnum(ch.charCodeAt(0)) ? p + ch : p + CLOSED),
};

/**
 * The words a match of regexp source `src` can start with: its first run of ASCII letters and
 * digits ('' when it starts with another character). Null when they cannot be listed (syntax
 * this reader does not know, or a first word of unbounded length such as `\w+`).
 */
export function firstWords(src: string): Set<string> | null {
  const node = parsePattern(src);
  const got = node && grow(node, new Set(['']), FIRST_WORD);
  if (!got) return null;
  return new Set([...got].map((p) => (p.endsWith(CLOSED) ? p.slice(0, -1) : p)));
}

/** True when head `p` holds a complete first word (a run of ASCII letters and digits) and two characters after it. */
function fullHead(p: string): boolean {
  let l = 0;
  while (l < p.length && isAsciiAlnum(p.charCodeAt(l))) l++;
  return l < p.length && p.length >= l + 2;
}

/** Heads: each match's first word and the two characters after it (or the whole match when shorter). */
const HEAD: Growth = { done: fullHead, extend: (p, ch) => p + ch };


/**
 * Every pattern's possible first words, by hash, as an open-addressing table (a probe is a few
 * array reads; Set.has on numbers cost more than the rest of the scan). Each word's slot holds a
 * sticky regexp of just the alternatives that can start with a word of that hash, in CLAIM_RE's
 * order: at a position whose first word is w, the alternatives that cannot start with w cannot
 * match there, so dropping them leaves the same first match ("is" tries one alternative, not
 * every one starting with 'i'). A word of another hash starts no match. Null when some pattern's
 * first words cannot be listed (then every word start is tried with BY_FIRST).
 */
interface FirstWordTable {
  hashes: Int32Array;
  /** index + 1 into res; 0: empty slot */
  slots: Int32Array;
  /** The regexp of each group, made on first use (most first words never meet their two following characters). */
  res: (RegExp | undefined)[];
  /** The alternatives (indexes into ALL) of each group. */
  alts: number[][];
  /**
   * Per regexp (4 words each, a bit per ASCII character): the characters that can come right
   * after the first word, and the ones after that; not used for a regexp whose `ends` is 1 (some
   * match may end within two characters of its first word, or the heads could not be listed).
   */
  ends: Uint8Array;
  next0: Uint32Array;
  next1: Uint32Array;
  words: Set<string>;
  prefixes: Set<string>;
}
const FIRST_WORDS: FirstWordTable | null = (() => {
  const altsByHash = new Map<number, Set<number>>();
  const words = new Set<string>();
  const headsOf: (Set<string> | null)[] = [];
  for (let k = 0; k < ALL.length; k++) {
    const ws = firstWords(ALL[k]!.re);
    if (ws === null || ws.has('')) return null;
    const node = parsePattern(ALL[k]!.re);
    headsOf.push(node && grow(node, new Set(['']), HEAD));
    for (const w of ws) {
      words.add(w);
      const h = fnvRange(w, 0, w.length) | 0;
      let set = altsByHash.get(h);
      if (!set) altsByHash.set(h, (set = new Set()));
      set.add(k);
    }
  }
  let size = 64;
  while (size < altsByHash.size * 4) size *= 2;
  const hashes = new Int32Array(size);
  const slots = new Int32Array(size);
  const res: (RegExp | undefined)[] = [];
  const groupAlts: number[][] = [];
  const ends = new Uint8Array(altsByHash.size);
  const next0 = new Uint32Array(altsByHash.size * 4);
  const next1 = new Uint32Array(altsByHash.size * 4);
  for (const [h, alts] of altsByHash) {
    let k = h & (size - 1);
    while (slots[k] !== 0) k = (k + 1) & (size - 1);
    hashes[k] = h;
    const g = res.length;
    res.push(undefined);
    groupAlts.push([...alts].sort((a, b) => a - b));
    slots[k] = res.length;
    // What may follow the first word in a match of these alternatives that starts with a word of hash h.
    let any = false;
    for (const j of alts) {
      const hs = headsOf[j];
      if (!hs) { any = true; break; }
      for (const p of hs) {
        let l = 0;
        while (l < p.length && isAsciiAlnum(p.charCodeAt(l))) l++;
        if ((fnvRange(p, 0, l) | 0) !== h) continue;
        if (p.length < l + 2) { any = true; break; } // the match may end there
        const c0 = p.charCodeAt(l), c1 = p.charCodeAt(l + 1);
        if (c0 >= 128 || c1 >= 128) { any = true; break; }
        next0[g * 4 + (c0 >> 5)]! |= 1 << (c0 & 31);
        next1[g * 4 + (c1 >> 5)]! |= 1 << (c1 & 31);
      }
      if (any) break;
    }
    if (any) ends[g] = 1;
  }
  const prefixes = new Set<string>();
  for (const w of words) for (let n = 1; n <= w.length; n++) prefixes.add(w.slice(0, n));
  return { hashes, slots, res, alts: groupAlts, ends, next0, next1, words, prefixes };
})();

/** The index in t.res of the alternatives that can start with a word of hash h (fnvRange(…) | 0), or -1 when none can. */
function firstWordGroup(t: FirstWordTable, h: number): number {
  const mask = t.hashes.length - 1;
  for (let k = h & mask; ; k = (k + 1) & mask) {
    const s = t.slots[k]!;
    if (s === 0) return -1;
    if (t.hashes[k] === h) return s - 1;
  }
}

/** The sticky regexp of group g (made once). */
function groupRe(t: FirstWordTable, g: number): RegExp {
  const alts = t.alts[g]!;
  const re = stickyOf(alts.map((j) => ALL[j]!))!;
  t.res[g] = re;
  return re;
}

/** True when ASCII code c (NaN past the text's end: false) is in the 128-bit set at words[g*4 …]. */
function inSet(words: Uint32Array, g: number, c: number): boolean {
  return c < 128 && (words[g * 4 + (c >> 5)]! & (1 << (c & 31))) !== 0;
}

/** The next CLAIM_RE match in `folded` at or after `from` (what CLAIM_RE.exec would return from lastIndex `from`). */
export function nextClaimMatch(folded: string, from: number): RegExpExecArray | null {
  return scanRange(folded, from, folded.length);
}

/** The first CLAIM_RE match in `folded` that starts in [from, to) (it may end past `to`). */
function scanRange(folded: string, from: number, to: number): RegExpExecArray | null {
  const n = folded.length;
  const words = FIRST_WORDS;
  for (let i = from; i < to; i++) {
    const c = folded.charCodeAt(i);
    let re: RegExp | null;
    if (c < 128) {
      // An ASCII letter or digit before fails the look-behind of every alternative.
      if (i > 0 && isAsciiAlnum(folded.charCodeAt(i - 1))) continue;
      if (words !== null) {
        // Every first word is a non-empty run of ASCII letters and digits.
        if (!isAsciiAlnum(c)) continue;
        let j = i;
        while (j < n && isAsciiAlnum(folded.charCodeAt(j))) j++;
        // Only the alternatives that can start with this word, and only when the two characters
        // after it can follow it in one of them; the positions inside it fail the look-behind.
        const g = firstWordGroup(words, fnvRange(folded, i, j) | 0);
        if (g < 0 || (words.ends[g] === 0 && (!inSet(words.next0, g, folded.charCodeAt(j)) || !inSet(words.next1, g, folded.charCodeAt(j + 1))))) { if (j > i) i = j - 1; continue; }
        re = words.res[g] ?? groupRe(words, g);
      } else {
        re = BY_FIRST[c]!;
        if (re === null) continue;
      }
    } else {
      re = BY_OTHER;
      // The scan steps by code point: never between the halves of a surrogate pair.
      if (re === null || (c >= 0xdc00 && c <= 0xdfff && i > 0 && folded.charCodeAt(i - 1) >= 0xd800 && folded.charCodeAt(i - 1) <= 0xdbff)) continue;
    }
    re.lastIndex = i;
    const m = re.exec(folded);
    if (m) return m;
  }
  return null;
}

// ---------------------------------------------------------------- token-driven scan
// Most posts hold no claim, yet the scan above reads every character. The post's tokens tell
// first where a match can start: a match starts at an ASCII letter or digit of the folded text,
// and such a character comes only from an ASCII letter or digit, or from a non-ASCII letter or
// mark that folds to one (checked for every UTF-16 unit in test/scoring/claims-features.test.ts);
// all of these lie inside word, hashtag, mention, url, number or emoticon tokens. A word record
// (one per spelling) keeps whether its text can hold a match start: some run of ASCII letters
// and digits in its folded text is a first word, or reaches the token's end as a first word's
// prefix (the run may go on into the next token). Other tokens with letters or digits are
// scanned whole. The scan then runs only over those tokens' characters, with the same test per
// position, so it finds the same matches; a post whose tokens allow none is not even folded.

const CLAIM_SLOT = memoSlot();

/** 1 when the folded text of token text `raw` can hold the start of a claim match, else 0. */
function mayHoldClaimStart(raw: string, t: FirstWordTable): number {
  let f = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    f += c < 0x80 ? String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c) : foldUnit(c);
  }
  for (let i = 0; i < f.length; i++) {
    if (!isAsciiAlnum(f.charCodeAt(i)) || (i > 0 && isAsciiAlnum(f.charCodeAt(i - 1)))) continue;
    let j = i;
    while (j < f.length && isAsciiAlnum(f.charCodeAt(j))) j++;
    const w = f.slice(i, j);
    if (j < f.length ? t.words.has(w) : t.prefixes.has(w)) return 1;
    i = j;
  }
  return 0;
}

/** Whether a token spelled `raw` can hold the start of a claim match (what a word record keeps; see extractClaimsInSpans). */
export function claimCanStartIn(raw: string): boolean {
  return FIRST_WORDS === null || mayHoldClaimStart(raw, FIRST_WORDS) === 1;
}

/** Spans [start, end) of the tokens to scan (candidateSpans's, reused between posts, or a caller's). */
let ownSpans: Int32Array = new Int32Array(64);
let spans: Int32Array = ownSpans;
let spanCount = 0;

/** Fills `spans` with the tokens that may hold a claim start (spanCount of them). */
function candidateSpans(tokens: readonly Token[], t: FirstWordTable): void {
  spans = ownSpans;
  spanCount = 0;
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k]!;
    const rec = tok.rec;
    if (rec !== undefined) {
      let may = rec.memo[CLAIM_SLOT] as number | undefined;
      if (may === undefined) rec.memo[CLAIM_SLOT] = may = mayHoldClaimStart(tok.text, t);
      if (may === 0) continue;
    } else if (tok.kind === 'punct' || tok.kind === 'emoji') continue; // no letters or digits, nor anything folding to them
    if (spanCount * 2 + 2 > spans.length) { const next = new Int32Array(spans.length * 2); next.set(spans); spans = ownSpans = next; }
    spans[spanCount * 2] = tok.start;
    spans[spanCount * 2 + 1] = tok.start + tok.text.length;
    spanCount++;
  }
}

/** The next match at or after `from` that starts in one of the spans (folded offsets = original offsets). */
function nextInSpans(folded: string, from: number): RegExpExecArray | null {
  for (let s = 0; s < spanCount; s++) {
    const end = spans[s * 2 + 1]!;
    if (end <= from) continue;
    const m = scanRange(folded, Math.max(from, spans[s * 2]!), end);
    if (m) return m;
  }
  return null;
}

/** CLAIM_RE itself, for tests: the specification nextClaimMatch follows. */
export const CLAIM_SCAN_RE: RegExp = CLAIM_RE;
const phraseCache = new Map<string, { pattern: Pattern; place: string | undefined } | null>();

/**
 * The pattern the scan matched `phrase` with, and its place group. The scan tries patterns in
 * order and takes the first that matches at a position; every earlier pattern failed there, so
 * none of them can match the whole phrase either, and the first that does is the one.
 */
function patternOf(phrase: string): { pattern: Pattern; place: string | undefined } | null {
  let hit = phraseCache.get(phrase);
  if (hit === undefined) {
    hit = null;
    for (let i = 0; i < ALL.length; i++) {
      const m = ANCHORED[i]!.exec(phrase);
      if (m) { hit = { pattern: ALL[i]!, place: m[1] }; break; }
    }
    if (phraseCache.size >= 10_000) phraseCache.clear();
    phraseCache.set(phrase, hit);
  }
  return hit;
}

// Negation cues, looked for in the few words before a match within the same clause.
const NEGATION_RE = /(?:^|[^\p{L}])(?:not|no|never|n't|isn't|aren't|wasn't|weren't|doesn't|don't|didn't|won't|without|nor|hardly|nunca|jamas|ni|sin|tampoco|nada)(?:[^\p{L}]+[\p{L}'’]+){0,3}[^\p{L}]*$/u;
/** Where clauses break (the specification of clauseStart below, which gives the same answer faster). */
export const CLAUSE_BREAK_RE = /[.!?;:,()\n]|\bbut\b|\bpero\b|\bsino\b|\bhowever\b/giu;
const CLAUSE_WORDS = new Set(['but', 'pero', 'sino', 'however']);

/** A word character of \b in a case-insensitive Unicode regexp: [A-Za-z0-9_], ſ (U+017F) and K (U+212A). */
function isWordUnit(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x17f || c === 0x212a;
}

/**
 * Where the end of the last CLAUSE_BREAK_RE match in `s` is, or -1. Its matches are single
 * punctuation characters and whole word runs (\b on both sides) that case-fold to one of the
 * clause words, so the last one is found by scanning backwards.
 */
export function clauseStart(s: string): number {
  let i = s.length;
  while (i > 0) {
    const c = s.charCodeAt(i - 1);
    // . ! ? ; : , ( ) \n
    if (c === 0x2e || c === 0x21 || c === 0x3f || c === 0x3b || c === 0x3a || c === 0x2c || c === 0x28 || c === 0x29 || c === 0x0a) return i;
    if (!isWordUnit(c)) { i--; continue; }
    let j = i - 1;
    while (j > 0 && isWordUnit(s.charCodeAt(j - 1))) j--;
    const len = i - j;
    if (len >= 3 && len <= 7) {
      // Case folding of the 'iu' regexp: ASCII case, ſ → s, K → k.
      const w = s.slice(j, i).replace(/\u017f/g, 's').replace(/\u212a/g, 'k').toLowerCase();
      if (CLAUSE_WORDS.has(w)) return i;
    }
    i = j;
  }
  return -1;
}
// Everyday uses of claim words that are not claims ("treat myself", "natural light", "dog treats").
// Sticky: tried at the match itself (every alternative is shorter than the 30 chars once sliced for it).
const FALSE_AFTER = /(?:treats? (?:myself|yourself|ourselves|herself|himself)|natural (?:light|lighting|look)|curado)/y;
const FALSE_BEFORE = /(?:^|[^\p{L}])(?:a|dog|cat|sweet|little|special) $/u;
/** A "treat" match at `at` of the folded text that is the noun ("a treat", "dog treats"). */
function isTreatNoun(folded: string, at: number, match: string): boolean {
  return match.startsWith('treat') && FALSE_BEFORE.test(folded.slice(Math.max(0, at - 8), at));
}

// Folded form of each non-ASCII UTF-16 unit (the fold works unit by unit), computed once.
const unitFolds = new Map<number, string>();
function foldUnit(code: number): string {
  let f = unitFolds.get(code);
  if (f === undefined) {
    f = String.fromCharCode(code).toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '');
    unitFolds.set(code, f);
  }
  return f;
}

let codeBuf = new Uint16Array(1024);
let identity = new Int32Array(0);

/** [0, 1, …, n-1], a view of one shared array (callers only read offsets from it). */
function identityMap(n: number): Int32Array {
  if (identity.length < n) {
    identity = new Int32Array(Math.max(n, identity.length * 2, 1024));
    for (let i = 0; i < identity.length; i++) identity[i] = i;
  }
  return identity.subarray(0, n);
}

/** The string of codes[0..n), built in chunks (argument lists have a limit). */
function fromCodes(codes: Uint16Array, n: number): string {
  if (n <= 8192) return String.fromCharCode.apply(null, codes.subarray(0, n) as unknown as number[]);
  let out = '';
  for (let i = 0; i < n; i += 8192) out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + 8192)) as unknown as number[]);
  return out;
}

/** A UTF-16 unit outside ASCII. */
const NON_ASCII = /[^\0-\x7f]/;

let lastFoldIn = '';
let lastFoldOut: { folded: string; map: Int32Array } = { folded: '', map: Int32Array.of(0) };
/** Whether lastFoldOut's map is the identity (folded offsets are the original's). */
let lastFoldIdentity = true;

/**
 * Accent- and case-folded copy of `text`, and for each folded char its offset in the original.
 * Memoised on the last input: the claim, mission and disclosure scorers fold the same post.
 */
export function foldWithMap(text: string): { folded: string; map: Int32Array } {
  if (text === lastFoldIn) return lastFoldOut;
  let res: { folded: string; map: Int32Array } | undefined;
  const n = text.length;
  // Plain ASCII (most posts): the fold is lower-casing A-Z, which toLowerCase does for such a
  // string in one native pass (no buffer to turn into a string).
  // (The regexp finds a non-ASCII unit ~3x faster than a charCodeAt loop.)
  if (!NON_ASCII.test(text)) {
    lastFoldIn = text;
    lastFoldOut = { folded: text.toLowerCase(), map: identityMap(n + 1) };
    lastFoldIdentity = true;
    return lastFoldOut;
  }
  // Most other text folds unit for unit (accented letters, emoji halves): the offsets are then
  // the identity, and the folded units go to a buffer made into a string in one go.
  if (codeBuf.length < n) codeBuf = new Uint16Array(Math.max(n, codeBuf.length * 2));
  const codes = codeBuf;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) { codes[i] = c >= 65 && c <= 90 ? c + 32 : c; continue; }
    const f = foldUnit(c);
    if (f.length !== 1) break;
    codes[i] = f.charCodeAt(0);
  }
  let isIdentity = i === n;
  if (isIdentity) res = { folded: fromCodes(codes, n), map: identityMap(n + 1) };
  else {
    let folded = '';
    const map: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 0x80) {
        folded += String.fromCharCode(code >= 65 && code <= 90 ? code + 32 : code);
        map.push(i);
        continue;
      }
      // Unit by unit on purpose (from a table): whole-string lower-casing is context-sensitive.
      const f = foldUnit(code);
      for (let k = 0; k < f.length; k++) map.push(i);
      folded += f;
    }
    map.push(text.length);
    res = { folded, map: Int32Array.from(map) };
  }
  lastFoldIn = text;
  lastFoldOut = res;
  lastFoldIdentity = isIdentity;
  return res;
}

/** Whitespace other than a single U+0020: what \s+ → ' ' would change. */
const OTHER_SPACE = /[^\S ]| {2}/;

/** . ! ? or a line feed */
const isBreak = (c: number): boolean => c === 0x2e || c === 0x21 || c === 0x3f || c === 0x0a;

/** The clause-ish span around [start, end): up to the nearest sentence break, at most ~160 chars. */
export function evidenceSpan(text: string, start: number, end: number, max = 160): string {
  let a = start;
  while (a > 0 && !isBreak(text.charCodeAt(a - 1)) && start - a < max / 2) a--;
  let b = end;
  while (b < text.length && !isBreak(text.charCodeAt(b)) && b - end < max / 2) b++;
  if (b < text.length && isBreak(text.charCodeAt(b)) && text.charCodeAt(b) !== 0x0a) b++;
  const span = text.slice(a, b);
  // Squeezing whitespace changes nothing when the only whitespace is single spaces (most spans).
  return (OTHER_SPACE.test(span) ? span.replace(/\s+/g, ' ') : span).trim();
}

/** True when a negation cue sits in the same clause just before `index` of the folded text. */
export function negatedBefore(folded: string, index: number): boolean {
  let before = folded.slice(Math.max(0, index - 40), index);
  const last = clauseStart(before);
  if (last >= 0) before = before.slice(last);
  return NEGATION_RE.test(before);
}

// An answer right after the question mark: "Cured my acne? Yes!" says it after all.
const YES_ANSWER = /^[\s"'”’)\]]*(?:yes|yep|yup|yeah|absolutely|definitely|totally|100%|si|claro|por supuesto|totalmente)(?![\p{L}])/u;
/**
 * True when the sentence of the folded text holding [index, end) is a question nobody answers
 * "yes" to: "Does it really cure acne?", "Cured my acne? No.", "¿Cura el acné?" ask about a claim,
 * they do not make it; "?!" is no question. Reads to the sentence's end (at most 200 characters on).
 */
export function askedNotSaid(folded: string, end: number): boolean {
  const stop = Math.min(folded.length, end + 200);
  for (let i = end; i < stop; i++) {
    const ch = folded.charCodeAt(i);
    // "Lumina is tested on animals?!" is shock at a fact, not a question.
    if (ch === 0x3f) return folded.charCodeAt(i + 1) !== 0x21 && folded.charCodeAt(i - 1) !== 0x21 && !YES_ANSWER.test(folded.slice(i + 1, i + 40));
    if (ch === 0x2e || ch === 0x21 || ch === 0x0a) return false;
  }
  return false;
}

/**
 * Extracts claims from a text (EN + ES in one pass). Never throws. `tokens`: tokenize(text),
 * when the caller has them; the scan then reads only the tokens that may start a claim.
 */
export function extractClaims(text: string, tokens?: readonly Token[]): Claim[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  // Claims live in the first part of a post; very long inputs are capped to keep scoring bounded.
  const src = text.length > 20_000 ? text.slice(0, 20_000) : text;
  if (tokens !== undefined && src === text && FIRST_WORDS !== null && Array.isArray(tokens)) {
    candidateSpans(tokens, FIRST_WORDS);
    return spanCount === 0 ? [] : claimsOf(src, true);
  }
  return claimsOf(src, false);
}

/**
 * extractClaims(text, tokenize(text)) for a caller that has listed the tokens to scan itself:
 * `spans` holds `count` pairs [start, end) of the tokens of `text`, in order, that may hold a
 * claim start: the word, hashtag and mention tokens whose spelling claimCanStartIn, and every
 * other token but punctuation and emoji. Only for texts of at most 20,000 characters.
 */
export function extractClaimsInSpans(text: string, spanList: Int32Array, count: number): Claim[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  if (text.length > 20_000 || FIRST_WORDS === null) return extractClaims(text);
  if (count === 0) return [];
  spans = spanList;
  spanCount = count;
  return claimsOf(text, true);
}

function claimsOf(src: string, bySpans: boolean): Claim[] {
  const { folded, map } = foldWithMap(src);
  // Token offsets are folded offsets only when the fold keeps every unit one unit (most posts).
  if (!lastFoldIdentity) bySpans = false;
  const out: Claim[] = [];
  for (let m = nextMatch(folded, 0, bySpans); m; m = nextMatch(folded, m.index + Math.max(1, m[0].length), bySpans)) {
    const phrase = m[0];
    const hit = patternOf(phrase);
    if (!hit) continue;
    const { pattern } = hit;
    FALSE_AFTER.lastIndex = m.index!;
    if (FALSE_AFTER.test(folded)) continue;
    if (pattern.category === 'health' && isTreatNoun(folded, m.index!, phrase)) continue;
    let polarity: number = pattern.polarity;
    const neg = negatedBefore(folded, m.index!);
    if (neg) polarity = -polarity;
    const start = map[m.index!]!;
    const end = map[m.index! + phrase.length] ?? src.length;
    const claim: Claim = {
      category: pattern.category,
      text: evidenceSpan(src, start, end),
      negated: polarity < 0,
      phrase: (neg ? negationPrefix(folded, m.index!) : '') + src.slice(start, end),
      start,
      end,
    };
    if (pattern.place) {
      const place = placeOf(hit.place);
      // "made in the last few years", "not made in house", "hecho en casa": no place, no origin claim.
      if (place === undefined) continue;
      // "the era it was made in considering…", "made in good lighting": no place either.
      const named = place ? namedPlace(place, src, map, m.index! + phrase.lastIndexOf(place)) : '';
      if (named === undefined) continue;
      if (named) claim.place = named;
    }
    out.push(claim);
  }
  return out;
}

/**
 * Words after "made in" / "hecho en" that name no place: times ("the last few years", "minutes"),
 * ways ("house", "bulk", "batches", "casa", "serie") and the first words of other phrases.
 */
const NOT_PLACES = new Set([
  'last', 'first', 'past', 'same', 'next', 'early', 'late', 'house', 'home', 'bulk', 'batches', 'batch', 'small', 'large', 'time', 'minutes', 'seconds',
  'hours', 'days', 'weeks', 'months', 'years', 'one', 'two', 'under', 'less', 'about', 'heaven', 'hell', 'my', 'our', 'your', 'his', 'her', 'its', 'their',
  'this', 'that', 'these', 'those', 'a', 'an', 'casa', 'serie', 'masa', 'minutos', 'segundos', 'horas', 'dias', 'semanas', 'meses', 'anos', 'un', 'una',
  'mi', 'su', 'sus', 'nuestra', 'nuestro', 'lo', 'poco', 'pocos', 'menos', 'cuanto', 'tiempo',
]);

/**
 * Places people often write in lower case after "made in" / "hecho en" (folded). Any other place
 * must be written with a capital ("Made in Tewksbury"), which the words after a "made in" that
 * is no origin claim rarely are ("the era it was made in considering…", "made in good lighting").
 */
const KNOWN_PLACES = new Set(`usa us u uk britain england scotland wales ireland america europe eu asia africa china japan japon korea corea
india vietnam taiwan thailand tailandia indonesia bangladesh pakistan turkey turquia canada mexico brazil brasil argentina chile peru colombia
spain espana italy italia france francia germany alemania portugal holland netherlands holanda belgium belgica switzerland suiza sweden suecia
norway noruega denmark dinamarca poland polonia greece grecia morocco marruecos australia israel russia rusia ukraine ucrania cuba venezuela
ecuador uruguay paraguay bolivia guatemala honduras nicaragua panama galicia catalunya cataluna andalucia asturias madrid barcelona valencia
california texas london paris milan milano tokyo`.split(/\s+/));

/**
 * The place `place` (folded, one or two words, starting at folded offset `at`) names: a known
 * place or a word written with a capital, with its second word only when that is capitalised too
 * ("New Zealand", "made in Spain at last" → "spain"); undefined when it names none.
 */
function namedPlace(place: string, src: string, map: ArrayLike<number>, at: number): string | undefined {
  const capital = (i: number) => { const c = src[map[i] ?? -1] ?? ''; return c !== c.toLowerCase(); };
  const space = place.indexOf(' ');
  const first = space < 0 ? place : place.slice(0, space);
  if (!KNOWN_PLACES.has(first) && !capital(at)) return undefined;
  return space < 0 || capital(at + space + 1) ? place : first;
}

/**
 * The place an origin pattern captured, folded, without a leading article or trailing function
 * word ("the usa" → "usa"); undefined when it names no place; '' when nothing was captured.
 */
function placeOf(raw: string | undefined): string | undefined {
  const place = (raw ?? '').replace(/ (?:and|with|by|for|y|con|por|para|de|del|the|el|la)$/, '').trim().replace(/^(?:the|el|la|los|las) /, '');
  if (!place) return '';
  if (NOT_PLACES.has(place.split(' ')[0]!)) return undefined;
  // "the U.S.A", "the US", "the U.S." (the pattern reads letters only): one name for one country.
  return place === 'u' || place === 'us' || place.startsWith('u s') ? 'usa' : place;
}

function nextMatch(folded: string, from: number, bySpans: boolean): RegExpExecArray | null {
  return bySpans ? nextInSpans(folded, from) : scanRange(folded, from, folded.length);
}

function negationPrefix(folded: string, index: number): string {
  const before = folded.slice(Math.max(0, index - 40), index);
  const m = /(?:not|no|never|n't|isn't|aren't|wasn't|weren't|doesn't|don't|didn't|won't|without|nor|nunca|jamas|ni|sin|tampoco)(?:[^\p{L}]+[\p{L}'’]+){0,3}[^\p{L}]*$/u.exec(before);
  return m ? m[0] : '';
}

// ---------------------------------------------------------------- medicinal claims

// A verb of curing or treating with a condition close after it: "healed my eczema", "cures
// acne", "cleared up my psoriasis", "me curó la rosácea", "acabó con mis migrañas". Cosmetics,
// food and most consumer products may not claim to prevent, treat or cure a disease (EU
// Regulation 655/2013's common criteria for cosmetic claims; the FTC's health-claims guidance),
// so a brand that forbids one such claim ("cures acne") forbids them all (mission.ts). The
// condition must follow within three words of the same clause: "cured ham", "The Cure" and "treat
// yourself" name no condition.
const MEDICAL_VERBS = [
  String.raw`cur(?:e[sd]?|ing)`, String.raw`heal(?:s|ed|ing)?`, String.raw`treat(?:s|ed|ing)?(?! (?:yo(?:u|ur)?self|myself|herself|himself|themselves|ourselves))`,
  String.raw`(?:fix|clear)(?:s|es|ed|ing)?(?: up)?`, String.raw`got rid of`, String.raw`gets? rid of`, String.raw`reliev(?:e[sd]?|ing)`,
  String.raw`cur(?:a|an|o|aron|ado|ada|ara|e)`, String.raw`san(?:a|an|o|aron|ado)`, String.raw`trat(?:a|an|o|aron)`, String.raw`elimin(?:a|an|o|aron|ado)`,
  String.raw`quit(?:a|an|o|aron|ado)`, String.raw`acab(?:a|an|o|aron|ado) con`, String.raw`alivi(?:a|an|o|aron)`,
];
const CONDITIONS = [
  String.raw`acne`, String.raw`eczema`, String.raw`rosacea`, String.raw`psoriasis`, String.raw`dermatitis`, String.raw`scars?`, String.raw`pain`, String.raw`headaches?`,
  String.raw`migraines?`, String.raw`anxiety`, String.raw`depression`, String.raw`insomnia`, String.raw`diabetes`, String.raw`cancer`, String.raw`arthritis`, String.raw`allerg(?:y|ies)`,
  String.raw`infections?`, String.raw`colds?`, String.raw`flu`, String.raw`covid`, String.raw`hair loss`, String.raw`alopecia`, String.raw`pimples`, String.raw`breakouts?`,
  String.raw`inflammation`, String.raw`burns?`, String.raw`sunburns?`, String.raw`hyperpigmentation`, String.raw`melasma`, String.raw`warts?`, String.raw`fungus`, String.raw`asthma`,
  String.raw`cholesterol`, String.raw`blood pressure`, String.raw`cold sores?`, String.raw`hives`, String.raw`rashe?s?`,
  String.raw`eccemas?`, String.raw`cicatri(?:z|ces)`, String.raw`dolor(?:es)?`, String.raw`jaquecas?`, String.raw`migranas?`, String.raw`ansiedad`, String.raw`depresion`,
  String.raw`insomnio`, String.raw`artritis`, String.raw`alergias?`, String.raw`infecci(?:on|ones)`, String.raw`resfriados?`, String.raw`gripe`, String.raw`caida del pelo`,
  String.raw`granos`, String.raw`espinillas`, String.raw`inflamacion`, String.raw`quemaduras?`, String.raw`hiperpigmentacion`, String.raw`verrugas?`, String.raw`hongos`, String.raw`asma`,
  String.raw`colesterol`, String.raw`tension alta`, String.raw`urticaria`, String.raw`herpes`,
];
const MEDICAL_RE = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:${MEDICAL_VERBS.join('|')})(?: [\p{L}'’-]+){0,3}? (?:${CONDITIONS.join('|')})(?![\p{L}\p{N}])`,
  'gu',
);
/** Words one of MEDICAL_RE's matches must hold (any of), to skip the expression on most posts. */
const MEDICAL_HINT = /cur|heal|treat|trat|fix|clear|rid of|reliev|alivi|elimin|quit|acab|san[aoe]/;

/**
 * Medicinal claims in a folded text (foldWithMap): "healed my eczema", "me curó el acné"; not
 * when negated ("didn't cure my acne"), nor a treat ("a little treat for sore feet"). Matches
 * as [index, length] pairs in the folded text.
 */
export function medicalClaimsIn(folded: string): [number, number][] {
  const out: [number, number][] = [];
  if (!MEDICAL_HINT.test(folded)) return out;
  MEDICAL_RE.lastIndex = 0;
  for (let m = MEDICAL_RE.exec(folded); m; m = MEDICAL_RE.exec(folded)) {
    if (isTreatNoun(folded, m.index, m[0])) continue;
    if (negatedBefore(folded, m.index)) continue;
    out.push([m.index, m[0].length]);
  }
  return out;
}
