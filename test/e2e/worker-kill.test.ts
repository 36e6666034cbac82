// A worker killed with SIGKILL mid-batch loses nothing and duplicates nothing when its job is
// retried by another worker (bull's stalled-job recovery): mentions stay unique, and the rollups
// count each one exactly once, whether the kill came before or after the batch was counted.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config.js';
import { HOUR_MS } from '../../src/core/time.js';
import { createRuntime, type Runtime } from '../../src/main.js';
import { startWorkers } from '../../src/wiring.js';
import { deleteKeys } from '../support/redis.js';
import { describeWith, services, uniqueName } from '../support/services.js';
import { T0, startStorySite, storyItems, waitFor, type StorySite } from './launch-story.js';

const fixture = fileURLToPath(new URL('./fixtures/kill-worker.ts', import.meta.url));

describeWith(['mongo', 'redis'], 'a queue-mode worker killed with SIGKILL mid-batch', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined);
  });

  it.each(['upsertMentions', 'addToRollups'] as const)('loses and duplicates nothing when killed right after %s', async (killAfter) => {
    const site: StorySite = await startStorySite();
    cleanups.push(() => site.close());
    site.hours = 3;
    const expected = storyItems(3).length;
    const db = uniqueName('tl_kill');
    const env = {
      TRUSTLENS_MODE: 'queue', TRUSTLENS_STORE_URL: `${services.mongo}/${db}`, TRUSTLENS_REDIS_URL: services.redis!,
      TRUSTLENS_QUEUE_PREFIX: uniqueName('tlkill'), TRUSTLENS_JOB_LOCK_MS: '1000', TRUSTLENS_LOG_LEVEL: 'silent',
    };
    const api: Runtime = await createRuntime(loadConfig(env));
    cleanups.push(async () => {
      await deleteKeys(services.redis!, [env.TRUSTLENS_QUEUE_PREFIX]);
      await (api.store as unknown as { dropDatabase(): Promise<void> }).dropDatabase();
      await api.close();
    });
    const { store, queue } = api;
    const brand = await store.createBrand({ name: 'Lune Labs', mission: '', values: [], claims: [], forbiddenClaims: [], keywords: [], handles: [], competitors: [], languages: ['en'], sensitivity: 1, webhooks: [] });
    const source = await store.createSource({ brandId: brand.id, name: 'talk', kind: 'feed', url: `${site.url}/feed.xml`, mentionKind: 'social', schedule: '0 0 1 1 *', enabled: false });
    await queue.enqueue('scrape', { sourceId: source.id }, { attempts: 3, backoffMs: 100 });

    const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      env: { ...process.env, ...env, TRUSTLENS_TEST_KILL_AFTER: killAfter }, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    const [code, signal] = await once(child, 'exit') as [number | null, string | null];
    expect(signal, `worker output: ${err}`).toBe('SIGKILL');
    expect(code).toBeNull();

    const range = { brandId: brand.id, from: new Date(T0 - 24 * HOUR_MS).toISOString(), to: new Date(T0 + 24 * HOUR_MS).toISOString() };
    const counted = async () => (await store.queryRollups(range)).reduce((n, r) => n + r.count, 0);
    // The dead worker stored the batch; whether it was counted depends on where it died.
    expect(await store.countMentions({ sourceId: source.id })).toBe(expected);
    const pending = await store.listPendingBatches(source.id);
    expect(pending).toHaveLength(1);
    expect(pending[0].mentions).toHaveLength(expected);
    expect(await counted()).toBe(killAfter === 'upsertMentions' ? 0 : expected);

    // Another worker picks the stalled job up once the dead one's lock expires.
    const worker = await createRuntime(loadConfig(env));
    const w = await startWorkers(worker, ['scrape']);
    cleanups.push(async () => { await w.stop(); await worker.close(); });
    await waitFor('the job to be retried and finished', async () => {
      const runs = await store.listScrapeRuns(source.id, 10);
      return runs.some((r) => r.status === 'ok') && (await store.listPendingBatches(source.id)).length === 0;
    }, 30_000);

    expect(await store.countMentions({ sourceId: source.id })).toBe(expected);
    expect(await counted()).toBe(expected);
    const rollups = await store.queryRollups(range);
    expect(rollups.reduce((n, r) => n + r.neg, 0)).toBe(await store.countMentions({ sourceId: source.id, flags: ['negative'] }));
    const run = (await store.listScrapeRuns(source.id, 10)).find((r) => r.status === 'ok')!;
    expect(run).toMatchObject({ fetched: expected, new: 0 }); // re-read, nothing stored twice
  }, 60_000);
});
