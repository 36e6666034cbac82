import { afterAll } from 'vitest';
import { MongoStore } from '../../src/store/mongo/index.js';
import { describeWith, services, uniqueName } from '../support/services.js';
import { CONTRACT_RUNS_KEPT, storeContract } from './store.contract.js';

// One fresh database per test, dropped when the file is done (FerretDB: no transactions, so a
// fresh database is the simplest way to start from empty).
const created: string[] = [];

describeWith(['mongo'], 'MongoStore on a MongoDB-protocol server', () => {
  afterAll(async () => {
    for (const dbName of created) {
      const s = new MongoStore({ url: services.mongo!, dbName });
      await s.init();
      await s.dropDatabase();
      await s.close();
    }
  });

  storeContract('mongo', async () => {
    const dbName = uniqueName('tl_store');
    created.push(dbName);
    const store = new MongoStore({ url: services.mongo!, dbName, runsKept: CONTRACT_RUNS_KEPT });
    await store.init();
    return store;
  });
});
