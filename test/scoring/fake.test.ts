import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { behaviourOf, scoreFake } from '../../src/scoring/fake.js';
import { shippedFakeModel, fakeModelFromJson } from '../../src/scoring/fake-model.js';
import { DuplicateIndex } from '../../src/scoring/minhash.js';
import { TextClassifier } from '../../src/scoring/classifier.js';
import { parseLabelledTsv } from '../../src/scoring/classifier-data.js';
import { binaryMetrics, rocAuc, stratifiedFolds } from '../../src/scoring/classifier-metrics.js';
import { crossValidateFake, trainFakeClassifier } from '../../src/scoring/fake-train.js';
import { fmix32, shingleHash } from '../support/minhash-reference.js';

const fixture = parseLabelledTsv(readFileSync(new URL('../fixtures/fake/reviews.tsv', import.meta.url), 'utf8'));

describe('DuplicateIndex', () => {
  it('finds lightly edited copies and not unrelated reviews', () => {
    const idx = new DuplicateIndex();
    expect(idx.check('a', 'Best hotel ever! Amazing staff, amazing rooms, amazing breakfast. Highly recommend Hotel Marina to everyone.')).toBeNull();
    expect(idx.check('b', 'The room faced the car park and the air conditioning rattled all night long, breakfast was fine.')).toBeNull();
    const hit = idx.check('c', 'Best hotel ever! Amazing staff, amazing rooms, amazing breakfast. Highly recommend Hotel Marina to everybody.');
    expect(hit?.id).toBe('a');
    expect(hit!.similarity).toBeGreaterThan(0.5);
    expect(idx.size).toBe(3);
  });
  it('ignores texts too short to judge and stays bounded', () => {
    const idx = new DuplicateIndex({ maxItems: 10 });
    expect(idx.check('x', 'Great!')).toBeNull();
    for (let i = 0; i < 50; i++) idx.add(`r${i}`, `review number ${i} talks about room ${i * 7} and breakfast ${i * 3} and the pool`);
    expect(idx.size).toBe(10);
  });
  // Two reviews "by different customers": the second rewords the first (clauses reordered, words
  // swapped), so they share few 3-word shingles but most content words.
  const shoes = 'The new running shoes arrived quickly, fit perfectly and the cushioning feels amazing on long runs. Customer service answered every question. Highly recommend this brand to every runner.';
  const reworded = 'Fit perfectly and the cushioning feels amazing on long runs! These running shoes arrived fast. Every question got answered by customer service. Would recommend the brand to any runner.';
  const genuine = 'After two weeks the left shoe started squeaking and the heel rubbed a blister on my ankle, so I returned them and got a refund within five days.';
  it('finds reworded copies by their content words, and says which table matched', () => {
    const idx = new DuplicateIndex();
    expect(idx.check('a', shoes)).toBeNull();
    expect(idx.check('g', genuine)).toBeNull();
    const hit = idx.check('b', reworded);
    expect(hit).toMatchObject({ id: 'a', basis: 'words' });
    expect(hit!.similarity).toBeGreaterThanOrEqual(0.45);
    // The shingle table alone does not see it: that is what the second table is for.
    const shinglesOnly = new DuplicateIndex({ rewordSimilarity: 0 });
    shinglesOnly.check('a', shoes);
    expect(shinglesOnly.check('b', reworded)).toBeNull();
    // A copy found by shingles is reported as such, first.
    expect(idx.check('c', shoes + ' Thanks!')).toMatchObject({ id: 'a', basis: 'shingles' });
    // query(): copies first (b is the text itself), then reworded copies not among them.
    expect(idx.query(reworded).map((m) => [m.id, m.basis])).toEqual([['b', 'shingles'], ['a', 'words'], ['c', 'words']]);
  });
  it('does not match short reviews by their few content words, and checks its options', () => {
    const idx = new DuplicateIndex();
    // Ten content words each, nine shared: generic short praise is alike by chance, so reviews
    // with fewer than 12 content words are not matched by them.
    expect(idx.check('s1', 'Great location, friendly staff, clean rooms, good breakfast, would stay again. Lovely pool.')).toBeNull();
    expect(idx.check('s2', 'Friendly staff and a great location. Rooms were clean, breakfast was good. Would stay again, nice view.')).toBeNull();
    expect(() => new DuplicateIndex({ rewordSimilarity: 1.5 })).toThrow(/rewordSimilarity/);
    expect(() => new DuplicateIndex({ rewordSimilarity: Number.NaN })).toThrow(/rewordSimilarity/);
  });
  it('re-adding an id with a text too short to index forgets its old text', () => {
    const idx = new DuplicateIndex();
    idx.add('x', shoes);
    expect(idx.query(shoes).map((m) => m.id)).toEqual(['x']);
    expect(idx.add('x', 'Great!')).toBe(false);
    expect(idx.query(shoes)).toEqual([]);
    expect(idx.query(reworded)).toEqual([]);
    expect(idx.size).toBe(0);
  });
  it('scales: 20k reviews indexed and queried quickly', () => {
    const idx = new DuplicateIndex();
    const t0 = performance.now();
    for (let i = 0; i < 20_000; i++) idx.check(`r${i}`, `order ${i} arrived on day ${i % 31} with item ${(i * 7919) % 100003} and note ${(i * 104729) % 99991}`);
    expect(performance.now() - t0).toBeLessThan(15_000);
  });
});

