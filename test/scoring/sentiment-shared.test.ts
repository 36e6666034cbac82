import { describe, expect, it } from 'vitest';
import { scoreSentiment, joinTitle } from '../../src/scoring/sentiment.js';
import { detectLanguage } from '../../src/scoring/language.js';
import { extractAspects } from '../../src/scoring/aspects.js';
import { decodeLiteralEscapes, prepare } from '../../src/scoring/sentiment-prep.js';
import { analyzeLexicon, describeHit, languagePack, isElongated } from '../../src/scoring/sentiment-lexicon.js';

// The pipeline tokenizes a mention once and passes the prepared text to each scorer.
describe('shared tokens across language, sentiment and aspects', () => {
  const posts = [
    'Great price but the delivery was really slow 😡', 'No me gustó nada, el envío tardó tres semanas', 'sooo good!!! #love @brand https://t.co/x',
    'Ce produit est vraiment mauvais', '', '😍😍', 'The staff were RUDE and the box arrived crushed.',
  ];
  it('give the same results with and without the prepared text', () => {
    for (const text of posts) {
      const prepared = prepare(text);
      const lang = detectLanguage(text);
      expect(detectLanguage(text, undefined, prepared)).toEqual(lang);
      expect(scoreSentiment({ text, lang: lang.lang, prepared })).toEqual(scoreSentiment({ text, lang: lang.lang }));
      expect(extractAspects(text, lang.lang, 'neutral', prepared)).toEqual(extractAspects(text, lang.lang, 'neutral'));
    }
  });
  it('the prepared text of a titled mention is prepare(joinTitle(...))', () => {
    const input = { text: 'It came on Tuesday.', title: 'Absolutely terrible' };
    const prepared = prepare(joinTitle(input));
    expect(scoreSentiment({ ...input, prepared })).toEqual(scoreSentiment(input));
    expect(scoreSentiment({ ...input, prepared }).label).toBe('negative');
  });
  it('a malformed prepared value is ignored, not trusted', () => {
    expect(scoreSentiment({ text: 'I love it', prepared: { text: 5 } as never }).label).toBe('positive');
  });
  it('analyzeLexicon remembers its last call only for the same tokens and pack', () => {
    const { tokens } = prepare('not great at all');
    const a = analyzeLexicon(tokens, languagePack('en'));
    expect(analyzeLexicon(tokens, languagePack('en'))).toBe(a);
    expect(analyzeLexicon(tokens, languagePack('es'))).not.toBe(a);
    expect(analyzeLexicon(prepare('not great at all!').tokens, languagePack('en'))).not.toBe(a);
  });
  it('isElongated matches the regexp it replaces', () => {
    for (const w of ['sooo', 'SOOO', 'good', 'bbb', '!!!', 'ñññ', 'aaa!', 'ab', '', 'niiiice', '111']) expect(isElongated(w), w).toBe(/(\p{L})\1{2,}/u.test(w));
  });
});

describe('literal \\uXXXX escapes (doubly JSON-encoded sources)', () => {
  it('are decoded before tokenizing, so "Don\\u2019t" keeps its negation', () => {
    expect(decodeLiteralEscapes('Don\\u2019t like it\\u002c sadly')).toBe('Don’t like it, sadly');
    const literal = scoreSentiment({ text: 'I don\\u2019t like this phone', lang: 'en' });
    const plain = scoreSentiment({ text: 'I don’t like this phone', lang: 'en' });
    expect(literal).toEqual(plain);
    expect(plain.label).toBe('negative');
  });
  it('leave escapes of lone surrogates and text without escapes as they are', () => {
    expect(decodeLiteralEscapes('a \\ud83d b')).toBe('a \\ud83d b');
    const s = 'no escapes here \\n';
    expect(decodeLiteralEscapes(s)).toBe(s);
  });
});

describe('analysis results that outlive the call', () => {
  it("each analysis keeps its own lexicon features (views of shared chunks are never reused)", () => {
    const texts = Array.from({ length: 700 }, (_, i) => `${i % 2 ? 'great' : 'awful'} ${'very '.repeat(i % 3)}product ${'!'.repeat(i % 4)} #${i}`);
    const kept = texts.map((t) => analyzeLexicon(prepare(t).tokens, languagePack('en')).features);
    texts.forEach((t, i) => expect([...kept[i]!], t).toEqual([...analyzeLexicon(prepare(t + ' ').tokens, languagePack('en')).features]));
    expect(new Set(kept.map((f) => f.byteOffset + ':' + f.buffer.byteLength)).size).toBeGreaterThan(1);
  });
  it('reasons list the strongest hits first, ties in text order (as a stable sort of all hits)', () => {
    for (const text of ['good good good good good bad', 'bad, good, nice, great, awful, love, hate, fine', 'not good but great 😍 #fail', 'ok']) {
      const p = prepare(text);
      const lex = analyzeLexicon(p.tokens, languagePack('en'));
      const expected = lex.hits.slice().sort((a, b) => Math.abs(b.value) - Math.abs(a.value)).slice(0, 4).map((h) => describeHit(h, p.tokens, p.text));
      expect(scoreSentiment({ text, lang: 'en', prepared: p }).reasons.slice(0, expected.length), text).toEqual(expected);
    }
  });
});
