// Sentiment pipeline speed: 30-word posts/s on one core for detectLanguage + scoreSentiment +
// extractAspects, vs vader-sentiment alone on the same posts, vs a bare regexp tokenizer pass
// (the bound); language detection vs franc-min on 30-word and 2-word posts; model load time; RSS.
// Run: npx tsx bench/scoring-sentiment.bench.ts   (medians of 5 repetitions, ~30 s)
// The machine may be shared: compare the ratios (measured in the same run), not absolute rates.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { detectLanguage } from '../src/scoring/language.js';
import { scoreSentiment } from '../src/scoring/sentiment.js';
import { extractAspects } from '../src/scoring/aspects.js';
import { prepare } from '../src/scoring/sentiment-prep.js';
import { MODEL_PATH, modelFromFile, loadSentimentModel, modelLoadMs, type SentimentModelFile } from '../src/scoring/sentiment-model.js';
import { seededRandom } from '../src/scoring/training/common.js';

const require = createRequire(import.meta.url);
const REPS = 5;

// Synthetic but realistic 30-word posts: varied words so no cache helps (the prep memo only
// remembers the last text, which is exactly what the real pipeline reuses).
const EN = 'the new launch from this brand is great but delivery was slow and support never answered my emails so I am not happy with price quality and packaging today love it hate it really very'.split(' ');
const ES = 'el nuevo lanzamiento de la marca es genial pero el envío fue lento y nadie contesta mis correos así que no estoy contento con el precio la calidad y el embalaje me encanta odio muy'.split(' ');
const EMO = ['😍', '😡', '👍', '#fail', '#love', ':)', '!!', '@brand', 'https://t.co/x1'];
function makePosts(n: number, words: number, seed: number): string[] {
  const r = seededRandom(seed);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const src = r() < 0.5 ? EN : ES;
    const w: string[] = [];
    for (let k = 0; k < words; k++) w.push(r() < 0.08 ? EMO[Math.floor(r() * EMO.length)]! : src[Math.floor(r() * src.length)]!);
    out.push(w.join(' ') + ` #${i}`);
  }
  return out;
}

function rate(posts: string[], fn: (p: string) => unknown): number {
  const runs: number[] = [];
  // CPU time of this process (user + system), not wall time: on a shared machine the wall clock
  // also counts the time other processes had the core, which would distort every ratio.
  for (let r = 0; r < REPS; r++) {
    const t0 = process.cpuUsage();
    for (const p of posts) fn(p);
    const d = process.cpuUsage(t0);
    runs.push(posts.length / ((d.user + d.system) / 1e6));
  }
  runs.sort((a, b) => a - b);
  return runs[REPS >> 1]!;
}

const fmtN = (x: number) => Math.round(x).toLocaleString('en-US');

async function main(): Promise<void> {
  const posts30 = makePosts(4000, 30, 1);
  const posts2 = makePosts(20000, 2, 2);

  // Model load: cold parse of the shipped file, measured separately and through the lazy loader.
  const loads: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    modelFromFile(JSON.parse(readFileSync(MODEL_PATH, 'utf8')) as SentimentModelFile);
    loads.push(performance.now() - t0);
  }
  loads.sort((a, b) => a - b);
  loadSentimentModel();

  const vader = require('vader-sentiment') as { SentimentIntensityAnalyzer: { polarity_scores(t: string): unknown } };
  const { franc } = (await import('franc-min')) as { franc: (t: string, o?: unknown) => string };
  const francOpts = { only: ['eng', 'spa', 'por', 'fra', 'deu', 'ita', 'nld'] };
  const TOKEN = /[\p{L}\p{N}#@']+|\p{Extended_Pictographic}/gu;

  // warm up
  for (const p of posts30.slice(0, 500)) { scoreSentiment({ text: p }); vader.SentimentIntensityAnalyzer.polarity_scores(p); franc(p, francOpts); }

  // Tokenized once (prepare), shared by the three scorers, as the scoring pipeline does.
  const full = rate(posts30, (p) => {
    const prepared = prepare(p);
    const l = detectLanguage(p, undefined, prepared);
    const s = scoreSentiment({ text: p, lang: l.lang, prepared });
    return extractAspects(p, l.lang, s, prepared);
  });
  const vaderRate = rate(posts30, (p) => vader.SentimentIntensityAnalyzer.polarity_scores(p));
  const bound = rate(posts30, (p) => p.match(TOKEN)?.length ?? 0);
  const lang30 = rate(posts30, (p) => detectLanguage(p));
  const franc30 = rate(posts30.slice(0, 1500), (p) => franc(p, francOpts));
  const lang2 = rate(posts2, (p) => detectLanguage(p));
  const franc2 = rate(posts2.slice(0, 5000), (p) => franc(p, francOpts));

  // Accuracy on two-word posts with a known language (hand-written, half English, half Spanish).
  const twoWord: [string, string][] = [
    ['great product', 'en'], ['love it', 'en'], ['never again', 'en'], ['terrible service', 'en'], ['so good', 'en'], ['worst ever', 'en'],
    ['muy bueno', 'es'], ['me encanta', 'es'], ['nunca más', 'es'], ['qué asco', 'es'], ['muy caro', 'es'], ['llegó roto', 'es'],
  ];
  const map: Record<string, string> = { eng: 'en', spa: 'es', por: 'pt', fra: 'fr', deu: 'de', ita: 'it' };
  const ours2 = twoWord.filter(([t, l]) => detectLanguage(t).lang === l).length;
  const franc2ok = twoWord.filter(([t, l]) => map[franc(t, { ...francOpts, minLength: 1 })] === l).length;

  const rss = process.memoryUsage().rss / 1e6;
  console.log(`## Scoring: language + sentiment + aspects (one core, CPU time, medians of 5; load average ${loadavg()[0]!.toFixed(1)}: the machine is shared)\n`);
  console.log('| measure | value | ratio |\n|---|---|---|');
  console.log(`| full pipeline (detectLanguage + scoreSentiment + extractAspects), 30-word posts/s | ${fmtN(full)} | ${(full / vaderRate).toFixed(1)}× vader |`);
  console.log(`| vader-sentiment alone, 30-word posts/s | ${fmtN(vaderRate)} | 1× |`);
  console.log(`| bare regexp tokenizer pass (the bound), 30-word posts/s | ${fmtN(bound)} | pipeline at ${((full / bound) * 100).toFixed(1)}% of bound |`);
  console.log(`| detectLanguage, 30-word posts/s | ${fmtN(lang30)} | ${(lang30 / franc30).toFixed(1)}× franc-min (${fmtN(franc30)}/s) |`);
  console.log(`| detectLanguage, 2-word posts/s | ${fmtN(lang2)} | ${(lang2 / franc2).toFixed(1)}× franc-min (${fmtN(franc2)}/s) |`);
  console.log(`| 2-word posts right (12 hand-labelled en/es) | ours ${ours2}/12 | franc-min ${franc2ok}/12 |`);
  console.log(`| model load (parse + unpack sentiment.json) | ${loads[REPS >> 1]!.toFixed(0)} ms (first lazy load ${modelLoadMs().toFixed(0)} ms) | aim < 1000 ms |`);
  console.log(`| RSS of this process after the runs | ${rss.toFixed(0)} MB | aim < 300 MB |`);
}

main().catch((e) => { console.error(e); process.exit(1); });
