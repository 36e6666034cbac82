// Full scoring speed: scoreMention (language + sentiment + aspects + fake + mission + disclosure)
// on 30-word posts per second on one core, vs vader-sentiment alone on the same posts, vs a bare
// regexp tokenizer pass (the bound); model load time of the shipped models; the peak RSS of a
// scoring process on its own (bench/scoring-process.ts, run as a child process).
// The same on real 30-word posts (tweets and review sentences from ../shared/data/sentiment,
// joined and cut into 30-word posts), when that data is there, and on each kind of real text
// alone (tweets, review sentences, product reviews, report sentences), and the real posts all
// read as one kind (social, influencer, review: the fake-review scorer runs on reviews only).
// The same posts each scored 8 times in a row against once each: how much of the time is waiting
// on memory and mispredicted branches. Then the cost of each part per post (µs, medians; on the
// synthetic and on the real posts), to show where the time goes: each scorer is handed the
// tokens scoreMention hands it, so a part's figure is its own cost.
// The ratios against vader come from interleaved runs (scoreMention pass, vader pass, and again),
// one ratio per pair, median over the pairs: a noisy neighbour on this shared machine then slows
// both sides of a pair instead of one side only.
// Run: npx tsx bench/scoring-full.bench.ts   (medians of 7 repetitions, ~90 s)
import { createRequire } from 'node:module';
import type { RawMention } from '../src/core/types.js';
import { seededRandom } from '../src/scoring/classifier.js';
import { loadFakeModel, SHIPPED_FAKE_MODEL_URL } from '../src/scoring/fake-model.js';
import { TextClassifier } from '../src/scoring/classifier.js';
import { SHIPPED_CLAIMS_MODEL_URL } from '../src/scoring/claims-model.js';
import { existsSync, readFileSync } from 'node:fs';
import { BENCH_BRAND } from './bench-brand.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const REPS = 7;
const N = 4000;

const EN = 'the new serum from this brand is great but delivery was slow and support never answered so I am not happy with price quality and packaging today love it cruelty-free vegan made in Spain use code SARA20 really very'.split(' ');
const ES = 'el nuevo sérum de la marca es genial pero el envío fue lento y nadie contesta así que no estoy contento con el precio la calidad y el embalaje me encanta no testado en animales hecho en España muy'.split(' ');
const EXTRA = ['😍', '😡', '#ad', '#publi', '@luminaskin', ':)', '!!', 'https://amzn.to/x1', 'cured', 'acne'];

function posts(n: number, seed: number): string[] {
  const r = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const src = r() < 0.5 ? EN : ES;
    const w: string[] = [];
    for (let k = 0; k < 30; k++) w.push(r() < 0.08 ? EXTRA[Math.floor(r() * EXTRA.length)]! : src[Math.floor(r() * src.length)]!);
    return `${w.join(' ')} #${i}`;
  });
}

/**
 * 30-word posts cut from the texts of shared data sets (empty when they are missing): by default
 * the sentiment sets (tweets and review sentences), the bench's headline figure.
 */
function realPosts(max: number, files = ['sentiment/en_tweeteval_val.tsv', 'sentiment/en_uci_sentences.tsv']): string[] {
  const dir = new URL('../../shared/data/', import.meta.url);
  const texts: string[] = [];
  for (const f of files) {
    const path = new URL(f, dir);
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, 'utf8').split('\n').slice(1)) if (line.trim()) texts.push(line.split('\t').at(-1)!);
  }
  const words = texts.join(' ').split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i + 30 <= words.length && out.length < max; i += 30) out.push(words.slice(i, i + 30).join(' '));
  return out;
}

/**
 * µs per check of a review against a brand's full duplicate index (50,000 reviews, its cap), as
 * in a worker that has run for a while: each check also evicts the oldest review. Reviews are 30
 * words drawn at random from the posts' words, so they are new to the index.
 */
function fullIndexCheck(Index: typeof import('../src/scoring/minhash.js').DuplicateIndex, tokenize: typeof import('../src/scoring/tokens.js').tokenize, from: string[]): number {
  const words = from.join(' ').split(' ');
  const r = seededRandom(5);
  const review = () => Array.from({ length: 30 }, () => words[Math.floor(r() * words.length)]!).join(' ');
  const index = new Index();
  let id = 0;
  while (index.size < index.options.maxItems) index.check(String(id++), review());
  // Tokenized beforehand, as scoreMention hands the index the tokens it has.
  const batch = Array.from({ length: 2000 }, review);
  const tokens = batch.map((text) => tokenize(text));
  const runs: number[] = [];
  for (let k = 0; k < REPS; k++) {
    const t0 = performance.now();
    for (let i = 0; i < batch.length; i++) index.check(String(id++), batch[i]!, undefined, tokens[i]);
    runs.push((1000 * (performance.now() - t0)) / batch.length);
  }
  return median(runs);
}

