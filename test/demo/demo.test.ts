// The demo: its story (content), the bundled site the sources scrape (read by the real scrapers),
// the workspace created through the real API, and the `trustlens demo` command itself.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetcher, runSource } from '../../scrapers/index.js';
import { validateRecipe } from '../../scrapers/recipe-schema.js';
import { demoItems } from '../../src/demo/content.js';
import { DuplicateIndex } from '../../src/scoring/minhash.js';
import { startDemo, type RunningDemo } from '../../src/demo/run.js';
import { CREATOR_RECIPE, startDemoSite, STORY_HOURS, type DemoSite } from '../../src/demo/site.js';
import { DEMO_SCHEDULE } from '../../src/demo/workspace.js';

const items = demoItems();
const maya = items.filter((i) => i.brand === 'maya');
const verde = items.filter((i) => i.brand === 'verde');

describe('demo story', () => {
  it('is bilingual and deterministic', () => {
    expect(new Set(items.map((i) => i.lang))).toEqual(new Set(['en', 'es']));
    expect(items.filter((i) => i.lang === 'es').length).toBeGreaterThan(30);
    expect(demoItems()).toEqual(items);
    expect(new Set(items.map((i) => i.id)).size).toBe(items.length);
  });

  it('turns the £50 calendar sour: friendly day one, a wave of 1–2 star reviews by hour 40', () => {
    const reviews = maya.filter((i) => i.channel === 'review');
    const low = (from: number, to: number) => {
      const w = reviews.filter((i) => i.h >= from && i.h < to);
      return w.filter((i) => (i.rating ?? 5) <= 2).length / w.length;
    };
    expect(low(0, 24)).toBe(0);
    expect(low(40, 48)).toBeGreaterThan(0.8);
    // Enough negative volume in the last hours for the backlash detector (≥ 5 per hour).
    expect(reviews.filter((i) => i.h >= 45 && (i.rating ?? 5) <= 2).length / 3).toBeGreaterThanOrEqual(5);
    const text = maya.map((i) => i.text).join('\n');
    expect(text).toContain('£50');
    expect(text).toMatch(/nothing to do with her brand/);
    expect(text).toMatch(/no tiene nada que ver con su marca/i);
  });

  it('includes near-duplicate generic 5-star fakes and an undisclosed sponsored post', () => {
    const fakes = maya.filter((i) => i.channel === 'review' && /amazing.*calendar|best gift ever/i.test(i.text));
    expect(fakes.length).toBeGreaterThanOrEqual(4);
    expect(fakes.every((f) => f.rating === 5 && !f.verified)).toBe(true);
    const sponsored = maya.filter((i) => i.channel === 'post' && /code [A-Z0-9]+/i.test(i.text));
    expect(sponsored.length).toBeGreaterThanOrEqual(1);
    expect(sponsored.some((p) => !/#ad\b|#sponsored|publicidad|#publi/i.test(p.text))).toBe(true);
  });

  it('writes honest reviews as different people would: the near-duplicate index flags the fakes, not them', () => {
    const reviews = [...maya, ...verde].filter((i) => i.channel === 'review');
    const honest = reviews.filter((i) => !i.id.includes('fake'));
    expect(new Set(honest.map((i) => i.text)).size).toBe(honest.length);
    for (const brand of [maya, verde]) {
      // In story order, as the pipeline meets them.
      const dup = new DuplicateIndex();
      let honestN = 0, honestMatched = 0, fakeMatched = 0;
      for (const i of brand.filter((x) => x.channel === 'review')) {
        const hit = dup.check(i.id, i.text) !== null;
        if (i.id.includes('fake')) fakeMatched += hit ? 1 : 0;
        else { honestN++; honestMatched += hit ? 1 : 0; }
      }
      // Measured: Maya Lune 5 of 136 honest reviews, Verde Skin 3 of 54 (parts of their texts
      // come from short lists); the fakes repeat each other on purpose.
      expect(honestMatched / honestN, brand[0]!.brand).toBeLessThan(0.08);
      if (brand === maya) expect(fakeMatched).toBeGreaterThanOrEqual(2);
    }
  });

  it('praises the shade range for matching its inclusive mission, with a disclosed partnership', () => {
    const reviews = verde.filter((i) => i.channel === 'review');
    expect(reviews.filter((i) => (i.rating ?? 0) >= 4).length / reviews.length).toBeGreaterThan(0.75);
    expect(verde.map((i) => i.text).join(' ')).toMatch(/inclusive|every skin tone|deep skin/i);
    expect(verde.some((i) => i.channel === 'post' && /^#ad\b/.test(i.text))).toBe(true);
  });
});

describe('demo site, read by the real scrapers', () => {
  let t = 0;
  let site: DemoSite;
  const start = Date.parse('2026-11-29T12:00:00.000Z');
  beforeAll(async () => { site = await startDemoSite({ speed: 1, startedAt: start, now: () => start + t }); });
  afterAll(async () => { await site.close(); });
  const fetcher = createFetcher({ userAgent: 'TrustLensBot/0.1 (test)', timeoutMs: 5000, maxBytes: 5_000_000, hostDelayMs: 0, hostConcurrency: 4 });

  it('releases the story progressively over simulated hours', async () => {
    t = 0;
    const first = await (await fetch(`${site.url}/status`)).json() as { simHours: number; released: number; total: number };
    expect(first.simHours).toBe(0);
    expect(first.released).toBe(items.filter((i) => i.h <= 0).length);
    const none = await runSource({ kind: 'schema-reviews', url: `${site.url}/shop/lune-advent-calendar/reviews`, state: {} }, { fetcher });
    expect(none.mentions).toHaveLength(0);
    t = 10_000; // 10 s at speed 1 = 10 simulated hours
    const r = await runSource({ kind: 'schema-reviews', url: `${site.url}/shop/lune-advent-calendar/reviews`, state: {} }, { fetcher });
    expect(r.mentions.length).toBe(maya.filter((i) => i.channel === 'review' && i.h <= 10).length);
    t = STORY_HOURS * 1000 * 2;
    expect(site.simHours()).toBe(STORY_HOURS);
    expect(site.released()).toHaveLength(items.length);
  });

  it('serves reviews in JSON-LD with pagination, dated in the real past', async () => {
    t = STORY_HOURS * 1000;
    const r = await runSource({ kind: 'schema-reviews', url: `${site.url}/shop/lune-advent-calendar/reviews`, recipe: { maxPages: 3 }, state: {} }, { fetcher });
    expect(r.pagesFetched).toBe(3);
    expect(r.mentions).toHaveLength(30);
    const dates = r.mentions.map((m) => Date.parse(m.publishedAt!));
    expect(Math.max(...dates)).toBeLessThanOrEqual(start + t);
    expect(Math.min(...dates)).toBeGreaterThan(start - STORY_HOURS * 3_600_000);
    expect(r.mentions[0]).toMatchObject({ kind: 'review', rating: { best: 5 } });
    expect(r.mentions.some((m) => m.langHint === 'es')).toBe(true);
    // The next run re-reads page 1 (nothing new there) and resumes where the capped crawl stopped:
    // only older reviews it has not returned yet, never one of the first 30.
    const again = await runSource({ kind: 'schema-reviews', url: `${site.url}/shop/lune-advent-calendar/reviews`, recipe: { maxPages: 3 }, state: r.state }, { fetcher });
    const first = new Set(r.mentions.map((m) => m.externalId));
    expect(again.mentions.filter((m) => first.has(m.externalId))).toEqual([]);
    let state = again.state;
    let last = again;
    for (let i = 0; i < 10 && last.mentions.length > 0; i++) {
      last = await runSource({ kind: 'schema-reviews', url: `${site.url}/shop/lune-advent-calendar/reviews`, recipe: { maxPages: 3 }, state }, { fetcher });
      state = last.state;
    }
    expect(last.mentions).toHaveLength(0);
  });

  it('serves an RSS feed of distinct items, and creator posts for a valid selector recipe', async () => {
    t = STORY_HOURS * 1000;
    const feed = await runSource({ kind: 'feed', url: `${site.url}/feeds/maya.rss`, mentionKind: 'social', state: {} }, { fetcher });
    expect(feed.mentions).toHaveLength(60);
    expect(feed.skipped).toEqual([]);
    expect(() => validateRecipe(CREATOR_RECIPE, 'recipe')).not.toThrow();
    const posts = await runSource({ kind: 'recipe', url: `${site.url}/creators/maya`, mentionKind: 'influencer', recipe: { ...CREATOR_RECIPE }, state: {} }, { fetcher });
    expect(posts.mentions).toHaveLength(maya.filter((i) => i.channel === 'post').length);
    const promo = posts.mentions.find((m) => /code TIA15/.test(m.caption ?? ''));
    expect(promo).toMatchObject({ kind: 'influencer', author: { handle: '@tiaglow', followers: 182000 }, engagement: { likes: 9400 } });
  });

  it('answers unknown paths with 404 and other methods with 405', async () => {
    expect((await fetch(`${site.url}/nope`)).status).toBe(404);
    expect((await fetch(`${site.url}/shop/unknown/reviews`)).status).toBe(404);
    expect((await fetch(`${site.url}/feeds/maya.rss`, { method: 'POST' })).status).toBe(405);
  });
});

describe('demo workspace on a real TrustLens', () => {
  let demo: RunningDemo;
  beforeAll(async () => { demo = await startDemo({ port: 0, speed: 1, env: { TRUSTLENS_LOG_LEVEL: 'silent' } }); });
  afterAll(async () => { await demo?.close(); });

  it('answers /api/health and holds two brands, two launches and six scheduled sources', async () => {
    const h = await fetch(`${demo.url}/api/health`);
    expect(h.status).toBe(200);
    const brands = (await (await fetch(`${demo.url}/api/brands`)).json()) as { items: { name: string; mission: string }[] };
    expect(brands.items.map((b) => b.name).sort()).toEqual(['Maya Lune', 'Verde Skin']);
    expect(brands.items.every((b) => b.mission.length > 20)).toBe(true);
    const launches = (await (await fetch(`${demo.url}/api/launches`)).json()) as { items: { name: string; price: string; startAt: string }[] };
    expect(launches.items.map((l) => l.price).sort()).toEqual(['£24', '£50']);
    const sources = (await (await fetch(`${demo.url}/api/sources`)).json()) as { items: { kind: string; url: string; schedule: string; enabled: boolean }[] };
    expect(sources.items).toHaveLength(6);
    expect(new Set(sources.items.map((s) => s.kind))).toEqual(new Set(['feed', 'schema-reviews', 'recipe']));
    expect(sources.items.every((s) => s.url.startsWith(demo.site.url) && s.schedule === DEMO_SCHEDULE && s.enabled)).toBe(true);
  });

  it('uses a fresh store in a temporary folder', async () => {
    expect(demo.dataDir).toMatch(/trustlens-demo-/);
    expect(await demo.server.runtime.store.countMentions({ text: 'this text is in no demo item' })).toBe(0);
  });
});

// The whole story through the pipeline (scheduler → scrapers → scoring → store → detection).
describe('demo through the wired pipeline', () => {
  it('stores mentions and opens a backlash alert for the calendar within a minute', async () => {
    const demo = await startDemo({ port: 0, speed: 4, env: { TRUSTLENS_LOG_LEVEL: 'silent' } });
    try {
      const store = demo.server.runtime.store;
      const deadline = Date.now() + 55_000;
      // Sources run on their own schedules: the backlash alert can open before the posts that
      // open the sponsorship and mission alerts are scraped, so wait for all three kinds.
      const expected = ['backlash', 'undisclosed-sponsorship', 'mission-mismatch'];
      const mayaKinds = async () => new Set<string>((await store.listAlerts({ brandId: demo.workspace.brands.maya.id })).map((a) => a.kind));
      let kinds = await mayaKinds();
      while (!expected.every((k) => kinds.has(k)) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1000));
        kinds = await mayaKinds();
      }
      const alerts = await store.listAlerts({ kind: 'backlash' });
      expect(await store.countMentions({ brandId: demo.workspace.brands.maya.id })).toBeGreaterThan(100);
      expect(alerts.some((a) => a.brandId === demo.workspace.brands.maya.id)).toBe(true);
      expect(alerts.some((a) => a.brandId === demo.workspace.brands.verde.id)).toBe(false);
      const backlash = alerts.find((a) => a.brandId === demo.workspace.brands.maya.id)!;
      // The explanation names what people complain about, with linked samples.
      expect([...backlash.evidence.topAspects, ...backlash.evidence.topTerms].join(' ')).toMatch(/price|£50|overpriced|brand/i);
      expect(backlash.evidence.samples.length).toBeGreaterThan(0);
      expect(backlash.evidence.figures.negPerHour).toBeGreaterThan(backlash.evidence.figures.baselineNegPerHour);
      const all = await store.listAlerts({ brandId: demo.workspace.brands.maya.id });
      // One backlash alert for the episode: the launch's, not a second one for the brand as a whole.
      expect(all.filter((a) => a.kind === 'backlash')).toHaveLength(1);
      expect(all.filter((a) => a.kind === 'backlash')[0].launchId).toBe(demo.workspace.launches.maya.id);
      expect(all.map((a) => a.kind)).toEqual(expect.arrayContaining(['undisclosed-sponsorship', 'mission-mismatch']));
    } finally {
      await demo.close();
    }
  }, 70_000);
});

describe('trustlens demo (the command)', () => {
  it('starts, prints its URLs, answers /api/health, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'demo', '--port', '0', '--speed', '2'], {
      env: { ...process.env, TRUSTLENS_LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      const deadline = Date.now() + 25_000;
      while (!/demo running: (http:\/\/127\.0\.0\.1:\d+)/.test(err) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const url = err.match(/demo running: (http:\/\/127\.0\.0\.1:\d+)/)?.[1];
      expect(url, err).toBeDefined();
      const h = await fetch(`${url}/api/health`);
      expect(h.status).toBe(200);
      expect(err).toMatch(/Demo site \(fictional brands\): http:\/\/127\.0\.0\.1:\d+\//);
      expect(err).toMatch(/in about 24 s/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 40_000);

  it('refuses a bad --speed with a clear message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'demo', '--speed', 'fast'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(err).toContain('--speed: expected');
  }, 30_000);
});
