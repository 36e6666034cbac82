// Regexp gates: two regular expressions that scoreMission runs over a whole post, and how the
// post's tokens tell first, from facts kept on their word records, that neither can match (most
// posts), so the expressions only run where they might. Split from mission.ts, which uses them.
import type { Token } from './tokens.js';
import { ENV_HINT } from './claims-model.js';

// Complaints that a post does not fit the brand. Each alternative lists the letter strings a
// match must contain (groups: all of them; a group's strings: any one), so a post whose words
// contain none of the needed combinations skips the regexp (see complaintPossible).
const COMPLAINT_ALTS: { re: string; needs: string[][] }[] = [
  { re: String.raw`(?:has|have|had)\s+nothing\s+to\s+do\s+with`, needs: [['nothing'], ['with']] },
  { re: String.raw`doesn'?t\s+fit\s+(?:with\s+)?(?:the|their|her|his|its)\s+(?:brand|image|values|mission)`, needs: [['doesn'], ['fit']] },
  { re: String.raw`off[- ]brand`, needs: [['off'], ['brand']] },
  { re: String.raw`not\s+what\s+(?:the\s+brand|they|she|he)\s+stands?\s+for`, needs: [['not'], ['what'], ['stand']] },
  { re: String.raw`out\s+of\s+character\s+for`, needs: [['out'], ['character']] },
  { re: String.raw`(?:no\s+tiene|nada)\s+(?:nada\s+)?que\s+ver\s+con`, needs: [['que'], ['ver'], ['con']] },
  { re: String.raw`no\s+pega\s+(?:nada\s+)?con`, needs: [['pega'], ['con']] },
  { re: String.raw`no\s+encaja\s+(?:para\s+nada\s+)?con`, needs: [['encaja'], ['con']] },
  { re: String.raw`no\s+es\s+lo\s+que\s+(?:la\s+marca|representa)`, needs: [['que'], ['marca', 'representa']] },
  // "what does running have to do with face cream", "why is a skincare brand selling candles",
  // "¿qué tiene que ver?": the question is the complaint.
  { re: String.raw`what\s+(?:does|do|has)\s+\S+(?:\s+\S+){0,3}?\s+(?:have|got)\s+to\s+do\s+with`, needs: [['what'], ['have', 'got'], ['with']] },
  { re: String.raw`why\s+(?:is|are|would|does)\s+an?\s+\S+(?:\s+\S+)?\s+(?:brand|company)\s+(?:selling|making|launching|doing|sponsoring)`, needs: [['why'], ['brand', 'company']] },
  { re: String.raw`qu[eé]\s+tienen?\s+que\s+ver`, needs: [['tiene'], ['ver']] },
];
export const COMPLAINT_RE = new RegExp(`(?:${COMPLAINT_ALTS.map((a) => a.re).join('|')})`, 'giu');

// ---------------------------------------------------------------- regexp gates from the tokens
// COMPLAINT_RE and ENV_HINT run over the whole post; the post's tokens can tell first that they
// cannot match, from facts kept on each word record (one memo load per token):
// - COMPLAINT_RE: every letter string a complaint needs lies inside one word, hashtag or mention
//   token (letters next to each other are one such token), so the post's tokens must contain
//   all strings of some alternative. Case-insensitive Unicode matching lets only ASCII letters,
//   'ſ' (s) and 'K' (k) match them. URLs and emoticons can hold letters that run on into the next
//   token, so a post with one runs the regexp.
// - ENV_HINT (\b + one of its words, as a prefix, ASCII case-insensitive): a match starts at an
//   ASCII letter, which lies in a token, at a word boundary there (or at the token's start), and
//   the token's text from there starts with one of its words or ends while matching one. A word,
//   hashtag or mention token is never followed by an ASCII letter (it would have taken it in),
//   so ending while matching counts only when the word goes on with another character there
//   ("net" of "net zero", "co" of "co2"), not "was" of "waste"; URLs and emoticons may be
//   followed by letters (":p" + "lastic").

/** The distinct needed strings of COMPLAINT_ALTS; bit k of a token's gate stands for string k. */
const COMPLAINT_STRINGS: string[] = [...new Set(COMPLAINT_ALTS.flatMap((a) => a.needs.flat()))];
/** Per alternative, per group: the bits of the group's strings. */
const COMPLAINT_NEEDS: number[][] = COMPLAINT_ALTS.map((a) => a.needs.map((g) => g.reduce((m, x) => m | (1 << COMPLAINT_STRINGS.indexOf(x)), 0)));
export const COMPLAINT_ALL = (1 << COMPLAINT_STRINGS.length) - 1;
export const ENV_BIT = 1 << COMPLAINT_STRINGS.length;

