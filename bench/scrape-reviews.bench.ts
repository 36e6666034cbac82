// Review-page extraction, pages per second, on ~200 KB shop pages with 50 JSON-LD reviews served
// locally (fixture site in a child process, so this process's core does only the scraping):
//   1. end to end (HTTP + extraction): TrustLens (polite fetcher + schema-reviews extractor) vs
//      crawlee's CheerioCrawler doing the same extraction on the same pages, same concurrency;
//   2. extraction only, in memory: TrustLens's extractor vs the bare parse loops that bound it
//      (htmlparser2 tokenizer, htmlparser2 DOM, cheerio on htmlparser2 as CheerioCrawler uses, cheerio on parse5).
// Run: npx tsx bench/scrape-reviews.bench.ts [--pages 30] [--reps 5]
process.env.CRAWLEE_LOG_LEVEL ??= 'OFF';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { Parser, parseDocument } from 'htmlparser2';
import { createFetcher } from '../scrapers/fetcher.js';
import { extractReviewPage, reviewsFromJsonLd } from '../scrapers/schema-reviews.js';
import { median, startSiteProcess } from '../test/fixtures/site/process.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const PAGES = arg('pages', 30);
const REPS = arg('reps', 5);
const CONCURRENCY = 4;

const storageDir = mkdtempSync(join(tmpdir(), 'trustlens-bench-crawlee-'));
process.env.CRAWLEE_STORAGE_DIR = storageDir;
const { CheerioCrawler, Configuration, log } = await import('@crawlee/cheerio');
const { MemoryStorage } = await import('@crawlee/memory-storage');
log.setLevel(log.LEVELS.OFF);

const site = await startSiteProcess();
const urls = Array.from({ length: PAGES }, (_, i) => `${site.url}/reviews/bench/${i + 1}`);

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

async function trustlensRun(): Promise<{ ms: number; reviews: number }> {
  const fetcher = createFetcher({ userAgent: 'TrustLensBench/1.0', timeoutMs: 20_000, maxBytes: 5 << 20, hostDelayMs: 0, hostConcurrency: CONCURRENCY, retries: 0 });
  let reviews = 0;
  const t0 = performance.now();
  await pool(urls, CONCURRENCY, async (u) => {
    const res = await fetcher.fetch(u);
    reviews += extractReviewPage(res.body, res.url).reviews.length;
  });
  const ms = performance.now() - t0;
  await fetcher.close();
  return { ms, reviews };
}

async function crawleeRun(): Promise<{ ms: number; reviews: number }> {
  let reviews = 0;
  const config = new Configuration({ persistStorage: false, purgeOnStart: true, storageClient: new MemoryStorage({ persistStorage: false, writeMetadata: false, localDataDirectory: storageDir }) });
  const crawler = new CheerioCrawler(
    {
      minConcurrency: CONCURRENCY,
      maxConcurrency: CONCURRENCY,
      maxRequestRetries: 0,
      requestHandler: async ({ $, request }) => {
        const scripts = $('script[type="application/ld+json"]').map((_, el) => $(el).text()).get();
        reviews += reviewsFromJsonLd(scripts, request.loadedUrl ?? request.url, { lang: $('html').attr('lang') }).reviews.length;
      },
    },
    config,
  );
  const t0 = performance.now();
  await crawler.run(urls.map((u) => ({ url: u, uniqueKey: `${u}#${Math.random()}` })));
  const ms = performance.now() - t0;
  await crawler.teardown?.();
  return { ms, reviews };
}

// ---- end to end ----
const tl: number[] = [];
const cr: number[] = [];
let tlReviews = 0;
let crReviews = 0;
await trustlensRun(); // warm-up (JIT, robots.txt, connections)
await crawleeRun();
for (let r = 0; r < REPS; r++) {
  // Alternate the order so neither side always runs on a warmer machine.
  const pair = r % 2 === 0 ? [trustlensRun, crawleeRun] : [crawleeRun, trustlensRun];
  for (const run of pair) {
    const out = await run();
    if (run === trustlensRun) {
      tl.push((PAGES / out.ms) * 1000);
      tlReviews = out.reviews;
    } else {
      cr.push((PAGES / out.ms) * 1000);
      crReviews = out.reviews;
    }
  }
}

