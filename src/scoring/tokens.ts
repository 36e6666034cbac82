// Tokenizer shared by every scorer. natural's WordTokenizer drops '#', '@', emoji and splits
// accented words, so we use one Unicode-aware regular expression instead.

/** A token and its kind; `norm` is lower-cased with elongations squeezed ("sooo" → "soo"). */
export interface Token {
  text: string;
  norm: string;
  kind: 'word' | 'hashtag' | 'mention' | 'url' | 'emoji' | 'emoticon' | 'number' | 'punct';
  /** Offset of the token in the input, for quoting evidence spans. */
  start: number;
  /**
   * Words, hashtags and mentions: the record shared by every occurrence of the same spelling, where
   * scorers keep what they work out about a word (see WordRecord). Undefined on other kinds.
   */
  rec?: WordRecord;
}

/**
 * What is known about one spelling of a word, shared by all its occurrences. Each scorer that
 * needs per-word facts (lexicon entries, language evidence, feature hashes) claims a memo slot
 * with memoSlot() and fills it on first use, so a word met a thousand times is looked up once and
 * every later occurrence costs no Map probe at all: the token carries the record.
 */
export interface WordRecord {
  /** Lower-cased, elongations squeezed (the token's norm). */
  readonly norm: string;
  /** norm without accents (fold(norm)). */
  readonly folded: string;
  readonly memo: unknown[];
  /** language.ts: the row of this word's language evidence (-1: none; -2: not yet looked up). */
  langRow: number;
  /** aspects.ts: whether an aspect trigger starts with this word (-1: not yet looked up, 0 no, 1 yes). */
  aspectStart: number;
  /**
   * aspect-model.ts: the index of this word's weight row in the pool of the model whose
   * generation is aspectGen (-1: no weight). Fields, not memo slots: read for every word.
   */
  aspectRow: number;
  aspectGen: number;
}

let slots = 0;
/** A memo slot index in every WordRecord, for one scorer's per-word facts. */
export function memoSlot(): number {
  return slots++;
}

// Records by spelling as written (with '#'/'@' for hashtags/mentions), in an open-addressing
// table probed with a hash of the characters still in the input: a known spelling is found with
// no substring built and no string hashed, and its stored spelling becomes the token's text.
// Bounded: past RECORDS_MAX the table starts again; records already handed out stay valid.
const RECORDS_MAX = 1 << 17;
let table: (WordRecord | undefined)[] = new Array(1 << 12);
// Per slot, 4 ints in one row: the hash, the length ×2 (+1 when packed), and, for spellings of at
// most 8 characters below U+0100 ("packed"), the characters as bytes (lo: 0-3, hi: 4-7). A packed
// spelling is confirmed from the row alone, without reading the stored string: in the pipeline
// that string is rarely in cache, and reading it cost more than the rest of the lookup.
let meta = new Int32Array(4 << 12);
let tableCount = 0;

interface StoredRecord extends WordRecord { readonly raw: string }

// The hash starts from a per-process random state: the table's layout never shows in any output,
// and words crafted offline to collide (long probe chains from hostile text) cannot be.
const HASH_SEED = (0x811c9dc5 ^ Math.floor(Math.random() * 0x100000000)) | 0;

function recordAt(text: string, i: number, end: number): StoredRecord {
  let h = HASH_SEED, lo = 0, hi = 0, wide = false;
  for (let k = i; k < end; k++) {
    const c = text.charCodeAt(k);
    h = Math.imul(h ^ c, 0x01000193);
    if (c > 0xff) wide = true;
    else if (k - i < 4) lo |= c << ((k - i) << 3);
    else if (k - i < 8) hi |= c << ((k - i - 4) << 3);
  }
  return recordHashed(text, i, end, h, wide || end - i > 8 ? -1 : lo, hi);
}

/**
 * recordAt with the hash of text[i, end) already computed (the scanner hashes as it reads), and
 * its characters packed (lo, hi as in `meta`) when it has at most 8 below U+0100; lo = -1 when not.
 */
