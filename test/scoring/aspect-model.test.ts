import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ASPECTS, extractAspects } from '../../src/scoring/aspects.js';
import {
  ASPECT_MODEL_FORMAT, ASPECT_MODEL_PATH, aspectModel, aspectModelFromFile, aspectModelToFile, learnedAspects, newAspectModel, setAspectModel, type AspectModelFile,
} from '../../src/scoring/aspect-model.js';
import { prepare } from '../../src/scoring/sentiment-prep.js';
import { examples, polarityExamples, trainAspectModel, trainPolarityModel } from '../../src/scoring/aspect-train.js';
import { trainingRows } from '../../src/scoring/training/train-aspects.js';
import { polarityInputs } from '../../src/scoring/aspects.js';
import { polarityDense, polarityKeys, polarityLogits, predictPolarity, POLARITIES } from '../../src/scoring/aspect-polarity.js';
import { scoreSentiment } from '../../src/scoring/sentiment.js';
import { readAspectRows } from '../../src/scoring/training/train-aspects.js';
import { REPO_ROOT } from '../../src/scoring/training/common.js';

afterEach(() => setAspectModel(undefined));

/** A model over the nine aspects with the given word weights (others 0), biases -3 and thresholds 0. */
function handModel(words: Record<string, Partial<Record<(typeof ASPECTS)[number], number>>>): ReturnType<typeof newAspectModel> {
  const weights = new Map<string, Float32Array>();
  for (const [key, ws] of Object.entries(words)) weights.set(key, Float32Array.from(ASPECTS, (a) => ws[a] ?? 0));
  return newAspectModel([...ASPECTS], new Float64Array(ASPECTS.length).fill(-3), new Float64Array(ASPECTS.length), weights);
}
const never = () => false;

