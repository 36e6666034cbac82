// queryRollups over 90 days of hourly buckets for one brand, after 10k vs 1M mentions were
// ingested. Reports read rollups, so the read should cost about the same at both sizes (it grows
// with the number of filled buckets, not with mentions). Aim: 1M within 2x of 10k.
//
// What is generated: synthetic mentions in publishedAt order (as scrapes ingest them), spread over
// 90 days, 4 kinds, 2 launches ('' and one launch), 0-2 aspects each out of 6 aspects x 3
// polarities. Each batch of 1,000 mentions becomes rollup increments exactly as the ingest job
// builds them (one increment per mention, merged per bucket by the store). Mention rows themselves
// are NOT stored: only the rollups, which is all queryRollups reads.
//
//   npx tsx bench/rollup-query.bench.ts
//   env: ROLLUP_BENCH_BIG (1000000), ROLLUP_BENCH_MONGO_BIG (50000), ROLLUP_BENCH_REPS (7),
//        ROLLUP_BENCH_MONGO_MODES (ledger; "ledger,inc" adds the $inc mode, which on FerretDB 1.24
//        costs ~26 ms per bucket upsert, i.e. minutes for these sizes),
//        TRUSTLENS_BENCH_MONGO_URL (mongodb://127.0.0.1:27017; "" skips Mongo)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '../src/core/ids.js';
import { hourStart } from '../src/core/time.js';
import type { MentionKind, RollupIncrement } from '../src/core/types.js';
import type { Store } from '../src/ports/store.js';
import { MongoStore } from '../src/store/mongo/index.js';
import { SqliteStore } from '../src/store/sqlite/index.js';

const SMALL = 10_000;
const BIG = Number(process.env.ROLLUP_BENCH_BIG || 1_000_000);
const MONGO_BIG = Number(process.env.ROLLUP_BENCH_MONGO_BIG || 50_000);
const MONGO_MODES = (process.env.ROLLUP_BENCH_MONGO_MODES || 'ledger').split(',').map((m) => m.trim()) as ('ledger' | 'inc')[];
const REPS = Number(process.env.ROLLUP_BENCH_REPS || 7);
const MONGO_URL = process.env.TRUSTLENS_BENCH_MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const DAYS = 90;
const START = Date.UTC(2026, 0, 1);
const SPAN = DAYS * 86_400_000;
const KINDS: MentionKind[] = ['review', 'social', 'influencer', 'news'];
const ASPECTS = ['price', 'texture', 'scent', 'packaging', 'delivery', 'efficacy'];
const POLARITIES = ['negative', 'neutral', 'positive'] as const;

/** Deterministic pseudo-random numbers, so both sizes see the same distribution. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

async function ingest(store: Store, brandId: string, launchId: string, n: number): Promise<number> {
  const rand = rng(42);
  const t0 = performance.now();
  let batch: RollupIncrement[] = [];
  for (let i = 0; i < n; i++) {
    const at = START + Math.floor((i / n) * SPAN);
    const pol = POLARITIES[Math.floor(rand() * 3)];
    const aspects: Record<string, number> = {};
    const na = Math.floor(rand() * 3);
    for (let a = 0; a < na; a++) aspects[`${ASPECTS[Math.floor(rand() * ASPECTS.length)]}:${POLARITIES[Math.floor(rand() * 3)]}`] = 1;
    batch.push({
      brandId, launchId: rand() < 0.5 ? '' : launchId, kind: KINDS[Math.floor(rand() * 4)], hour: hourStart(new Date(at)),
      count: 1, sentimentSum: pol === 'negative' ? -0.5 : pol === 'positive' ? 0.6 : 0, pos: pol === 'positive' ? 1 : 0,
      neu: pol === 'neutral' ? 1 : 0, neg: pol === 'negative' ? 1 : 0, fakeSuspects: rand() < 0.05 ? 1 : 0, mismatches: 0,
      undisclosed: 0, reach: Math.floor(rand() * 1000), fiveStar: 0, aspects,
    });
    if (batch.length === 1000) {
      await store.addToRollups(batch);
      batch = [];
    }
  }
  if (batch.length) await store.addToRollups(batch);
  return (performance.now() - t0) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function measure(store: Store, brandId: string): Promise<{ ms: number; rows: number; count: number }> {
  const q = { brandId, from: new Date(START).toISOString(), to: new Date(START + SPAN).toISOString() };
  await store.queryRollups(q); // warm-up
  const times: number[] = [];
  let rows = 0;
  let count = 0;
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    const res = await store.queryRollups(q);
    times.push(performance.now() - t0);
    rows = res.length;
    count = res.reduce((s, x) => s + x.count, 0);
  }
  return { ms: median(times), rows, count };
}

async function compare(label: string, open: (tag: string) => Promise<Store & { close(): Promise<void> }>, big: number, cleanup?: (s: Store) => Promise<void>): Promise<void> {
  const results: { n: number; ms: number; rows: number; ingest: number }[] = [];
  const mid = Math.round(big / 10);
  for (const n of [SMALL, ...(mid > SMALL ? [mid] : []), big]) {
    const store = await open(`n${n}`);
    const brandId = newId();
    const ingestS = await ingest(store, brandId, newId(), n);
    const m = await measure(store, brandId);
    if (m.count !== n) throw new Error(`${label}: rollups count ${m.count} != ${n}`);
    results.push({ n, ms: m.ms, rows: m.rows, ingest: ingestS });
    console.log(`  ${label} ${n} mentions: ingest ${ingestS.toFixed(1)} s, queryRollups(90 days) median ${m.ms.toFixed(1)} ms over ${REPS}, ${m.rows} buckets returned`);
    await cleanup?.(store);
    await store.close();
  }
  const a = results[0];
  const b = results[results.length - 1];
  console.log(`${label}: queryRollups 90 days, ${b.n} vs ${a.n} mentions: ${b.ms.toFixed(1)} ms vs ${a.ms.toFixed(1)} ms, ratio ${(b.ms / a.ms).toFixed(2)}x (aim <= 2x); buckets ${b.rows} vs ${a.rows}; per bucket ${(b.ms / b.rows * 1000).toFixed(1)} vs ${(a.ms / a.rows * 1000).toFixed(1)} us`);
  if (results.length === 3) {
    const m = results[1];
    console.log(`${label}: once buckets are full (${m.n} -> ${b.n} mentions, ${m.rows} -> ${b.rows} buckets): ${m.ms.toFixed(1)} ms -> ${b.ms.toFixed(1)} ms, ratio ${(b.ms / m.ms).toFixed(2)}x`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'tl-bench-rollup-'));
try {
  await compare('SQLite', async (tag) => {
    const s = new SqliteStore({ path: join(dir, `${tag}.db`) });
    await s.init();
    return s;
  }, BIG);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (MONGO_URL) {
  for (const mode of MONGO_MODES) {
    await compare(`Mongo/${mode}`, async (tag) => {
      const s = new MongoStore({ url: MONGO_URL, dbName: `tl_bench_rollup_${process.pid}_${mode}_${tag}`, rollupMode: mode });
      await s.init();
      return s;
    }, MONGO_BIG, (s) => (s as MongoStore).dropDatabase());
  }
} else {
  console.log('Mongo: skipped (TRUSTLENS_BENCH_MONGO_URL empty)');
}
