import { describe, expect, it } from 'vitest';
import { copiesAmong, pickSamples, risingTerms, simpleTokens } from '../../src/detect/explain.js';
import { scoreMention } from '../../src/scoring/score.js';
import { DuplicateIndex } from '../../src/scoring/minhash.js';
import { mention, rng } from './synth.js';

const pick = <T>(r: () => number, xs: T[]) => xs[Math.floor(r() * xs.length)];

describe('risingTerms', () => {
  const r = rng(4);
  const filler = ['love the new palette', 'great colours and texture', 'shipping was quick', 'the packaging is pretty', 'nice gift for my sister', 'colour payoff is good'];
  const baseline = Array.from({ length: 200 }, () => `${pick(r, filler)} ${pick(r, filler)}`);
  const angry = [
    '£50 for this?? nothing to do with her brand',
    'this launch has nothing to do with her brand honestly, and £50 is a joke',
    'paying £50 for a lip kit, no thanks',
    'nothing to do with her brand, just a cash grab',
    'why is it £50 now',
    'sold out of values, nothing to do with her brand',
  ];
  const recent = [...angry, ...Array.from({ length: 20 }, () => pick(r, filler))];

  it('picks the price and the phrase that rose out of synthetic texts', () => {
    const terms = risingTerms(recent, baseline, 5);
    expect(terms).toContain('£50');
    expect(terms).toContain('nothing to do with her brand');
    // Pieces of the phrase are merged into it, and baseline vocabulary does not rise.
    expect(terms).not.toContain('her brand');
    expect(terms.some((t) => filler.includes(t))).toBe(false);
  });

  it('accepts pre-tokenised texts and returns nothing when nothing rose', () => {
    const tok = recent.map(simpleTokens);
    expect(risingTerms(tok, baseline.map(simpleTokens), 5)).toContain('£50');
    expect(risingTerms(baseline.slice(0, 50), baseline.slice(50), 5)).toEqual([]);
    expect(risingTerms([], [], 5)).toEqual([]);
  });

  it('keeps currency and numbers as tokens', () => {
    expect(simpleTokens('£50 or $5.99, 20% off — it’s meh')).toEqual(['£50', 'or', '$5.99', '20%', 'off', "it's", 'meh']);
  });
});

describe('pickSamples', () => {
  it('returns the most-engaged mentions with links, one per text', () => {
    const ms = [
      mention({ id: 'm1', text: 'meh', engagement: { likes: 1 } }),
      mention({ id: 'm2', text: '£50?? no', url: 'https://x.test/2', engagement: { likes: 10, shares: 20 }, author: { handle: '@ana' } }),
      mention({ id: 'm3', text: '£50?? no', url: 'https://x.test/3', engagement: { likes: 5 } }),
      mention({ id: 'm4', text: 'nothing to do with her brand', url: 'https://x.test/4', engagement: { comments: 30 } }),
    ];
    const s = pickSamples(ms, 2);
    expect(s.map((x) => x.mentionId)).toEqual(['m2', 'm4']);
    expect(s[0]).toMatchObject({ url: 'https://x.test/2', author: '@ana', engagement: 70 });
    expect(pickSamples([], 3)).toEqual([]);
  });
});

describe('copiesAmong', () => {
  it('counts the wave\'s copies and names the review copied most, from scores the pipeline wrote', () => {
    // Four rewordings of one review and a genuine one, scored in order with one brand index.
    const dup = new DuplicateIndex();
    const texts = [
      'The new running shoes arrived quickly, fit perfectly and the cushioning feels amazing on long runs. Customer service answered every question. Highly recommend this brand to every runner.',
      'Fit perfectly and the cushioning feels amazing on long runs! These running shoes arrived fast. Every question got answered by customer service. Would recommend the brand to any runner.',
      'These running shoes arrived quickly and fit perfectly; the cushioning feels amazing on long runs. Customer service answered my questions. Recommend this brand to every runner.',
      'After two weeks the left shoe started squeaking and the heel rubbed a blister on my ankle, so I returned them and got a refund within five days.',
      'Arrived quickly, fit perfectly, and the cushioning feels amazing on my long runs. Customer service answered every single question. Highly recommend these running shoes to any runner.',
    ];
    const rating = { value: 5, best: 5, worst: 1, normalized: 1 };
    const scored = texts.map((text, i) => mention({ id: `m${i}`, text, ...scoreMention({ kind: 'review', externalId: `r${i}`, text, rating }, { duplicates: dup }) }));
    // Each copy names the earlier review it is closest to: the third rewording is closer to the second.
    expect(scored.map((m) => m.scores.fake.copyOf?.id ?? null)).toEqual([null, 'r0', 'r1', null, 'r0']);
    expect(scored.map((m) => m.scores.fake.copyOf?.basis ?? null)).toEqual([null, 'words', 'words', null, 'words']);
    expect(copiesAmong(scored)).toEqual({ copies: 3, mostCopied: { id: 'r0', times: 2 } });
    // Reviews without the field (stored before it existed, or not copies) count as none.
    expect(copiesAmong([mention({ id: 'x', text: 'fine' }), {}])).toEqual({ copies: 0 });
  });
});