function recordHashed(text: string, i: number, end: number, h: number, lo: number, hi: number): StoredRecord {
  const len = end - i;
  const packed = lo !== -1;
  const tag = packed ? 2 * len + 1 : 2 * len;
  let mask = table.length - 1;
  let slot = h & mask;
  for (;;) {
    const r = table[slot] as StoredRecord | undefined;
    if (!r) break;
    const m = slot << 2;
    if (meta[m] === h && meta[m + 1] === tag && (packed ? meta[m + 2] === lo && meta[m + 3] === hi : sameChars(r.raw, text, i, len))) return r;
    slot = (slot + 1) & mask;
  }
  if (tableCount >= RECORDS_MAX) { table = new Array(table.length); meta = new Int32Array(meta.length); tableCount = 0; }
  else if (2 * (tableCount + 1) > table.length) { grow(); mask = table.length - 1; }
  slot = h & mask;
  while (table[slot]) slot = (slot + 1) & mask;
  const raw = text.slice(i, end);
  const norm = squeeze(raw.toLowerCase());
  const rec: StoredRecord = { raw, norm, folded: fold(norm), memo: newMemo(), langRow: -2, aspectStart: -1, aspectRow: -1, aspectGen: 0 };
  table[slot] = rec;
  const m = slot << 2;
  meta[m] = h; meta[m + 1] = tag; meta[m + 2] = packed ? lo : 0; meta[m + 3] = packed ? hi : 0;
  tableCount++;
  return rec;
}

/**
 * A memo with every slot claimed so far holding undefined: all memos then have one element kind
 * (generic, packed) whatever their scorers store (numbers, objects, null), so reading a slot is a
 * monomorphic load; memos grown from [] take whatever kind their first facts had, and a load site
 * that sees several kinds is many times slower.
 */
function newMemo(): unknown[] {
  const m: unknown[] = [];
  for (let k = 0; k < slots; k++) m.push(undefined);
  return m;
}

function sameChars(a: string, text: string, i: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (a.charCodeAt(k) !== text.charCodeAt(i + k)) return false;
  return true;
}

function grow(): void {
  const old = table, oldMeta = meta;
  table = new Array(old.length * 2);
  meta = new Int32Array(oldMeta.length * 2);
  const mask = table.length - 1;
  for (let k = 0; k < old.length; k++) {
    const r = old[k];
    if (!r) continue;
    let slot = oldMeta[k << 2]! & mask;
    while (table[slot]) slot = (slot + 1) & mask;
    table[slot] = r;
    meta.set(oldMeta.subarray(k << 2, (k << 2) + 4), slot << 2);
  }
}

// Order matters: urls before words, emoticons before punctuation.
const TOKEN_RE = new RegExp(
  [
    String.raw`(?<url>https?:\/\/[^\s<>"']+|www\.[^\s<>"']+)`,
    String.raw`(?<hashtag>#[\p{L}\p{N}_]+)`,
    String.raw`(?<mention>@[\p{L}\p{N}_.]+)`,
    String.raw`(?<emoticon>[:;=8][\-o*']?[()\[\]dDpP\/\\|@3]+|<3|[)(][\-o*']?[:;=])`,
    String.raw`(?<number>[£$€]?\d+(?:[.,]\d+)*(?:%|€|\$|£|k)?)`,
    String.raw`(?<word>[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*)`,
    String.raw`(?<emoji>\p{Extended_Pictographic}(?:\u200d\p{Extended_Pictographic}|\uFE0F|\p{Emoji_Modifier})*)`,
    String.raw`(?<punct>[!?.,;:¡¿]+)`,
  ].join('|'),
  'gu',
);

/** Squeezes 3+ repeated letters to 2 ("sooo" → "soo", "nooooo" → "noo"). */
export function squeeze(word: string): string {
  // Fast path: most words have no triple letter, and the regexp costs more than this scan.
  let triple = false;
  for (let i = 2; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c === word.charCodeAt(i - 1) && c === word.charCodeAt(i - 2)) { triple = true; break; }
  }
  return triple ? word.replace(/(\p{L})\1{2,}/gu, '$1$1') : word;
}

