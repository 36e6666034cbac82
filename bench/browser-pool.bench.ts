// Browser recipe throughput with the system Chromium: pages per second when the pool reuses its
// pages vs a new page per URL (same pool, same browser, 4 pages at once), and the peak resident
// memory of the pool (browser + renderers) while 4 pages run concurrently. The fixture site runs in
// a child process; each URL is a JavaScript-rendered profile that the recipe waits for.
// Measured with 1 page at a time (latency-bound: what reuse saves shows fully) and with 4 at once
// (on a small machine the CPU saturates and the difference shrinks).
// Run: npx tsx bench/browser-pool.bench.ts [--urls 24] [--reps 3]
import { existsSync } from 'node:fs';
import { createBrowserPool, pssOf, rssOf } from '../scrapers/browser-pool.js';
import { renderPage } from '../scrapers/browser.js';
import { extractRecipePage } from '../scrapers/recipe.js';
import { validateRecipe } from '../scrapers/recipe-schema.js';
import { median, startSiteProcess } from '../test/fixtures/site/process.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const URLS = arg('urls', 24);
const REPS = arg('reps', 3);
const PAGES = 4;
const chromium = process.env.TRUSTLENS_CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.log(`browser-pool: skipped, no Chromium at ${chromium}`);
  process.exit(0);
}

const recipe = validateRecipe({ item: 'article.post', fields: { id: { attr: 'data-id' }, caption: '.caption', likes: '.likes' }, waitFor: 'article.post' }, 'browser');
const site = await startSiteProcess();
const urls = Array.from({ length: URLS }, (_, i) => `${site.url}/browser/profile?total=4&u=${i}`);

type Pool = ReturnType<typeof createBrowserPool>;
async function run(pool: Pool, sampleRss: boolean, concurrency = PAGES): Promise<{ rate: number; peak: number; peakPss: number; items: number }> {
  let next = 0;
  let items = 0;
  let peak = 0;
  let peakPss = 0;
  // The process tree is rescanned once a second only: a /proc scan every sample would steal
  // event-loop time from the run being measured.
  let pids = pool.pids();
  let scannedAt = performance.now();
  const sample = () => {
    if (performance.now() - scannedAt > 1000) {
      pids = pool.pids();
      scannedAt = performance.now();
    }
    peak = Math.max(peak, rssOf(pids));
    peakPss = Math.max(peakPss, pssOf(pids));
  };
  const timer = sampleRss ? setInterval(sample, 100) : undefined;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < urls.length) {
        const u = urls[next++];
        const r = await pool.withPage((page) => renderPage(page, u, recipe));
        items += extractRecipePage(r.html, r.url, recipe, 'influencer').items.length;
      }
    }),
  );
  const ms = performance.now() - t0;
  if (timer) clearInterval(timer);
  if (sampleRss) {
    scannedAt = 0;
    sample();
  }
  return { rate: (urls.length / ms) * 1000, peak, peakPss, items };
}

const reusePool = createBrowserPool({ executablePath: chromium, maxPages: PAGES, pageUses: 10_000 });
const freshPool = createBrowserPool({ executablePath: chromium, maxPages: PAGES, pageUses: 1 });
const rates: Record<string, number[]> = { 'reuse-1': [], 'new-1': [], 'reuse-4': [], 'new-4': [] };
let peak = 0;
let peakPss = 0;
let itemsPerRun = 0;
try {
  await run(reusePool, false); // warm-up: launch, JIT, caches
  await run(freshPool, false);
  for (let r = 0; r < REPS; r++) {
    for (const conc of [1, PAGES]) {
      const order: [Pool, string][] = r % 2 ? [[freshPool, 'new'], [reusePool, 'reuse']] : [[reusePool, 'reuse'], [freshPool, 'new']];
      for (const [pool, name] of order) {
        const out = await run(pool, false, conc);
        rates[`${name}-${conc}`].push(out.rate);
        itemsPerRun = out.items;
      }
    }
  }
  // Memory in a separate, untimed run: reading smaps_rollup costs milliseconds per process and
  // would slow the timed runs down.
  const mem = await run(reusePool, true, PAGES);
  peak = mem.peak;
  peakPss = mem.peakPss;
} finally {
  await reusePool.close();
  await freshPool.close();
  await site.stop();
}
console.log(`browser-pool: ${URLS} JS-rendered pages per run, pool of ${PAGES} pages, medians of ${REPS} reps (${itemsPerRun} items per run)`);
for (const conc of [1, PAGES]) {
  const a = median(rates[`reuse-${conc}`]);
  const b = median(rates[`new-${conc}`]);
  console.log(`  ${conc} page${conc > 1 ? 's' : ' '} at once: page reuse ${a.toFixed(1)} pages/s, new page per URL ${b.toFixed(1)} pages/s, ratio ${(a / b).toFixed(2)}×`);
}
console.log(`  peak memory of the pool (Chromium + its children, ${PAGES} pages): PSS ${(peakPss / 1024 / 1024).toFixed(0)} MB; RSS summed over processes ${(peak / 1024 / 1024).toFixed(0)} MB (counts shared pages once per process)`);
