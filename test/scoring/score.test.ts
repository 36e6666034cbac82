import { describe, expect, it } from 'vitest';
import { scoreMention, FAKE_SUSPECT_THRESHOLD, cleanText } from '../../src/scoring/score.js';
import { DuplicateIndex } from '../../src/scoring/minhash.js';
import type { Brand, RawMention } from '../../src/core/types.js';

const brand: Brand = {
  id: 'b1', name: 'Lumina', mission: 'Clean, cruelty-free skincare for sensitive skin, made in Spain.', values: ['cruelty-free'],
  claims: ['never tested on animals'], forbiddenClaims: ['cures acne'], keywords: ['lumina'], handles: ['@luminaskin'],
  competitors: [], languages: ['en', 'es'], sensitivity: 1, webhooks: [], createdAt: '', updatedAt: '',
};
const m = (text: string, extra: Partial<RawMention> = {}): RawMention => ({ kind: 'social', externalId: text.slice(0, 20), text, ...extra });

function assertDefined(x: unknown, path = 'scores'): void {
  if (typeof x === 'number') expect(Number.isFinite(x), path).toBe(true);
  else if (Array.isArray(x)) x.forEach((v, i) => assertDefined(v, `${path}[${i}]`));
  else if (x && typeof x === 'object') for (const [k, v] of Object.entries(x)) assertDefined(v, `${path}.${k}`);
}

