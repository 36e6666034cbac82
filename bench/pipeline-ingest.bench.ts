// End-to-end ingest: mentions per second from fetched pages to stored AND rolled up, through the
// real pipeline (startWorkers → scrape-source processor → scrapers → scoring → store → rollups →
// after-ingest detection), in each deployment shape:
//
//   embedded           SQLite + InlineQueue, workers in this process (TRUSTLENS_MODE=embedded)
//   sqlite+bull        SQLite + BullQueue on Redis, one process: the same pipeline, only the queue differs
//   mongo+inline       MongoDB-protocol store + InlineQueue, one process: only the store differs
//   queue-1w           queue mode: this process is the API (enqueues, polls); 1 worker PROCESS
//   queue-2w           queue mode: 2 worker processes (each `node --import tsx bench/pipeline-worker.ts`)
//
// Set-up per run (not timed): a fresh database (SQLite file / Mongo db) and queue prefix, brands
// with one launch each, K sources created disabled. Timed: from the first enqueue of one scrape
// job per source until the scrape queue is drained and every mention is stored and counted in the
// rollups (verified: countMentions and the rollups' count sum both equal the corpus size). "drain"
// also waits for the detect jobs that ingest queued. Worker processes are spawned and warmed (parse
// + score of a small corpus) before the clock starts. Everything is dropped/deleted afterwards.
//
// Two corpora: the SQLite configurations ingest the full one (20 × 250 = 5,000 mentions); all five
// also ingest a smaller one (20 × 20 = 400), because writes to FerretDB are two orders of
// magnitude slower and the bench must stay within a few minutes. Ratios only ever compare runs
// over the same corpus.
//
// "Where the time goes" times each stage alone, single-threaded, over the same corpus:
// fetch+parse (runSource against the local site), parse only, scoreMention, and the store writes
// (upsertMentions, addToRollups, completeBatch per batch) on SQLite and on Mongo.
//
//   npx tsx bench/pipeline-ingest.bench.ts
//   env: PIPE_BENCH_SOURCES (20), PIPE_BENCH_ITEMS (250 per source, ≤ 500: the SQLite configurations),
//        PIPE_BENCH_MONGO_ITEMS (20 per source: every configuration, for the ratios; FerretDB is slow),
//        PIPE_BENCH_BRANDS (4),
//        PIPE_BENCH_REPS (3), PIPE_BENCH_CONCURRENCY (4 jobs per worker, TRUSTLENS_WORKER_CONCURRENCY),
//        PIPE_BENCH_CONFIGS (comma list of the names above; default all), PIPE_BENCH_INPROC_WORKERS=1
//        (queue-mode workers as runtimes in this process instead of child processes),
//        PIPE_BENCH_TIMEOUT_S (180 per run), PIPE_BENCH_STAGES=0 (skip the stage timings),
//        TRUSTLENS_BENCH_MONGO_URL (mongodb://127.0.0.1:27017; "" skips Mongo configs),
//        TRUSTLENS_BENCH_REDIS_URL (redis://127.0.0.1:6379; "" skips bull configs)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { newId } from '../src/core/ids.js';
import { deleteKeys } from '../test/support/redis.js';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { loadConfig, type Config } from '../src/core/config.js';
import { createLogger } from '../src/core/logger.js';
import type { Brand, Launch, Mention, RawMention, Source } from '../src/core/types.js';
import { createRuntime, openQueue, openStore, type Runtime } from '../src/main.js';
import { systemClock } from '../src/ports/clock.js';
import type { JobQueue } from '../src/ports/queue.js';
import type { Store } from '../src/ports/store.js';
import { DuplicateIndex, scoreMention } from '../src/scoring/index.js';
import { QUEUE_NAMES, startWorkers } from '../src/wiring.js';
import { createFetcher, runSource } from '../scrapers/index.js';
import { parseFeed } from '../scrapers/feed.js';
import { extractReviewPage } from '../scrapers/schema-reviews.js';
import { DETECT_QUEUE, NOTIFY_QUEUE } from '../jobs/detect.js';
import { SCRAPE_QUEUE } from '../jobs/schedule-sources.js';
import { toMention } from '../jobs/scrape-source.js';
import { rollupIncrements } from '../jobs/ingest.js';
import { benchBrand, buildCorpus, startBenchSite, type BenchSite, type BenchSource } from './pipeline-ingest-data.js';

