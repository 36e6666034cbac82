import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BullQueue } from '../../jobs/bull-queue.js';
import { UnavailableError, ValidationError } from '../../src/core/errors.js';
import { deleteKeys } from '../support/redis.js';
import { describeWith, services, uniqueName } from '../support/services.js';
import { queueContract, sleep, waitFor } from './queue.contract.js';

const quiet = { warn: () => {} };
const fixture = fileURLToPath(new URL('../queue/fixtures/stall-worker.ts', import.meta.url));


describeWith(['redis'], 'BullQueue on Redis', () => {
  const redisUrl = services.redis!;
  const prefixes: string[] = [];

  queueContract(
    'bull',
    async () => {
      const prefix = uniqueName('tltest');
      prefixes.push(prefix);
      return BullQueue.create({ redisUrl, prefix, logger: quiet });
    },
    { cleanup: () => deleteKeys(redisUrl, prefixes.splice(0)) },
  );

  it('skips and removes a replaced schedule that bull brought back (its next-tick race), so only the current one runs', async () => {
    // bull creates a schedule's next tick after checking the schedule exists but before re-adding
    // it: a schedule replaced in that instant comes back beside its replacement. Bring one back by
    // hand, as that race does, through a raw bull queue on the same Redis keys.
    const prefix = uniqueName('tlsched');
    const queue = uniqueName('cron');
    const q = await BullQueue.create({ redisUrl, prefix, logger: quiet });
    const Bull = ((await import('bull')) as unknown as { default: new (name: string, opts: object) => import('bull').Queue }).default;
    const raw = new Bull(queue, { redis: redisUrl, prefix });
    try {
      const ticks: number[] = [];
      q.process<{ v: number }>(queue, async (job) => { ticks.push(job.data.v); });
      await q.schedule(queue, 'every:second', '* * * * * *', { v: 1 });
      await q.schedule(queue, 'every:second', '* * * * * *', { v: 2 }, { tz: 'Europe/Paris' });
      await raw.add({ v: 1 }, { repeat: { cron: '* * * * * *' }, jobId: encodeURIComponent('every:second') });
      expect((await raw.getRepeatableJobs()).length).toBe(2);
      await waitFor(() => ticks.filter((v) => v === 2).length >= 3, 8000, 'three ticks of the current schedule');
      expect(ticks.filter((v) => v === 1)).toEqual([]);
      // The stale schedule was removed again: only the current one is left.
      await waitFor(async () => (await raw.getRepeatableJobs()).length === 1, 3000, 'the stale schedule removed');
      expect((await raw.getRepeatableJobs())[0]!.tz).toBe('Europe/Paris');
      await q.unschedule(queue, 'every:second');
    } finally {
      await raw.close();
      await q.close();
      await deleteKeys(redisUrl, [prefix]);
    }
  });
  it('keeps completed jobs for inspection, except those enqueued to be dropped when done (large data)', async () => {
    const prefix = uniqueName('tldrop');
    const queue = uniqueName('drop');
    const q = await BullQueue.create({ redisUrl, prefix, logger: quiet });
    const Bull = ((await import('bull')) as unknown as { default: new (name: string, opts: object) => import('bull').Queue }).default;
    const raw = new Bull(queue, { redis: redisUrl, prefix });
    try {
      const done: string[] = [];
      q.process<{ v: string }>(queue, async (job) => { done.push(job.data.v); });
      const kept = await q.enqueue(queue, { v: 'kept' });
      const dropped = await q.enqueue(queue, { v: 'x'.repeat(100_000) }, { dropWhenDone: true });
      await waitFor(() => done.length === 2, 5000, 'both jobs done');
      await waitFor(async () => (await raw.getJob(dropped)) === null, 3000, 'the large job removed');
      expect(await (await raw.getJob(kept))?.getState()).toBe('completed');
    } finally {
      await raw.close();
      await q.close();
      await deleteKeys(redisUrl, [prefix]);
    }
  });

  describe('worker death', () => {
    it('a job whose worker was SIGKILLed mid-job is completed exactly once by another worker', async () => {
      const prefix = uniqueName('tlstall');
      const queue = uniqueName('stall');
      const producer = await BullQueue.create({ redisUrl, prefix, logger: quiet });
      let rescuer: BullQueue | undefined;
      const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
        env: { ...process.env, TL_REDIS_URL: redisUrl, TL_PREFIX: prefix, TL_QUEUE: queue },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      try {
        const id = await producer.enqueue(queue, { review: 'r-1' }, { attempts: 3, backoffMs: 100 });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        const started = await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (d) => {
            out += d;
            const m = /STARTED (\S+)/.exec(out);
            if (m) resolve(m[1]);
          });
          child.once('exit', (code) => reject(new Error(`worker exited early (${code}): ${stderr}`)));
          setTimeout(() => reject(new Error(`worker did not take the job within 25 s: ${stderr}`)), 25_000);
        });
        expect(started).toBe(id);
        expect((await producer.pending(queue)).active).toBe(1);

        child.kill('SIGKILL');
        await once(child, 'exit');

        const runs: { id: string; attempt: number; data: unknown }[] = [];
        rescuer = await BullQueue.create({ redisUrl, prefix, stalledIntervalMs: 1000, lockDurationMs: 1000, logger: quiet });
        rescuer.process(queue, async (job) => {
          runs.push({ id: job.id, attempt: job.attempt, data: job.data });
          await sleep(100);
        });
        await waitFor(() => runs.length >= 1, 20_000, 'the stalled job to be picked up');
        await waitFor(async () => {
          const c = await producer.pending(queue);
          return c.active === 0 && c.waiting === 0 && c.delayed === 0;
        }, 10_000, 'the job to complete');
        await sleep(2500); // a few more stalled checks: the job must not come back
        expect(runs).toEqual([{ id, attempt: 1, data: { review: 'r-1' } }]);
        expect(await producer.failed(queue)).toEqual([]);
      } finally {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        await rescuer?.close();
        await producer.close();
        await deleteKeys(redisUrl, [prefix]);
      }
    }, 90_000);
  });
});

describe('BullQueue without Redis', () => {
  async function deadPort(): Promise<number> {
    const srv = createServer();
    srv.listen(0, '127.0.0.1');
    await once(srv, 'listening');
    const port = (srv.address() as { port: number }).port;
    await new Promise((r) => srv.close(r));
    return port;
  }

  it('reports ping() false and rejects enqueue with a clear error within seconds, without crashing', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const port = await deadPort();
      const q = await BullQueue.create({ redisUrl: `redis://127.0.0.1:${port}`, prefix: uniqueName('tldead'), commandTimeoutMs: 2000, logger: quiet });

      let t = Date.now();
      expect(await q.ping()).toBe(false);
      expect(Date.now() - t).toBeLessThan(5000);

      t = Date.now();
      const err = await q.enqueue('jobs', { a: 1 }).catch((e: unknown) => e);
      expect(Date.now() - t).toBeLessThan(5000);
      expect(err).toBeInstanceOf(UnavailableError);
      expect((err as Error).message).toMatch(new RegExp(`Redis at redis://127\\.0\\.0\\.1:${port}.*(did not answer|failed).*enqueue`));

      q.process('jobs', async () => {}); // a worker against a dead Redis must not throw or crash
      await expect(q.pending('jobs')).rejects.toBeInstanceOf(UnavailableError);
      const report = await q.close();
      expect(report.unfinished).toEqual([]);
      await sleep(500);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  }, 30_000);

  it('rejects a missing or malformed redisUrl at construction', () => {
    expect(() => new BullQueue({ redisUrl: 'localhost:6379' })).toThrow(ValidationError);
  });
});