describe('scoreFake', () => {
  const model = shippedFakeModel();
  it('loads the shipped model', () => {
    expect(model).not.toBeNull();
    expect(model!.langs).toEqual(['en', 'es']);
  });
  it('gives reasons for generic superlatives, brevity, mismatch and behaviour', () => {
    const generic = scoreFake({ text: 'Amazing amazing amazing. Best ever. Perfect!', rating: 1, lang: 'en' }, null);
    expect(generic.reasons.join(' ')).toMatch(/generic superlatives/);
    const mismatch = scoreFake({ text: 'It broke after two days and support never answered.', rating: 1, sentiment: -0.8 }, null);
    expect(mismatch.reasons.join(' ')).toMatch(/rating–text mismatch/);
    const plain = scoreFake({ text: 'It broke after two days and support never answered.', rating: 0, sentiment: -0.8 }, null);
    expect(mismatch.likelihood).toBeGreaterThan(plain.likelihood);
    const behaviour = scoreFake({
      text: 'Good product, arrived on time.', rating: 1, author: { reviewCount: 1 }, verifiedPurchase: false,
      behaviour: { authorReviewsSameDay: 6, fiveStarInWindow: 40, fiveStarBaseline: 3 },
    }, null);
    expect(behaviour.reasons.length).toBeGreaterThanOrEqual(4);
    expect(behaviour.likelihood).toBeGreaterThan(0.9);
    const short = scoreFake({ text: 'Great', rating: 1 }, null);
    expect(short.reasons.join(' ')).toMatch(/short/);
  });
  it('keeps the behaviour counts it was given, and reads them back from the reasons of a score stored without them', () => {
    const input = { text: 'Good product, arrived on time.', rating: 1, behaviour: { authorReviewsSameDay: 6, fiveStarInWindow: 40, fiveStarBaseline: 3.25 } };
    const scored = scoreFake(input, null);
    expect(scored.behaviour).toEqual(input.behaviour);
    expect(behaviourOf(scored)).toEqual(input.behaviour);
    // A score stored before the counts were kept: its reasons say them (the baseline to 0.1).
    const { behaviour: _b, ...older } = scored;
    expect(behaviourOf(older)).toEqual({ authorReviewsSameDay: 6, fiveStarInWindow: 40, fiveStarBaseline: 3.3 });
    expect(scoreFake({ ...input, behaviour: behaviourOf(older) }, null).likelihood).toBe(scored.likelihood);
    // Counts that moved nothing leave no reason, and nothing to read back; none given, none kept.
    const quiet = scoreFake({ ...input, behaviour: { authorReviewsSameDay: 1, fiveStarInWindow: 2, fiveStarBaseline: 2 } }, null);
    expect(behaviourOf({ reasons: quiet.reasons })).toBeUndefined();
    expect(scoreFake({ text: 'Good product.' }, null).behaviour).toBeUndefined();
    expect(behaviourOf(undefined)).toBeUndefined();
  });
  it('a near-duplicate raises the likelihood', () => {
    const base = scoreFake({ text: 'The pool was closed during our stay and nobody told us at booking.' }, null);
    const dup = scoreFake({ text: 'The pool was closed during our stay and nobody told us at booking.', duplicate: { id: 'r9', similarity: 0.95 } }, null);
    expect(dup.likelihood).toBeGreaterThan(base.likelihood + 0.3);
    expect(dup.reasons.join(' ')).toMatch(/near-duplicate of review r9/);
  });
  it('a reworded copy raises the likelihood as a copy does, and the text model does not cancel it', () => {
    const text = 'Bought these for marathon training in March. After about 300 km the heel cushioning is flattening and the left insole squeaks, but support replaced the pair within a week, no questions asked.';
    const base = scoreFake({ text, rating: 1, lang: 'en' }, model);
    const words = scoreFake({ text, rating: 1, lang: 'en', duplicate: { id: 'r3', similarity: 0.6, basis: 'words' } }, model);
    expect(words.reasons.join(' ')).toMatch(/reworded copy of review r3 \(content-word similarity 0\.60\)/);
    expect(words.likelihood).toBeGreaterThan(base.likelihood + 0.3);
    // Below the table's threshold a 'words' match is not evidence; a shingle match needs 0.5.
    expect(scoreFake({ text, rating: 1, lang: 'en', duplicate: { id: 'r3', similarity: 0.4, basis: 'words' } }, model).likelihood).toBe(base.likelihood);
    expect(scoreFake({ text, rating: 1, lang: 'en', duplicate: { id: 'r3', similarity: 0.45 } }, model).likelihood).toBe(base.likelihood);
    // The shipped model reads this natural review as genuine (a negative vote): with a copy that
    // vote is set aside, so an exact copy is a fake suspect however natural it reads.
    expect(base.likelihood).toBeLessThan(0.15);
    expect(base.reasons.join(' ')).toMatch(/reads as genuine/);
    const copy = scoreFake({ text, rating: 1, lang: 'en', duplicate: { id: 'r3', similarity: 1 } }, model);
    expect(copy.likelihood).toBeGreaterThanOrEqual(0.5);
    expect(copy.reasons.join(' ')).toMatch(/vote is set aside/);
    expect(base.reasons.join(' ')).not.toMatch(/set aside/);
  });
  it('a model is not applied to a language it was not trained on, and says so; the shipped one reads Spanish', () => {
    const text = 'La habitación daba a un patio interior, así que no había ruido.';
    const englishOnly = { ...model!, langs: ['en'], name: 'custom:en' };
    // It says so, instead of leaving the reasons empty.
    expect(scoreFake({ text, lang: 'es' }, englishOnly).reasons).toEqual([`text model (custom:en) not applied: it reads en, this review is 'es'`]);
    expect(scoreFake({ text, lang: 'es' }, model).reasons.at(-1)).toMatch(/^text model \(shipped:salminen-2022\+trustlens-reviews\): reads as genuine/);
    // A paid-sounding Spanish 5-star review reads as fake.
    const paid = scoreFake({ text: '¡Increíble! El mejor hotel del mundo, el personal increíble, todo perfecto, lo recomiendo 100%, volveremos seguro!!!', rating: 1, lang: 'es' }, model);
    expect(paid.likelihood).toBeGreaterThan(0.5);
  });
  it('every score carries its evidence: the model\'s genuine verdict, or that no signal was found', () => {
    const genuine = scoreFake({ text: 'I bought the 50 ml bottle for my dry skin in March. It absorbs quickly, but the pump broke after three weeks.', rating: 0.75, lang: 'en' }, model);
    expect(genuine.likelihood).toBeLessThan(0.5);
    expect(genuine.reasons.at(-1)).toMatch(/^text model \(.+\): reads as genuine \(p=0\.\d\d\)$/);
    expect(scoreFake({ text: 'Room was fine, staff helpful, breakfast average.', lang: 'en' }, null).reasons).toEqual(['no fake-review signal found']);
  });
  it('never returns NaN on bad input', () => {
    for (const text of ['', '😀😀😀', 'https://x.y/z', 'a'.repeat(1_000_000), '\uD800\uDFFF\uDC00', '<p>hi</p>']) {
      const r = scoreFake({ text, rating: NaN, sentiment: Infinity, lang: 'en' }, model);
      expect(Number.isFinite(r.likelihood)).toBe(true);
      expect(r.likelihood).toBeGreaterThanOrEqual(0);
      expect(r.likelihood).toBeLessThanOrEqual(1);
    }
  });
});

