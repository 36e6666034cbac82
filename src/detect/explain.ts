// Why an alert fired, in words a PR team reads: the terms and phrases that rose most in the recent
// mentions against the baseline mentions, and the most-engaged sample mentions with links.

import type { AlertSample, Mention } from '../core/types.js';

/**
 * Minimal tokenizer (detect imports only core, so it cannot use src/scoring/tokens.ts; callers may
 * pass their own tokens instead). Keeps prices and numbers with their currency ("£50", "20%"),
 * hashtags, and words with inner apostrophes / hyphens.
 */
export function simpleTokens(text: string): string[] {
  const re = /[£$€]\d+(?:[.,]\d+)*|\d+(?:[.,]\d+)*(?:%|€|£|\$|k)?|#[\p{L}\p{N}_]+|[\p{L}\p{M}]+(?:['’\-][\p{L}\p{M}]+)*/gu;
  return (text.toLowerCase().match(re) ?? []).map((t) => t.replace(/’/g, "'"));
}

// Function words that make poor terms on their own and poor phrase edges. "nothing", "not", "no"
// are kept on purpose: they carry the complaint ("nothing to do with her brand").
const STOP = new Set(('a an the and or but if of to in on at for with from by as is are was were be been being am it its ' +
  'this that these those i me my we our you your he she him her his they them their there here so than then too very ' +
  'just can will would could should do does did have has had what which who whom how when where why all any some ' +
  'about into over after before up down out off again also only own same such more most other rt via ' +
  'de la el los las y en un una que es por para con del se lo al').split(/\s+/));

export interface RisingTermsOptions {
  /** Longest phrase in words. Default 6 ("nothing to do with her brand"). */
  maxN?: number;
  /** A term must appear in at least this many recent texts. Default 2. */
  minCount?: number;
  /** Minimum z-score of the log-odds difference. Default 1.96. */
  minZ?: number;
  /** Strength of the informative Dirichlet prior (pseudo-documents). Default 10. */
  priorStrength?: number;
  tokenize?: (text: string) => string[];
}

type Docs = readonly string[] | readonly (readonly string[])[];

/**
 * Terms (unigrams and phrases up to 6 words) that rose most in `recent` against `baseline`, by the
 * log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin'
 * Words"), counted once per text so one long rant does not dominate. A phrase replaces the shorter
 * terms inside it when they mostly occur as part of it.
 */
export function risingTerms(recent: Docs, baseline: Docs, k = 10, opts: RisingTermsOptions = {}): string[] {
  const maxN = opts.maxN ?? 6;
  const minCount = opts.minCount ?? 2;
  const minZ = opts.minZ ?? 1.96;
  const a0 = opts.priorStrength ?? 10;
  const tok = opts.tokenize ?? simpleTokens;
  const toks = (d: Docs) => (d as readonly (string | readonly string[])[]).map((x) => (typeof x === 'string' ? tok(x) : x.map((t) => t.toLowerCase())));
  const R = toks(recent);
  const B = toks(baseline);
  const rc = docFreq(R, maxN);
  const bc = docFreq(B, maxN);
  const nR = Math.max(R.length, 1);
  const nB = Math.max(B.length, 1);
  const scored: { term: string; z: number; c: number }[] = [];
  for (const [term, c] of rc) {
    if (c < minCount) continue;
    const b = bc.get(term) ?? 0;
    // Prior: the term's share of all texts, times the prior strength.
    const p = (c + b) / (nR + nB);
    const a = Math.max(a0 * p, 0.01);
    const lr = Math.log((c + a) / (nR + a0 - c - a + 1e-9));
    const lb = Math.log((b + a) / (nB + a0 - b - a + 1e-9));
    const z = (lr - lb) / Math.sqrt(1 / (c + a) + 1 / (b + a));
    if (z >= minZ) scored.push({ term, z, c });
  }
  scored.sort((x, y) => y.z - x.z || y.term.split(' ').length - x.term.split(' ').length || x.term.localeCompare(y.term));
  // Prefer the longest phrase that explains a family of overlapping n-grams.
  const chosen: { term: string; c: number }[] = [];
  for (const s of scored) {
    const subsumed = chosen.some((ch) => contains(ch.term, s.term) && s.c <= ch.c * 1.5);
    if (subsumed) continue;
    // A longer phrase with about the same support replaces its shorter pieces already chosen.
    for (let i = chosen.length - 1; i >= 0; i--) {
      if (contains(s.term, chosen[i].term) && chosen[i].c <= s.c * 1.5) chosen.splice(i, 1);
    }
    chosen.push({ term: s.term, c: s.c });
  }
  // Re-rank after merging: longer phrases beat their pieces only when well supported.
  return chosen.slice(0, k).map((c) => c.term);
}

