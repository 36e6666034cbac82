import { describe, expect, it } from 'vitest';
import { extractAspects, expandPattern } from '../../src/scoring/aspects.js';
import { prepare } from '../../src/scoring/sentiment-prep.js';

const find = (text: string, lang: string, aspect: string) => extractAspects(text, lang).find((a) => a.aspect === aspect);

describe('aspect triggers (token trie)', () => {
  it('expands patterns: alternatives, optional words and groups', () => {
    expect(expandPattern('worth (the|every)? (money|penny)')).toEqual([
      ['worth', 'money'], ['worth', 'penny'], ['worth', 'the', 'money'], ['worth', 'the', 'penny'], ['worth', 'every', 'money'], ['worth', 'every', 'penny'],
    ]);
    expect(expandPattern('no me? ha llegado')).toEqual([['no', 'ha', 'llegado'], ['no', 'me', 'ha', 'llegado']]);
    expect(expandPattern('(a tiempo|sin recibir)')).toEqual([['a', 'tiempo'], ['sin', 'recibir']]);
    expect(() => expandPattern('(a|b')).toThrow(/missing/);
  });
  it('separate evidence per aspect in one clause: "rude staff and the box arrived crushed"', () => {
    const out = extractAspects('rude staff and the box arrived crushed', 'en');
    expect(out.find((a) => a.aspect === 'service')).toEqual({ aspect: 'service', polarity: 'negative', evidence: 'rude staff' });
    expect(out.find((a) => a.aspect === 'packaging')).toMatchObject({ polarity: 'negative', evidence: 'the box arrived crushed' });
    expect(out.find((a) => a.aspect === 'delivery')).toMatchObject({ polarity: 'negative', evidence: 'the box arrived crushed' });
  });
  it('opposite opinions joined by "and" split (EN + ES)', () => {
    expect(find('great price and terrible delivery', 'en', 'price')).toMatchObject({ polarity: 'positive', evidence: 'great price' });
    expect(find('great price and terrible delivery', 'en', 'delivery')).toMatchObject({ polarity: 'negative', evidence: 'terrible delivery' });
    expect(find('El precio es genial y el envío horrible', 'es', 'price')).toMatchObject({ polarity: 'positive', evidence: 'El precio es genial' });
    expect(find('El precio es genial y el envío horrible', 'es', 'delivery')).toMatchObject({ polarity: 'negative', evidence: 'el envío horrible' });
  });
  it('a part with no opinion takes its clause: "great price and quality"', () => {
    expect(find('great price and quality', 'en', 'quality')).toMatchObject({ polarity: 'positive', evidence: 'great price and quality' });
  });
  it('multi-word, wildcard and number triggers; accents and curly apostrophes', () => {
    expect(find('It took three weeks', 'en', 'delivery')).toMatchObject({ polarity: 'negative' });
    expect(find('Tardaron casi dos semanas', 'es', 'delivery')).toMatchObject({ polarity: 'negative' });
    expect(find('paid 40 euros for this', 'en', 'price')).toBeDefined();
    expect(find('only 5€!', 'en', 'price')).toBeDefined();
    expect(find('This doesn’t fit the brand at all', 'en', 'brand-fit')).toMatchObject({ polarity: 'negative' });
    expect(find('No encaja con la filosofía', 'es', 'brand-fit')).toMatchObject({ polarity: 'negative' });
    expect(find('#delivery fail again', 'en', 'delivery')).toBeDefined();
  });
  it('words are matched whole: names and longer words do not trigger', () => {
    expect(find('costume party tonight', 'en', 'price')).toBeUndefined();
    expect(find('a boxer and a lateral thinker', 'en', 'packaging')).toBeUndefined();
    expect(find('a boxer and a lateral thinker', 'en', 'delivery')).toBeUndefined();
  });
  it('accepts the prepared text to skip re-tokenizing, with the same result', () => {
    const t = 'Lovely box but the courier was late';
    expect(extractAspects(t, 'en', undefined, prepare(t))).toEqual(extractAspects(t, 'en'));
  });
  it('sentence breaks and line breaks end clauses', () => {
    const out = extractAspects('The price is great\nShipping was awful', 'en');
    expect(out.find((a) => a.aspect === 'price')).toMatchObject({ polarity: 'positive', evidence: 'The price is great' });
    expect(out.find((a) => a.aspect === 'delivery')).toMatchObject({ polarity: 'negative', evidence: 'Shipping was awful' });
  });
});