const env = process.env;
const SOURCES = Number(env.PIPE_BENCH_SOURCES || 20);
const ITEMS = Number(env.PIPE_BENCH_ITEMS || 250);
const MONGO_ITEMS = Number(env.PIPE_BENCH_MONGO_ITEMS || 20);
const BRANDS = Math.max(1, Math.min(SOURCES, Number(env.PIPE_BENCH_BRANDS || 4)));
const REPS = Number(env.PIPE_BENCH_REPS || 3);
const CONCURRENCY = Number(env.PIPE_BENCH_CONCURRENCY || 4);
const TIMEOUT_MS = Number(env.PIPE_BENCH_TIMEOUT_S || 180) * 1000;
const INPROC_WORKERS = env.PIPE_BENCH_INPROC_WORKERS === '1';
const STAGES = env.PIPE_BENCH_STAGES !== '0';
const MONGO_URL = env.TRUSTLENS_BENCH_MONGO_URL ?? 'mongodb://127.0.0.1:27017';
const REDIS_URL = env.TRUSTLENS_BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RUN_TAG = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

const ALL_CONFIGS = ['embedded', 'sqlite+bull', 'mongo+inline', 'queue-1w', 'queue-2w'] as const;
type ConfigName = (typeof ALL_CONFIGS)[number];
const LABELS: Record<ConfigName, string> = {
  embedded: 'embedded: SQLite + inline queue, 1 process',
  'sqlite+bull': 'SQLite + bull queue, 1 process',
  'mongo+inline': 'Mongo store + inline queue, 1 process',
  'queue-1w': `queue mode: Mongo + bull, 1 worker ${INPROC_WORKERS ? 'runtime' : 'process'}`,
  'queue-2w': `queue mode: Mongo + bull, 2 worker ${INPROC_WORKERS ? 'runtimes' : 'processes'}`,
};

/** TRUSTLENS_* for every runtime of the bench: politeness off, logs off, N jobs per worker. */
const BASE_ENV: Record<string, string> = {
  TRUSTLENS_LOG_LEVEL: 'silent',
  TRUSTLENS_HOST_DELAY_MS: '0',
  TRUSTLENS_HOST_CONCURRENCY: '64',
  TRUSTLENS_WORKER_CONCURRENCY: String(CONCURRENCY),
  TRUSTLENS_SCHEDULE_JITTER_SEC: '0',
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = createLogger('silent');

// ------------------------------------------------------------------ runtimes per configuration

interface Setup {
  /** The side that enqueues and polls (the API in queue mode). */
  store: Store;
  queue: JobQueue;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.on('exit', () => { for (const c of children) c.kill('SIGKILL'); });
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    for (const c of children) c.kill('SIGKILL');
    console.error(`\ninterrupted: worker processes killed; databases named tl_bench_pipe_${RUN_TAG}_* and Redis keys tlbpipe-${RUN_TAG}-* may remain`);
    process.exit(130);
  });
}

async function spawnWorker(workerEnv: Record<string, string>): Promise<ChildProcess> {
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('TRUSTLENS_')) childEnv[k] = v;
  Object.assign(childEnv, workerEnv, { DOTENV_CONFIG_QUIET: 'true' });
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'pipeline-worker.ts')], {
    cwd: ROOT, env: childEnv, stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  await new Promise<void>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error('worker process not ready after 60 s')), 60_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (l) => { if (l.trim() === 'ready') { clearTimeout(timer); ok(); } });
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`worker process exited with ${code} before it was ready`)); });
  });
  return child;
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

async function dropMongo(dbName: string): Promise<void> {
  const { MongoStore } = await import('../src/store/mongo/index.js');
  const s = new MongoStore({ url: MONGO_URL, dbName });
  await s.init();
  await s.dropDatabase();
  await s.close();
}

