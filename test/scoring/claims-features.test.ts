// The fast paths of feature hashing, shingling and claim scanning must give exactly what the
// plain string-keyed versions they replace give: the shipped models were trained on those.
import { describe, expect, it } from 'vitest';
import { featurize, seededRandom, DEFAULT_SPEC, type FeatureSpec } from '../../src/scoring/classifier.js';
import { fnv1a } from '../../src/scoring/fnv.js';
import { shingleHashes } from '../../src/scoring/minhash.js';
import { shingleHash } from '../support/minhash-reference.js';
import { extractClaims, foldWithMap, CLAIM_PATTERNS } from '../../src/scoring/claims.js';
import { fold, tokenize, words } from '../../src/scoring/tokens.js';
import { scoreMission } from '../../src/scoring/mission.js';

/** The original featurize: string keys, a Map of counts. */
function reference(text: string, spec: FeatureSpec): Map<number, number> {
  const mask = spec.dim - 1;
  const counts = new Map<number, number>();
  const add = (key: string) => counts.set(fnv1a(key) & mask, (counts.get(fnv1a(key) & mask) ?? 0) + 1);
  const toks = tokenize(text);
  const seq: string[] = [];
  for (const t of toks) {
    if (t.kind === 'word' || t.kind === 'hashtag' || t.kind === 'mention') seq.push(t.norm);
    else if (t.kind === 'number') seq.push('<num>');
    else if (t.kind === 'url') seq.push('<url>');
    else if (spec.punctuation) seq.push(t.kind === 'punct' ? t.norm : `<${t.kind}>`);
  }
  for (let n = 1; n <= spec.wordNgrams; n++) for (let i = 0; i + n <= seq.length; i++) add(n === 1 ? `w:${seq[i]}` : `w${n}:${seq.slice(i, i + n).join(' ')}`);
  if (spec.charNgrams) {
    const [lo, hi] = spec.charNgrams;
    for (const t of toks) {
      if (t.kind !== 'word') continue;
      const w = ` ${t.norm} `;
      for (let n = lo; n <= hi; n++) for (let i = 0; i + n <= w.length; i++) add(`c:${w.slice(i, i + n)}`);
    }
  }
  if (seq.length > 0) {
    add(`end:${seq[seq.length - 1]!.slice(0, 3)}`);
    add(`start:${seq[0]}`);
  } else add('empty');
  return counts;
}

const TEXTS = [
  '', '!!!', 'We cut our carbon footprint in half by switching to renewable electricity.',
  'El sérum de Lumina me curó el acné 😍 #publi @luminaskin https://amzn.to/x1 20% off :)',
  'great great great great product product, sooo good!!! 5/5 would buy again', 'Ünïcödé naïve café über straße İstanbul',
];

describe('feature hashing fast path', () => {
  it('gives the same features, in the same order, as string keys', () => {
    const specs: FeatureSpec[] = [DEFAULT_SPEC, { dim: 1 << 17, wordNgrams: 2, charNgrams: null, punctuation: true }, { dim: 1 << 10, wordNgrams: 3, charNgrams: [2, 4], punctuation: false }];
    for (const spec of specs) {
      for (const text of TEXTS) {
        const ref = reference(text, spec);
        const got = featurize(text, spec);
        expect([...got.idx]).toEqual([...ref.keys()]);
        let norm = 0;
        const vals = [...ref.values()].map((c) => 1 + Math.log(c));
        for (const v of vals) norm += v * v;
        norm = Math.sqrt(norm) || 1;
        expect([...got.val]).toEqual(vals.map((v) => v / norm));
        // Repeated calls (cached hashes, reused scratch table) give the same vector.
        expect([...featurize(text, spec, tokenize(text)).idx]).toEqual([...got.idx]);
      }
    }
  });
  it('shingles hash like their words, chained', () => {
    for (const text of TEXTS) {
      const ws = words(text).map(fold);
      const want = new Set<number>();
      if (ws.length > 0 && ws.length < 3) want.add(shingleHash(ws));
      for (let i = 0; i + 3 <= ws.length; i++) want.add(shingleHash(ws.slice(i, i + 3)));
      expect([...shingleHashes(text, 3)]).toEqual([...want]);
    }
  });
});

