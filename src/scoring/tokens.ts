// Tokenizer shared by every scorer. natural's WordTokenizer drops '#', '@', emoji and splits
// accented words, so we use one Unicode-aware regular expression instead.

/** A token and its kind; `norm` is lower-cased with elongations squeezed ("sooo" → "soo"). */
export interface Token {
  text: string;
  norm: string;
  kind: 'word' | 'hashtag' | 'mention' | 'url' | 'emoji' | 'emoticon' | 'number' | 'punct';
  /** Offset of the token in the input, for quoting evidence spans. */
  start: number;
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
  for (const m of text.matchAll(TOKEN_RE)) {
    // Named groups are numbered in KINDS order; positional checks avoid building m.groups.
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
