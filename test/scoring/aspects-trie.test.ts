import { describe, expect, it } from 'vitest';
import { extractAspects, expandPattern } from '../../src/scoring/aspects.js';
import { prepare } from '../../src/scoring/sentiment-prep.js';
import { brandSellsConsumables } from '../../src/scoring/consumables.js';
import { scoreMention } from '../../src/scoring/score.js';
import type { Brand } from '../../src/core/types.js';
import { brandInput } from '../store/factories.js';

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
  it('a review of a box is no packaging review: its container words are the product, while packing still counts', () => {
    const review = (text: string, lang = 'en') => extractAspects(text, lang, undefined, undefined, undefined, { kind: 'review' }).find((a) => a.aspect === 'packaging');
    const storage = 'I find this box well made. The lid aligns nicely with the base, the latches work perfectly, it came in two days.';
    expect(review(storage)).toBeUndefined();
    expect(review('These canisters are the perfect size. We refill them every week, they arrived quickly.')).toBeUndefined();
    expect(review('Good price. It is a very small box, the size of a deck of cards, shipped fast.')).toBeUndefined();
    expect(review('Este bote es precioso y la tapa cierra bien, llegó en dos días', 'es')).toBeUndefined();
    // Without the cue, the same container words are the packaging; with it, packing words still count.
    expect(review('The lid aligns nicely with the base, it came in two days')).toMatchObject({ polarity: 'positive' });
    expect(review('I love this box, but it came packed in a torn bag with no padding.')).toMatchObject({ polarity: 'negative' });
    // In a social post, "this jar" is the brand's packaging.
    expect(find('Obsessed with this jar, so cute on my shelf', 'en', 'packaging')).toMatchObject({ polarity: 'positive' });
    expect(find('Este bote es precioso y la tapa cierra bien', 'es', 'packaging')).toMatchObject({ polarity: 'positive' });
  });
  it('in a review, a container word is the packaging only where the clause says how it came, or what it holds', () => {
    const asReview = (text: string) => extractAspects(text, 'en', undefined, undefined, undefined, { kind: 'review' }).find((a) => a.aspect === 'packaging');
    // The product may be the container, or have one as a part: a blender's lid, a sump pump.
    expect(asReview('If the lid is not secured properly it will not start, nice feature')).toBeUndefined();
    expect(asReview('I had this pump for over ten years with no problems')).toBeUndefined();
    expect(find('If the lid is not secured properly it will not start, nice feature', 'en', 'packaging')).toBeDefined(); // a social post: its packaging
    // How it came, or a container of something used up, is the packaging.
    expect(asReview('Works well. The box arrived dented and torn')).toMatchObject({ polarity: 'negative' });
    expect(asReview('The pump on my lotion stopped working halfway')).toMatchObject({ polarity: 'negative' });
    expect(extractAspects('El bote de champú pierde por el tapón', 'es', undefined, undefined, undefined, { kind: 'review' }).find((a) => a.aspect === 'packaging')).toBeDefined();
    // Words only packaging has need nothing more.
    expect(asReview('Item came packaged well, sturdy shelf')).toMatchObject({ polarity: 'positive' });
  });
  it("a review of a brand whose goods are used up (skincare, food) reads its containers as packaging, from the brand's profile", () => {
    const at = (text: string, b: Brand) => scoreMention({ kind: 'review', externalId: 'r', text }, { brand: b }).scores.aspects.find((a) => a.aspect === 'packaging');
    const skincare = { ...brandInput({ name: 'Lumina' }), id: 'b1', mission: 'Clean, cruelty-free skincare for sensitive skin.', values: [], claims: [], keywords: [], createdAt: '', updatedAt: '' } as Brand;
    const storage = { ...brandInput({ name: 'Stacko' }), id: 'b2', mission: 'Sturdy organisers for every home.', values: ['durability'], claims: [], keywords: ['storage'], createdAt: '', updatedAt: '' } as Brand;
    expect(brandSellsConsumables(skincare)).toBe(true);
    expect(brandSellsConsumables(storage)).toBe(false);
    expect(brandSellsConsumables({ ...storage, keywords: ['Cold-brew coffee'] })).toBe(true); // keywords, hyphenated words
    expect(brandSellsConsumables({ ...storage, values: 7, keywords: [null, 3] } as never)).toBe(false); // a malformed profile is read, not thrown at
    expect(at('The jar is gorgeous and so heavy', skincare)).toMatchObject({ polarity: 'positive' });
    expect(at('The lid is gorgeous and so heavy', storage)).toBeUndefined();
  });
  it('figurative packing and containers that are units or idioms are no packaging', () => {
    expect(find('An emotionally packed romance, I loved it', 'en', 'packaging')).toBeUndefined();
    expect(find('the story could have been wrapped up in one book', 'en', 'packaging')).toBeUndefined();
    expect(find('the jar lids make a great seal', 'en', 'packaging')).toBeDefined(); // lids: a social post's packaging
    expect(find('it makes a great seal on my drysuit', 'en', 'packaging')).toBeUndefined();
    expect(find('$6 for a 16 oz container, good value', 'en', 'packaging')).toBeUndefined();
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