/** A Runtime from pieces (the composition root's openStore/openQueue) and its workers. */
async function assembled(config: Config, storeConfig: Config, queueConfig: Config): Promise<{ rt: Runtime; stopWorkers: () => Promise<void> }> {
  const store = await openStore(storeConfig);
  const queue = await openQueue(queueConfig, quiet);
  const rt: Runtime = {
    config, store, queue, clock: systemClock, logger: quiet,
    async close() { await queue.close(); await store.close(); },
  };
  const w = await startWorkers(rt, QUEUE_NAMES);
  return { rt, stopWorkers: () => w.stop() };
}

async function setUp(name: ConfigName, run: string, dir: string): Promise<Setup> {
  const db = `tl_bench_pipe_${RUN_TAG}_${name.replace(/\W/g, '')}_${run}`;
  const prefix = `tlbpipe-${RUN_TAG}-${name.replace(/\W/g, '')}-${run}`;
  const sqliteEnv = { ...BASE_ENV, TRUSTLENS_STORE_URL: `sqlite:${join(dir, `${db}.db`)}` };
  const queueEnv = {
    ...BASE_ENV, TRUSTLENS_MODE: 'queue', TRUSTLENS_STORE_URL: `${MONGO_URL.replace(/\/$/, '')}/${db}`,
    TRUSTLENS_REDIS_URL: REDIS_URL, TRUSTLENS_QUEUE_PREFIX: prefix,
  };
  const sqliteConfig = loadConfig(sqliteEnv);
  const queueConfig = loadConfig(queueEnv);
  switch (name) {
    case 'embedded': {
      const rt = await createRuntime(sqliteConfig, { logger: quiet });
      const w = await startWorkers(rt, QUEUE_NAMES);
      return { store: rt.store, queue: rt.queue, async stop() { await w.stop(); await rt.close(); } };
    }
    case 'sqlite+bull': {
      const { rt, stopWorkers } = await assembled(sqliteConfig, sqliteConfig, queueConfig);
      return { store: rt.store, queue: rt.queue, async stop() { await stopWorkers(); await rt.close(); await deleteKeys(REDIS_URL, [prefix]); } };
    }
    case 'mongo+inline': {
      const { rt, stopWorkers } = await assembled(sqliteConfig, queueConfig, sqliteConfig);
      return { store: rt.store, queue: rt.queue, async stop() { await stopWorkers(); await rt.close(); await dropMongo(db); } };
    }
    case 'queue-1w':
    case 'queue-2w': {
      const n = name === 'queue-1w' ? 1 : 2;
      const api = await createRuntime(queueConfig, { logger: quiet });
      const procs: ChildProcess[] = [];
      const inproc: { rt: Runtime; stop(): Promise<void> }[] = [];
      try {
        for (let i = 0; i < n; i++) {
          if (INPROC_WORKERS) {
            const rt = await createRuntime(queueConfig, { logger: quiet });
            inproc.push({ rt, ...(await startWorkers(rt, QUEUE_NAMES)) });
          } else {
            procs.push(await spawnWorker(queueEnv));
          }
        }
      } catch (err) {
        for (const p of procs) await stopWorker(p);
        for (const w of inproc) { await w.stop(); await w.rt.close(); }
        await api.close();
        await dropMongo(db);
        await deleteKeys(REDIS_URL, [prefix]);
        throw err;
      }
      return {
        store: api.store, queue: api.queue,
        async stop() {
          await Promise.all(procs.map(stopWorker));
          for (const w of inproc) { await w.stop(); await w.rt.close(); }
          await api.close();
          await dropMongo(db);
          await deleteKeys(REDIS_URL, [prefix]);
        },
      };
    }
  }
}

// ------------------------------------------------------------------ one timed run

interface RunResult {
  ingestS: number;
  drainS: number;
  rate: number;
  /** Set when the pipeline got something wrong (counted twice, retried a job): the run is reported, not used. */
  anomaly?: string;
}

