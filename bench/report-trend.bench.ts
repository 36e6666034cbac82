// Trend report over 90 days of hourly rollups.
//  1. Latency of the trend report (bucket=hour, tz=Europe/Madrid, plus bucket=day) for a brand
//     with 10k vs 1M synthetic mentions, on SQLite and, when reachable, on the MongoDB-protocol
//     server at TRUSTLENS_BENCH_MONGO_URL (FerretDB). Rollups are incremented from synthetic
//     mentions through Store.addToRollups in batches, as ingest does. Aim: 1M within 2× of 10k.
//  2. Requests/second of GET /api/reports/trend under 50 concurrent keep-alive connections vs an
//     Express "hello" route on the same server (same /api middleware chain). Aim: ≥ 0.5×.
//     Each round uses a fresh app, because the API's rate limiter allows 600 requests/min per key
//     and this load stays under it (the limit, not the report, caps real traffic per key).
//
//   npx tsx bench/report-trend.bench.ts
// On a loaded 2-core machine the SQLite part takes ~90 s (seeding 1M increments ~30 s) and the
// FerretDB part several minutes (seeding ~60 s); TRUSTLENS_BENCH_MONGO_URL=off skips it.
//   env: TRUSTLENS_BENCH_MONGO_URL (default mongodb://127.0.0.1:27017; "off" to skip), REPORT_BENCH_REPS (5),
//        REPORT_BENCH_BIG (1000000: mentions of the big brand)
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Router } from 'express';
import { Agent, request } from 'undici';
import { InlineQueue } from '../jobs/inline-queue.js';
import { createApp } from '../src/api/app.js';
import { makeReportRoutes, reportRoutes } from '../src/api/routes/reports.js';
import { loadConfig } from '../src/core/config.js';
import { createLogger } from '../src/core/logger.js';
import { DAY_MS, HOUR_MS } from '../src/core/time.js';
import { MENTION_KINDS, type Brand, type RollupIncrement } from '../src/core/types.js';
import type { Store } from '../src/ports/store.js';
import { trendReport } from '../src/reports/trend.js';
import { SqliteStore } from '../src/store/sqlite/index.js';
import { seededRandom as rng } from '../src/core/random.js';

const REPS = Number(process.env.REPORT_BENCH_REPS || 5);
const MONGO_URL = process.env.TRUSTLENS_BENCH_MONGO_URL || 'mongodb://127.0.0.1:27017';
const START = Date.parse('2026-01-01T00:00:00.000Z');
const END = START + 90 * DAY_MS;
const ASPECTS = ['price', 'quality', 'brand-fit', 'authenticity', 'service', 'delivery', 'packaging', 'ethics', 'contact-frequency'];
const POL = ['positive', 'neutral', 'negative'] as const;
const BATCH = 250_000;
const BIG = Number(process.env.REPORT_BENCH_BIG || 1_000_000);


/** The rollup increment of one synthetic scored mention. */
function syntheticIncrement(brandId: string, r: () => number): RollupIncrement {
  const hour = new Date(START + Math.floor(r() * 90 * 24) * HOUR_MS).toISOString();
  const score = r() * 2 - 1;
  const label = score < -0.2 ? 'negative' : score > 0.2 ? 'positive' : 'neutral';
  const aspects: Record<string, number> = {};
  const nAspects = Math.floor(r() * 3);
  for (let i = 0; i < nAspects; i++) aspects[`${ASPECTS[Math.floor(r() * ASPECTS.length)]}:${POL[Math.floor(r() * 3)]}`] = 1;
  const kind = MENTION_KINDS[Math.floor(r() * MENTION_KINDS.length)]!;
  return {
    brandId, launchId: '', kind, hour, count: 1, sentimentSum: score,
    pos: label === 'positive' ? 1 : 0, neu: label === 'neutral' ? 1 : 0, neg: label === 'negative' ? 1 : 0,
    fakeSuspects: r() < 0.05 ? 1 : 0, mismatches: r() < 0.02 ? 1 : 0, undisclosed: kind === 'influencer' && r() < 0.1 ? 1 : 0, fiveStar: 0,
    reach: Math.floor(r() * 1000), aspects,
  };
}

