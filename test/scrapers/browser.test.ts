import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWith, services } from '../support/services.js';
import { createBrowserPool } from '../../scrapers/browser-pool.js';
import { runSource } from '../../scrapers/index.js';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';
import { testFetcher } from './helpers.js';

const profileRecipe = {
  item: 'article.post',
  fields: {
    id: { attr: 'data-id' },
    caption: '.caption',
    link: 'a.link',
    likes: '.likes',
    comments: '.comments',
    date: 'time',
  },
  page: { handle: 'h1.handle', followers: { selector: '.followers', attr: 'data-count' } },
  waitFor: 'article.post',
  scroll: { times: 10, delayMs: 1500 },
};

describeWith(['chromium'], 'browser recipe (real Chromium)', () => {
  let site: FixtureSite;
  const fetcher = testFetcher();
  let pool: ReturnType<typeof createBrowserPool>;
  beforeAll(async () => {
    site = await startFixtureSite();
    pool = createBrowserPool({ executablePath: services.chromium!, maxPages: 2 });
  });
  afterAll(async () => {
    await pool?.close();
    await site?.close();
    await fetcher.close();
  });

  it('renders a JavaScript infinite-scroll profile, scrolls until the end, keeps captions intact', async () => {
    const r = await runSource(
      { kind: 'browser', url: `${site.url}/browser/profile?total=10`, mentionKind: 'influencer', recipe: profileRecipe, state: {} },
      { fetcher, browser: pool },
    );
    expect(r.mentions).toHaveLength(10);
    expect(r.mentions[0]).toEqual({
      kind: 'influencer',
      externalId: 'ig1',
      url: `${site.url}/browser/p/1`,
      author: { handle: '@mia.glow', followers: 120500 },
      text: 'Day 1 with @lumenbeauty serum ✨ #ad #glow https://lumen.example.com/serum?ref=mia1',
      caption: 'Day 1 with @lumenbeauty serum ✨ #ad #glow https://lumen.example.com/serum?ref=mia1',
      publishedAt: '2026-11-01T10:00:00.000Z',
      engagement: { likes: 100, comments: 1 },
    });
    expect(r.mentions.map((m) => m.externalId)).toEqual(Array.from({ length: 10 }, (_, i) => `ig${i + 1}`));
    // incremental: nothing new the second time
    const again = await runSource(
      { kind: 'browser', url: `${site.url}/browser/profile?total=10`, mentionKind: 'influencer', recipe: profileRecipe, state: r.state },
      { fetcher, browser: pool },
    );
    expect(again.mentions).toHaveLength(0);
    expect(again.known).toBe(10);
  });

  it('honours robots.txt before navigating', async () => {
    await expect(
      runSource({ kind: 'browser', url: `${site.url}/private/secret`, recipe: profileRecipe, state: {} }, { fetcher, browser: pool }),
    ).rejects.toThrow(/robots\.txt forbids/);
  });

  it('a selector that never appears is a clear error', async () => {
    await expect(
      runSource(
        { kind: 'browser', url: `${site.url}/browser/p/1`, recipe: { ...profileRecipe, waitFor: '.nope', timeoutMs: 500 }, state: {} },
        { fetcher, browser: pool },
      ),
    ).rejects.toThrow(/selector "\.nope" did not appear within 500 ms/);
  });

  it('caps concurrency and reuses pages', async () => {
    let active = 0;
    let peak = 0;
    const before = pool.stats().pagesCreated;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        pool.withPage(async (page) => {
          active++;
          peak = Math.max(peak, active);
          await page.goto(`${site.url}/browser/p/2`);
          active--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(pool.stats().pagesCreated - before).toBeLessThanOrEqual(2);
  });

  it('restarts a crashed browser', async () => {
    const pids = pool.pids();
    expect(pids.length).toBeGreaterThan(0);
    const launches = pool.stats().launches;
    process.kill(pids[0], 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    const title = await pool.withPage(async (page) => {
      await page.goto(`${site.url}/browser/p/3`);
      return page.textContent('p');
    });
    expect(title).toBe('post 3');
    expect(pool.stats().launches).toBe(launches + 1);
  });

  it('relaunches the browser between jobs once it passes its memory cap', async () => {
    const small = createBrowserPool({ executablePath: services.chromium!, maxPages: 1, maxMemoryMb: 1 });
    try {
      for (let i = 0; i < 11; i++) await small.withPage((page) => page.goto(`${site.url}/browser/p/${i}`));
      expect(small.stats().memoryRestarts).toBeGreaterThanOrEqual(1);
      expect(small.stats().launches).toBe(2);
    } finally {
      await small.close();
    }
  });

  it('without a pool the browser kind is a clear error', async () => {
    await expect(runSource({ kind: 'browser', url: `${site.url}/browser/profile`, recipe: profileRecipe, state: {} }, { fetcher })).rejects.toThrow(/needs a browser pool/);
  });
});