async function seed(store: Store, site: BenchSite, corpus: BenchSource[]): Promise<{ brands: Brand[]; sources: Source[] }> {
  const brands: Brand[] = [];
  const launches: Launch[] = [];
  for (let b = 0; b < BRANDS; b++) {
    const brand = await store.createBrand(benchBrand(b));
    brands.push(brand);
    launches.push(await store.createLaunch({
      brandId: brand.id, name: 'Glow calendar', type: 'launch', startAt: new Date(Date.now() - 3 * 86400_000).toISOString(),
      products: ['Glow advent calendar'], keywords: ['glow calendar', 'advent calendar'], price: '£50', promises: ['24 full-size products'],
    }));
  }
  const sources: Source[] = [];
  for (const src of corpus) {
    sources.push(await store.createSource({
      brandId: brands[src.brand].id, ...(src.index % 2 === 0 ? { launchId: launches[src.brand].id } : {}),
      name: `bench source ${src.index} (${src.shape})`, schedule: '*/15 * * * *', enabled: false, ...site.definition(src.index),
    }));
  }
  return { brands, sources };
}

async function rolledUp(store: Store, brands: Brand[]): Promise<number> {
  const from = new Date(Date.now() - 30 * 86400_000).toISOString();
  const to = new Date(Date.now() + 86400_000).toISOString();
  let n = 0;
  for (const b of brands) for (const r of await store.queryRollups({ brandId: b.id, from, to })) n += r.count;
  return n;
}

async function idle(queue: JobQueue, names: readonly string[]): Promise<boolean> {
  for (const q of names) {
    const c = await queue.pending(q);
    if (c.waiting + c.active + c.delayed > 0) return false;
  }
  return true;
}

/** Sources that did not get exactly one successful scrape run: retries, failures, a second run. */
async function auditRuns(store: Store, sources: Source[]): Promise<string[]> {
  const out: string[] = [];
  for (const [i, src] of sources.entries()) {
    const runs = await store.listScrapeRuns(src.id, 20);
    if (runs.length === 1 && runs[0].status === 'ok') continue;
    out.push(`source ${i}: ${runs.length} runs [${runs.map((r) => `${r.status} new=${r.new}${r.messages.length ? ` (${r.messages.filter((m) => !m.startsWith('skipped')).join('; ').slice(0, 200)})` : ''}`).join(', ')}]`);
  }
  return out;
}

async function timedRun(name: ConfigName, run: number, site: BenchSite, corpus: BenchSource[], dir: string): Promise<RunResult> {
  const total = corpus.reduce((n, s) => n + s.items.length, 0);
  const setup = await setUp(name, `${corpus[0].items.length}_${run}`, dir);
  try {
    const { brands, sources } = await seed(setup.store, site, corpus);
    const t0 = performance.now();
    for (const s of sources) await setup.queue.enqueue(SCRAPE_QUEUE, { sourceId: s.id });
    const deadline = Date.now() + TIMEOUT_MS;
    let ingestS = 0;
    let anomaly: string | undefined;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`${name}: not ingested within ${TIMEOUT_MS / 1000} s (${await setup.store.countMentions({})}/${total} stored)`);
      await sleep(20);
      if (!(await idle(setup.queue, [SCRAPE_QUEUE]))) continue;
      const stored = await setup.store.countMentions({});
      const rolled = stored === total ? await rolledUp(setup.store, brands) : -1;
      if (stored === total && rolled === total) { ingestS = (performance.now() - t0) / 1000; break; }
      const failed = await setup.queue.failed(SCRAPE_QUEUE);
      if (failed.length) throw new Error(`${name}: ${failed.length} scrape job(s) failed, e.g. ${failed[0].error}`);
      if (stored > total || rolled > total) {
        // A pipeline bug, not a bench failure: report the run (and why) and keep going.
        ingestS = (performance.now() - t0) / 1000;
        anomaly = `counted too many: ${stored} stored, ${rolled} in the rollups, for ${total} mentions`;
        break;
      }
    }
    while (!(await idle(setup.queue, [SCRAPE_QUEUE, DETECT_QUEUE, NOTIFY_QUEUE]))) {
      if (Date.now() > deadline) throw new Error(`${name}: detect/notify jobs not drained within ${TIMEOUT_MS / 1000} s`);
      await sleep(20);
    }
    const drainS = (performance.now() - t0) / 1000;
    const audit = await auditRuns(setup.store, sources);
    if (audit.length) anomaly = [anomaly ?? 'counts right, but', ...audit].join('; ');
    return { ingestS, drainS, rate: total / ingestS, ...(anomaly ? { anomaly } : {}) };
  } finally {
    await setup.stop();
  }
}