describe('scoreMention', () => {
  it('sets the four flags', () => {
    const neg = scoreMention(m('Just found out Lumina is tested on animals. Never buying again, awful.'), { brand });
    expect(neg.flags.negative).toBe(true);
    expect(neg.flags.mismatch).toBe(true);
    const inf = scoreMention(m('Loving my serum! Use code SARA20', { kind: 'influencer', caption: 'Loving my serum from @luminaskin! Use code SARA20 https://amzn.to/x' }), { brand });
    expect(inf.flags.undisclosed).toBe(true);
    expect(inf.scores.sponsorship.signals.join()).toMatch(/affiliate/);
    const rating = { value: 5, best: 5, worst: 1, normalized: 1 };
    const dup = new DuplicateIndex();
    const text = 'Best serum ever! Amazing, amazing, amazing. Lumina is the best, Lumina forever, highly recommend Lumina to everyone!';
    scoreMention(m(text, { kind: 'review', externalId: 'r1', rating }), { brand, duplicates: dup });
    const fake = scoreMention(m(text + '!', { kind: 'review', externalId: 'r2', rating, author: { reviewCount: 1 } }), { brand, duplicates: dup });
    expect(fake.scores.fake.likelihood).toBeGreaterThanOrEqual(FAKE_SUSPECT_THRESHOLD);
    expect(fake.flags.fakeSuspect).toBe(true);
    expect(fake.scores.fake.reasons.join(' ')).toMatch(/near-duplicate of review r1/);
    // A reworded copy, by "another customer": caught by its content words.
    const first = 'The serum absorbs quickly, my skin feels calm and hydrated all day, and the glass bottle looks elegant in the bathroom. Shipping was fast too.';
    scoreMention(m(first, { kind: 'review', externalId: 'w1', rating }), { brand, duplicates: dup });
    const again = scoreMention(m('Skin feels hydrated and calm all day! The serum absorbs quickly and the elegant glass bottle looks great in my bathroom. Fast shipping.', { kind: 'review', externalId: 'w2', rating }), { brand, duplicates: dup });
    expect(again.scores.fake.reasons.join(' ')).toMatch(/reworded copy of review w1/);
    expect(again.flags.fakeSuspect).toBe(true);
    const plain = scoreMention(m('The serum arrived on Tuesday, the pump broke on day three and support replaced it within a week.', { kind: 'review', rating: { value: 3, best: 5, worst: 1, normalized: 0.5 } }), { brand });
    expect(plain.flags.fakeSuspect).toBe(false);
    // Only reviews can be fake suspects; only social/influencer posts can be undisclosed.
    expect(scoreMention(m(text, { kind: 'social' }), { brand }).flags.fakeSuspect).toBe(false);
    expect(scoreMention(m('Use code SARA20', { kind: 'review' }), { brand }).flags.undisclosed).toBe(false);
  });
  it('a review whose stars contradict its words gets the rating–text mismatch (the text read alone, not fused with the stars)', () => {
    const five = { value: 5, best: 5, worst: 1, normalized: 1 };
    const one = { value: 1, best: 5, worst: 1, normalized: 0 };
    const angry = 'Terrible serum. It broke me out in a rash after two days, awful, worst purchase ever.';
    const happy = 'Absolutely love this serum, my skin has never looked better, wonderful and gentle.';
    const paid = scoreMention(m(angry, { kind: 'review', rating: five }), { brand });
    // The sentiment a user sees still weighs the stars; the text's own reading is kept beside it.
    expect(paid.scores.sentiment.textScore).toBeLessThan(-0.3);
    expect(paid.scores.sentiment.score).toBeGreaterThan(paid.scores.sentiment.textScore!);
    expect(paid.scores.fake.reasons.join(' ')).toMatch(/rating–text mismatch: high rating but negative text/);
    const honest = scoreMention(m(angry, { kind: 'review', rating: one }), { brand });
    expect(honest.scores.fake.reasons.join(' ')).not.toMatch(/mismatch/);
    expect(paid.scores.fake.likelihood).toBeGreaterThan(honest.scores.fake.likelihood);
    const low = scoreMention(m(happy, { kind: 'review', rating: one }), { brand });
    expect(low.scores.fake.reasons.join(' ')).toMatch(/rating–text mismatch: low rating but positive text/);
    // A mild reading against the stars is no evidence: a five-star "A bit pricey." (a small gripe).
    const mild = scoreMention(m('A bit pricey.', { kind: 'review', rating: five }), { brand });
    expect(mild.scores.sentiment.textScore).toBeLessThan(0);
    expect(mild.scores.sentiment.textScore).toBeGreaterThan(-0.5);
    expect(mild.scores.fake.reasons.join(' ')).not.toMatch(/mismatch/);
    // No stars: nothing fused, so no text score beside the score.
    expect(scoreMention(m(angry, { kind: 'review' }), { brand }).scores.sentiment.textScore).toBeUndefined();
  });
  it('a one-word 5-star review is no fake suspect by itself; from an author with no other review it is', () => {
    const five = { value: 5, best: 5, worst: 1, normalized: 1 };
    const great = scoreMention(m('Great', { kind: 'review', rating: five }), { brand });
    expect(great.flags.fakeSuspect).toBe(false);
    expect(great.scores.fake.reasons.join(' ')).toMatch(/extremely short/);
    expect(great.scores.fake.reasons.join(' ')).toMatch(/too short for it to weigh much/);
    const once = scoreMention(m('Great', { kind: 'review', rating: five, author: { handle: 'x', reviewCount: 1 } }), { brand });
    expect(once.flags.fakeSuspect).toBe(true);
  });
  it('scores Spanish too', () => {
    const r = scoreMention(m('El sérum de Lumina me curó el acné, no tiene nada que ver con la marca que conocía', { langHint: 'es' }), { brand });
    expect(r.scores.lang).toBe('es');
    expect(r.scores.mission.mismatches.map((x) => x.type)).toEqual(expect.arrayContaining(['forbidden-claim', 'off-mission']));
  });
  it('bad input: defined scores, no NaN, no throw', () => {
    const bad = ['', '😀😀🔥', 'https://a.b/c http://x.y', 'word '.repeat(210_000), Buffer.from([0xff, 0xfe, 0x41, 0xc3]).toString('utf8'), '\uD800 lone', 'I love it pero el envío fue horrible, très bien',
      '<div><p>Great <b>product</b></p><script>alert(1)</script>&amp; nice</div>'];
    for (const text of bad) {
      const t0 = performance.now();
      const r = scoreMention(m(text, { kind: 'review', rating: { value: NaN, best: 5, worst: 1, normalized: NaN } }), { brand, duplicates: new DuplicateIndex() });
      assertDefined(r.scores);
      expect(typeof r.scores.lang).toBe('string');
      expect(performance.now() - t0).toBeLessThan(5000);
    }
    // @ts-expect-error deliberately malformed
    expect(() => scoreMention({ kind: 'review' })).not.toThrow();
    expect(cleanText('<p>a &amp; b</p>').trim()).toBe('a & b');
    expect(cleanText('<script>x()</script>ok').trim()).toBe('ok');
  });
  it('cleanText returns plain text as it is and still cleans each thing it cleans', () => {
    const plain = 'Great serum 😍 — no tags, entities or escapes here, ¿vale? 100%';
    expect(cleanText(plain)).toBe(plain);
    expect(cleanText('a < b and c > d')).toBe('a < b and c > d');
    expect(cleanText('Don\\u2019t')).toBe('Don’t');
    expect(cleanText('a &quot;b&quot;')).toBe('a "b"');
    expect(cleanText('bad \uFFFD byte')).toBe('bad   byte');
    expect(cleanText('lone \uD800 surrogate')).toBe('lone   surrogate');
    expect(cleanText('pair 😍 ok')).toBe('pair 😍 ok');
    expect(cleanText('C:\\path \\n')).toBe('C:\\path \\n');
  });
});

describe('sentiment head by mention kind', () => {
  it('reviews are read by the review head, social posts also by the tweet-tuned social head', () => {
    const text = 'honestly the new serum is fine i guess, nothing special but it does the job';
    const review = scoreMention({ kind: 'review', externalId: 'r', text }).scores.sentiment;
    const social = scoreMention({ kind: 'social', externalId: 's', text }).scores.sentiment;
    expect(review.reasons.some((r) => r.includes('(en, words + lexicon)'))).toBe(true);
    expect(social.reasons.some((r) => r.includes('(en, words + word vectors + lexicon)'))).toBe(true);
    expect(Number.isFinite(review.score) && Number.isFinite(social.score)).toBe(true);
  });
});
