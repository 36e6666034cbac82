// Dashboard load: time to first chart in Chromium (navigation start → a uPlot canvas in the page),
// median of 5 cold loads, and the bytes shipped to the browser for the overview page (aim < 300 kB).
// Same real server, store and seed as test/dashboard; the system Chromium through playwright-core.
//   npx tsx bench/dashboard-load.bench.ts
import { openBrowser } from '../test/dashboard/browser.js';
import { seedDashboard } from '../test/dashboard/seed.js';
import { startTestServer } from '../test/support/server.js';
import { services } from '../test/support/services.js';

const RUNS = 5;
const BUDGET = 300 * 1024;

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2; };

async function main(): Promise<void> {
  if (!services.chromium) { console.error('dashboard-load: no Chromium (set TRUSTLENS_TEST_CHROMIUM)'); process.exitCode = 1; return; }
  const s = await startTestServer();
  const browser = await openBrowser();
  try {
    const seeded = await seedDashboard(s.runtime.store);
    // The first chart's time, from inside the page, as soon as uPlot inserts its canvas.
    await browser.ctx.addInitScript(() => {
      const w = window as unknown as { __firstChart?: number; __dcl?: number };
      document.addEventListener('DOMContentLoaded', () => { w.__dcl = performance.now(); });
      new MutationObserver((_m, obs) => {
        if (document.querySelector('.uplot canvas')) { w.__firstChart = performance.now(); obs.disconnect(); }
      }).observe(document, { childList: true, subtree: true });
    });
    const url = `${s.url}/#/brand/${seeded.brand.id}`;
    const chart: number[] = [];
    const dcl: number[] = [];
    let bytes = 0;
    let files: { url: string; size: number }[] = [];
    for (let i = 0; i < RUNS + 1; i++) {
      const page = await browser.ctx.newPage();
      const cdp = await browser.ctx.newCDPSession(page);
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const sizes: Promise<{ url: string; size: number }>[] = [];
      page.on('response', (r) => { sizes.push(r.body().then((b) => ({ url: r.url().replace(s.url, ''), size: b.length }), () => ({ url: r.url(), size: 0 }))); });
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { __firstChart?: number }).__firstChart !== undefined, null, { timeout: 20_000 });
      await page.waitForLoadState('networkidle');
      const t = await page.evaluate(() => { const w = window as unknown as { __firstChart: number; __dcl: number }; return { chart: w.__firstChart, dcl: w.__dcl }; });
      if (i > 0) { chart.push(t.chart); dcl.push(t.dcl); } // the first load warms the server's report cache and the JIT
      if (i === 1) { files = await Promise.all(sizes); bytes = files.reduce((a, f) => a + f.size, 0); }
      await page.close();
    }
    const statics = files.filter((f) => !f.url.startsWith('/api/'));
    const staticBytes = statics.reduce((a, f) => a + f.size, 0);
    console.log(`dashboard-load: overview page, ${seeded.mentions} seeded mentions, Chromium ${services.chromium}`);
    console.log(`  time to first chart (navigation start → uPlot canvas): median ${median(chart).toFixed(0)} ms over ${RUNS} cold loads [${chart.map((x) => x.toFixed(0)).join(', ')}]`);
    console.log(`  DOMContentLoaded (the page shell, the peer): median ${median(dcl).toFixed(0)} ms → first chart = ${(median(chart) / median(dcl)).toFixed(1)}× DOMContentLoaded`);
    console.log(`  bytes shipped: ${(bytes / 1024).toFixed(1)} kB total in ${files.length} responses; code + styles ${(staticBytes / 1024).toFixed(1)} kB, API data ${((bytes - staticBytes) / 1024).toFixed(1)} kB`);
    console.log(`  vs budget 300 kB: ${(bytes / BUDGET).toFixed(2)}× (${bytes < BUDGET ? 'within' : 'OVER'} budget)`);
    for (const f of [...files].sort((a, b) => b.size - a.size).slice(0, 6)) console.log(`    ${(f.size / 1024).toFixed(1).padStart(6)} kB  ${f.url.slice(0, 100)}`);
  } finally {
    await browser.close();
    await s.close();
  }
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
