// rateGate across processes: two BullQueue instances here and a third in a child process share one
// key on one Redis prefix, each passing the gate in a loop like a worker fetching from one host.
// Together their starts must be spaced by the interval, not each process's on its own.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { BullQueue } from '../../jobs/bull-queue.js';
import { loadRedis } from '../../jobs/queue-redis.js';
import { deleteKeys } from '../support/redis.js';
import { describeWith, services, uniqueName } from '../support/services.js';

const quiet = { warn: () => {} };
const fixture = fileURLToPath(new URL('./fixtures/gate-worker.ts', import.meta.url));
const wallNow = () => performance.timeOrigin + performance.now();

describeWith(['redis'], 'BullQueue.rateGate across processes', () => {
  const redisUrl = services.redis!;

  it('three workers (two instances here, one child process) on one key start intervalMs apart all together', async () => {
    const prefix = uniqueName('tlgate');
    const key = 'host:shop.example:443';
    const interval = 100;
    const perWorker = 4;
    const a = await BullQueue.create({ redisUrl, prefix, logger: quiet });
    const b = await BullQueue.create({ redisUrl, prefix, logger: quiet });
    const child = spawn(process.execPath, ['--import', 'tsx', fixture], {
      env: { ...process.env, TL_REDIS_URL: redisUrl, TL_PREFIX: prefix, TL_KEY: key, TL_INTERVAL: String(interval), TL_COUNT: String(perWorker) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let stderr = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (stderr += d));
    const line = (re: RegExp, what: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => (re.test(out) ? resolve() : undefined);
        child.stdout.on('data', check);
        check();
        child.once('exit', (code) => reject(new Error(`gate worker exited (${code}) before ${what}: ${stderr}`)));
        setTimeout(() => reject(new Error(`gate worker: no ${what} within 25 s: ${stderr}`)), 25_000).unref();
      });
    try {
      await line(/READY/, 'READY');
      const starts: { who: string; at: number }[] = [];
      const loop = async (q: BullQueue, who: string) => {
        for (let i = 0; i < perWorker; i++) {
          await q.rateGate(key, interval);
          starts.push({ who, at: wallNow() });
        }
      };
      child.stdin.write('go\n');
      await Promise.all([loop(a, 'a'), loop(b, 'b'), line(/DONE/, 'DONE')]);
      for (const m of out.matchAll(/RELEASE (\d+(?:\.\d+)?)/g)) starts.push({ who: 'child', at: Number(m[1]) });

      expect(starts.length).toBe(3 * perWorker);
      expect(starts.filter((s) => s.who === 'child').length).toBe(perWorker);
      starts.sort((x, y) => x.at - y.at);
      const gaps = starts.slice(1).map((s, i) => s.at - starts[i].at);
      // Slots are exact on Redis's clock; a few ms of slack for a release whose timer fired late.
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(interval - 10);
      expect(starts.at(-1)!.at - starts[0].at).toBeGreaterThanOrEqual((starts.length - 1) * interval - 10);
      // All three really competed: the child's starts are interleaved with ours, not all at one end.
      const childIdx = starts.flatMap((s, i) => (s.who === 'child' ? [i] : []));
      expect(childIdx.at(-1)! - childIdx[0]).toBeGreaterThan(perWorker - 1);

      // The gate leaves one short-lived key behind, under the queue's prefix.
      const Redis = loadRedis();
      const r = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
      try {
        const ttl = await r.pttl(`${prefix}:gate:${key}`);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(interval + 1000);
      } finally {
        r.disconnect();
      }
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await Promise.allSettled([a.close(), b.close()]);
      await deleteKeys(redisUrl, [prefix]);
    }
  }, 60_000);

  it('forgets bookings an hour ahead (Redis clock stepped back) instead of stalling the host for an hour', async () => {
    const prefix = uniqueName('tlgateclock');
    const q = await BullQueue.create({ redisUrl, prefix, logger: quiet });
    const Redis = loadRedis();
    const r = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    try {
      const [sec] = await r.time();
      const ahead = String(Number(sec) * 1000 + 3_600_000);
      await r.hset(`${prefix}:gate:host:x`, 'next', ahead, 'last', ahead, 'gap', '100');
      const t = performance.now();
      await q.rateGate('host:x', 100);
      await q.rateGate('host:x', 100); // and the gate works normally from there
      const took = performance.now() - t;
      expect(took).toBeGreaterThanOrEqual(100 - 2);
      expect(took).toBeLessThan(1000);
    } finally {
      r.disconnect();
      await q.close();
      await deleteKeys(redisUrl, [prefix]);
    }
  });

  it('rejects with UnavailableError, without waiting long, when Redis is unreachable', async () => {
    const q = await BullQueue.create({ redisUrl: 'redis://127.0.0.1:1', prefix: uniqueName('tlgatedead'), commandTimeoutMs: 1500, logger: quiet });
    const t = Date.now();
    await expect(q.rateGate('host:x', 100)).rejects.toMatchObject({ name: 'UnavailableError', message: expect.stringMatching(/rate gate "host:x"/) });
    expect(Date.now() - t).toBeLessThan(5000);
    await q.close();
  }, 20_000);
});