async function seed(store: Store, brandId: string, mentions: number, seedNo: number): Promise<number> {
  const r = rng(seedNo);
  const t0 = performance.now();
  for (let done = 0; done < mentions; done += BATCH) {
    const n = Math.min(BATCH, mentions - done);
    const batch: RollupIncrement[] = new Array(n);
    for (let i = 0; i < n; i++) batch[i] = syntheticIncrement(brandId, r);
    await store.addToRollups(batch);
  }
  return (performance.now() - t0) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

async function latency(store: Store, brand: Brand, bucket: 'hour' | 'day'): Promise<{ ms: number; buckets: number; volume: number }> {
  const q = { brand, bucket, timeZone: 'Europe/Madrid', from: new Date(START).toISOString(), to: new Date(END).toISOString(), samples: true } as const;
  const now = new Date(END);
  let last = await trendReport(store, q, now); // warm-up
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    last = await trendReport(store, q, now);
    times.push(performance.now() - t0);
  }
  return { ms: median(times), buckets: last.buckets.length, volume: last.totals.volume };
}

async function latencySuite(label: string, store: Store): Promise<void> {
  const small = await store.createBrand(brandInput('Small'));
  const big = await store.createBrand(brandInput('Big'));
  const s1 = await seed(store, small.id, 10_000, 1);
  const s2 = await seed(store, big.id, BIG, 2);
  console.log(`${label}: seeded rollups from 10k mentions in ${s1.toFixed(1)} s, from ${BIG} mentions in ${s2.toFixed(1)} s`);
  for (const bucket of ['hour', 'day'] as const) {
    const a = await latency(store, small, bucket);
    const b = await latency(store, big, bucket);
    console.log(`${label} trend 90 d bucket=${bucket} (${a.buckets} buckets): 10k ${a.ms.toFixed(1)} ms, ${BIG / 1e6}M ${b.ms.toFixed(1)} ms → ratio ${(b.ms / a.ms).toFixed(2)}× (aim ≤ 2×)  [volumes ${a.volume} / ${b.volume}]`);
  }
}

function brandInput(name: string) {
  return { name, mission: '', values: [], claims: [], forbiddenClaims: [], keywords: [], handles: [], competitors: [], languages: ['en'], sensitivity: 1, webhooks: [] };
}

// ---------------------------------------------------------------- load generator

/** Fires `total` GETs over `connections` keep-alive connections to 127.0.0.1 and stops. */
async function load(base: string, paths: (i: number) => string, total: number, connections: number): Promise<{ rps: number; failed: number }> {
  if (!base.startsWith('http://127.0.0.1:')) throw new Error('load generator targets 127.0.0.1 only');
  const agent = new Agent({ connections, pipelining: 1, keepAliveTimeout: 10_000 });
  let next = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, async () => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      try {
        const res = await request(base + paths(i), { dispatcher: agent, headersTimeout: 120_000, bodyTimeout: 120_000 });
        await res.body.dump();
        if (res.statusCode !== 200) failed++;
      } catch {
        failed++;
      }
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  await agent.close();
  return { rps: total / seconds, failed };
}

