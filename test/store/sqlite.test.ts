// SQLite-specific behaviour beyond the contract: migrations, several connections and processes on one file.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { UnavailableError } from '../../src/core/errors.js';
import { newId } from '../../src/core/ids.js';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations.js';
import { brandInput, increment, mention } from './factories.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'trustlens-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => join(dir, `${name}-${newId()}.db`);

describe('SqliteStore', () => {
  it('applies migrations once and keeps data across reopen', async () => {
    const path = file('migrate');
    const a = new SqliteStore({ path });
    await a.init();
    await a.init();
    expect(a.schemaVersion()).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
    const brand = await a.createBrand(brandInput());
    await a.close();
    await a.close();

    const b = new SqliteStore({ path });
    await b.init();
    expect(await b.getBrand(brand.id)).toEqual(brand);
    await b.close();

    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT version FROM migrations ORDER BY version').all()).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('migrates a version-1 database (rollup_aspects table) to aspects in the rollup row', async () => {
    const path = file('v1');
    const raw = new Database(path);
    raw.exec('CREATE TABLE migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, appliedAt TEXT NOT NULL)');
    raw.exec(MIGRATIONS[0].sql);
    raw.prepare('INSERT INTO migrations VALUES (1, ?, ?)').run(MIGRATIONS[0].name, new Date().toISOString());
    const brandId = newId();
    const hour = '2026-03-01T00:00:00.000Z';
    raw.prepare("INSERT INTO rollups (brandId, launchId, kind, hour, count) VALUES (?, '', 'review', ?, 3)").run(brandId, hour);
    raw.prepare("INSERT INTO rollups (brandId, launchId, kind, hour, count) VALUES (?, '', 'news', ?, 1)").run(brandId, hour);
    raw.prepare("INSERT INTO rollup_aspects VALUES (?, '', 'review', ?, 'price:negative', 2), (?, '', 'review', ?, 'scent:positive', 1)").run(brandId, hour, brandId, hour);
    raw.close();

    const s = new SqliteStore({ path });
    await s.init();
    expect(s.schemaVersion()).toBe(MIGRATIONS[MIGRATIONS.length - 1].version);
    const rows = await s.queryRollups({ brandId, from: hour, to: '2026-03-02T00:00:00.000Z' });
    expect(rows.map((r) => [r.kind, r.count, r.aspects])).toEqual([['news', 1, {}], ['review', 3, { 'price:negative': 2, 'scent:positive': 1 }]]);
    await s.addToRollups([increment({ brandId, hour, aspects: { 'price:negative': 1, 'fit:neutral': 4 } })]);
    expect((await s.queryRollups({ brandId, kind: 'review', from: hour, to: '2026-03-02T00:00:00.000Z' }))[0].aspects)
      .toEqual({ 'price:negative': 3, 'scent:positive': 1, 'fit:neutral': 4 });
    await s.close();
  });

  it('fails clearly when not initialised or when the file cannot be opened', async () => {
    const s = new SqliteStore({ path: ':memory:' });
    await expect(s.getBrand(newId())).rejects.toBeInstanceOf(UnavailableError);
    expect(await s.ping()).toBe(false);
    const bad = new SqliteStore({ path: join(dir, 'no', 'such', 'dir', 'x.db') });
    await expect(bad.init()).rejects.toBeInstanceOf(UnavailableError);
  });

  it('keeps rollups exact with two connections on one file, interleaved', async () => {
    const path = file('two');
    const a = new SqliteStore({ path });
    const b = new SqliteStore({ path });
    await a.init();
    await b.init();
    const brandId = newId();
    const calls: Promise<void>[] = [];
    for (let i = 0; i < 200; i++) {
      const s = i % 2 ? a : b;
      calls.push(s.addToRollups([increment({ brandId, hour: `2026-03-01T0${i % 4}:00:00.000Z`, count: 1, reach: 3, aspects: { 'fit:positive': 1 } })]));
    }
    await Promise.all(calls);
    const rows = await a.queryRollups({ brandId, from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' });
    expect(rows.map((r) => r.count)).toEqual([50, 50, 50, 50]);
    expect(rows.reduce((s, r) => s + r.reach, 0)).toBe(600);
    expect(rows.reduce((s, r) => s + r.aspects['fit:positive'], 0)).toBe(200);
    await a.close();
    await b.close();
  });

  it('keeps rollups exact and reports each new mention once across two processes', async () => {
    const path = file('procs');
    const init = new SqliteStore({ path });
    await init.init();
    const brandId = newId();
    const sourceId = newId();
    const script = fileURLToPath(new URL('./fixtures/sqlite-writer.ts', import.meta.url));
    const rounds = 1500;
    const child = () => run(process.execPath, ['--import', 'tsx', script, path, brandId, sourceId, String(rounds)], { timeout: 60_000 });
    const [r1, r2] = await Promise.all([child(), child()]);
    const [o1, o2] = [JSON.parse(r1.stdout), JSON.parse(r2.stdout)];
    // The test only means something if the two writers really ran at the same time.
    expect(o1.startedAt < o2.finishedAt && o2.startedAt < o1.finishedAt).toBe(true);
    const inserted = o1.inserted + o2.inserted;
    // Each process upserts m0..m<rounds>: 301 distinct mentions, each reported new exactly once overall.
    expect(inserted).toBe(rounds + 1);
    expect(await init.countMentions({ brandId })).toBe(rounds + 1);
    const rows = await init.queryRollups({ brandId, from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z' });
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(2 * rounds);
    expect(rows.reduce((s, r) => s + r.reach, 0)).toBe(4 * rounds);
    expect(rows.reduce((s, r) => s + r.aspects['price:negative'], 0)).toBe(2 * rounds);
    await init.close();
  }, 90_000);

  it('stores and returns unknown optional fields instead of dropping them', async () => {
    const s = new SqliteStore({ path: ':memory:' });
    await s.init();
    const m = { ...mention({ sourceId: newId(), brandId: newId(), externalId: 'x' }), futureField: { a: 1 } };
    await s.upsertMentions([m]);
    expect(await s.getMention(m.id)).toEqual(m);
    await s.close();
  });
});
