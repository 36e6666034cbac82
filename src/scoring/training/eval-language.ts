// Language detection figures: how often detectLanguage names the language a mention is written
// in, answers 'und', or names another one, by length of post, beside franc-min (the detector a
// user would pick, restricted to the same seven languages) on the same posts.
// Labelled posts: every evaluation set of ours with a language (aspects, fake reviews, sentiment,
// disclosure; written for TrustLens by helpers, EN + ES), our training mentions and reviews (the
// word lists were never tuned on them) and, from ../shared/data, real English tweets
// (TweetEval) and review sentences (UCI), all English. Our sets were not written for language
// detection, but its word lists gained a few words where one of their posts was misread
// (language.test.ts names them), so their figures lean optimistic; the real posts are the fairer test.
//   npm run eval:language
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { languageFiles, readSharedTsv, readTsv, REPO_ROOT } from './common.js';
import { detectLanguage } from '../language.js';

interface Labelled { text: string; lang: string }
export interface LanguageFigures { rows: number; right: number; und: number; wrong: number }

const FRANC_LANGS: Record<string, string> = { eng: 'en', spa: 'es', por: 'pt', fra: 'fr', deu: 'de', ita: 'it', nld: 'nl' };
const BUCKETS = [['1–3 words', 3], ['4–6 words', 6], ['7–12 words', 12], ['13+ words', Infinity]] as const;

/** Every labelled post of ours (EN + ES). */
export function ourMentions(): Labelled[] {
  const fixture = (p: string) => readTsv(resolve(REPO_ROOT, 'test/fixtures', p));
  const rows: Labelled[] = [];
  for (const r of fixture('aspects/aspect-set.tsv')) rows.push({ text: r.text!, lang: r.lang! });
  for (const p of ['fake/reviews.tsv', 'fake-hard/reviews.tsv', 'disclosure/disclosure-set.tsv', 'disclosure/disclosure-dev2.tsv']) {
    for (const r of fixture(p)) rows.push({ text: r.text!, lang: r.lang! });
  }
  for (const [p, lang] of [['en/sentiment-2.tsv', 'en'], ['en/mentions-3.tsv', 'en'], ['es/sentiment.tsv', 'es'], ['es/sentiment-2.tsv', 'es'], ['es/sentiment-3.tsv', 'es'], ['es/tweets.tsv', 'es']] as const) {
    for (const r of fixture(p)) rows.push({ text: r.text!, lang });
  }
  return rows.filter((r) => r.text && r.lang);
}

/**
 * The training mentions and reviews (src/scoring/training/mentions/, reviews/, aspects/: 7,400
 * posts, EN + ES by their files' names): written for the models, never read to tune the word lists.
 */
export function trainingPosts(): Labelled[] {
  const rows: Labelled[] = [];
  for (const dir of ['mentions', 'reviews', 'aspects']) {
    for (const { path, lang } of languageFiles(resolve(REPO_ROOT, 'src/scoring/training', dir))) for (const r of readTsv(path)) rows.push({ text: r.text!, lang });
  }
  return rows.filter((r) => r.text);
}

function shared(): Labelled[] {
  const rows: Labelled[] = [];
  for (const p of ['sentiment/en_tweeteval_val.tsv', 'sentiment/en_uci_sentences.tsv']) {
    for (const r of readSharedTsv(p) ?? []) rows.push({ text: r.text!, lang: 'en' });
  }
  return rows;
}

/** How many of `rows` `detect` names right, leaves 'und', or names wrong. */
export function figures(rows: readonly Labelled[], detect: (t: string) => string): LanguageFigures {
  const f = { rows: rows.length, right: 0, und: 0, wrong: 0 };
  for (const r of rows) {
    const g = detect(r.text);
    if (g === r.lang) f.right++;
    else if (g === 'und') f.und++;
    else f.wrong++;
  }
  return f;
}

const share = (n: number, of: number) => (of ? (n / of).toFixed(3) : '—');
const line = (f: LanguageFigures) => `${share(f.right, f.rows)} | ${share(f.und, f.rows)} | ${share(f.wrong, f.rows)}`;
const words = (t: string) => t.split(/\s+/).filter(Boolean).length;

async function print(): Promise<void> {
  const { franc } = (await import('franc-min')) as { franc: (t: string, o?: unknown) => string };
  const francOnly = { only: Object.keys(FRANC_LANGS), minLength: 1 };
  const peer = (t: string) => FRANC_LANGS[franc(t, francOnly)] ?? 'und';
  const ourLang = (t: string) => detectLanguage(t).lang;
  // As scoreMention calls it for a brand that writes in English and Spanish.
  const brandLang = (t: string) => detectLanguage(t, undefined, undefined, ['en', 'es']).lang;
  const sets: [string, Labelled[]][] = [
    ['our EN + ES mentions', ourMentions()],
    ['our training mentions and reviews (EN + ES, never used to tune the word lists)', trainingPosts()],
    ['real English tweets and review sentences (TweetEval val, UCI)', shared()],
  ];
  console.log('## Language detection (right | und | wrong, share of posts)\n');
  console.log('| posts | n | detectLanguage | … for a brand in en, es | franc-min (same seven languages) |');
  console.log('|---|---|---|---|---|');
  for (const [name, rows] of sets) {
    if (!rows.length) continue;
    console.log(`| ${name} | ${rows.length} | ${line(figures(rows, ourLang))} | ${line(figures(rows, brandLang))} | ${line(figures(rows, peer))} |`);
    let from = 0;
    for (const [label, max] of BUCKETS) {
      const part = rows.filter((r) => { const n = words(r.text); return n > from && n <= max; });
      from = max;
      if (part.length) console.log(`| … ${label} | ${part.length} | ${line(figures(part, ourLang))} | ${line(figures(part, brandLang))} | ${line(figures(part, peer))} |`);
    }
  }
  console.log('\n"und" is an answer: a brand\'s languages (Brand.languages) then settle the post in scoreMention.');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await print();
