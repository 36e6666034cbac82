import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { storeContract } from './store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'trustlens-store-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeContract('sqlite (file)', async () => {
  const store = new SqliteStore({ path: join(dir, `store-${n++}.db`) });
  await store.init();
  return store;
});

storeContract('sqlite (:memory:)', async () => {
  const store = new SqliteStore({ path: ':memory:' });
  await store.init();
  return store;
});