const KINDS = ['url', 'hashtag', 'mention', 'emoticon', 'number', 'word', 'emoji', 'punct'] as const;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  if (typeof text !== 'string') text = text == null ? '' : String(text);
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const cls = c < 128 ? ASCII[c]! : 0;
    if (cls & C_SPACE) { i++; continue; } // no alternative starts with ASCII white space
    let end = -1;
    let kind: Token['kind'] = 'punct';
    // The alternatives of TOKEN_RE, tried in its order at this position (the first that matches wins).
    if (cls & C_URL) { end = matchUrl(text, i); kind = 'url'; }
    if (end < 0 && c === 0x23 /* # */) { end = matchTagBody(text, i + 1, false); kind = 'hashtag'; }
    if (end < 0 && c === 0x40 /* @ */) { end = matchTagBody(text, i + 1, true); kind = 'mention'; }
    if (end < 0 && (cls & C_EMOTICON)) { end = matchEmoticon(text, i, c); kind = 'emoticon'; }
    if (end < 0 && ((cls & C_DIGIT) || c === 0xa3 || c === 0x24 || c === 0x20ac)) { end = matchNumber(text, i); kind = 'number'; }
    if (end < 0) {
      if (cls & C_LETTER) {
        // Plain ASCII word (the common case): hash while scanning, so the record lookup reads the
        // characters once more only to confirm. Anything that may continue the word (an
        // apostrophe, hyphen or non-ASCII letter) takes the general path.
        let h = Math.imul(HASH_SEED ^ c, 0x01000193), lo = c, hi = 0, j = i + 1, d = 0;
        while (j < n && (d = text.charCodeAt(j)) < 128 && (ASCII[d]! & C_LETTER)) {
          h = Math.imul(h ^ d, 0x01000193);
          const k = j - i;
          if (k < 4) lo |= d << (k << 3); else if (k < 8) hi |= d << ((k - 4) << 3);
          j++;
        }
        if (j === n || !(d >= 128 || d === 0x27 || d === 0x2d)) {
          const rec = recordHashed(text, i, j, h, j - i > 8 ? -1 : lo, hi);
          out.push({ text: rec.raw, norm: rec.norm, kind: 'word', start: i, rec });
          i = j;
          continue;
        }
        end = matchWord(text, i); kind = 'word';
      } else if (c >= 128 && isLetterOrMarkAt(text, i)) { end = matchWord(text, i); kind = 'word'; }
      else if (c >= 128 && isPictographicAt(text, i)) { end = matchEmoji(text, i); kind = 'emoji'; }
      else if (cls & C_PUNCT || c === 0xa1 || c === 0xbf) { end = i + 1; while (end < n && isPunct(text.charCodeAt(end))) end++; kind = 'punct'; }
    }
    if (end < 0) {
      // Nothing starts here: skip one code point, as the global regexp would.
      i += c >= 0xd800 && c <= 0xdbff && i + 1 < n && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
      continue;
    }
    if (kind === 'word' || kind === 'hashtag' || kind === 'mention') {
      const rec = recordAt(text, i, end);
      out.push({ text: rec.raw, norm: rec.norm, kind, start: i, rec });
    } else {
      const raw = text.slice(i, end);
      // Numbers and punctuation have no upper case ([£$€]?digits[.,]…[%€$£k], [!?.,;:¡¿]).
      const norm = kind === 'punct' || kind === 'number' ? raw : raw.toLowerCase();
      out.push({ text: raw, norm, kind, start: i, rec: undefined }); // one object shape for all kinds
    }
    i = end;
  }
  return out;
}

// A hand-written scanner that gives exactly what TOKEN_RE (kept above as the specification, and
// compared with this scanner in test/scoring/sentiment-tokens.test.ts) gives, about 4× faster:
// ASCII is classified by a table, other code points by the same Unicode properties, memoised.
const C_LETTER = 1, C_DIGIT = 2, C_PUNCT = 4, C_EMOTICON = 8, C_URL = 16, C_SPACE = 32;
const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z]/.test(ch)) ASCII[c]! |= C_LETTER;
  if (/[0-9]/.test(ch)) ASCII[c]! |= C_DIGIT;
  if (/[!?.,;:]/.test(ch)) ASCII[c]! |= C_PUNCT;
  if (/[:;=8)(<]/.test(ch)) ASCII[c]! |= C_EMOTICON;
  if (ch === 'h' || ch === 'w') ASCII[c]! |= C_URL;
  if (/\s/.test(ch)) ASCII[c]! |= C_SPACE;
}
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const isPunct = (c: number) => (c < 128 ? (ASCII[c]! & C_PUNCT) !== 0 : c === 0xa1 || c === 0xbf);