describe('aspect model (the learned half of aspect detection)', () => {
  it('names an aspect when its words lift it over the threshold, at the word that weighs most', () => {
    const m = handModel({ 'w:zip': { quality: 2 }, 'w:broke': { quality: 2.5 }, 'w:day': { delivery: 1 } });
    const tokens = prepare('The zip broke on day three').tokens;
    const found = learnedAspects(m, tokens, never, 0);
    expect(found).toHaveLength(1);
    expect(m.aspects[found[0]!.aspect]).toBe('quality');
    expect(tokens[found[0]!.at]!.text).toBe('broke');
    expect(found[0]!.logit).toBeCloseTo(-3 + 2 + 2.5, 5);
    // One word alone does not lift it: -3 + 2 < 0.
    expect(learnedAspects(m, prepare('nice zip').tokens, never, 0)).toHaveLength(0);
  });

  it('counts each word once, whatever its case, reads longer words by their first five letters, and numbers', () => {
    const m = handModel({ 'w:zip': { quality: 1.5 }, 'w:snap': { quality: 1.5 }, 'p:despe': { quality: 3.5 }, '<money>': { price: 3.5 } });
    expect(learnedAspects(m, prepare('zip ZIP zip').tokens, never, 0)).toHaveLength(0); // -3 + 1.5
    expect(learnedAspects(m, prepare('zip snap').tokens, never, 0)).toHaveLength(1); // -3 + 3
    const es = learnedAspects(m, prepare('Se me despegó la suela').tokens, never, 0);
    expect(es.map((l) => m.aspects[l.aspect])).toEqual(['quality']);
    expect(learnedAspects(m, prepare('Me costó 80€, una pasada').tokens, never, 0).map((l) => m.aspects[l.aspect])).toEqual(['price']);
    expect(learnedAspects(m, prepare('Me costó 80, una pasada').tokens, never, 0)).toHaveLength(0);
  });

  it('reads a long text a few sentences at a time: small weights of many words do not add up to an aspect', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const words = Array.from({ length: 60 }, (_, i) => `q${letters[i % 26]}${letters[Math.floor(i / 26)]}`);
    const m = handModel(Object.fromEntries(words.map((w) => [`w:${w}`, { packaging: 0.1 }])));
    const sentences = [0, 1, 2, 3, 4, 5].map((k) => words.slice(10 * k, 10 * k + 10).join(' ') + '.');
    // 60 words in one window would give -3 + 6; each window of 20 gives -3 + 2.
    expect(learnedAspects(m, prepare(sentences.join(' ')).tokens, never, 0)).toEqual([]);
    // The same weights do count inside one window: 40 words at 0.1 are 4.
    const m2 = handModel(Object.fromEntries(words.map((w) => [`w:${w}`, { packaging: 0.1 }])));
    expect(learnedAspects(m2, prepare(words.slice(0, 40).join(' ')).tokens, never, 0).map((l) => m2.aspects[l.aspect])).toEqual(['packaging']);
  });

  it('leaves out the aspects the caller already found', () => {
    const m = handModel({ 'w:broke': { quality: 4 } });
    expect(learnedAspects(m, prepare('it broke').tokens, (a: string, found: string) => a === found, 'quality')).toHaveLength(0);
  });

  it('reads each model with its own weights when models are swapped (rows are kept per model)', () => {
    const a = handModel({ 'p:parce': { delivery: 4 } });
    const b = handModel({ 'p:parce': { packaging: 4 } });
    const tokens = prepare('my parcel').tokens;
    expect(learnedAspects(a, tokens, never, 0).map((l) => a.aspects[l.aspect])).toEqual(['delivery']);
    expect(learnedAspects(b, tokens, never, 0).map((l) => b.aspects[l.aspect])).toEqual(['packaging']);
    expect(learnedAspects(a, tokens, never, 0).map((l) => a.aspects[l.aspect])).toEqual(['delivery']);
  });

  it('adds what the triggers miss to extractAspects, with its clause quoted and its polarity read', () => {
    const text = 'Love the colour. Sadly the buckle gave up after a week';
    setAspectModel(null);
    expect(extractAspects(text, 'en')).toEqual([]);
    setAspectModel(handModel({ 'p:buckl': { quality: 2 }, 'w:gave': { quality: 2 } }));
    expect(extractAspects(text, 'en')).toEqual([{ aspect: 'quality', polarity: 'negative', evidence: 'Sadly the buckle gave up after a week' }]);
  });

  it('rejects a file that is not an aspect model, saying why', () => {
    expect(() => aspectModelFromFile({ format: 'x' } as unknown as AspectModelFile)).toThrow(/not an aspect model/);
    const bad = { format: ASPECT_MODEL_FORMAT, aspects: ['price', 'quality'], bias: [0], thresholds: [0, 0], weights: {} } as AspectModelFile;
    expect(() => aspectModelFromFile(bad)).toThrow(/bias must be 2 finite numbers/);
    expect(() => aspectModelFromFile({ ...bad, bias: [0, 0], weights: { 'w:x': [1, NaN] } })).toThrow(/weights of "w:x"/);
  });

  it('ships a model over the nine aspects that survives a save and load unchanged', () => {
    const file = JSON.parse(readFileSync(ASPECT_MODEL_PATH, 'utf8')) as AspectModelFile;
    expect(file.aspects).toEqual([...ASPECTS]);
    const m = aspectModel()!;
    expect(m.weights.size).toBeGreaterThan(1000);
    expect(aspectModelToFile(aspectModelFromFile(file), file.meta)).toEqual(file);
  });

  it('trains: a word seen only with an aspect gets weight for it, deterministically', () => {
    const rows = [
      ...Array.from({ length: 20 }, (_, i) => ({ lang: 'en', aspects: 'quality:negative', text: `the zipper failed on item ${i}`, source: 't' })),
      ...Array.from({ length: 20 }, (_, i) => ({ lang: 'en', aspects: '-', text: `went to the park with friend ${i}`, source: 't' })),
    ];
    const xs = examples(rows);
    const a = trainAspectModel(xs), b = trainAspectModel(xs);
    const q = ASPECTS.indexOf('quality');
    expect(a.weights.get('p:zippe')![q]).toBeGreaterThan(0.5);
    expect(a.weights.get('w:park')![q]).toBeLessThan(0);
    expect(Array.from(a.weights.get('p:zippe')!)).toEqual(Array.from(b.weights.get('p:zippe')!));
  });
});