// ------------------------------------------------------------------ stages alone

interface StoreSplit { upsertMs: number; rollupMs: number; markMs: number }
interface Stages { fetchParseMs: number; parseMs: number; scoreMs: number; sqlite: StoreSplit; mongo?: StoreSplit }

/** What applyRollups (jobs/scrape-source.ts) does, with its two writes timed apart. */
async function writeTimed(store: Store, scored: Mention[][]): Promise<StoreSplit> {
  const split: StoreSplit = { upsertMs: 0, rollupMs: 0, markMs: 0 };
  for (const batch of scored) {
    let t = performance.now();
    const batchId = newId();
    const r = await store.upsertMentions(batch, { batch: batchId });
    split.upsertMs += performance.now() - t;
    const ms = r.insertedMentions;
    if (!ms.length) continue;
    t = performance.now();
    await store.addToRollups(rollupIncrements(ms), batchId);
    split.rollupMs += performance.now() - t;
    t = performance.now();
    await store.completeBatch(batchId);
    split.markMs += performance.now() - t;
  }
  return split;
}

async function stageTimes(site: BenchSite, corpus: BenchSource[], dir: string, rep: number, withMongo: boolean): Promise<Stages> {
  // fetch + parse: runSource over every source, one at a time, as a worker with concurrency 1 would.
  const fetcher = createFetcher({ userAgent: 'TrustLensBench/1', timeoutMs: 20_000, maxBytes: 5 << 20, hostDelayMs: 0, hostConcurrency: 64 });
  const raws: RawMention[][] = [];
  let t = performance.now();
  for (const src of corpus) {
    const out = await runSource({ ...site.definition(src.index), state: {} }, { fetcher });
    if (out.mentions.length !== src.items.length) throw new Error(`stage fetch: source ${src.index} gave ${out.mentions.length}/${src.items.length} mentions (${out.skipped.map((s) => s.reason).join(', ')})`);
    raws.push(out.mentions);
  }
  const fetchParseMs = performance.now() - t;
  await fetcher.close();

  t = performance.now();
  for (const d of site.documents()) {
    if (d.shape === 'reviews') extractReviewPage(d.body, d.url, { kind: 'review' });
    else parseFeed(d.body, d.url, d.shape === 'feed-news' ? 'news' : 'social');
  }
  const parseMs = performance.now() - t;

  // Scoring as the worker does it: per brand, with the brand's near-duplicate index.
  const brands = Array.from({ length: BRANDS }, (_, i) => ({ ...benchBrand(i), id: `b${i}`, createdAt: '', updatedAt: '' }) as Brand);
  const dups = brands.map(() => new DuplicateIndex());
  const scored: Mention[][] = [];
  const now = new Date().toISOString();
  t = performance.now();
  corpus.forEach((src, i) => {
    const source = { id: `src${rep}-${i}`, brandId: brands[src.brand].id };
    scored.push(raws[i].map((raw) => {
      const { scores, flags } = scoreMention(raw, { brand: brands[src.brand], duplicates: dups[src.brand] });
      return toMention(raw, source, now, scores, flags);
    }));
  });
  const scoreMs = performance.now() - t;

  const { SqliteStore } = await import('../src/store/sqlite/index.js');
  const sqlite = new SqliteStore({ path: join(dir, `stage-${corpus[0].items.length}-${rep}.db`) });
  await sqlite.init();
  const sqliteSplit = await writeTimed(sqlite, scored);
  await sqlite.close();

  let mongo: StoreSplit | undefined;
  if (withMongo) {
    const { MongoStore } = await import('../src/store/mongo/index.js');
    const dbName = `tl_bench_pipe_${RUN_TAG}_stage_${rep}`;
    const store = new MongoStore({ url: MONGO_URL, dbName });
    await store.init();
    try {
      mongo = await writeTimed(store, scored);
    } finally {
      await store.dropDatabase();
      await store.close();
    }
  }
  return { fetchParseMs, parseMs, scoreMs, sqlite: sqliteSplit, mongo };
}