// Unicode properties of non-ASCII code points, memoised (bits: 1 L|M, 2 L|N, 4 Extended_Pictographic,
// 8 Emoji_Modifier, 16 White_Space; 128 = computed).
const P_LM = 1, P_LN = 2, P_PICT = 4, P_MOD = 8, P_SPACE = 16;
const BMP = new Uint8Array(0x10000);
const ASTRAL = new Map<number, number>();
const RE_LM = /^[\p{L}\p{M}]$/u, RE_LN = /^[\p{L}\p{N}]$/u, RE_PICT = /^\p{Extended_Pictographic}$/u, RE_MOD = /^\p{Emoji_Modifier}$/u, RE_SPACE = /^\s$/u;
function props(cp: number): number {
  if (cp < 0x10000) { const v = BMP[cp]!; if (v) return v; }
  else { const v = ASTRAL.get(cp); if (v !== undefined) return v; }
  const ch = String.fromCodePoint(cp);
  const v = 128 | (RE_LM.test(ch) ? P_LM : 0) | (RE_LN.test(ch) ? P_LN : 0) | (RE_PICT.test(ch) ? P_PICT : 0) | (RE_MOD.test(ch) ? P_MOD : 0) | (RE_SPACE.test(ch) ? P_SPACE : 0);
  if (cp < 0x10000) BMP[cp] = v; else if (ASTRAL.size < 100_000) ASTRAL.set(cp, v);
  return v;
}
/** Code point at i (a lone surrogate is its own code point, as in a 'u' regexp). */
function cpAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (isLow(d)) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}
const cpLen = (cp: number) => (cp > 0xffff ? 2 : 1);
function isLetterOrMarkAt(s: string, i: number): boolean {
  return (props(cpAt(s, i)) & P_LM) !== 0;
}
function isPictographicAt(s: string, i: number): boolean {
  return (props(cpAt(s, i)) & P_PICT) !== 0;
}
/** End of a run of [\p{L}\p{M}] starting at i (i itself when there is none). */
function letters(s: string, i: number): number {
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c < 128) { if (ASCII[c]! & C_LETTER) { i++; continue; } return i; }
    const cp = cpAt(s, i);
    if (!(props(cp) & P_LM)) return i;
    i += cpLen(cp);
  }
  return i;
}

// url: https?:\/\/[^\s<>"']+ | www\.[^\s<>"']+   (case-sensitive)
function matchUrl(s: string, i: number): number {
  let j: number;
  if (s.startsWith('http', i)) {
    j = i + 4;
    if (s.charCodeAt(j) === 0x73 /* s */) j++;
    if (!s.startsWith('://', j)) return -1;
    j += 3;
  } else if (s.startsWith('www.', i)) j = i + 4;
  else return -1;
  const start = j, n = s.length;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c < 128) {
      if (ASCII[c]! & C_SPACE || c === 0x3c || c === 0x3e || c === 0x22 || c === 0x27) break;
      j++;
      continue;
    }
    const cp = cpAt(s, j);
    if (props(cp) & P_SPACE) break;
    j += cpLen(cp);
  }
  return j > start ? j : -1;
}

// hashtag: #[\p{L}\p{N}_]+ ; mention: @[\p{L}\p{N}_.]+
function matchTagBody(s: string, i: number, dot: boolean): number {
  let j = i;
  const n = s.length;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c < 128) {
      if (ASCII[c]! & (C_LETTER | C_DIGIT) || c === 0x5f || (dot && c === 0x2e)) { j++; continue; }
      break;
    }
    const cp = cpAt(s, j);
    if (!(props(cp) & P_LN)) break;
    j += cpLen(cp);
  }
  return j > i ? j : -1;
}