describe('claim scan', () => {
  it('identifies the same pattern and place as one capture group per pattern', () => {
    // The scan before: every pattern its own group, the first defined group is the pattern.
    let group = 1;
    const groups: { i: number; group: number }[] = [];
    const src = CLAIM_PATTERNS.map((p, i) => {
      groups.push({ i, group });
      group += 1 + (p.place ? 1 : 0);
      return `(${p.re})`;
    });
    const old = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${src.join('|')})(?![\p{L}\p{N}])`, 'gu');
    const vocab = ('not tested on animals is cruelty free vegan vegana 100% natural organic made in spain hecho en españa china ' +
      'paraben-free free of parabens recyclable plastic-free so much plastic inclusive for all skin tones only 3 shades cures cured ' +
      'treats treat myself clinically proven gave me a rash affordable great value overpriced rip-off muy caro barata handmade km 0 ' +
      'contains honey contiene miel lleno de quimicos eco-friendly sostenible greenwashing dermatologist-tested y con por the').split(' ');
    const r = seededRandom(5);
    let checked = 0;
    for (let n = 0; n < 400; n++) {
      const text = Array.from({ length: 25 }, () => vocab[Math.floor(r() * vocab.length)]).join(r() < 0.5 ? ' ' : ', ');
      const folded = foldWithMap(text).folded;
      const want = [...folded.matchAll(old)].map((m) => {
        const g = groups.find((x) => m[x.group] !== undefined)!;
        const p = CLAIM_PATTERNS[g.i]!;
        return { category: p.category, start: m.index, phrase: m[0], place: p.place ? m[g.group + 1] : undefined };
      });
      const got = extractClaims(text);
      // extractClaims drops a few everyday phrases ("treat myself") and "made in" anything but a
      // place ("made in free animals"); compare the rest.
      const kept = want.filter((w) => got.some((g) => g.start === w.start));
      for (const w of want) if (!kept.includes(w)) expect(w.phrase).toMatch(/^(?:treats?|natural|cur|made in (?!(?:the )?(?:spain|china))|hecho en (?!espana|china))/);
      expect(got.map((c) => [c.category, c.start, c.end - c.start])).toEqual(kept.map((w) => [w.category, w.start, w.phrase.length]));
      for (const c of got) {
        const w = kept.find((x) => x.start === c.start)!;
        if (w.place !== undefined) expect(c.place).toBe(w.place.replace(/ (?:and|with|by|for|y|con|por|para|de|del|the|el|la)$/, '').trim() || undefined);
      }
      checked += got.length;
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('tokens of a sentence from the tokens of its post', () => {
  it('equal tokenize(sentence) whenever no token crosses the sentence ends', async () => {
    const { tokensWithin } = await import('../../src/scoring/claims-text.js');
    const pieces = ['We cut', 'emissions', 'by 3.5%', 'in 2023', '!!', '?', '.', '\n', 'www.x.com/a.b', 'https://a.b/c?d=1.', ':)', '8)', '(:', '😍', 'co2', "don't", 'e-mail', 'naïve', '#eco', '@brand.', '£3.50', '...', 'K', 'ſino'];
    const r = seededRandom(9);
    let reused = 0;
    for (let n = 0; n < 2000; n++) {
      const text = Array.from({ length: 12 }, () => pieces[Math.floor(r() * pieces.length)]).join(r() < 0.7 ? ' ' : '');
      const all = tokenize(text);
      for (const m of text.matchAll(/[^.!?\n]+[.!?]?/g)) {
        const s = m.index, e = s + m[0].length;
        const got = tokensWithin(all, s, e);
        if (!got) continue;
        reused++;
        expect(got.map((t) => [t.kind, t.text, t.norm])).toEqual(tokenize(m[0]).map((t) => [t.kind, t.text, t.norm]));
      }
    }
    expect(reused).toBeGreaterThan(2000);
  });
});

describe('claim scan dispatch and folding', () => {
  it('nextClaimMatch finds exactly what CLAIM_RE finds', async () => {
    const { nextClaimMatch, CLAIM_SCAN_RE, firstChars, firstWords } = await import('../../src/scoring/claims.js');
    // The first-word pre-check lists the words a pattern can start with, or gives up (null).
    expect([...firstWords('(?:is |are )?tested|100 ?% vegan|cruelty[- ]?free|km ?0')!].sort()).toEqual(['100', 'are', 'cruelty', 'crueltyfree', 'is', 'km', 'km0', 'tested']);
    expect(firstWords('boosts? (?:your )?immun\\w*')).toEqual(new Set(['boost', 'boosts']));
    expect(firstWords('\\w+ed')).toBeNull();
    expect(firstWords('(?=x)y')).toBeNull();
    expect([...firstChars('(?:is |are )?tested|100 ?% vegan|[b-c]y')!].map((c) => String.fromCharCode(c)).sort().join('')).toBe('1abcit');
    expect(firstChars('(?=x)y')).toBeNull();
    expect(firstChars('a?')).toBeNull();
    const vocab = ('not tested on animals cruelty-free vegan 100% natural organic made in spain hecho en españa sin parabenos ' +
      'recyclable 20% off km0 km 0 handmade inclusive only 3 shades cure cures treats overpriced caro barata eco-friendly ' +
      'x1 a é ñ 😀 \uD800 Σ İ 한 ﬁ ſ').split(' ');
    const r = seededRandom(21);
    let n = 0;
    for (let k = 0; k < 3000; k++) {
      const text = Array.from({ length: 20 }, () => vocab[Math.floor(r() * vocab.length)]).join(['', ' ', '-', '.', 'é'][Math.floor(r() * 5)]!);
      const folded = foldWithMap(text).folded;
      const want = [...folded.matchAll(new RegExp(CLAIM_SCAN_RE.source, CLAIM_SCAN_RE.flags))].map((m) => [m.index, m[0]]);
      const got: [number, string][] = [];
      for (let m = nextClaimMatch(folded, 0); m; m = nextClaimMatch(folded, m.index + m[0].length)) got.push([m.index, m[0]]);
      expect(got).toEqual(want);
      n += got.length;
    }
    expect(n).toBeGreaterThan(5000);
  });
  it('the token-driven scan finds the same claims as the scan of the whole text', () => {
    // Its premise: a non-ASCII UTF-16 unit folds to an ASCII letter or digit only when it is a
    // letter or mark outside emoji tokens, so every ASCII letter or digit of the folded text comes
    // from a word, hashtag, mention, url, number or emoticon token.
    for (let u = 0x80; u < 0x10000; u++) {
      const f = String.fromCharCode(u).toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '');
      if (!/[a-z0-9]/.test(f)) continue;
      const ch = String.fromCharCode(u);
      expect(/[\p{L}\p{M}]/u.test(ch) && !/\p{Extended_Pictographic}/u.test(ch) && u !== 0xfe0f && u !== 0x200d, `U+${u.toString(16)}`).toBe(true);
    }
    const vocab = ('not tested on animals is are was cruelty-free cruelty free vegan 100% natural organic made in spain hecho en españa ' +
      'sin parabenos recyclable 20% off km0 km 0 5k handmade inclusive for all skin tones only 3 shades no shades for dark cure cures ' +
      'treats treat myself overpriced caro barata eco-friendly so much plastic great value worth the price isn\'t plant-based ' +
      ':dermatologist :p :d :D 8D :( <3 #vegan #crueltyfree #EcoFriendly @eco.friendly @vegan https://x.com/vegan www.organic.com ' +
      'ecológico ECOLÓGICA Orgánico orgánica niño İstanbul ŉ ﬁ ſ K x1 a é ñ 😀 👍🏽 \uD800 Σ 한 Ve\u0301gan cruelty\u2011free ¡barato! ¿caro? ...').split(' ');
    const seps = ['', ' ', ' ', ' ', '-', '.', ', ', 'é', ':', '\n', '\u0301'];
    const r = seededRandom(23);
    let n = 0, empty = 0;
    for (let k = 0; k < 6000; k++) {
      const len = 1 + Math.floor(r() * 30);
      let text = '';
      for (let j = 0; j < len; j++) text += (j ? seps[Math.floor(r() * seps.length)]! : '') + vocab[Math.floor(r() * vocab.length)]!;
      const want = extractClaims(text);
      const toks = tokenize(text);
      const got = extractClaims(text, toks);
      expect(got).toEqual(want);
      // scoreMission lists the tokens itself (extractClaimsInSpans); without tokens it scans the text.
      if (k % 3 === 0) expect(scoreMission(text, {}, { text, tokens: toks }).claims).toEqual(scoreMission(text, {}).claims);
      n += got.length;
      if (want.length === 0) empty++;
    }
    expect(n).toBeGreaterThan(10_000);
    expect(empty).toBeGreaterThan(100);
  });
  it('foldWithMap folds unit by unit, with offsets into the original', () => {
    const units = ['a', 'Z', ' ', 'é', 'É', 'ñ', 'Σ', 'ς', 'İ', 'ŉ', '한', 'ﬁ', 'ẞ', '\uD83D', '\uDE00', '😀', '\uDC00', 'ǅ', '\u0301', 'x'];
    const r = seededRandom(22);
    for (let k = 0; k < 2000; k++) {
      const text = Array.from({ length: Math.floor(r() * 30) }, () => units[Math.floor(r() * units.length)]).join('');
      let folded = '';
      const map: number[] = [];
      for (let i = 0; i < text.length; i++) {
        const f = text[i]!.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '');
        for (let j = 0; j < f.length; j++) map.push(i);
        folded += f;
      }
      map.push(text.length);
      const got = foldWithMap(text);
      expect(got.folded).toBe(folded);
      expect([...got.map]).toEqual(map);
    }
  });
});