function medianStages(reps: Stages[]): Stages {
  const m = (f: (s: Stages) => number) => median(reps.map(f));
  const split = (f: (s: Stages) => StoreSplit | undefined): StoreSplit | undefined => {
    const rs = reps.map(f).filter((x): x is StoreSplit => !!x);
    return rs.length ? { upsertMs: median(rs.map((x) => x.upsertMs)), rollupMs: median(rs.map((x) => x.rollupMs)), markMs: median(rs.map((x) => x.markMs)) } : undefined;
  };
  return { fetchParseMs: m((s) => s.fetchParseMs), parseMs: m((s) => s.parseMs), scoreMs: m((s) => s.scoreMs), sqlite: split((s) => s.sqlite)!, mongo: split((s) => s.mongo) };
}

// ------------------------------------------------------------------ main

async function reachable(): Promise<{ mongo: boolean; redis: boolean }> {
  let mongo = false;
  let redis = false;
  if (MONGO_URL) {
    try {
      const { MongoStore } = await import('../src/store/mongo/index.js');
      const s = new MongoStore({ url: MONGO_URL, dbName: `tl_bench_pipe_${RUN_TAG}_probe`, serverSelectionTimeoutMS: 3000 });
      await s.init();
      mongo = await s.ping();
      await s.dropDatabase();
      await s.close();
    } catch { mongo = false; }
  }
  if (REDIS_URL) {
    try {
      const q = await openQueue(loadConfig({ TRUSTLENS_MODE: 'queue', TRUSTLENS_STORE_URL: 'mongodb://x/y', TRUSTLENS_REDIS_URL: REDIS_URL, TRUSTLENS_QUEUE_PREFIX: `tlbpipe-${RUN_TAG}-probe` }), quiet);
      redis = await q.ping();
      await q.close();
    } catch { redis = false; }
  }
  return { mongo, redis };
}

const usesMongo = (c: ConfigName) => c === 'mongo+inline' || c === 'queue-1w' || c === 'queue-2w';

interface Pass { items: number; configs: ConfigName[]; results: Map<ConfigName, RunResult[]>; stages?: Stages; withMongoStage: boolean }

async function runPass(pass: Pass, dir: string): Promise<void> {
  const corpus = buildCorpus({ sources: SOURCES, itemsPerSource: pass.items, brands: BRANDS, now: Date.now() });
  const total = SOURCES * pass.items;
  const site = await startBenchSite(corpus);
  const words = corpus.flatMap((s) => s.items.map((i) => i.text.split(/\s+/).length));
  console.log(`\n## ${SOURCES} sources × ${pass.items} items = ${total} mentions (${BRANDS} brands; RSS social + RSS news + paged JSON-LD reviews; ` +
    `${(words.reduce((a, b) => a + b, 0) / words.length).toFixed(0)} words/text; ${site.documents().length} documents)`);
  try {
    if (STAGES) {
      const reps: Stages[] = [];
      // The Mongo write stage once only: at FerretDB's speed three repetitions would cost more than the runs.
      for (let r = 0; r < REPS; r++) reps.push(await stageTimes(site, corpus, dir, r, pass.withMongoStage && r === 0));
      pass.stages = medianStages(reps);
    }
    for (const name of pass.configs) {
      const rs: RunResult[] = [];
      for (let r = 0; r < REPS; r++) {
        const res = await timedRun(name, r, site, corpus, dir);
        rs.push(res);
        console.log(`  ${name.padEnd(12)} run ${r + 1}: ${fmt(res.rate)} mentions/s (ingest ${res.ingestS.toFixed(2)} s, drain ${res.drainS.toFixed(2)} s)${res.anomaly ? `  ANOMALY: ${res.anomaly}` : ''}`);
      }
      pass.results.set(name, rs);
    }
  } finally {
    await site.close();
  }
}