// emoticon: [:;=8][\-o*']?[()\[\]dDpP\/\\|@3]+ | <3 | [)(][\-o*']?[:;=]
const isEyes = (c: number) => c === 0x3a || c === 0x3b || c === 0x3d;
const isNose = (c: number) => c === 0x2d || c === 0x6f || c === 0x2a || c === 0x27;
const isMouth = (c: number) => c === 0x28 || c === 0x29 || c === 0x5b || c === 0x5d || c === 0x64 || c === 0x44 || c === 0x70 || c === 0x50 || c === 0x2f || c === 0x5c || c === 0x7c || c === 0x40 || c === 0x33;
function matchEmoticon(s: string, i: number, c: number): number {
  if (isEyes(c) || c === 0x38 /* 8 */) {
    let j = i + 1;
    if (isNose(s.charCodeAt(j))) j++;
    const m = j;
    while (j < s.length && isMouth(s.charCodeAt(j))) j++;
    if (j > m) return j;
  }
  if (c === 0x3c /* < */) return s.charCodeAt(i + 1) === 0x33 ? i + 2 : -1;
  if (c === 0x28 || c === 0x29) {
    let j = i + 1;
    if (isNose(s.charCodeAt(j))) j++;
    if (isEyes(s.charCodeAt(j))) return j + 1;
  }
  return -1;
}

// number: [£$€]?\d+(?:[.,]\d+)*(?:%|€|\$|£|k)?
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
function matchNumber(s: string, i: number): number {
  let j = i;
  const c = s.charCodeAt(j);
  if (c === 0xa3 || c === 0x24 || c === 0x20ac) j++;
  if (!isDigit(s.charCodeAt(j))) return -1;
  while (isDigit(s.charCodeAt(j))) j++;
  for (;;) {
    const d = s.charCodeAt(j);
    if ((d === 0x2e || d === 0x2c) && isDigit(s.charCodeAt(j + 1))) { j += 2; while (isDigit(s.charCodeAt(j))) j++; } else break;
  }
  const e = s.charCodeAt(j);
  if (e === 0x25 || e === 0x20ac || e === 0x24 || e === 0xa3 || e === 0x6b) j++;
  return j;
}

// word: [\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*
function matchWord(s: string, i: number): number {
  let j = letters(s, i);
  for (;;) {
    const d = s.charCodeAt(j);
    if (d !== 0x27 && d !== 0x2019 && d !== 0x2d) return j;
    const k = letters(s, j + 1);
    if (k === j + 1) return j;
    j = k;
  }
}

// emoji: \p{Extended_Pictographic}(?:\u200d\p{Extended_Pictographic}|\uFE0F|\p{Emoji_Modifier})*
function matchEmoji(s: string, i: number): number {
  let j = i + cpLen(cpAt(s, i));
  const n = s.length;
  while (j < n) {
    const c = s.charCodeAt(j);
    if (c === 0xfe0f) { j++; continue; }
    if (c === 0x200d) {
      if (j + 1 < n) { const cp = cpAt(s, j + 1); if (props(cp) & P_PICT) { j += 1 + cpLen(cp); continue; } }
      return j;
    }
    if (c >= 128) { const cp = cpAt(s, j); if (props(cp) & P_MOD) { j += cpLen(cp); continue; } }
    return j;
  }
  return j;
}

/** The regular-expression tokenizer this module's scanner reproduces; kept as its specification. */
export function tokenizeByRegExp(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN_RE)) {
    let kind: Token['kind'] = 'punct';
    for (let g = 0; g < KINDS.length; g++) {
      if (m[g + 1] !== undefined) { kind = KINDS[g]!; break; }
    }
    const raw = m[0];
    const norm = kind === 'word' || kind === 'hashtag' || kind === 'mention' ? squeeze(raw.toLowerCase()) : raw.toLowerCase();
    out.push({ text: raw, norm, kind, start: m.index! });
  }
  return out;
}

/** Lower-cased words only (hashtags without '#'), for bag-of-words models. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) {
    if (t.kind === 'word') out.push(t.norm);
    else if (t.kind === 'hashtag') out.push(t.norm.slice(1));
  }
  return out;
}

/** Removes accents: "gustó" → "gusto". Used for lexicon lookups that must match both spellings. */
export function fold(word: string): string {
  // Fast path for plain ASCII, the common case (normalize + regexp cost ~1 µs per word).
  let ascii = true;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) > 0x7f) { ascii = false; break; }
  return ascii ? word : word.normalize('NFD').replace(/\p{M}+/gu, '');
}
