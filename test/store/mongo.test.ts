// MongoStore behaviour beyond the contract: unreachable server, several stores on one database,
// both rollup modes.
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../src/core/errors.js';
import { newId } from '../../src/core/ids.js';
import { MongoStore } from '../../src/store/mongo/index.js';
import { describeWith, services, uniqueName } from '../support/services.js';
import { increment, mention } from './factories.js';

const H = (n: number) => new Date(Date.UTC(2026, 2, 1) + n * 3_600_000).toISOString();

async function unusedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

describe('MongoStore without a server', () => {
  it('fails init with a clear UnavailableError within a few seconds', async () => {
    const port = await unusedPort();
    const store = new MongoStore({ url: `mongodb://127.0.0.1:${port}`, dbName: 'nothing', serverSelectionTimeoutMS: 1_500 });
    const t0 = Date.now();
    const err = await store.init().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnavailableError);
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(await store.ping()).toBe(false);
    await expect(store.getBrand(newId())).rejects.toBeInstanceOf(UnavailableError);
    await store.close();
  });

  it('rejects a URL that is not mongodb://', () => {
    expect(() => new MongoStore({ url: 'http://127.0.0.1:27017' })).toThrow(/mongodb/);
  });
});

describeWith(['mongo'], 'MongoStore on a MongoDB-protocol server', () => {
  const dbs: string[] = [];
  const open = async (dbName: string, rollupMode?: 'inc' | 'ledger') => {
    if (!dbs.includes(dbName)) dbs.push(dbName);
    const s = new MongoStore({ url: services.mongo!, dbName, rollupMode });
    await s.init();
    return s;
  };
  afterAll(async () => {
    for (const db of dbs) {
      const s = await open(db);
      await s.dropDatabase();
      await s.close();
    }
  });

  it('two stores on one database: each new mention reported once, rollups exact', async () => {
    const db = uniqueName('tl_two');
    const [a, b] = await Promise.all([open(db), open(db)]);
    const brandId = newId();
    const sourceId = newId();
    const batch = (from: number) => Array.from({ length: 50 }, (_, i) => mention({ sourceId, brandId, externalId: `m${from + i}` }));
    // Overlapping batches from both stores at once: m0..m149 exist once, each reported new by exactly one call.
    const results = await Promise.all([a.upsertMentions(batch(0)), b.upsertMentions(batch(25)), a.upsertMentions(batch(50)), b.upsertMentions(batch(100)), a.upsertMentions(batch(75))]);
    const reported = results.flatMap((r) => r.insertedMentions.map((m) => m.externalId));
    expect(reported.length).toBe(150);
    expect(new Set(reported).size).toBe(150);
    expect(await a.countMentions({ brandId })).toBe(150);

    await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).addToRollups([increment({ brandId, hour: H(i % 3), aspects: { 'price:negative': 1 } })])));
    const rows = await b.queryRollups({ brandId, from: H(0), to: H(3) });
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(40);
    expect(rows.reduce((s, r) => s + r.aspects['price:negative'], 0)).toBe(40);
    await a.close();
    await b.close();
  });

  it('picks the ledger rollup mode on FerretDB and keeps init idempotent', async () => {
    const db = uniqueName('tl_mode');
    const s = await open(db);
    await s.init();
    const again = await open(db);
    expect(await again.ping()).toBe(true);
    expect(['inc', 'ledger']).toContain(s.rollupMode);
    if (process.env.TRUSTLENS_TEST_MONGO_IS_MONGODB !== '1') expect(s.rollupMode).toBe('ledger');
    await s.close();
    await again.close();
  });

  it.each(['inc', 'ledger'] as const)('%s mode sums a single writer exactly, aspect keys with . and $ intact', async (mode) => {
    const s = await open(uniqueName(`tl_${mode}`), mode);
    const brandId = newId();
    const launchId = newId();
    for (let i = 0; i < 10; i++) {
      await s.addToRollups([
        increment({ brandId, hour: H(1), sentimentSum: -0.25, aspects: { 'price:negative': 1, 'v2.0:positive': 2, '$ave%:neutral': 1 } }),
        increment({ brandId, launchId, kind: 'social', hour: H(2), count: 2, reach: 5 }),
      ]);
    }
    const rows = await s.queryRollups({ brandId, from: H(0), to: H(24) });
    expect(rows.map((r) => [r.hour, r.launchId, r.kind, r.count])).toEqual([[H(1), '', 'review', 10], [H(2), launchId, 'social', 20]]);
    expect(rows[0].sentimentSum).toBeCloseTo(-2.5, 9);
    expect(rows[0].aspects).toEqual({ 'price:negative': 10, 'v2.0:positive': 20, '$ave%:neutral': 10 });
    expect(rows[1].reach).toBe(50);
    expect(await s.queryRollups({ brandId, launchId, from: H(0), to: H(24) })).toHaveLength(1);
    expect(await s.queryRollups({ brandId, kind: 'review', from: H(0), to: H(24) })).toHaveLength(1);
    await s.close();
  });

  it.each(['inc', 'ledger'] as const)('%s mode applies a retried batch id once (sequential writer)', async (mode) => {
    const s = await open(uniqueName(`tl_b${mode}`), mode);
    const brandId = newId();
    const incs = [increment({ brandId, hour: H(1), count: 2, aspects: { 'price:negative': 2 } }), increment({ brandId, hour: H(2) })];
    await s.addToRollups(incs, 'b1');
    await s.addToRollups(incs, 'b1');
    await s.addToRollups(incs, 'b2');
    const rows = await s.queryRollups({ brandId, from: H(0), to: H(24) });
    expect(rows.map((r) => [r.hour, r.count])).toEqual([[H(1), 4], [H(2), 2]]);
    expect(rows[0].aspects).toEqual({ 'price:negative': 4 });
    await s.close();
  });
});