function report(pass: Pass): void {
  const total = SOURCES * pass.items;
  // Runs in which the pipeline miscounted are shown but left out of the medians (unless all were).
  const used = (n: ConfigName) => { const rs = pass.results.get(n) ?? []; const ok = rs.filter((r) => !r.anomaly); return ok.length ? ok : rs; };
  const rate = (n: ConfigName) => (pass.results.has(n) ? median(used(n).map((r) => r.rate)) : undefined);
  const emb = rate('embedded')!;
  console.log(`\n### ${total} mentions (${SOURCES} × ${pass.items}), median of ${REPS}`);
  console.log(`| configuration | mentions/s | runs | ingest s | drain s | vs embedded |`);
  console.log(`| --- | ---: | --- | ---: | ---: | ---: |`);
  const notes: string[] = [];
  for (const name of pass.configs) {
    const rs = pass.results.get(name)!;
    const mr = rate(name)!;
    rs.forEach((r, i) => { if (r.anomaly) notes.push(`${name} run ${i + 1}: ${r.anomaly}`); });
    console.log(`| ${LABELS[name]} | ${fmt(mr)} | ${rs.map((r) => `${fmt(r.rate)}${r.anomaly ? ' ✗' : ''}`).join(', ')} | ${median(used(name).map((r) => r.ingestS)).toFixed(2)} | ${median(used(name).map((r) => r.drainS)).toFixed(2)} | ${(mr / emb).toFixed(2)}× |`);
  }
  if (notes.length) console.log(`✗ = the pipeline miscounted or retried in that run (left out of the median):\n${notes.map((n) => `  - ${n}`).join('\n')}`);
  const ratio = (a: ConfigName, b: ConfigName, what: string) => {
    const x = rate(a);
    const y = rate(b);
    if (x !== undefined && y !== undefined) console.log(`- ${what}: ${(x / y).toFixed(2)}× (${fmt(x)} vs ${fmt(y)} mentions/s)`);
  };
  ratio('embedded', 'sqlite+bull', 'bull overhead, same SQLite store, one process (inline ÷ bull)');
  ratio('embedded', 'mongo+inline', 'store overhead, same inline queue, one process (SQLite ÷ Mongo)');
  ratio('embedded', 'queue-1w', `embedded ÷ queue mode with 1 worker (bull + Mongo${INPROC_WORKERS ? '' : ' + a process boundary'})`);
  ratio('mongo+inline', 'queue-1w', 'bull overhead on the Mongo store (inline in one process ÷ queue mode 1 worker)');
  ratio('queue-2w', 'queue-1w', 'queue-mode scaling (2 workers ÷ 1 worker)');

  const st = pass.stages;
  if (!st) return;
  const per = (ms: number) => `${((ms * 1000) / total).toFixed(0)}`;
  const wall = (n: ConfigName) => { const r = rate(n); return r ? (1000 * total) / r : undefined; };
  const cols: ConfigName[] = pass.configs.filter((c) => c === 'embedded' || c === 'queue-1w');
  const share = (ms: number, n: ConfigName, applies: boolean) => { const w = wall(n); return applies && w ? `${((100 * ms) / w).toFixed(0)}%` : '–'; };
  console.log(`\nwhere the time goes (${total} mentions): each stage alone, single-threaded, median of ${REPS} (the Mongo writes: 1 run); share = stage time ÷ that configuration's median ingest time`);
  console.log(`| stage | ms | µs/mention | ${cols.map((c) => `share of ${c}`).join(' | ')} |`);
  console.log(`| --- | ---: | ---: |${cols.map(() => ' ---: |').join('')}`);
  const row = (what: string, ms: number, store?: 'sqlite' | 'mongo') =>
    console.log(`| ${what} | ${fmt(ms)} | ${per(ms)} | ${cols.map((c) => share(ms, c, !store || (store === 'mongo') === usesMongo(c))).join(' | ')} |`);
  row('fetch + parse (runSource over local HTTP, one source at a time)', st.fetchParseMs);
  row('  of which parsing alone (parseFeed / extractReviewPage)', st.parseMs);
  row("scoring (scoreMention with the brand's duplicate index)", st.scoreMs);
  for (const [name, s] of [['SQLite', st.sqlite], ['Mongo', st.mongo]] as const) {
    if (!s) continue;
    const key = name === 'SQLite' ? 'sqlite' : 'mongo';
    row(`store ${name}: upsertMentions (one batch per source)`, s.upsertMs, key);
    row(`store ${name}: addToRollups (batch id)`, s.rollupMs, key);
    row(`store ${name}: completeBatch`, s.markMs, key);
  }
}