describe('classifier and fake training', () => {
  it('metrics: AUC and folds behave', () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    const folds = stratifiedFolds([0, 0, 0, 0, 1, 1, 1, 1], 2, 1);
    expect(folds.filter((f, i) => f === 0 && i >= 4).length).toBe(2);
    expect(binaryMetrics([1, 0], [0.9, 0.1]).accuracy).toBe(1);
  });
  it('parses fake/real and 1/0 labels, skips bad rows', () => {
    const p = parseLabelledTsv('text\tlabel\trating\nhello\tfake\t5\nbye\t0\t\nodd\tmaybe\t1\n');
    expect(p.rows).toEqual([{ text: 'hello', label: 1, rating: 5 }, { text: 'bye', label: 0 }]);
    expect(p.skipped[0]).toMatch(/line 4/);
    expect(() => parseLabelledTsv('a\tb\n')).toThrow(/text/);
  });
  it('trains reproducibly and round-trips through JSON', () => {
    const a = trainFakeClassifier(fixture.rows, { name: 't' });
    const b = trainFakeClassifier(fixture.rows, { name: 't' });
    expect(JSON.stringify(a.toJSON())).toBe(JSON.stringify(b.toJSON()));
    const loaded = fakeModelFromJson(JSON.parse(JSON.stringify(a.toJSON())));
    const t = fixture.rows[0]!.text;
    expect(loaded.classifier.predict(t)).toBeCloseTo(a.predict(t), 6);
    expect(() => TextClassifier.fromJSON({ kind: 'other' })).toThrow(/not a TrustLens classifier/);
  });
  it('cross-validates on the restaurant/hotel set (EN + ES) well above chance', () => {
    const r = crossValidateFake(fixture.rows, 5);
    expect(fixture.rows.length).toBe(120);
    expect(r.accuracy).toBeGreaterThan(0.85);
    expect(r.auc).toBeGreaterThan(0.9);
  });
});

