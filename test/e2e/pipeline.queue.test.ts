// Queue mode: an API process (scheduler, no workers) and two worker runtimes, sharing a
// MongoDB-protocol store (FerretDB in CI) and bull queues on Redis. Each run gets its own database
// and key prefix, removed afterwards.
import { loadConfig } from '../../src/core/config.js';
import { createRuntime } from '../../src/main.js';
import { QUEUE_NAMES, startWorkers } from '../../src/wiring.js';
import { MongoStore } from '../../src/store/mongo/index.js';
import { startTestServer } from '../support/server.js';
import { describeWith, services, uniqueName } from '../support/services.js';
import { pipelineScenario } from './pipeline.scenario.js';
import { deleteKeys } from '../support/redis.js';

describeWith(['mongo', 'redis'], 'queue mode', () => {
  pipelineScenario('queue mode: FerretDB/MongoDB + Redis/bull, API and two workers', async (clock, tuning) => {
    const db = uniqueName('tl_e2e');
    const env = {
      TRUSTLENS_MODE: 'queue', TRUSTLENS_STORE_URL: `${services.mongo}/${db}`, TRUSTLENS_REDIS_URL: services.redis!,
      TRUSTLENS_QUEUE_PREFIX: uniqueName('tle2e'), TRUSTLENS_HOST_DELAY_MS: '0', TRUSTLENS_SCHEDULE_JITTER_SEC: '0', TRUSTLENS_LOG_LEVEL: 'silent',
    };
    const server = await startTestServer(env, { clock, tuning });
    const workers: { rt: Awaited<ReturnType<typeof createRuntime>>; w: Awaited<ReturnType<typeof startWorkers>> }[] = [];
    for (let i = 0; i < 2; i++) {
      const rt = await createRuntime(loadConfig(env), { clock });
      workers.push({ rt, w: await startWorkers(rt, QUEUE_NAMES, tuning) });
    }
    return {
      server,
      async close() {
        for (const { rt, w } of workers) { await w.stop(); await rt.close(); }
        await server.close();
        await deleteKeys(services.redis!, [env.TRUSTLENS_QUEUE_PREFIX]);
        const store = new MongoStore({ url: `${services.mongo}/${db}` });
        await store.init();
        await store.dropDatabase();
        await store.close();
      },
    };
  });
});
