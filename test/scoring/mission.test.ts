import { describe, expect, it } from 'vitest';
import { scoreMission } from '../../src/scoring/mission.js';

const brand = {
  name: 'Lumina',
  mission: 'Clean, cruelty-free skincare for sensitive skin, made in Spain with recyclable packaging.',
  values: ['cruelty-free', 'sustainability', 'inclusivity'],
  claims: ['never tested on animals', 'vegan', 'made in Spain'],
  forbiddenClaims: ['cures acne'],
  keywords: ['lumina'],
};
const launch = { name: 'Aurora serum', keywords: ['aurora', 'serum', 'vitamin c'], products: ['Aurora Vitamin C Serum'], promises: ['brighter skin in 2 weeks', 'gentle on sensitive skin'] };
const types = (t: string, lang = 'en') => scoreMission(t, { brand, launch, lang }).mismatches.map((m) => m.type);

describe('scoreMission', () => {
  it('flags claims that contradict the brand values, with evidence', () => {
    const r = scoreMission('Just found out Lumina is tested on animals in China. So disappointed.', { brand, lang: 'en' });
    expect(r.mismatches[0]!.type).toBe('contradicts-values');
    expect(r.mismatches[0]!.evidence).toContain('tested on animals');
    expect(types('Lumina dice que es vegano pero fue testado en animales', 'es')).toContain('contradicts-values');
    expect(types('The Lumina label says made in China')).toContain('contradicts-values');
    expect(types('Lumina is not tested on animals, love it')).toEqual([]);
    // A denied origin contradicts only the brand's own ("NOT MADE IN THE U.S.A" says nothing against Spain).
    expect(types('Lumina: NOT MADE IN THE U.S.A AS THE DESCRIPTION SAYS')).toEqual([]);
    expect(types('turns out Lumina is not made in Spain at all')).toContain('contradicts-values');
    expect(scoreMission('turns out Lumina is not made in Spain at all', { brand, lang: 'en' }).mismatches[0]!.reason).toMatch(/says it is not made in "spain"/);
  });
  it('one clause saying the same thing twice is one claim and one mismatch, with both phrases', () => {
    const r = scoreMission('Lumina is NOT cruelty-free, they test on animals in their Chinese lab', { brand, lang: 'en' });
    expect(r.claims).toHaveLength(1);
    expect(r.mismatches).toHaveLength(1);
    expect(r.mismatches[0]!.claim).toBe('not cruelty-free; test on animals');
    expect((r.reasons ?? []).join(' ')).toMatch(/forbidden claim \(1\)/);
    // Two clauses are two claims.
    const two = scoreMission('Lumina is not cruelty-free. They test on animals in their Chinese lab.', { brand, lang: 'en' });
    expect(two.mismatches).toHaveLength(2);
  });
  it('a claim asked about is not a claim made, unless the answer is yes', () => {
    // Forbidden and medical claims (the brand forbids "cures acne", a medical claim).
    expect(types('Does Lumina really cure acne?')).toEqual([]);
    expect(types('Did the Lumina serum cure my acne? No. But my skin feels calmer.')).toEqual([]);
    expect(types('Cured my eczema? Not really.')).toEqual([]);
    expect(types('¿Este sérum de Lumina cura el acné? No lo creo.', 'es')).toEqual([]);
    expect(types('Did Lumina cure my acne? Yes!! Finally clear skin')).toEqual(['forbidden-claim']);
    expect(types('Healed my eczema? Absolutely.')).toEqual(['forbidden-claim']);
    // A question after the claim's sentence does not make it one.
    expect(types('Lumina cured my acne. Who else?')).toEqual(['forbidden-claim']);
    // Claims against the brand's values.
    expect(types('Is Lumina tested on animals?')).toEqual([]);
    // Shock at a fact is no question: the claim spreads.
    expect(types('Lumina is tested on animals?! Unbelievable.')).toEqual(['contradicts-values']);
    expect(types('Lumina is tested on animals. Why did nobody say?')).toEqual(['contradicts-values']);
  });
  it('matches forbidden claims fuzzily, EN and ES, and respects negation', () => {
    const r = scoreMission('The Lumina Aurora serum cured my acne in a week!!', { brand, launch, lang: 'en' });
    expect(r.mismatches.map((m) => m.type)).toEqual(['forbidden-claim']);
    expect(r.mismatches[0]!.evidence).toContain('cured my acne');
    expect(types('El sérum de Lumina me curó el acné', 'es')).toContain('forbidden-claim');
    expect(types('Lumina serum does not cure acne, be realistic')).toEqual([]);
  });
  it('a brand that forbids one medical claim is told of the others, quoted; not of a cured ham or a treat', () => {
    const r = scoreMission('This Lumina serum healed my eczema in a week, better than my prescription', { brand, lang: 'en' });
    expect(r.mismatches).toEqual([expect.objectContaining({ type: 'forbidden-claim', claim: 'healed my eczema', evidence: expect.stringContaining('healed my eczema') })]);
    expect(r.mismatches[0]!.reason).toContain('"cures acne"');
    expect(types('Lumina Aurora treats rosacea and cleared up my hormonal breakouts')).toEqual(['forbidden-claim']);
    expect(types('La crema de Lumina acabó con mis migrañas', 'es')).toEqual(['forbidden-claim']);
    expect(types('Con Lumina se me quitaron los granos... bueno, me quitó los granos en dos semanas', 'es')).toEqual(['forbidden-claim']);
    for (const fine of ['Treat yourself to Lumina, no pain no gain', 'Lumina did not heal my eczema, sadly', 'Lumina and cured ham, my Spanish breakfast', 'The Cure playing while I do my Lumina routine', 'a little treat for my dry skin: Lumina']) {
      expect(types(fine), fine).toEqual([]);
    }
    // One flag for a post that makes the forbidden claim itself.
    expect(types('Lumina cured my acne and healed my scars')).toEqual(['forbidden-claim']);
    // A brand that makes medical claims itself, or forbids none, is not told.
    const pharma = { ...brand, claims: ['relieves headaches'], forbiddenClaims: ['cures acne'] };
    expect(scoreMission('Lumina healed my eczema', { brand: pharma, lang: 'en' }).mismatches).toEqual([]);
    const none = { ...brand, forbiddenClaims: ['best in the world'] };
    expect(scoreMission('Lumina healed my eczema', { brand: none, lang: 'en' }).mismatches).toEqual([]);
  });
  it('flags off-mission complaints and posts unrelated to the mission', () => {
    expect(types('Lumina launching a crypto token has nothing to do with her brand')).toContain('off-mission');
    expect(types('La nueva colección de Lumina no tiene nada que ver con la marca', 'es')).toContain('off-mission');
    expect(types('Lumina announced a partnership with an oil drilling company to sponsor a motorsport racing team this season, with tickets, merchandise and exclusive trackside hospitality packages for drivers and fans')).toContain('off-mission');
    expect(types('Lumina Aurora serum is gentle on my sensitive skin, brighter skin after two weeks')).toEqual([]);
    // The question is the complaint.
    expect(types('Lumina sponsoring the Madrid marathon, what does running have to do with face cream')).toContain('off-mission');
    expect(types('Lumina candles smell amazing but why is a skincare brand selling candles')).toContain('off-mission');
    expect(types('¿Lumina vendiendo patinetes? ¿Qué tiene que ver eso con una crema?', 'es')).toContain('off-mission');
    expect(types('Lumina explained what the price increase has to do with the new packaging')).toEqual([]);
  });
  it('alignment is null without a profile, high for on-mission posts', () => {
    expect(scoreMission('anything', { lang: 'en' }).alignment).toBeNull();
    const on = scoreMission('Lumina serum is gentle on my sensitive skin, vegan and cruelty-free', { brand, launch, lang: 'en' }).alignment!;
    const off = scoreMission('Lumina is tested on animals', { brand, launch, lang: 'en' }).alignment!;
    expect(on).toBeGreaterThan(0.6);
    expect(off).toBeLessThan(on);
  });
  it('the alignment says why: the words shared with the profile, claims, caps', () => {
    const on = scoreMission('Love that the Aurora serum is cruelty-free and vegan, so gentle on my sensitive skin', { brand, launch, lang: 'en' });
    expect(on.reasons![0]).toMatch(/^alignment [\d.]+: shares "[^"]+"(, "[^"]+"){2} with the brand's mission and launch vocabulary \(TF-IDF cosine 0\.\d\d\)$/);
    expect(on.reasons).toContain('2 claims the brand also makes (+0.30)');
    const off = scoreMission('This collab has nothing to do with the brand', { brand, lang: 'en' });
    expect(off.reasons).toContain('capped at 0.2: says it does not fit the brand');
    expect(scoreMission('random post about football', { brand, lang: 'en' }).reasons).toEqual([`alignment 0: shares no word with the brand's mission and launch vocabulary`]);
    expect(scoreMission('Lumina cured my acne', { brand, lang: 'en' }).reasons!.join(' ')).toMatch(/halved for each claim against the brand's values or forbidden claim \(1\)/);
    expect(scoreMission('anything', {}).reasons).toEqual(['no brand or launch to compare with: alignment not scored']);
  });
  it('bad input gives a defined score', () => {
    for (const t of ['', '😀', 'https://a.b/c https://d.e', 'x'.repeat(1_000_000), '<div>cured my acne</div>', '\uDC00\uD800']) {
      const r = scoreMission(t, { brand, launch, lang: 'en' });
      expect(r.alignment === null || Number.isFinite(r.alignment)).toBe(true);
    }
  });
});

describe('mission profile cache', () => {
  const posts = [
    'The Lumina Aurora serum cured my acne in a week!!',
    'Just found out Lumina is tested on animals in China. So disappointed.',
    'Lumina serum is gentle on my sensitive skin, vegan and cruelty-free',
    'Lumina announced a partnership with an oil drilling company to sponsor a motorsport racing team this season, with tickets, merchandise and exclusive trackside hospitality packages for drivers and fans',
    'El sérum de Lumina me curó el acné',
  ];
  it('a cached profile scores exactly like a cold one', () => {
    const warmBrand = structuredClone(brand);
    const warmLaunch = structuredClone(launch);
    for (let round = 0; round < 3; round++) {
      for (const t of posts) {
        // A fresh copy each time is a cold profile; the same object is served from the cache.
        const cold = scoreMission(t, { brand: structuredClone(brand), launch: structuredClone(launch), lang: 'en' });
        expect(scoreMission(t, { brand: warmBrand, launch: warmLaunch, lang: 'en' })).toEqual(cold);
        expect(scoreMission(t, { brand: warmBrand, lang: 'en' })).toEqual(scoreMission(t, { brand: structuredClone(brand), lang: 'en' }));
      }
    }
  });
  it('a brand or launch edited in place gets a new profile', () => {
    const b = structuredClone(brand);
    const l = structuredClone(launch);
    const post = 'Lumina Aurora serum gave me glowing skin overnight, a real miracle';
    const before = scoreMission(post, { brand: b, launch: l, lang: 'en' });
    expect(before.mismatches).toEqual([]);
    b.forbiddenClaims.push('glowing skin overnight');
    const after = scoreMission(post, { brand: b, launch: l, lang: 'en' });
    expect(after.mismatches.map((m) => m.claim)).toEqual(['glowing skin overnight']);
    b.forbiddenClaims = ['cures acne'];
    expect(scoreMission(post, { brand: b, launch: l, lang: 'en' }).mismatches).toEqual([]);
    const fit = scoreMission('Lumina Aurora serum smells of lavender and rosemary', { brand: b, launch: l, lang: 'en' }).alignment!;
    l.keywords.push('lavender', 'rosemary');
    expect(scoreMission('Lumina Aurora serum smells of lavender and rosemary', { brand: b, launch: l, lang: 'en' }).alignment!).toBeGreaterThan(fit);
    expect(types2('Lumina Aurora is made in Spain', b)).toEqual([]);
    b.claims = ['made in France'];
    b.mission = 'Clean skincare made in France.';
    expect(types2('Lumina Aurora is made in Spain', b)).toContain('contradicts-values');
  });
});

function types2(t: string, b: typeof brand): string[] {
  return scoreMission(t, { brand: b, lang: 'en' }).mismatches.map((m) => m.type);
}

describe('mission profile cache, fresh objects', () => {
  it('equal brands built per post share a profile and score alike', () => {
    const post = 'The Lumina Aurora serum cured my acne in a week!!';
    const a = scoreMission(post, { brand: structuredClone(brand), launch: structuredClone(launch), lang: 'en' });
    for (let i = 0; i < 3; i++) expect(scoreMission(post, { brand: structuredClone(brand), launch: structuredClone(launch), lang: 'en' })).toEqual(a);
    const edited = { ...structuredClone(brand), forbiddenClaims: [] };
    expect(scoreMission(post, { brand: edited, launch: structuredClone(launch), lang: 'en' }).mismatches).toEqual([]);
  });
});

describe('forbidden claims past the mask bits', () => {
  it('a brand with 40 forbidden claims still finds each of the last ones, and only those made', () => {
    const many = Array.from({ length: 38 }, (_, i) => `${String.fromCharCode(97 + (i % 26))}orblax${String.fromCharCode(97 + Math.floor(i / 26)).repeat(2)} overnight`);
    const b = { ...structuredClone(brand), forbiddenClaims: [...many, 'cures acne', 'whitens teeth instantly'] };
    const claimsOf = (t: string) => scoreMission(t, { brand: b, lang: 'en' }).mismatches.filter((m) => m.type === 'forbidden-claim').map((m) => m.claim);
    expect(claimsOf('Whitens teeth instantly! Lumina also cures acne')).toEqual(['cures acne', 'whitens teeth instantly']);
    expect(claimsOf('Lumina whitens teeth instantly')).toEqual(['whitens teeth instantly']);
    expect(claimsOf(`Lumina did ${many[37]!} for me`)).toEqual([many[37]]);
    expect(claimsOf('Lumina is a nice serum for the evening')).toEqual([]);
  });
  it('a field that changes between a list and a single value gets a new profile', () => {
    const b: any = { ...structuredClone(brand), values: ['cruelty-free'] };
    expect(scoreMission('Lumina is tested on animals', { brand: b, lang: 'en' }).mismatches.map((m) => m.type)).toContain('contradicts-values');
    b.values = undefined; // not a list: the snapshot stores [-1, value]
    b.mission = '';
    b.claims = [];
    expect(scoreMission('Lumina is tested on animals', { brand: b, lang: 'en' }).mismatches.map((m) => m.type)).not.toContain('contradicts-values');
    b.values = ['cruelty-free'];
    expect(scoreMission('Lumina is tested on animals', { brand: b, lang: 'en' }).mismatches.map((m) => m.type)).toContain('contradicts-values');
  });
});

describe('regexp gates from the tokens', () => {
  it('only ASCII letters, ſ and K match an ASCII letter case-insensitively (what the complaint gate assumes)', () => {
    for (let l = 0x61; l <= 0x7a; l++) {
      const re = new RegExp(`^${String.fromCharCode(l)}$`, 'iu');
      const extra = l === 0x73 ? [0x17f] : l === 0x6b ? [0x212a] : [];
      for (let u = 0; u < 0x10000; u++) {
        if (u === l || u === l - 32 || extra.includes(u)) continue;
        if (re.test(String.fromCharCode(u))) throw new Error(`U+${u.toString(16)} matches ${String.fromCharCode(l)}`);
      }
    }
    expect(new RegExp('^s$', 'iu').test('\u017f')).toBe(true);
  });
  it('never says no where ENV_HINT or the complaint regexp matches, and says no to most other posts', async () => {
    const { ENV_HINT } = await import('../../src/scoring/claims-model.js');
    const { tokenize } = await import('../../src/scoring/tokens.js');
    const { regexGates, COMPLAINT_SCAN_RE, ENV_WORDS } = await import('../../src/scoring/mission.js');
    expect(ENV_WORDS).not.toBeNull();
    const parts = ['has', 'nothing', 'to', 'do', 'with', "doesn't", 'doesnt', 'fit', 'the', 'brand', 'off-brand', 'off', 'not', 'what', 'they', 'stands', 'for',
      'out', 'of', 'character', 'no', 'tiene', 'nada', 'que', 'ver', 'con', 'pega', 'encaja', 'para', 'es', 'lo', 'la', 'marca', 'representa',
      'eco', 'economy', 'net', 'zero', 'net-zero', 'co2', 'co', '2', 'Plastic', 'xplastic', 'green', 'greenhouse', 'WASTE', 'planet', 'solar',
      ':p', ':D', 'lastic', 'ecarboni', '8p', 'https://x.co/green', 'www.waste.org', '#ecofriendly', '@greenpeace', '_green', 'ſtands', 'Nothing', 'NOTHING',
      'nothin\u0301g', 'café', 'éco', 'love', 'this', 'serum', 'so', 'good', '5k', '100%', '!!', '😍', ',', '.', '\n', 'doesn’t', 'HAS', 'haſ', 'K', 'pack', 'aging', 'was', 'Wa', 'ste', 'car', 'bon', 're', 'cycle', 'pla', 'p', 'net_', '#was', '@wa', 'ste.', 'clim', 'eco2'];
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    let envNo = 0, complaintNo = 0, envHits = 0, complaintHits = 0;
    for (let i = 0; i < 20_000; i++) {
      const n = 1 + Math.floor(rnd() * 12);
      let text = '';
      for (let k = 0; k < n; k++) {
        text += parts[Math.floor(rnd() * parts.length)]!;
        const r = rnd();
        text += r < 0.75 ? ' ' : r < 0.85 ? '' : r < 0.92 ? '  ' : '-';
      }
      const g = regexGates(tokenize(text));
      COMPLAINT_SCAN_RE.lastIndex = 0;
      const env = ENV_HINT.test(text), complaint = COMPLAINT_SCAN_RE.test(text);
      if (env) { envHits++; expect(g.env, text).toBe(true); }
      if (complaint) { complaintHits++; expect(g.complaint, text).toBe(true); }
      if (!g.env) envNo++;
      if (!g.complaint) complaintNo++;
    }
    expect(envHits).toBeGreaterThan(1000);
    expect(complaintHits).toBeGreaterThan(50);
    expect(envNo).toBeGreaterThan(2000);
    expect(complaintNo).toBeGreaterThan(2000);
    // A word ending while it matches opens the gate only when the rest can follow a word token.
    for (const t of [':plastic', 'so :Pollution', 'co2', 'net zero', 'www.x.co/waste', ':Decarbonise']) expect(regexGates(tokenize(t)).env, t).toBe(true);
    for (const t of ['it was fine', 'the car is red', 'no pla y', '#was @eco.']) expect(regexGates(tokenize(t)).env, t).toBe(t === '#was @eco.');
    const quiet = tokenize('Just tried the new serum, my skin feels soft and smooth today!');
    expect(regexGates(quiet)).toEqual({ env: false, complaint: false });
  });
});

describe('stem table', () => {
  it('gives the same scores after the profile starts its stem ids again (past 50,000 stems)', async () => {
    const { tokenize } = await import('../../src/scoring/tokens.js');
    const brand = { name: 'Lumina', mission: 'Clean skincare for sensitive skin with recyclable packaging.', values: ['vegan'], claims: [], forbiddenClaims: ['cures acne'], keywords: ['lumina'] };
    const posts = [
      'This Lumina serum cured my acne in a week, the packaging is recyclable and my sensitive skin loves it',
      'Lumina cleanser feels clean and gentle on sensitive skin, lovely recyclable packaging and a vegan formula too',
      'Honestly the weather today is grey and the bus was late again so I read my book on the platform',
    ];
    const score = (text: string) => scoreMission(text, { brand, lang: 'en' }, { text, tokens: tokenize(text) });
    const before = posts.map(score);
    // Words made of random letters: each a new stem, so the profile's table fills past its bound.
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 0x7fffffff);
    const word = () => Array.from({ length: 6 + Math.floor(rnd() * 5) }, () => String.fromCharCode(97 + Math.floor(rnd() * 26))).join('');
    for (let i = 0; i < 2200; i++) {
      const text = Array.from({ length: 30 }, word).join(' ') + (i % 2 ? ' lumina cures acne' : '');
      const got = score(text);
      if (i % 2) expect(got.mismatches.some((m) => m.type === 'forbidden-claim'), text).toBe(true);
      if (i % 500 === 0) expect(posts.map(score)).toEqual(before);
    }
    expect(posts.map(score)).toEqual(before);
    expect(before[0]!.mismatches.map((m) => m.type)).toContain('forbidden-claim');
    expect(before[1]!.alignment).toBeGreaterThan(before[2]!.alignment!);
  });
});
