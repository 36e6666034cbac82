// Our lexicons are written as compact text blocks ("3: love loved amaz* ...") so that they stay
// readable and reviewable in a diff. This module turns them into lookup tables once, at load.
//
//  - `word`        exact (accent-folded, lower-case) word
//  - `stem*`       any word starting with `stem` (checked only when no exact entry matches)
//  - `a_b_c`       a phrase of 2–3 words ("waste_of_money")

import { fold } from '../tokens.js';

export interface Lexicon {
  words: Map<string, number>;
  stems: Map<string, number>;
  phrases: Map<string, number>;
  /** Longest stem, to bound prefix probing. */
  maxStem: number;
}

export function parseLexicon(src: string): Lexicon {
  const lex: Lexicon = { words: new Map(), stems: new Map(), phrases: new Map(), maxStem: 0 };
  for (const raw of src.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('//')) continue;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const value = Number(line.slice(0, colon));
    if (!Number.isFinite(value)) continue;
    for (const entry of line.slice(colon + 1).split(/\s+/)) {
      if (!entry) continue;
      const key = fold(entry.toLowerCase());
      if (key.includes('_')) lex.phrases.set(key.replace(/_/g, ' '), value);
      else if (key.endsWith('*')) {
        const stem = key.slice(0, -1);
        lex.stems.set(stem, value);
        if (stem.length > lex.maxStem) lex.maxStem = stem.length;
      } else lex.words.set(key, value);
    }
  }
  return lex;
}

/** Parses a plain word list ("a b c" over lines) into a Set of folded, lower-case words. */
export function wordSet(src: string): Set<string> {
  const out = new Set<string>();
  for (const w of src.split(/\s+/)) if (w) out.add(fold(w.toLowerCase()).replace(/_/g, ' '));
  return out;
}

/** Parses "1.5: very really\n0.5: slightly" into word → multiplier. */
export function weightMap(src: string): Map<string, number> {
  const lex = parseLexicon(src);
  const out = new Map(lex.words);
  for (const [k, v] of lex.phrases) out.set(k, v);
  return out;
}
