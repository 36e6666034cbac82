// A queue-mode worker process for bench/pipeline-ingest.bench.ts: what `trustlens worker` does
// (createRuntime + startWorkers on the env's config), plus a warm-up of the CPU-bound stages
// (feed and review-page parsing, scoring) on the bench corpus before it says "ready", so a
// freshly spawned process is not timed while its JIT is cold. Not a product entry point.
//
//   node --import tsx bench/pipeline-worker.ts     (env: TRUSTLENS_* in queue mode; PIPE_WORKER_WARM=N mentions)
// Stops gracefully on SIGTERM/SIGINT, and when its parent goes away (stdin closes).
import { loadConfig } from '../src/core/config.js';
import { createRuntime } from '../src/main.js';
import { QUEUE_NAMES, startWorkers } from '../src/wiring.js';
import { scoreMention } from '../src/scoring/index.js';
import { parseFeed } from '../scrapers/feed.js';
import { extractReviewPage } from '../scrapers/schema-reviews.js';
import { benchBrand, buildCorpus, startBenchSite } from './pipeline-ingest-data.js';

async function warmUp(n: number): Promise<void> {
  if (n <= 0) return;
  // A small corpus of the same shapes, seeded differently: the same code paths, other texts.
  const corpus = buildCorpus({ sources: 4, itemsPerSource: Math.ceil(n / 4), brands: 1, now: Date.now(), seed: 7 });
  const site = await startBenchSite(corpus);
  try {
    const brand = { ...benchBrand(0), id: 'warm', createdAt: '', updatedAt: '' };
    for (const d of site.documents()) {
      const ms = d.shape === 'reviews' ? extractReviewPage(d.body, d.url, { kind: 'review' }).reviews.map((r) => r.mention) : parseFeed(d.body, d.url, 'social').items;
      for (const m of ms) scoreMention(m, { brand });
    }
  } finally {
    await site.close();
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  await warmUp(Number(process.env.PIPE_WORKER_WARM ?? 1000));
  const rt = await createRuntime(config);
  const workers = await startWorkers(rt, QUEUE_NAMES);
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= (async () => {
    try { await workers.stop(); await rt.close(); } finally { process.exit(0); }
  })());
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.stdout.write('ready\n');
}

main().catch((err) => {
  console.error('pipeline-worker:', err);
  process.exit(1);
});
