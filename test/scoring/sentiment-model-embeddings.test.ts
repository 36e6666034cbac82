import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { EMBEDDINGS_PATH, decodeEmbeddings, encodeEmbeddings, loadEmbeddings, meanEmbedding, tokenRows, type WordEmbeddings } from '../../src/scoring/embeddings.js';
import {
  MODEL_PATH, loadSentimentModel, modelFromFile, modelToFile, predictEnglish, predictFull, predictTokens, hashedFeatures, socialLogits, tableId,
  type SentimentModelFile,
} from '../../src/scoring/sentiment-model.js';
import { LEX_FEATURES, analyzeLexicon, languagePack } from '../../src/scoring/sentiment-lexicon.js';
import { tokenize } from '../../src/scoring/tokens.js';
import { VADER_FEATURE_COUNT, vaderFeatures, vaderLexiconError } from '../../src/scoring/sentiment-vader.js';
import { scoreSentiment, textProbabilities } from '../../src/scoring/sentiment.js';

const rowsOf = (text: string, t: WordEmbeddings) => {
  const out: number[] = [];
  for (const tok of tokenize(text)) tokenRows(tok, t.index, out);
  return out.map((r) => t.words[r]);
};

describe('embeddings table (shipped)', () => {
  const t = loadEmbeddings();
  it('has the documented shape: 50k words × 32 int8 dims, frequency order, finite scales', () => {
    expect(t.dims).toBe(32);
    expect(t.words.length).toBe(50_000);
    expect(t.vectors.length).toBe(50_000 * 32);
    expect(t.index.size).toBe(50_000);
    expect(t.words[0]).toBe('the');
    expect(t.index.get('the')!).toBeLessThan(t.index.get('good')!);
    expect(t.index.get('good')!).toBeLessThan(t.index.get('disappointing')!);
    for (const s of t.scales) { expect(Number.isFinite(s)).toBe(true); expect(s).toBeGreaterThan(0); }
    // int8 quantization keeps the full range in every dimension
    for (let j = 0; j < t.dims; j++) {
      let mx = 0;
      for (let r = 0; r < t.words.length; r++) mx = Math.max(mx, Math.abs(t.vectors[r * t.dims + j]!));
      expect(mx).toBe(127);
    }
  });
  it('vectors carry meaning: related words are nearer than unrelated ones', () => {
    const v = (w: string) => Array.from({ length: t.dims }, (_, j) => t.vectors[t.index.get(w)! * t.dims + j]! * t.scales[j]!);
    const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0) / Math.hypot(...a) / Math.hypot(...b);
    expect(cos(v('good'), v('great'))).toBeGreaterThan(cos(v('good'), v('table')) + 0.1);
    expect(cos(v('monday'), v('tuesday'))).toBeGreaterThan(cos(v('monday'), v('happy')) + 0.1);
    expect(cos(v('terrible'), v('horrible'))).toBeGreaterThan(cos(v('terrible'), v('phone')) + 0.1);
  });
  it('maps tokens to rows: plain, unknown, contractions, elongation, hashtags, and skips non-words', () => {
    expect(rowsOf('good product', t)).toEqual(['good', 'product']);
    expect(rowsOf('zzqxwv blorptastic', t)).toEqual([]);
    expect(rowsOf("don't", t)).toEqual(['do', 'not']);
    expect(rowsOf("can't won't I'm", t)).toEqual(['can', 'not', 'will', 'not', 'i', 'am'].filter((w) => t.index.has(w)));
    expect(rowsOf('happyyyy goooood', t)).toEqual(['happy', 'good']);
    expect(rowsOf('#love #BlackFriday', t)).toEqual(['love', 'black', 'friday']);
    expect(rowsOf('@brand https://t.co/x 123 😍 :) !!', t)).toEqual([]);
  });
  it('mean embedding: empty and unknown-only text give zeros, never NaN', () => {
    for (const text of ['', '   ', 'zzqxwv', '😍😍', '@someone https://x.y']) {
      const m = meanEmbedding(tokenize(text), t);
      expect(m.length).toBe(32);
      expect(Array.from(m).every((x) => x === 0)).toBe(true);
    }
    const m = meanEmbedding(tokenize('terrible service, never again'), t);
    expect(Array.from(m).every(Number.isFinite)).toBe(true);
    expect(Array.from(m).some((x) => x !== 0)).toBe(true);
  });
  it('round-trips through its binary form and rejects a foreign file with a clear error', () => {
    const bytes = readFileSync(EMBEDDINGS_PATH);
    const again = encodeEmbeddings(decodeEmbeddings(bytes));
    expect(Buffer.compare(again, bytes)).toBe(0);
    expect(() => decodeEmbeddings(Buffer.from('{"not":"embeddings"}'))).toThrow(/not a TrustLens embeddings file/);
    expect(() => decodeEmbeddings(bytes.subarray(0, 1000))).toThrow(/too short/);
  });
});

