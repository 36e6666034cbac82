import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { CONTRACT_RUNS_KEPT, storeContract } from './store.contract.js';

const dir = mkdtempSync(join(tmpdir(), 'trustlens-store-'));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeContract('sqlite (file)', async () => {
  const store = new SqliteStore({ path: join(dir, `store-${n++}.db`), runsKept: CONTRACT_RUNS_KEPT });
  await store.init();
  return store;
});

storeContract('sqlite (:memory:)', async () => {
  const store = new SqliteStore({ path: ':memory:', runsKept: CONTRACT_RUNS_KEPT });
  await store.init();
  return store;
});
