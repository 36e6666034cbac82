import { describe, expect, it } from 'vitest';
import { extractClaims } from '../../src/scoring/claims.js';
import { envClaimProbability, shippedClaimModel } from '../../src/scoring/claims-model.js';

const cats = (t: string) => extractClaims(t).map((c) => `${c.category}${c.negated ? '!' : ''}`);

describe('extractClaims', () => {
  it('handles negation in English and Spanish', () => {
    expect(cats('This brand is not tested on animals')).toEqual(['cruelty-free']);
    expect(cats('Turns out it is tested on animals in China')).toEqual(['cruelty-free!']);
    expect(cats('No testado en animales')).toEqual(['cruelty-free']);
    expect(cats('Sabías que fue testado en animales?')).toEqual(['cruelty-free!']);
    expect(cats('Not cruelty free at all')).toEqual(['cruelty-free!']);
    expect(cats('no es vegano')).toEqual(['vegan!']);
  });
  it('reads "testa en animales" and single-use plastic as the opposite claims', () => {
    expect(cats('La marca testa en animales para vender en China')).toEqual(['cruelty-free!']);
    expect(cats('Testean en animales, qué vergüenza')).toEqual(['cruelty-free!']);
    expect(cats('The packaging is all single-use plastic')).toEqual(['environmental!']);
    expect(cats('Botellas de un solo uso, otra vez')).toEqual(['environmental!']);
  });
  it('covers every category with quoted evidence', () => {
    const c = extractClaims('Made in Spain, 100% vegan, paraben-free and recyclable packaging. Inclusive shade range for all skin tones. Clinically proven. So affordable!');
    const got = new Set(c.map((x) => x.category));
    for (const k of ['origin', 'vegan', 'natural', 'environmental', 'inclusive', 'health', 'price']) expect(got).toContain(k);
    expect(c.find((x) => x.category === 'origin')!.place).toBe('spain');
    expect(c[0]!.text).toContain('Made in Spain');
    expect(cats('Es muy caro y me dio alergia')).toEqual(['price!', 'health!']);
    expect(cats('sin parabenos, hecho a mano')).toEqual(['natural', 'origin']);
  });
  it('does not take everyday phrases as claims', () => {
    expect(cats('I had to treat myself, the natural light was great')).toEqual([]);
    expect(cats('Qué cara se le quedó')).toEqual([]);
    expect(cats('my dog loves a treat, so does the cat')).toEqual([]);
    // "a treat" is a word "a", not a word ending in a: a brand named Lumina still treats.
    expect(cats('Lumina treats rosacea')).toEqual(['health']);
    // "made in" a time or a way is no origin (UCI review sentences read as made-elsewhere claims).
    expect(cats("the best purchase I've made in the last several years")).toEqual([]);
    expect(cats('the chips are bought, not made in house')).toEqual([]);
    expect(cats('hecho en casa con cariño')).toEqual([]);
    expect(extractClaims('Made in the USA with love').map((c) => c.place)).toEqual(['usa']);
    expect(extractClaims('Hecho en España').map((c) => c.place)).toEqual(['espana']);
    // After "made in", a place: a known one in any case, any other written with a capital
    // (real product reviews: "the era it was made in considering…", "made in good lighting").
    expect(cats('the era it was made in considering that everything looks real')).toEqual([]);
    expect(cats('these photos are made in good lighting now')).toEqual([]);
    expect(extractClaims('Made in Tewksbury, MA').map((c) => c.place)).toEqual(['tewksbury']);
    expect(extractClaims('made in china, sadly').map((c) => c.place)).toEqual(['china']);
    // The US by any spelling is one place, so "made in the U.S." never contradicts "made in the USA".
    expect(extractClaims('NOT MADE IN THE U.S.A').map((c) => [c.place, c.negated])).toEqual([['usa', true]]);
    expect(extractClaims('made in the US').map((c) => c.place)).toEqual(['usa']);
  });
  it('quotes the original text even with accents', () => {
    const c = extractClaims('¡Envase 100% reciclable y respetuoso con el medio ambiente!');
    expect(c.every((x) => x.category === 'environmental')).toBe(true);
    expect(c[0]!.text).toContain('reciclable');
  });
});

describe('environmental claim detector', () => {
  it('ships and separates claims from non-claims', () => {
    expect(shippedClaimModel()).not.toBeNull();
    expect(envClaimProbability('We cut our carbon footprint in half by switching to renewable electricity.')).toBeGreaterThan(0.5);
    expect(envClaimProbability('Revenue grew 4% in the third quarter, driven by pricing.')).toBe(0);
  });
});