async function throughput(store: Store, dir: string, brand: Brand): Promise<void> {
  const config = loadConfig({ TRUSTLENS_DATA_DIR: dir, TRUSTLENS_LOG_LEVEL: 'silent', TRUSTLENS_PORT: '0' });
  const hello = () => { const r = Router(); r.get('/hello', (_req, res) => { res.json({ hello: 'world' }); }); return r; };
  const qs = `brandId=${brand.id}&from=${new Date(START).toISOString()}&bucket=day&tz=Europe/Madrid`;
  const rounds = 3;
  const UNCACHED_N = 100;
  const CONN = 50;
  const results: Record<string, number[]> = { hello: [], cached: [], uncached: [] };
  let failures = 0;
  for (let round = 0; round < rounds; round++) {
    for (const variant of ['cached', 'uncached'] as const) {
      const queue = new InlineQueue();
      const routes = variant === 'cached' ? reportRoutes : makeReportRoutes({ cacheTtlMs: 0 });
      const app = createApp({ store, queue, config, clock: { now: () => new Date(END) }, logger: createLogger('silent') }, { apiRouters: [routes, hello] });
      const server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
      const addr = server.address();
      const base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
      // Budget per fresh app: 600 requests/min (rate limiter) → 20 + 10 warm-up, 250 + ≤250 measured.
      await load(base, () => '/api/hello', 20, 10);
      await load(base, (i) => `/api/reports/trend?${qs}&to=${new Date(END - i * 1000).toISOString()}`, 10, 10);
      const h = await load(base, () => '/api/hello', 250, CONN);
      // Uncached: every request has its own "to", so none can reuse another's result.
      const t = variant === 'cached'
        ? await load(base, () => `/api/reports/trend?${qs}&to=${new Date(END).toISOString()}`, 250, CONN)
        : await load(base, (i) => `/api/reports/trend?${qs}&to=${new Date(END - (i + 100) * 1000).toISOString()}`, UNCACHED_N, CONN);
      failures += h.failed + t.failed;
      if (variant === 'cached') results.hello!.push(h.rps);
      results[variant]!.push(t.rps);
      await new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); });
      await queue.close();
    }
  }
  const hello50 = median(results.hello!);
  console.log(`HTTP, 50 connections, SQLite, 10k-mention brand, 90 d bucket=day, samples on: hello ${hello50.toFixed(0)} req/s`);
  for (const v of ['cached', 'uncached'] as const) {
    const rps = median(results[v]!);
    console.log(`  GET /api/reports/trend (${v === 'cached' ? 'default 5 s report cache' : 'cache off, every request computed'}): ${rps.toFixed(0)} req/s → ${(rps / hello50).toFixed(2)}× hello (aim ≥ 0.5×)`);
  }
  if (failures) console.log(`  non-200 responses: ${failures}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'trustlens-bench-report-'));
  const sqlite = new SqliteStore({ path: join(dir, 'trustlens.db') });
  await sqlite.init();
  try {
    await latencySuite('SQLite', sqlite);
    const small = (await sqlite.listBrands()).find((b) => b.name === 'Small')!;
    await throughput(sqlite, dir, small);
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }

  if (MONGO_URL === 'off') return;
  const { MongoStore } = await import('../src/store/mongo/index.js');
  const dbName = `trustlens_bench_${process.pid}_${Date.now().toString(36)}`;
  const mongo = new MongoStore({ url: MONGO_URL, dbName, serverSelectionTimeoutMS: 2_000 });
  try {
    await mongo.init();
  } catch (err) {
    console.log(`MongoDB protocol at ${MONGO_URL}: unreachable, skipped (${(err as Error).message.slice(0, 120)})`);
    return;
  }
  // Interrupted (Ctrl-C, timeout): still drop the bench database.
  const dropOnSignal = async () => {
    const { default: mongoose } = await import('mongoose');
    const conn = await mongoose.createConnection(MONGO_URL, { dbName, serverSelectionTimeoutMS: 2_000 }).asPromise();
    await conn.dropDatabase().catch(() => undefined);
    process.exit(130);
  };
  process.once('SIGINT', dropOnSignal);
  process.once('SIGTERM', dropOnSignal);
  try {
    await latencySuite(`FerretDB/Mongo (${MONGO_URL})`, mongo);
  } finally {
    for (const b of await mongo.listBrands()) await mongo.deleteBrand(b.id);
    await mongo.close();
    // Drop the bench database itself.
    const { default: mongoose } = await import('mongoose');
    const conn = await mongoose.createConnection(MONGO_URL, { dbName, serverSelectionTimeoutMS: 2_000 }).asPromise();
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