function contains(phrase: string, part: string): boolean {
  return phrase !== part && ` ${phrase} `.includes(` ${part} `);
}

function docFreq(docs: readonly (readonly string[])[], maxN: number): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of docs) {
    const seen = new Set<string>();
    for (let i = 0; i < d.length; i++) {
      if (STOP.has(d[i])) continue; // phrases never start with a function word
      for (let n = 1; n <= maxN && i + n <= d.length; n++) {
        const last = d[i + n - 1];
        if (STOP.has(last)) continue; // …nor end with one
        seen.add(d.slice(i, i + n).join(' '));
      }
    }
    for (const t of seen) m.set(t, (m.get(t) ?? 0) + 1);
  }
  return m;
}

export type SampleSource = Pick<Mention, 'id' | 'url' | 'text' | 'author' | 'engagement'> & Partial<Pick<Mention, 'publishedAt' | 'title'>>;

/** Likes + 2×comments + 3×shares: replies and shares spread a complaint more than a like does. */
export function engagementOf(m: Pick<Mention, 'engagement'>): number {
  const e = m.engagement ?? {};
  return (e.likes ?? 0) + 2 * (e.comments ?? 0) + 3 * (e.shares ?? 0);
}

/** The k most-engaged mentions (ties: more followers, then newer), one per distinct text, as alert samples. */
export function pickSamples(mentions: readonly SampleSource[], k = 3): AlertSample[] {
  const sorted = [...mentions].sort((a, b) =>
    engagementOf(b) - engagementOf(a) ||
    (b.author?.followers ?? 0) - (a.author?.followers ?? 0) ||
    (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''));
  const out: AlertSample[] = [];
  const texts = new Set<string>();
  for (const m of sorted) {
    if (out.length >= k) break;
    const text = (m.text || m.title || '').replace(/\s+/g, ' ').trim();
    const key = text.toLowerCase();
    if (!text || texts.has(key)) continue;
    texts.add(key);
    const author = m.author?.handle ?? m.author?.name;
    out.push({
      mentionId: m.id,
      ...(m.url ? { url: m.url } : {}),
      text: text.length > 280 ? `${text.slice(0, 279)}…` : text,
      ...(author ? { author } : {}),
      engagement: engagementOf(m),
    });
  }
  return out;
}

/**
 * How many of a wave's reviews copy or reword an earlier review of the brand (their
 * scores.fake.copyOf), and the review copied most: a PR team reads "9 of them reword review
 * r123" as a templated campaign, which a count of suspects alone does not say.
 */
export function copiesAmong(mentions: readonly Partial<Pick<Mention, 'scores'>>[]): { copies: number; mostCopied?: { id: string; times: number } } {
  const counts = new Map<string, number>();
  let copies = 0;
  for (const m of mentions) {
    const c = m.scores?.fake?.copyOf;
    if (!c || typeof c.id !== 'string') continue;
    copies++;
    counts.set(c.id, (counts.get(c.id) ?? 0) + 1);
  }
  let best: { id: string; times: number } | undefined;
  for (const [id, times] of counts) if (!best || times > best.times || (times === best.times && id < best.id)) best = { id, times };
  return best ? { copies, mostCopied: best } : { copies };
}