async function main(): Promise<void> {
  for (const [k, v] of Object.entries({ PIPE_BENCH_ITEMS: ITEMS, PIPE_BENCH_MONGO_ITEMS: MONGO_ITEMS })) {
    if (!(v >= 1 && v <= 500)) throw new Error(`${k} must be 1..500 (one scrape run returns at most 500 new mentions)`);
  }
  if (!(SOURCES >= 1 && REPS >= 1 && CONCURRENCY >= 1)) throw new Error('PIPE_BENCH_SOURCES, PIPE_BENCH_REPS and PIPE_BENCH_CONCURRENCY must be ≥ 1');
  const wanted = (env.PIPE_BENCH_CONFIGS ? env.PIPE_BENCH_CONFIGS.split(',').map((s) => s.trim()) : [...ALL_CONFIGS]) as ConfigName[];
  const unknown = wanted.filter((c) => !ALL_CONFIGS.includes(c));
  if (unknown.length) throw new Error(`PIPE_BENCH_CONFIGS: unknown ${unknown.join(', ')} (known: ${ALL_CONFIGS.join(', ')})`);
  if (!wanted.includes('embedded')) wanted.unshift('embedded'); // every ratio is against it

  const up = await reachable();
  const configs = wanted.filter((c) => (c === 'embedded') || (c === 'sqlite+bull' ? up.redis : c === 'mongo+inline' ? up.mongo : up.mongo && up.redis));
  const skipped = wanted.filter((c) => !configs.includes(c));

  // The SQLite configurations run on the full corpus; the Mongo ones on a smaller one (FerretDB
  // writes are ~100× slower), together with embedded and sqlite+bull so every ratio compares runs
  // over the same corpus.
  const passes: Pass[] = [];
  const mongoConfigs = configs.filter(usesMongo);
  if (ITEMS !== MONGO_ITEMS || !mongoConfigs.length) {
    passes.push({ items: ITEMS, configs: configs.filter((c) => !usesMongo(c)), results: new Map(), withMongoStage: false });
  }
  if (mongoConfigs.length) passes.push({ items: MONGO_ITEMS, configs, results: new Map(), withMongoStage: true });

  console.log(`end-to-end ingest: first enqueue (one scrape job per source) → scrape queue drained and every mention stored and rolled up (checked: countMentions and the rollups' count sum); "drain" adds the detect jobs ingest queued`);
  console.log(`median of ${REPS} runs per configuration, fresh database and queue prefix each; ${CONCURRENCY} jobs per worker; host delay 0, host concurrency 64; ` +
    `queue-mode workers ${INPROC_WORKERS ? 'as runtimes in this process' : 'as child processes (node --import tsx bench/pipeline-worker.ts), spawned and warmed before the clock starts'}`);
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} at start (other engineers share it)`);
  if (skipped.length) console.log(`skipped (service unreachable): ${skipped.join(', ')}`);

  const dir = mkdtempSync(join(tmpdir(), 'tl-bench-pipe-'));
  try {
    for (const p of passes) await runPass(p, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const p of passes) report(p);
  console.log(`\nload average ${loadavg().map((x) => x.toFixed(2)).join(' ')} at end`);
}

main().then(() => process.exit(process.exitCode ?? 0), (err) => {
  console.error(err);
  process.exit(1);
});