/** ENV_HINT's words, lower-case, when its source is \b(?:w1|w2|…) of letters, digits and [- ] classes; else null (no gate). */
export const ENV_WORDS: string[] | null = (() => {
  const m = /^\\b\(\?:(.*)\)$/.exec(ENV_HINT.source);
  if (!m || ENV_HINT.flags.replace(/[gy]/g, '') !== 'i') return null;
  const out: string[] = [];
  for (const alt of m[1]!.split('|')) {
    let forms = [''];
    for (let i = 0; i < alt.length; i++) {
      if (alt.startsWith('[- ]', i)) { forms = forms.flatMap((f) => [f + '-', f + ' ']); i += 3; continue; }
      if (!/[a-z0-9]/.test(alt[i]!)) return null;
      forms = forms.map((f) => f + alt[i]);
    }
    out.push(...forms);
  }
  return out.length && COMPLAINT_STRINGS.length < 30 ? out : null;
})();

const isAsciiLetter = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
const isAsciiWordChar = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;

/**
 * True when `word` (lower-case ASCII) matches raw from p ASCII-case-insensitively, or raw ends
 * while it still does and the text after raw may go on with the rest of the word (`open`: it
 * may hold anything; else it cannot start with an ASCII letter).
 */
function wordAt(raw: string, p: number, word: string, open: boolean): boolean {
  for (let k = 0; k < word.length; k++) {
    if (p + k >= raw.length) return open || !isAsciiLetter(word.charCodeAt(k));
    let c = raw.charCodeAt(p + k);
    if (c >= 0x41 && c <= 0x5a) c += 32;
    if (c !== word.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * The gate bits of one token's text: the complaint strings it contains, and ENV_BIT when ENV_HINT
 * may start in it. `open`: the text after the token may start with an ASCII letter (not so after
 * a word, hashtag or mention token).
 */
export function tokenGate(raw: string, open = false): number {
  let bits = 0;
  // Case-insensitive (Unicode) view of the letters: ASCII lower-cased, ſ → s, K → k.
  let low = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    low += c >= 0x41 && c <= 0x5a ? String.fromCharCode(c + 32) : c === 0x17f ? 's' : c === 0x212a ? 'k' : raw[i]!;
  }
  for (let k = 0; k < COMPLAINT_STRINGS.length; k++) if (low.includes(COMPLAINT_STRINGS[k]!)) bits |= 1 << k;
  const env = ENV_WORDS;
  if (env === null) return bits | ENV_BIT;
  for (let p = 0; p < raw.length; p++) {
    const c = raw.charCodeAt(p);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a))) continue;
    if (p > 0 && isAsciiWordChar(raw.charCodeAt(p - 1))) continue;
    for (let k = 0; k < env.length; k++) if (wordAt(raw, p, env[k]!, open)) return bits | ENV_BIT;
  }
  return bits;
}

/**
 * OR of the gate bits of a post's tokens (COMPLAINT_ALL | ENV_BIT: run both regexps). scoreMission
 * reads the same bits from its per-word record facts (mission.ts readPost); this plain form is
 * what the tests compare with the regexps.
 */
function postGate(tokens: readonly Token[]): number {
  let bits = 0;
  for (let k = 0; k < tokens.length; k++) bits |= tokenGateOf(tokens[k]!);
  return bits;
}

/** The gate bits of a token without a word record. */
export function tokenGateOf(t: Token): number {
  if (t.kind === 'url' || t.kind === 'emoticon') return tokenGate(t.text, true) | COMPLAINT_ALL;
  if (t.kind === 'word' || t.kind === 'hashtag' || t.kind === 'mention') return tokenGate(t.text);
  // numbers (their only letter, 'k', follows a digit), punctuation and emoji: no letters that matter
  return 0;
}

/** What the tokens allow (for tests): false means the regexp cannot match the text they are of. */
export function regexGates(tokens: readonly Token[]): { env: boolean; complaint: boolean } {
  const bits = postGate(tokens);
  return { env: (bits & ENV_BIT) !== 0, complaint: complaintPossible(bits) };
}

/** COMPLAINT_RE itself, for tests. */
export const COMPLAINT_SCAN_RE: RegExp = COMPLAINT_RE;

/** True when COMPLAINT_RE may match a post with gate bits `bits`. */
export function complaintPossible(bits: number): boolean {
  for (let a = 0; a < COMPLAINT_NEEDS.length; a++) {
    const groups = COMPLAINT_NEEDS[a]!;
    let all = true;
    for (let g = 0; g < groups.length; g++) if (!(bits & groups[g]!)) { all = false; break; }
    if (all) return true;
  }
  return false;
}
