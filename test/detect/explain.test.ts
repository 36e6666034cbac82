import { describe, expect, it } from 'vitest';
import { pickSamples, risingTerms, simpleTokens } from '../../src/detect/explain.js';
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