describe('sentiment model with the social (word-vector) head', () => {
  it('the shipped model reads (format 2), its social head matches the shipped table', () => {
    const file = JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as SentimentModelFile;
    expect(file.format).toBe('trustlens-sentiment/2');
    const m = loadSentimentModel();
    expect(m.social).toBeDefined();
    expect(m.social!.emb.length).toBe(3);
    expect(m.social!.emb[0]!.length).toBe(32);
    expect(m.social!.weight).toBeGreaterThan(0);
    expect(m.social!.table).toEqual(tableId(loadEmbeddings()));
  });
  it('per-row scores at scoring time equal the mean-vector and VADER features used in training', () => {
    const m = loadSentimentModel();
    const t = loadEmbeddings();
    expect(m.social!.vader.flat().some((w) => w !== 0)).toBe(true);
    for (const text of ['I love this so much!!', "worst update ever, don't install", 'Dark Souls 3 launch date confirmed', 'zzqxwv', '', 'meh, not lol :(']) {
      const tokens = tokenize(text);
      const { features: lex, negatedTokens } = analyzeLexicon(tokens, languagePack('en'));
      const fast = socialLogits(m.social!, tokens, negatedTokens, lex);
      const mean = meanEmbedding(tokens, t);
      const vader = new Float64Array(VADER_FEATURE_COUNT);
      vaderFeatures(tokens, negatedTokens, vader);
      for (let c = 0; c < 3; c++) {
        let z = m.social!.bias[c]!;
        for (let k = 0; k < lex.length; k++) z += m.social!.lex[c]![k]! * lex[k]!;
        for (let j = 0; j < t.dims; j++) z += m.social!.emb[c]![j]! * mean[j]!;
        for (let k = 0; k < VADER_FEATURE_COUNT; k++) z += m.social!.vader[c]![k]! * vader[k]!;
        expect(fast[c]).toBeCloseTo(z, 4);
      }
    }
  });
  it('VADER features: slang and emoticons our lexicons lack, negation flipped as VADER flips it, nothing for unknown words', () => {
    const f = (text: string) => {
      const tokens = tokenize(text);
      const out = new Float64Array(VADER_FEATURE_COUNT);
      vaderFeatures(tokens, analyzeLexicon(tokens, languagePack('en')).negatedTokens, out);
      return Array.from(out);
    };
    const [meh, ugh, zz] = [f('meh'), f('ugh whatever'), f('zxcv plork')];
    expect(meh[0]).toBeLessThan(0);
    expect(ugh[2]).toBeGreaterThan(0);
    expect(zz).toEqual([0, 0, 0, 0]);
    // (Negation as the lexicon analysis marks it: "not good" is a phrase of our lexicon, so it
    // marks no scope there; "don't like" does.)
    const good = f('I like it'), notGood = f("I don't like it");
    expect(good[0]).toBeGreaterThan(0);
    expect(notGood[0]).toBeLessThan(0);
    expect(Math.abs(notGood[0]!)).toBeLessThan(good[0]!);
  });
  it('reads a format-2 file written before the VADER inputs existed (their weights are zero)', () => {
    const file = JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as SentimentModelFile;
    delete file.social!.vader;
    const m = modelFromFile(file);
    expect(m.social!.vader).toEqual([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
    file.social!.vader = [[1, 2], [3, 4], [5, 6]];
    expect(String(modelFromFile(file).meta.socialHeadError)).toMatch(/VADER weights are not 3 × 4/);
  });
  it('drops the social head, and says why, when the VADER lexicon cannot be read', () => {
    const file = JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as SentimentModelFile;
    const m = modelFromFile(file, loadEmbeddings, () => 'VADER lexicon unavailable: ENOENT');
    expect(m.social).toBeUndefined();
    expect(String(m.meta.socialHeadError)).toMatch(/VADER lexicon unavailable/);
    expect(vaderLexiconError()).toBeUndefined(); // the installed package reads fine
  });
  it('English probabilities stay finite and sum to 1 for odd input', () => {
    const m = loadSentimentModel();
    for (const text of ['', '!!!', 'zzqxwv qqq', '😡', 'a '.repeat(3000)]) {
      const tokens = tokenize(text);
      const lex = analyzeLexicon(tokens, languagePack('en'));
      const p = predictEnglish(m, hashedFeatures(tokens, lex.negatedTokens, m.full.dim), tokens, lex.negatedTokens, lex.features);
      expect(p.every(Number.isFinite)).toBe(true);
      expect(p[0] + p[1] + p[2]).toBeCloseTo(1, 9);
      const r = scoreSentiment({ text, lang: 'en' });
      expect(Number.isFinite(r.score)).toBe(true);
    }
  });
  it('the social head moves English predictions in the direction of word meaning', () => {
    // "abysmal" and "superb" are words the model's lexicons may lack; the vectors still know them.
    const neg = textProbabilities({ text: 'the new season was abysmal', lang: 'en' }).p;
    const pos = textProbabilities({ text: 'the new season was superb', lang: 'en' }).p;
    expect(pos[2] - pos[0]).toBeGreaterThan(neg[2] - neg[0]);
    expect(textProbabilities({ text: 'great', lang: 'en' }).head).toBe('words + word vectors + lexicon');
  });
  it('still reads format 1 (no social head) and writes format 1 for such a model', () => {
    const m = loadSentimentModel();
    const { social: _drop, ...plain } = m;
    const file = modelToFile(plain, LEX_FEATURES);
    expect(file.format).toBe('trustlens-sentiment/1');
    expect(file.social).toBeUndefined();
    const back = modelFromFile(JSON.parse(JSON.stringify(file)) as SentimentModelFile);
    expect(back.social).toBeUndefined();
    const tokens = tokenize('nice phone');
    const lex = analyzeLexicon(tokens, languagePack('en'));
    expect(predictEnglish(back, hashedFeatures(tokens, lex.negatedTokens, back.full.dim), tokens, lex.negatedTokens, lex.features).every(Number.isFinite)).toBe(true);
  });
  it('drops a social head trained on another embedding table (or whose table fails to load), keeps the full head, and says why', () => {
    const file = JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as SentimentModelFile;
    file.social!.table.fingerprint = (file.social!.table.fingerprint + 1) >>> 0;
    const m = modelFromFile(file);
    expect(m.social).toBeUndefined();
    expect(String(m.meta.socialHeadError)).toMatch(/another embedding table/);
    const broken = modelFromFile(JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as SentimentModelFile, () => { throw new Error('embeddings: not a TrustLens embeddings file'); });
    expect(broken.social).toBeUndefined();
    expect(String(broken.meta.socialHeadError)).toMatch(/not a TrustLens embeddings file/);
    const tokens = tokenize('not great, the battery died');
    const lex = analyzeLexicon(tokens, languagePack('en'));
    const p = predictEnglish(m, hashedFeatures(tokens, lex.negatedTokens, m.full.dim), tokens, lex.negatedTokens, lex.features);
    expect(p.every(Number.isFinite)).toBe(true);
    expect(p[0]).toBeGreaterThan(p[2]);
  });
});

// Prediction hashes features into a reused buffer, with plain words' hashes kept as 30-bit
// integers on their records, and reads a packed copy of the weights: all must give exactly what
// the fresh-array hashedFeatures and the dense weights give.
describe('fast prediction path', () => {
  const texts = [
    'not great, the battery died', 'sooo goood #love @brand https://t.co/x 😍 :)', 'I do NOT like it!!! Really?',
    'Café très bon, the señor said no', 'it is 100% worth $20', 'never ever again', 'word '.repeat(400) + 'not bad',
    '', '!!!', 'the the the the', 'no, not good but not bad either; fine',
  ];
  it('predictTokens gives the same probabilities as predictFull / predictEnglish on hashedFeatures', () => {
    const m = loadSentimentModel();
    for (const text of texts) {
      const tokens = tokenize(text);
      const lex = analyzeLexicon(tokens, languagePack('en'));
      const idx = hashedFeatures(tokens, lex.negatedTokens, m.full.dim);
      expect(predictTokens(m, tokens, lex.negatedTokens, lex.features, false), text).toEqual(predictFull(m, idx, lex.features));
      expect(predictTokens(m, tokens, lex.negatedTokens, lex.features, true), text).toEqual(predictEnglish(m, idx, tokens, lex.negatedTokens, lex.features));
    }
  });
  it('hashedFeatures returns a fresh array each call, with the same indices as the full 32-bit hashes give', () => {
    const a = tokenize(texts[0]!), b = tokenize(texts[1]!);
    const la = analyzeLexicon(a, languagePack('en')).negatedTokens, lb = analyzeLexicon(b, languagePack('en')).negatedTokens;
    const fa = hashedFeatures(a, la, 1 << 18);
    const copy = fa.slice();
    const fb = hashedFeatures(b, lb, 1 << 18);
    expect(fa).toEqual(copy);
    expect(fb).not.toEqual(fa);
    for (const text of texts) {
      const tokens = tokenize(text);
      const neg = analyzeLexicon(tokens, languagePack('en')).negatedTokens;
      // dim 2^31 takes the full-hash path; its indices keep the low bits the 30-bit path uses.
      const wide = hashedFeatures(tokens, neg, 2 ** 31).map((h) => h & ((1 << 18) - 1));
      expect(hashedFeatures(tokens, neg, 1 << 18), text).toEqual(wide);
    }
  });
});