/**
 * Peak RSS (MB) of a scoring process on its own (bench/scoring-process.ts, a child process): the
 * posts scored as mentions, a third of them reviews, repeated to 20,000.
 */
function scoringProcessRss(from: string[]): number {
  const kinds = ['review', 'social', 'influencer'] as const;
  const lines: string[] = [];
  for (let i = 0; i < 20_000; i++) {
    const kind = kinds[i % 3]!;
    lines.push(JSON.stringify({ kind, externalId: String(i), text: `${from[i % from.length]} #${i}`, rating: kind === 'review' ? { value: 4, best: 5, worst: 1, normalized: 0.75 } : undefined }));
  }
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./scoring-process.ts', import.meta.url))], {
    input: lines.join('\n') + '\n', encoding: 'utf8', maxBuffer: 1 << 20, env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
  });
  const out = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { mentions?: number; maxRssMb?: number };
  if (child.status !== 0 || out.mentions !== lines.length) throw new Error(`scoring process failed: ${child.stderr}`);
  return out.maxRssMb!;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function rate(items: string[], fn: (p: string, i: number) => unknown): number {
  // One untimed pass first: the JIT and the caches warm up on it, not on the first timed run.
  items.forEach(fn);
  const runs: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    items.forEach(fn);
    runs.push(items.length / ((performance.now() - t0) / 1000));
  }
  return median(runs);
}

/**
 * Interleaved rates of a and b on the same items: each repetition runs a then b, and gives one
 * ratio; returns the median rate of each and the median of the per-repetition ratios a/b.
 */
function paired(items: string[], a: (p: string, i: number) => unknown, b: (p: string, i: number) => unknown): { a: number; b: number; ratio: number } {
  items.forEach(a);
  items.forEach(b);
  const ra: number[] = [], rb: number[] = [], ratios: number[] = [];
  for (let r = 0; r < REPS; r++) {
    let t0 = performance.now();
    items.forEach(a);
    const x = items.length / ((performance.now() - t0) / 1000);
    t0 = performance.now();
    items.forEach(b);
    const y = items.length / ((performance.now() - t0) / 1000);
    ra.push(x); rb.push(y); ratios.push(x / y);
  }
  return { a: median(ra), b: median(rb), ratio: median(ratios) };
}

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