describe('aspect polarity model', () => {
  it('reads what a plain fact says about its aspect, and leaves clauses that say it in words, and bare topics, alone', () => {
    const polarity = (text: string, aspect: string) => extractAspects(text, 'en', scoreSentiment({ text, kind: 'social' })).find((a) => a.aspect === aspect)?.polarity;
    const text = 'my package has been sitting in a warehouse in Memphis for 9 days';
    expect(polarity(text, 'delivery')).toBe('negative');
    setAspectModel(newAspectModel([...aspectModel()!.aspects], aspectModel()!.bias, aspectModel()!.thresholds, aspectModel()!.weights));
    try { expect(polarity(text, 'delivery')).toBe('neutral'); } finally { setAspectModel(undefined); }
    expect(polarity('Super cheap and honestly great quality', 'price')).toBe('positive');
    expect(polarity('Great price but the delivery was really slow.', 'delivery')).toBe('negative');
    expect(extractAspects('About the price', 'en')[0]?.polarity).toBe('neutral');
  });

  it('gives from the rows kept on word records the same polarity and log-odds as from key strings', () => {
    const m = aspectModel()!;
    let n = 0;
    for (const r of trainingRows().slice(0, 400)) {
      for (const x of polarityInputs(r.text, r.lang, scoreSentiment({ text: r.text, lang: r.lang, kind: 'social' }))) {
        const slow = polarityLogits(m.polarity!, polarityKeys(x), polarityDense(x));
        const fast = predictPolarity(m.polarity!, x, m.aspects);
        const best = slow.indexOf(Math.max(...slow));
        expect(fast.polarity, r.text).toBe(POLARITIES[best]);
        const viaKeys = predictPolarity(m.polarity!, x);
        expect(fast.polarity).toBe(viaKeys.polarity);
        expect(fast.p).toBeCloseTo(viaKeys.p, 9);
        n++;
      }
    }
    expect(n).toBeGreaterThan(300);
  });

  it('trains deterministically, and a word seen only in complaints about an aspect leans negative there', () => {
    const rows = [
      ...Array.from({ length: 15 }, (_, i) => ({ lang: 'en', aspects: 'delivery:negative', text: `parcel stuck in the depot for ${i + 3} days` })),
      ...Array.from({ length: 15 }, (_, i) => ({ lang: 'en', aspects: 'delivery:positive', text: `parcel arrived in ${i + 1} days, great` })),
    ];
    const detect = aspectModel()!;
    const xs = polarityExamples(rows, detect);
    expect(xs.length).toBeGreaterThan(20);
    const a = trainPolarityModel(xs), b = trainPolarityModel(xs);
    expect(Array.from(a.bias)).toEqual(Array.from(b.bias));
    const stuck = a.weights.get('delivery|w:stuck')!;
    expect(stuck[0]).toBeGreaterThan(stuck[2]!);
  });
});

describe('labelled aspect files (parseAspectTsv)', () => {
  it('reads text and aspects (or expected), lang and kind, and says why a line is skipped', async () => {
    const { parseAspectTsv, parseAspectLabel } = await import('../../src/scoring/aspect-figures.js');
    const { rows, skipped } = parseAspectTsv('# note\ntext\tAspects\tkind\nok\tprice:negative, quality:positive\treview\n\t-\tsocial\nx\tprice:angry\tsocial\ny\t-\tblog\nz\t\tsocial\n');
    expect(rows).toEqual([{ text: 'ok', aspects: 'price:negative, quality:positive', kind: 'review' }, { text: 'z', aspects: '-', kind: 'social' }]);
    expect(skipped).toEqual(['line 4: empty text', 'line 5: "price:angry": the polarity must be negative, neutral or positive', 'line 6: unknown kind "blog" (known: review, social, influencer, news)']);
    expect([...parseAspectLabel('price:negative,quality:positive')]).toEqual([['price', 'negative'], ['quality', 'positive']]);
    expect(() => parseAspectTsv('text\tlabel\n')).toThrow(/"text" and "aspects"/);
    // Training reads labels the same way, spaces and all.
    const [x] = examples([{ lang: 'en', aspects: 'price:negative, quality:positive', text: 'cheap and good' }]);
    expect([...x!.labels].map((v, a) => (v ? ASPECTS[a] : '')).filter(Boolean)).toEqual(['price', 'quality']);
    expect(() => examples([{ lang: 'en', aspects: 'flavour:negative', text: 'odd' }])).toThrow(/unknown aspect "flavour".*: odd/);
  });
});

describe('aspect training mentions', () => {
  it('are labelled with known aspects and polarities, and none is a text of an evaluation set', () => {
    const rows = trainingRows();
    expect(rows.length).toBeGreaterThan(1500);
    for (const r of rows) {
      expect(['en', 'es'], r.text).toContain(r.lang);
      if (r.aspects !== '-') for (const pair of r.aspects.split(',')) {
        const [a, p] = pair.split(':');
        expect(ASPECTS as readonly string[], r.text).toContain(a);
        expect(['negative', 'neutral', 'positive'], r.text).toContain(p);
      }
    }
    const norm = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').trim();
    const evalTexts = new Set(readAspectRows(`${REPO_ROOT}/test/fixtures/aspects/aspect-set.tsv`).filter((r) => !r.split!.startsWith('dev')).map((r) => norm(r.text)));
    expect(rows.filter((r) => evalTexts.has(norm(r.text)))).toEqual([]);
  });
});
