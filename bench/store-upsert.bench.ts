// Mention upsert throughput, in batches of 1,000 as scrape jobs write them.
//   SqliteStore.upsertMentions  vs  a raw better-sqlite3 prepared INSERT OR IGNORE loop in one
//     transaction per batch, same rows, same table (created by the store's own migration).
//   MongoStore.upsertMentions   vs  raw driver insertMany (ordered: false) into the same collection
//     shape (same indexes, created by MongoStore.init()).
// Prints mentions/second as the median of REPS runs (fresh database each run) and the ratio.
//
//   npx tsx bench/store-upsert.bench.ts
//   env: STORE_BENCH_N (20000), STORE_BENCH_MONGO_N (5000), STORE_BENCH_REPS (3),
//        TRUSTLENS_BENCH_MONGO_URL (mongodb://127.0.0.1:27017; set to "" to skip Mongo)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import { newId } from '../src/core/ids.js';
import type { Mention } from '../src/core/types.js';
import { MongoStore } from '../src/store/mongo/index.js';
import { SqliteStore } from '../src/store/sqlite/index.js';
import { mention } from '../test/store/factories.js';

const N = Number(process.env.STORE_BENCH_N || 20_000);
const MONGO_N = Number(process.env.STORE_BENCH_MONGO_N || 5_000);
const REPS = Number(process.env.STORE_BENCH_REPS || 3);
const BATCH = 1_000;
const MONGO_URL = process.env.TRUSTLENS_BENCH_MONGO_URL ?? 'mongodb://127.0.0.1:27017';

function makeMentions(n: number): Mention[] {
  const brandId = newId();
  const sourceId = newId();
  const t0 = Date.UTC(2026, 2, 1);
  return Array.from({ length: n }, (_, i) => mention({
    sourceId, brandId, externalId: `ext-${i}`, publishedAt: new Date(t0 + i * 60_000).toISOString(),
    kind: (['review', 'social', 'influencer', 'news'] as const)[i % 4], label: (['negative', 'neutral', 'positive'] as const)[i % 3],
    flags: { negative: i % 3 === 0, fakeSuspect: i % 17 === 0 }, text: `Mention number ${i}: the serum feels light, the price is high, delivery took a week.`,
  }));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timeBatches(ms: Mention[], write: (batch: Mention[]) => Promise<unknown> | unknown): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < ms.length; i += BATCH) await write(ms.slice(i, i + BATCH));
  return ms.length / ((performance.now() - t0) / 1000);
}

/** The obvious hand-written peer: same columns, JSON for nested fields, INSERT OR IGNORE in a transaction. */
function rawSqliteWriter(db: Database.Database): (batch: Mention[]) => void {
  const cols = ['id', 'sourceId', 'externalId', 'brandId', 'launchId', 'kind', 'publishedAt', 'fetchedAt', 'lang', 'label', 'negative', 'fakeSuspect', 'mismatch', 'undisclosed', 'url', 'title', 'text', 'caption', 'langHint', 'author', 'rating', 'engagement', 'scores', 'verifiedPurchase'];
  const stmt = db.prepare(`INSERT OR IGNORE INTO mentions (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
  const j = (v: unknown) => (v === undefined ? null : JSON.stringify(v));
  const b = (v: boolean | undefined) => (v === undefined ? null : v ? 1 : 0);
  const tx = db.transaction((batch: Mention[]) => {
    for (const m of batch) {
      stmt.run(m.id, m.sourceId, m.externalId, m.brandId, m.launchId ?? null, m.kind, m.publishedAt, m.fetchedAt, m.scores.lang,
        m.scores.sentiment.label, b(m.flags.negative), b(m.flags.fakeSuspect), b(m.flags.mismatch), b(m.flags.undisclosed),
        m.url ?? null, m.title ?? null, m.text, m.caption ?? null, m.langHint ?? null, j(m.author), j(m.rating), j(m.engagement),
        j(m.scores), b(m.verifiedPurchase));
    }
  });
  return (batch) => tx.immediate(batch);
}

async function benchSqlite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tl-bench-upsert-'));
  const storeRates: number[] = [];
  const rawRates: number[] = [];
  try {
    for (let r = 0; r < REPS; r++) {
      const ms = makeMentions(N);
      const store = new SqliteStore({ path: join(dir, `store-${r}.db`) });
      await store.init();
      storeRates.push(await timeBatches(ms, (b) => store.upsertMentions(b)));
      const again = await timeBatches(ms, (b) => store.upsertMentions(b));
      if ((await store.countMentions({})) !== N) throw new Error('sqlite store lost rows');
      await store.close();

      // Same schema: let the store create the file, then write with raw better-sqlite3.
      const path = join(dir, `raw-${r}.db`);
      const init = new SqliteStore({ path });
      await init.init();
      await init.close();
      const db = new Database(path);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      const write = rawSqliteWriter(db);
      rawRates.push(await timeBatches(ms, write));
      db.close();
      console.log(`  sqlite run ${r + 1}: store ${Math.round(storeRates[r])}/s (re-upsert of the same rows ${Math.round(again)}/s), raw ${Math.round(rawRates[r])}/s`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const s = median(storeRates);
  const raw = median(rawRates);
  console.log(`SQLite upsert, ${N} mentions in batches of ${BATCH}: SqliteStore ${Math.round(s)} mentions/s, raw better-sqlite3 ${Math.round(raw)} mentions/s, ratio ${(s / raw).toFixed(2)}x (aim >= 0.5x)`);
}

async function benchMongo(): Promise<void> {
  if (!MONGO_URL) {
    console.log('Mongo: skipped (TRUSTLENS_BENCH_MONGO_URL empty)');
    return;
  }
  const storeRates: number[] = [];
  const rawRates: number[] = [];
  const client = new MongoClient(MONGO_URL, { serverSelectionTimeoutMS: 5_000, ignoreUndefined: true });
  await client.connect();
  try {
    for (let r = 0; r < REPS; r++) {
      const ms = makeMentions(MONGO_N);
      const dbA = `tl_bench_upsert_store_${process.pid}_${r}`;
      const store = new MongoStore({ url: MONGO_URL, dbName: dbA });
      await store.init();
      storeRates.push(await timeBatches(ms, (b) => store.upsertMentions(b)));
      if ((await store.countMentions({})) !== MONGO_N) throw new Error('mongo store lost rows');
      await store.dropDatabase();
      await store.close();

      const dbB = `tl_bench_upsert_raw_${process.pid}_${r}`;
      const init = new MongoStore({ url: MONGO_URL, dbName: dbB });
      await init.init(); // same collection and indexes
      await init.close();
      const col = client.db(dbB).collection('mentions');
      rawRates.push(await timeBatches(ms, (b) => col.insertMany(b.map(({ id, ...rest }) => ({ _id: id, ...rest })) as never[], { ordered: false })));
      await client.db(dbB).dropDatabase();
      console.log(`  mongo run ${r + 1}: store ${Math.round(storeRates[r])}/s, raw insertMany ${Math.round(rawRates[r])}/s`);
    }
  } finally {
    await client.close();
  }
  const s = median(storeRates);
  const raw = median(rawRates);
  console.log(`Mongo upsert (${MONGO_URL}), ${MONGO_N} mentions in batches of ${BATCH}: MongoStore ${Math.round(s)} mentions/s, raw insertMany ${Math.round(raw)} mentions/s, ratio ${(s / raw).toFixed(2)}x (aim >= 0.8x)`);
}

await benchSqlite();
await benchMongo();