// ---- extraction only, in memory ----
const fetcher = createFetcher({ userAgent: 'TrustLensBench/1.0', timeoutMs: 20_000, maxBytes: 5 << 20, hostDelayMs: 0, hostConcurrency: CONCURRENCY });
const bodies: string[] = [];
for (const u of urls) bodies.push((await fetcher.fetch(u)).body);
await fetcher.close();
await site.stop();
const avgKb = bodies.reduce((a, b) => a + Buffer.byteLength(b), 0) / bodies.length / 1024;

function timeLoop(fn: (html: string) => void, loops = 3): number {
  const rates: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    for (let l = 0; l < loops; l++) for (const b of bodies) fn(b);
    rates.push(((loops * bodies.length) / (performance.now() - t0)) * 1000);
  }
  return median(rates);
}
let sink = 0;
const memTrustlens = timeLoop((h) => (sink += extractReviewPage(h, 'https://shop.example.com/p').reviews.length));
const memTokenizer = timeLoop((h) => new Parser({}, { decodeEntities: true }).end(h));
const memDom = timeLoop((h) => (sink += parseDocument(h).children.length));
const memCheerioHp2 = timeLoop((h) => {
  // What CheerioCrawler's _parseHTML does (plus a second parseDocument it also runs).
  const $ = cheerio.load(h, { xml: { xmlMode: false, decodeEntities: true } });
  const scripts = $('script[type="application/ld+json"]').map((_, el) => $(el).text()).get();
  sink += reviewsFromJsonLd(scripts, 'https://shop.example.com/p').reviews.length;
});
const memCheerio = timeLoop((h) => {
  const $ = cheerio.load(h);
  const scripts = $('script[type="application/ld+json"]').map((_, el) => $(el).text()).get();
  sink += reviewsFromJsonLd(scripts, 'https://shop.example.com/p').reviews.length;
});
rmSync(storageDir, { recursive: true, force: true });

const f = (n: number) => n.toFixed(1);
console.log(`scrape-reviews: ${PAGES} pages × ~${avgKb.toFixed(0)} KB, 50 reviews each; concurrency ${CONCURRENCY}; medians of ${REPS} reps; node ${process.version}`);
console.log(`  end to end (HTTP + extraction), one process:`);
console.log(`    TrustLens fetcher + schema-reviews   ${f(median(tl))} pages/s   (${tlReviews} reviews per run)`);
console.log(`    crawlee CheerioCrawler (same extract) ${f(median(cr))} pages/s   (${crReviews} reviews per run)`);
console.log(`    ratio TrustLens / crawlee            ${(median(tl) / median(cr)).toFixed(2)}×`);
console.log(`  extraction only, in memory (one core):`);
console.log(`    TrustLens extractReviewPage          ${f(memTrustlens)} pages/s`);
console.log(`    bound: htmlparser2 tokenizer only    ${f(memTokenizer)} pages/s   (TrustLens at ${((memTrustlens / memTokenizer) * 100).toFixed(0)}% of it)`);
console.log(`    htmlparser2 parseDocument (DOM)      ${f(memDom)} pages/s`);
console.log(`    cheerio on htmlparser2 + same extract ${f(memCheerioHp2)} pages/s   (TrustLens ${(memTrustlens / memCheerioHp2).toFixed(2)}×; CheerioCrawler parses this way, then once more with parseDocument)`);
console.log(`    cheerio.load default (parse5) + same  ${f(memCheerio)} pages/s   (TrustLens ${(memTrustlens / memCheerio).toFixed(2)}×)`);
if (sink < 0) console.log(sink);
