// The fetcher's shared gate: two fetchers stand for two worker processes. Each has its own
// per-host limiter; a gate backed by one real JobQueue (inline here; Redis in queue mode, tested
// in test/queue/rate-gate.bull.test.ts) makes their requests to one host keep the delay together.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InlineQueue } from '../../jobs/inline-queue.js';
import { UnavailableError } from '../../src/core/errors.js';
import { createFetcher, realSleep, type FetcherOptions, type PoliteFetcher } from '../../scrapers/fetcher.js';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';

/** Records when each request reached the site (the site counts hits in a Map we can watch). */
function watchArrivals(site: FixtureSite): { path: string; at: number }[] {
  const seen: { path: string; at: number }[] = [];
  const set = site.hits.set.bind(site.hits);
  site.hits.set = (path, n) => {
    seen.push({ path, at: performance.now() });
    return set(path, n);
  };
  return seen;
}

const gaps = (xs: { at: number }[]) => {
  const at = xs.map((x) => x.at).sort((a, b) => a - b);
  return at.slice(1).map((t, i) => t - at[i]);
};

let site: FixtureSite;
const queues: InlineQueue[] = [];
const fetchers: PoliteFetcher[] = [];
beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(async () => site?.close());
afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
  await Promise.all(queues.splice(0).map((q) => q.close()));
});

function worker(extra: Partial<FetcherOptions>): PoliteFetcher {
  const f = createFetcher({ userAgent: 'TrustLensTest/1.0', timeoutMs: 3000, maxBytes: 1 << 20, hostDelayMs: 150, hostConcurrency: 2, retries: 0, sleep: realSleep, env: {}, ...extra });
  fetchers.push(f);
  return f;
}

function sharedQueue(): InlineQueue {
  const q = new InlineQueue();
  queues.push(q);
  return q;
}

/** Each "worker" fetches three pages of one host at once, as a scrape job would. */
async function crawl(fetcher: PoliteFetcher, url: string, tag: string): Promise<void> {
  await Promise.all([1, 2, 3].map((i) => fetcher.fetch(`${url}/echo/headers?w=${tag}&i=${i}`)));
}

describe('fetcher: shared gate across workers', () => {
  it('two workers sharing a gate space ALL their requests to one host (robots.txt included) by the host delay', async () => {
    const q = sharedQueue();
    const intervals: number[] = [];
    const released: { at: number }[] = [];
    const gate = async (host: string, ms: number) => {
      intervals.push(ms);
      await q.rateGate(`host:${host}`, ms);
      released.push({ at: performance.now() });
    };
    const arrivals = watchArrivals(site);
    await Promise.all([crawl(worker({ sharedGate: gate }), site.url, 'a'), crawl(worker({ sharedGate: gate }), site.url, 'b')]);

    expect(arrivals.filter((x) => x.path === '/robots.txt')).toHaveLength(2); // each worker reads it once
    expect(arrivals).toHaveLength(8);
    expect(intervals).toHaveLength(8);
    expect(new Set(intervals)).toEqual(new Set([150]));
    // The starts (gate releases) are spaced exactly...
    for (const gap of gaps(released)) expect(gap).toBeGreaterThanOrEqual(150 - 1);
    // ...and so, give or take each request's trip (a new connection or a reused one, on a busy
    // machine: a per-gap floor of 100 ms failed once under a parallel test run), are their
    // arrivals at the site: far from the bunching of the next test.
    const arrivalGaps = gaps(arrivals).sort((a, b) => a - b);
    for (const gap of arrivalGaps) expect(gap).toBeGreaterThanOrEqual(50);
    expect(arrivalGaps[Math.floor(arrivalGaps.length / 2)]).toBeGreaterThanOrEqual(130);
    expect(arrivals.at(-1)!.at - arrivals[0].at).toBeGreaterThanOrEqual(7 * 150 - 100); // unshared: ~3 × 150
  });

  it('without the gate the same two workers hit the host together (what the gate prevents)', async () => {
    const arrivals = watchArrivals(site);
    await Promise.all([crawl(worker({}), site.url, 'c'), crawl(worker({}), site.url, 'd')]);
    expect(arrivals).toHaveLength(8);
    expect(Math.min(...gaps(arrivals))).toBeLessThan(60);
  });

  it('passes a longer robots.txt Crawl-delay to the gate as the interval', async () => {
    const polite = await startFixtureSite({ robots: { body: 'User-agent: *\nCrawl-delay: 0.4\n' } });
    try {
      const q = sharedQueue();
      const intervals: number[] = [];
      const gate = (host: string, ms: number) => {
        intervals.push(ms);
        return q.rateGate(`host:${host}`, ms);
      };
      const arrivals = watchArrivals(polite);
      await Promise.all([
        worker({ sharedGate: gate }).fetch(`${polite.url}/echo/headers?w=a`),
        worker({ sharedGate: gate }).fetch(`${polite.url}/echo/headers?w=b`),
      ]);
      const pages = arrivals.filter((x) => x.path !== '/robots.txt');
      expect(pages).toHaveLength(2);
      expect(gaps(pages)[0]).toBeGreaterThanOrEqual(400 - 50);
      expect(intervals.filter((ms) => ms === 400)).toHaveLength(2); // the two page requests
    } finally {
      await polite.close();
    }
  });

  it('browser navigations (hostSlot) pass the same shared gate', async () => {
    const q = sharedQueue();
    const gate = (host: string, ms: number) => q.rateGate(`host:${host}`, ms);
    const a = worker({ sharedGate: gate });
    const b = worker({ sharedGate: gate });
    await Promise.all([a.assertAllowed(site.url), b.assertAllowed(site.url)]); // robots.txt read first
    const taken: { at: number }[] = [];
    await Promise.all(
      [a, b, a, b].map(async (f) => {
        const release = await f.hostSlot(`${site.url}/reviews`);
        taken.push({ at: performance.now() });
        release();
      }),
    );
    expect(taken).toHaveLength(4);
    for (const gap of gaps(taken)) expect(gap).toBeGreaterThanOrEqual(150 - 1);
  });

  it('is not called when the host delay is 0, and a gate that fails stops the request but frees the host slot', async () => {
    let calls = 0;
    const free = worker({ hostDelayMs: 0, sharedGate: async () => void calls++ });
    expect((await free.fetch(`${site.url}/echo/headers?z=1`)).status).toBe(200);
    expect(calls).toBe(0);

    let failNext = true;
    const before = site.hits.get('/echo/headers?z=2') ?? 0;
    const f = worker({
      hostConcurrency: 1,
      sharedGate: async () => {
        if (failNext) {
          failNext = false;
          throw new UnavailableError('Redis down');
        }
      },
    });
    await expect(f.fetch(`${site.url}/echo/headers?z=2`, { ignoreRobots: true })).rejects.toBeInstanceOf(UnavailableError);
    expect(site.hits.get('/echo/headers?z=2') ?? 0).toBe(before); // the request was not made
    // With one slot per host, a leaked slot would hang this fetch until the test times out.
    expect((await f.fetch(`${site.url}/echo/headers?z=2`, { ignoreRobots: true })).status).toBe(200);
  });
});