describe('classifier features', () => {
  it('word records give the same feature indices as hashing the strings (low-bit memo), at every dim', async () => {
    const { featurize } = await import('../../src/scoring/classifier.js');
    const { tokenize, tokenizeByRegExp } = await import('../../src/scoring/tokens.js');
    const texts = [...fixture.rows.slice(0, 40).map((r) => r.text), 'Sooo good!!! #ad @lumina 100% 😍 https://x.y/z', ''];
    for (const dim of [1 << 4, 1 << 17, 1 << 18, 1 << 24, 1 << 30]) {
      for (const charNgrams of [null, [3, 5]] as const) {
        const spec = { dim, wordNgrams: 3, charNgrams: charNgrams as [number, number] | null, punctuation: true };
        for (const text of texts) {
          // tokenizeByRegExp's tokens carry no word record: every hash comes from the strings.
          const a = featurize(text, spec, tokenize(text)), b = featurize(text, spec, tokenizeByRegExp(text));
          expect([...a.idx]).toEqual([...b.idx]);
          expect([...a.val]).toEqual([...b.val]);
        }
      }
    }
  });
});

describe('MinHash internals', () => {
  it('signatures equal the plain one-permutation formulation (bins, then optimal densification)', async () => {
    const { minhashSignature, shingleHashes } = await import('../../src/scoring/minhash.js');
    // Written plainly, in unsigned arithmetic, with no probe table.
    const bin = (h: number, n: number) => Math.floor((Math.floor(h / 65536) * n) / 65536);
    const reference = (sh: Uint32Array, n: number) => {
      const sig = new Uint32Array(n).fill(0xffffffff);
      const own = new Array<boolean>(n).fill(false);
      for (const x of sh) {
        const h = fmix32((x ^ 0x9e3779b9) >>> 0);
        const b = bin(h, n);
        own[b] = true;
        if (h < sig[b]!) sig[b] = h;
      }
      if (!own.some(Boolean)) return sig;
      const out = Uint32Array.from(sig);
      for (let i = 0; i < n; i++) {
        if (own[i]) continue;
        let j = -1;
        for (let a = 1; a <= 4096 && j < 0; a++) {
          const c = bin(fmix32((Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(a, 0x85ebca77)) >>> 0), n);
          if (own[c]) j = c;
        }
        for (let k = 1; j < 0; k++) if (own[(i + k) % n]) j = (i + k) % n;
        out[i] = sig[j]!;
      }
      return out;
    };
    for (const text of fixture.rows.slice(0, 60).map((r) => r.text)) {
      const sh = shingleHashes(text, 3);
      expect([...minhashSignature(sh, 64)]).toEqual([...reference(sh, 64)]);
    }
    const rnd = Uint32Array.from({ length: 50 }, (_, i) => (Math.imul(i + 1, 2654435761) >>> 0));
    expect([...minhashSignature(rnd, 256)]).toEqual([...reference(rnd, 256)]);
    // Bin counts that are not powers of two, sets smaller than the bins (mostly borrowed values), edge sets.
    for (const n of [1, 3, 5, 6, 7, 63, 65]) expect([...minhashSignature(rnd, n)]).toEqual([...reference(rnd, n)]);
    for (const k of [1, 2, 3, 9]) expect([...minhashSignature(rnd.subarray(0, k), 64)]).toEqual([...reference(rnd.subarray(0, k), 64)]);
    const edge = Uint32Array.of(0, 0xffffffff, 0x80000000, 0x7fffffff, 1);
    expect([...minhashSignature(edge, 64)]).toEqual([...reference(edge, 64)]);
    expect([...minhashSignature(new Uint32Array(0), 8)]).toEqual(new Array(8).fill(0xffffffff));
  });
  it('signatures agree at a share of positions that estimates the Jaccard similarity without bias', async () => {
    const { minhashSignature, estimateJaccard } = await import('../../src/scoring/minhash.js');
    // Pairs of 30-shingle sets sharing 20 (Jaccard 0.5) and 27 (Jaccard 27/33), fresh shingles each pair.
    for (const [shared, want] of [[20, 0.5], [27, 27 / 33]] as const) {
      let sum = 0, x = 1;
      const pairs = 400;
      for (let p = 0; p < pairs; p++) {
        const next = () => (x = Math.imul(x + p + 1, 2654435761) >>> 0);
        const common = Array.from({ length: shared }, next);
        const a = Uint32Array.from([...common, ...Array.from({ length: 30 - shared }, next)]);
        const b = Uint32Array.from([...common, ...Array.from({ length: 30 - shared }, next)]);
        sum += estimateJaccard(minhashSignature(a, 64), minhashSignature(b, 64));
      }
      expect(Math.abs(sum / pairs - want)).toBeLessThan(0.02);
    }
  });
  it('shingle hashes chain the fnv1a hashes of the folded words, distinct, in first-seen order', async () => {
    const { shingleHashes } = await import('../../src/scoring/minhash.js');
    const { tokenize, fold } = await import('../../src/scoring/tokens.js');
    const reference = (text: string, k: number) => {
      const w = tokenize(text).filter((t) => t.kind === 'word' || t.kind === 'hashtag').map((t) => fold(t.kind === 'hashtag' ? t.norm.slice(1) : t.norm));
      if (w.length === 0) return [];
      if (w.length < k) return [shingleHash(w)];
      const out: number[] = [];
      for (let i = 0; i + k <= w.length; i++) { const h = shingleHash(w.slice(i, i + k)); if (!out.includes(h)) out.push(h); }
      return out;
    };
    const long = Array.from({ length: 400 }, (_, i) => ['spa', 'pool', 'Café', 'room', '#ad', 'staff'][(i * 7) % 6]! + (i % 5 === 0 ? '' : ' nice')).join(' ');
    const texts = [...fixture.rows.map((r) => r.text), long, 'a b', 'one', '', 'x y x y x y x y', 'Ñandú straße #Ecológico ﬁne e\u0301co'];
    for (const text of texts) for (const k of [1, 2, 3, 5]) expect([...shingleHashes(text, k)]).toEqual(reference(text, k));
  });
  it('check() answers like query() before indexing, and remove() forgets', () => {
    const idx = new DuplicateIndex();
    const texts = fixture.rows.map((r) => r.text);
    for (let i = 0; i < texts.length; i++) {
      const t = i % 3 === 0 ? texts[i - (i > 0 ? 1 : 0)]! + ' again' : texts[i]!;
      const want = idx.query(t)[0] ?? null;
      expect(idx.check(`r${i}`, t)).toEqual(want);
    }
    const t = texts[5]!;
    expect(idx.query(t).map((m) => m.id)).toContain('r5');
    idx.remove('r5');
    expect(idx.query(t).map((m) => m.id)).not.toContain('r5');
  });
  it('stays consistent past eviction, id reuse and crowded buckets', () => {
    // Signatures live in slots that evicted or replaced entries give back: a reused slot must
    // never answer for the review that held it before.
    const idx = new DuplicateIndex({ maxItems: 40 });
    const wave = (n: number) => `order ${n} arrived on day 4 and the serum was great thanks a lot team`;
    for (let i = 0; i < 400; i++) {
      const id = `w${i % 60}`;
      const t = i % 2 === 0 ? wave(i % 7) : fixture.rows[i % fixture.rows.length]!.text;
      const want = idx.query(t).filter((m) => m.id !== id)[0] ?? null;
      expect(idx.check(id, t)).toEqual(want);
      expect(idx.size).toBeLessThanOrEqual(40);
    }
    idx.add('x', wave(99)); // numbers are not words: every wave text has the same shingles
    expect(idx.query(wave(99))).toContainEqual({ id: 'x', similarity: 1, basis: 'shingles' });
    idx.add('x', fixture.rows[0]!.text); // replaced: the old text no longer answers as 'x'
    expect(idx.query(wave(99)).map((m) => m.id)).not.toContain('x');
    expect(() => new DuplicateIndex({ numHashes: -16, bands: 16 })).toThrow(/numHashes/);
  });
  it('answers as a plain list of reviews would: same buckets, newest 64 per bucket, oldest evicted first', async () => {
    const { minhashSignature, shingleHashes, estimateJaccard } = await import('../../src/scoring/minhash.js');
    // The reference keeps the indexed reviews in a list, oldest first, and reads a bucket as the
    // reviews whose signature rows of that band equal the text's, newest first.
    const maxItems = 150, cap = 64, bands = 16, rows = 4;
    const list: { id: string; sig: Uint32Array }[] = [];
    const sigOf = (text: string) => {
      const sh = shingleHashes(text, 3);
      return sh.length + 2 < 6 ? null : minhashSignature(sh, 64);
    };
    const sameBand = (a: Uint32Array, b: Uint32Array, band: number) => {
      for (let r = band * rows; r < (band + 1) * rows; r++) if (a[r] !== b[r]) return false;
      return true;
    };
    const refCheck = (id: string, text: string) => {
      const sig = sigOf(text);
      const old = list.findIndex((e) => e.id === id);
      let best: { id: string; similarity: number } | null = null;
      if (sig) {
        const seen = new Set<string>();
        for (let b = 0; b < bands; b++) {
          const bucket = list.filter((e) => sameBand(e.sig, sig, b)).reverse().slice(0, cap);
          for (const e of bucket) {
            if (e.id === id || seen.has(e.id)) continue;
            seen.add(e.id);
            // The index keeps the low 16 bits of each value (see LshTable.sigs).
            const similarity = estimateJaccard(sig.map((x) => x & 0xffff), e.sig.map((x) => x & 0xffff));
            if (similarity >= 0.5 && (!best || similarity > best.similarity || (similarity === best.similarity && e.id < best.id))) best = { id: e.id, similarity };
          }
        }
      }
      if (old >= 0) list.splice(old, 1);
      if (sig) list.push({ id, sig });
      while (list.length > maxItems) list.shift();
      return best && { ...best, basis: 'shingles' };
    };
    const idx = new DuplicateIndex({ maxItems, rewordSimilarity: 0 });
    // Waves of one template (more than 64 copies crowd its buckets), reviews from the fixture,
    // lightly edited copies, texts too short to index, and ids used again.
    const wave = (n: number) => `order ${n} arrived on day 4 and the serum was great thanks a lot team`;
    const rows_ = fixture.rows.map((r) => r.text);
    let matches = 0;
    for (let i = 0; i < 900; i++) {
      const id = `r${(i * 7) % 400}`;
      const pick = i % 5;
      const text = pick === 0 || (i > 300 && i < 400) ? wave(i) : pick === 1 ? `${rows_[(i * 3) % rows_.length]} really` : pick === 2 ? 'too short' : rows_[i % rows_.length]!;
      const want = refCheck(id, text);
      if (want) matches++;
      expect(idx.check(id, text)).toEqual(want);
      expect(idx.size).toBe(list.length);
    }
    expect(matches).toBeGreaterThan(200);
  });
});