async function main(): Promise<void> {
  // Model load: time to parse the shipped JSON models into classifiers (fresh reads each time).
  const loads: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    loadFakeModel(SHIPPED_FAKE_MODEL_URL);
    TextClassifier.fromJSON(JSON.parse(readFileSync(SHIPPED_CLAIMS_MODEL_URL, 'utf8')));
    loads.push(performance.now() - t0);
  }
  const t0 = performance.now();
  const { scoreMention } = await import('../src/scoring/score.js');
  const { DuplicateIndex } = await import('../src/scoring/minhash.js');
  scoreMention({ kind: 'review', externalId: 'warm', text: 'warm up the models please', rating: { value: 5, best: 5, worst: 1, normalized: 1 } });
  const importAndFirst = performance.now() - t0;

  const brand = BENCH_BRAND;
  const ps = posts(N, 1);
  const vader = require('vader-sentiment') as { SentimentIntensityAnalyzer: { polarity_scores(t: string): unknown } };
  const TOKEN_RE = /[\p{L}\p{M}]+|\p{N}+|\S/gu;
  const kinds: RawMention['kind'][] = ['review', 'social', 'influencer'];
  const rating = { value: 5, best: 5, worst: 1, normalized: 1 };

  let dup = new DuplicateIndex();
  const mixed = (p: string, i: number) => {
    if (i === 0) dup = new DuplicateIndex();
    const kind = kinds[i % 3]!;
    return scoreMention({ kind, externalId: String(i), text: p, rating: kind === 'review' ? rating : undefined }, { brand, duplicates: dup });
  };
  const vaderOf = (p: string) => vader.SentimentIntensityAnalyzer.polarity_scores(p);
  const synth = paired(ps, mixed, vaderOf);
  const full = synth.a, vaderRate = synth.b;
  const reviews = paired(ps, (p, i) => scoreMention({ kind: 'review', externalId: String(i), text: p, rating }, { brand }), vaderOf);
  const real = realPosts(N);
  const realPair = real.length ? paired(real, mixed, vaderOf) : { a: 0, b: 0, ratio: 0 };
  const realFull = realPair.a, realVader = realPair.b;
  // The ratio depends on the posts as much as on the code (vader's own speed varies about 2.5×
  // with the text): each kind of real text on its own, side by side.
  const perSet = ([
    ['tweets (TweetEval)', ['sentiment/en_tweeteval_val.tsv']],
    ['review sentences (UCI)', ['sentiment/en_uci_sentences.tsv']],
    ['product reviews (salminen_dev)', ['fake-reviews/salminen_dev.tsv']],
    ['report sentences (env claims)', ['claims/env_claims_train.tsv']],
  ] as const).map(([name, files]) => {
    const set = realPosts(1500, [...files]);
    return { name, n: set.length, ...(set.length ? paired(set, mixed, vaderOf) : { a: 0, b: 0, ratio: 0 }) };
  });
  const bare = rate(ps, (p) => p.match(TOKEN_RE)?.length ?? 0);
  const rss = process.memoryUsage().rss / 2 ** 20;
  const processRss = scoringProcessRss(real.length ? real : ps);
  // After the RSS reading, so it stays the figure it was before these passes were added.
  // The same real posts all read as one kind: social posts skip the fake-review scorer and the
  // duplicate index (reviews only), reviews skip the social head (posts only).
  const asKind = (['social', 'influencer', 'review'] as const).map((kind) => {
    let index = new DuplicateIndex();
    const one = (p: string, i: number) => {
      if (i === 0) index = new DuplicateIndex();
      return scoreMention({ kind, externalId: String(i), text: p, rating: kind === 'review' ? rating : undefined }, { brand, duplicates: index });
    };
    return { kind, ...(real.length ? paired(real, one, vaderOf) : { a: 0, b: 0, ratio: 0 }) };
  });

  // Where the time goes, as a whole: the same posts read as social posts, each scored REPEAT
  // times in a row (the text alternating with a trailing space, so no memo of the last text
  // answers) against once each. Repeated, a post's words, the models' rows it reads and its
  // branches are warm; in a stream of new posts they are not, and the difference is what the
  // machine waits on rather than what the code does.
  const REPEAT = 8;
  const warm = real.length ? paired(real, (p, i) => {
    for (let r = 0; r < REPEAT; r++) scoreMention({ kind: 'social', externalId: String(i), text: r & 1 ? `${p} ` : p }, { brand });
  }, (p, i) => scoreMention({ kind: 'social', externalId: String(i), text: p }, { brand })) : { a: 0, b: 0, ratio: 0 };

  // Per part, on the same posts: each scorer called as scoreMention calls it (cleaned text,
  // language known). Parts share memoised tokens/folding inside scoreMention, so their sum is a
  // little above the whole.
  const { cleanText } = await import('../src/scoring/score.js');
  const { detectLanguage } = await import('../src/scoring/language.js');
  const { scoreSentiment } = await import('../src/scoring/sentiment.js');
  const { extractAspects } = await import('../src/scoring/aspects.js');
  const { scoreFake } = await import('../src/scoring/fake.js');
  const { shippedFakeModel } = await import('../src/scoring/fake-model.js');
  const { scoreMission } = await import('../src/scoring/mission.js');
  const { extractClaims } = await import('../src/scoring/claims.js');
  const { scoreDisclosure } = await import('../src/scoring/disclosure.js');
  const { tokenize } = await import('../src/scoring/tokens.js');
  const { prepare } = await import('../src/scoring/sentiment-prep.js');
  const fakeModel = shippedFakeModel();
  // The parts on a set of posts, µs per post each.
  const partCosts = (set: string[]): number[] => {
    const clean = set.map((p) => cleanText(p));
    // What scoreMention hands the scorers: the text and its tokens.
    const preps = clean.map((p) => ({ text: p, tokens: prepare(p).tokens }));
    const langs = clean.map((p) => detectLanguage(p).lang);
    const sents = clean.map((p, i) => scoreSentiment({ text: p, lang: langs[i] }).score);
    const us = (fn: (p: string, i: number) => unknown) => 1e6 / rate(clean, fn);
    return [
      us((p) => tokenize(p)),
      us((p) => detectLanguage(p)),
      us((p, i) => scoreSentiment({ text: p, lang: langs[i] })),
      us((p, i) => extractAspects(p, langs[i]!)),
      us((p, i) => scoreFake({ text: p, rating: 1, sentiment: sents[i], lang: langs[i], brandName: brand.name }, fakeModel, preps[i])),
      us((p, i) => {
        if (i === 0) dup = new DuplicateIndex();
        return dup.check(String(i), p, undefined, preps[i]!.tokens);
      }),
      fullIndexCheck(DuplicateIndex, tokenize, set),
      us((p) => extractClaims(p)),
      us((p, i) => scoreMission(p, { brand, lang: langs[i] }, preps[i])),
      us((p) => scoreDisclosure(p, { brand })),
    ];
  };
  const partNames = [
    'tokenize (tokens.ts)', 'language', 'sentiment', 'aspects', 'fake (reviews only)', 'duplicate check + insert (reviews only)',
    'duplicate check + insert, full index of 50,000 reviews (a long-running worker; reviews only)',
    'claims (rules; part of mission)', 'mission (claims + env model + profile)', 'disclosure',
  ];
  const synthParts = partCosts(ps);
  const realParts = real.length ? partCosts(real) : [];

  console.log(`# scoring-full bench (${N} 30-word posts, EN/ES, medians of ${REPS})`);
  console.log('| measure | value | ratio |');
  console.log('|---|---|---|');
  console.log(`| scoreMention, mixed kinds (1/3 reviews with duplicate index), posts/s | ${fmt(full)} | ${synth.ratio.toFixed(2)}× vader |`);
  console.log(`| scoreMention, all reviews (fake model on every post), posts/s | ${fmt(reviews.a)} | ${reviews.ratio.toFixed(2)}× vader |`);
  console.log(`| vader-sentiment alone, posts/s | ${fmt(vaderRate)} | 1× |`);
  if (real.length) {
    console.log(`| scoreMention, real 30-word posts (${real.length}, mixed kinds), posts/s | ${fmt(realFull)} | ${realPair.ratio.toFixed(2)}× vader on them |`);
    console.log(`| vader-sentiment alone, real 30-word posts, posts/s | ${fmt(realVader)} | 1× |`);
    for (const k of asKind) console.log(`| … the same posts, all read as ${k.kind} posts: scoreMention vs vader, posts/s | ${fmt(k.a)} vs ${fmt(k.b)} | ${k.ratio.toFixed(2)}× |`);
    console.log(`| … the same posts as social posts, each scored ${REPEAT} times in a row (warm caches and branches) vs a stream of them, posts/s | ${fmt(warm.a * REPEAT)} vs ${fmt(warm.b)} | ${(warm.ratio * REPEAT).toFixed(2)}× |`);
    for (const s of perSet) if (s.n) console.log(`| … ${s.name} only (${s.n} posts): scoreMention vs vader, posts/s | ${fmt(s.a)} vs ${fmt(s.b)} | ${s.ratio.toFixed(2)}× |`);
  }
  console.log(`| bare regexp tokenizer pass, posts/s (bound) | ${fmt(bare)} | ${(bare / vaderRate).toFixed(1)}× vader; full = ${((100 * full) / bare).toFixed(1)}% of bound |`);
  console.log(`| load fake + claims models (parse JSON → classifier), ms | ${median(loads).toFixed(0)} | aim < 1000 |`);
  console.log(`| import scoring layer + first scoreMention (all models), ms | ${importAndFirst.toFixed(0)} | aim < 1000 |`);
  console.log(`| peak RSS of a scoring process on its own (20,000 mentions, a third reviews), MB | ${processRss.toFixed(0)} | aim < 300 |`);
  console.log(`| RSS of this bench process (its data and vader-sentiment included), MB | ${rss.toFixed(0)} | — |`);
  console.log('');
  console.log('| part (30-word posts) | µs per synthetic post | µs per real post |');
  console.log('|---|---|---|');
  partNames.forEach((name, k) => console.log(`| ${name} | ${synthParts[k]!.toFixed(1)} | ${realParts[k]?.toFixed(1) ?? '—'} |`));
  console.log(`| scoreMention, mixed kinds | ${(1e6 / full).toFixed(1)} | ${realFull ? (1e6 / realFull).toFixed(1) : '—'} |`);
}

void main();
