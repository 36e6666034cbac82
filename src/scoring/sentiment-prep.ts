// Text preparation shared by language detection, sentiment and aspects: make any string safe
// and bounded before the regular expressions see it. Bad input never throws here.

import { tokenize, type Token } from './tokens.js';

/** Work is capped: only the first MAX_CHARS characters are scored (and the reasons say so). */
export const MAX_CHARS = 20_000;

export interface PreparedText {
  /** Cleaned, capped text that offsets in `tokens` refer to. */
  text: string;
  tokens: Token[];
  /** Original length in characters, before capping. */
  originalLength: number;
  truncated: boolean;
  htmlStripped: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Removes tags, scripts and styles and decodes the common entities. Cheap; not a full parser. */
export function stripHtml(s: string): string {
  return s
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<\/?[a-z][^>]*>/gi, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (m, e: string) => {
      const k = e.toLowerCase();
      if (ENTITIES[k] !== undefined) return ENTITIES[k]!;
      if (k.startsWith('#x')) return safeCodePoint(parseInt(k.slice(2), 16)) ?? m;
      if (k.startsWith('#')) return safeCodePoint(parseInt(k.slice(1), 10)) ?? m;
      return m;
    });
}

function safeCodePoint(cp: number): string | undefined {
  return Number.isInteger(cp) && cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : undefined;
}

/** Replaces lone surrogates (invalid UTF-16, e.g. from cut strings) with U+FFFD. */
export function wellFormed(s: string): string {
  const f = (s as { toWellFormed?: () => string }).toWellFormed;
  return f ? f.call(s) : s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

const LITERAL_ESCAPE = /\\u([0-9a-fA-F]{4})/g;
/**
 * Decodes escapes left as text by a doubly JSON-encoded source (`Don\u2019t`, `a\u002c b`):
 * scraped posts and exported tweets carry them, and they split words ("don" + "u2019t" loses the
 * negation). Lone surrogates they would produce are left as written.
 */
export function decodeLiteralEscapes(s: string): string {
  if (!s.includes('\\u')) return s;
  return s.replace(LITERAL_ESCAPE, (m, hex: string) => {
    const c = parseInt(hex, 16);
    return c >= 0xd800 && c <= 0xdfff ? m : String.fromCharCode(c);
  });
}

let lastIn: string | undefined;
let lastOut: PreparedText | undefined;

/**
 * Cleans and tokenizes text, memoising the last call: the scoring pipeline asks for the same
 * text from language detection, sentiment and aspects, and should tokenize it once.
 */
export function prepare(input: unknown): PreparedText {
  const raw = typeof input === 'string' ? input : input == null ? '' : String(input);
  if (raw === lastIn && lastOut) return lastOut;
  let text = raw.length > MAX_CHARS * 4 ? raw.slice(0, MAX_CHARS * 4) : raw;
  text = wellFormed(decodeLiteralEscapes(text));
  let htmlStripped = false;
  // The markup test needs a '<' or '&'; most posts have neither, and two indexOf cost a fifth of the regexp.
  if ((text.indexOf('<') >= 0 || text.indexOf('&') >= 0) && /<[a-z!\/]|&[#a-z0-9]+;/i.test(text)) {
    const stripped = stripHtml(text);
    htmlStripped = stripped !== text;
    text = stripped;
  }
  const truncated = text.length > MAX_CHARS || raw.length > MAX_CHARS * 4;
  if (text.length > MAX_CHARS) text = wellFormed(text.slice(0, MAX_CHARS));
  const out: PreparedText = { text, tokens: tokenize(text), originalLength: raw.length, truncated, htmlStripped };
  lastIn = raw;
  lastOut = out;
  return out;
}
