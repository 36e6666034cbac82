// Queue overhead: N trivial jobs through InlineQueue (embedded mode) vs BullQueue on a local Redis
// (queue mode). Prints jobs/second (median of REPS runs) for concurrency 1 and 4, and the ratio.
//
//   npx tsx bench/queue-overhead.bench.ts
//   env: TRUSTLENS_BENCH_REDIS_URL (default redis://127.0.0.1:6379), QUEUE_BENCH_N (5000), QUEUE_BENCH_REPS (3)
import { BullQueue } from '../jobs/bull-queue.js';
import { InlineQueue } from '../jobs/inline-queue.js';
import { deleteKeys } from '../test/support/redis.js';
import type { JobQueue } from '../src/ports/queue.js';

const REDIS_URL = process.env.TRUSTLENS_BENCH_REDIS_URL || 'redis://127.0.0.1:6379';
const N = Number(process.env.QUEUE_BENCH_N || 5000);
const REPS = Number(process.env.QUEUE_BENCH_REPS || 3);
const quiet = { warn: () => {} };

/** Enqueues N jobs (in batches, so bull can pipeline) and waits until the handler has seen all of them. */
async function run(q: JobQueue, concurrency: number, N: number): Promise<number> {
  const name = 'bench';
  let done = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((r) => (resolveAll = r));
  q.process<{ i: number }>(
    name,
    async () => {
      if (++done === N) resolveAll();
    },
    { concurrency },
  );
  const t0 = performance.now();
  for (let i = 0; i < N; i += 500) {
    const batch: Promise<string>[] = [];
    for (let j = i; j < Math.min(N, i + 500); j++) batch.push(q.enqueue(name, { i: j }, { attempts: 1 }));
    await Promise.all(batch);
  }
  await all;
  const seconds = (performance.now() - t0) / 1000;
  return N / seconds;
}

async function warmUp(redisUp: boolean): Promise<void> {
  const iq = new InlineQueue({ logger: quiet });
  await run(iq, 1, N);
  await iq.close();
  if (!redisUp) return;
  const prefix = `tlbench-${process.pid}-warm`;
  const bq = await BullQueue.create({ redisUrl: REDIS_URL, prefix, logger: quiet });
  try {
    await run(bq, 1, Math.min(N, 1000));
  } finally {
    await bq.close();
    await deleteKeys(REDIS_URL, [prefix]);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

async function main(): Promise<void> {
  const probe = await BullQueue.create({ redisUrl: REDIS_URL, prefix: 'tlbench-probe', commandTimeoutMs: 2000, logger: quiet });
  const redisUp = await probe.ping();
  await probe.close();
  console.log(`queue overhead: ${N} trivial jobs, median of ${REPS} runs, enqueue → last job done`);
  if (!redisUp) console.log(`(Redis at ${REDIS_URL} unreachable: BullQueue rows skipped)`);

  // Warm-up (not counted): JIT for the inline path, connections and Lua script loading for bull.
  await warmUp(redisUp);

  for (const concurrency of [1, 4]) {
    const inline: number[] = [];
    const bull: number[] = [];
    for (let rep = 0; rep < REPS; rep++) {
      const iq = new InlineQueue({ logger: quiet });
      inline.push(await run(iq, concurrency, N));
      await iq.close();
      if (redisUp) {
        const prefix = `tlbench-${process.pid}-${rep}-${concurrency}`;
        const bq = await BullQueue.create({ redisUrl: REDIS_URL, prefix, logger: quiet });
        try {
          bull.push(await run(bq, concurrency, N));
        } finally {
          await bq.close();
          await deleteKeys(REDIS_URL, [prefix]);
        }
      }
    }
    const mi = median(inline);
    console.log(`concurrency ${concurrency}: InlineQueue ${fmt(mi)} jobs/s  (runs ${inline.map(fmt).join(', ')})`);
    if (redisUp) {
      const mb = median(bull);
      console.log(`concurrency ${concurrency}: BullQueue   ${fmt(mb)} jobs/s  (runs ${bull.map(fmt).join(', ')})`);
      console.log(`concurrency ${concurrency}: inline/bull ratio ${(mi / mb).toFixed(1)}×`);
    }
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
