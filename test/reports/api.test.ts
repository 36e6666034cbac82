// The report endpoints end to end: real Express app, real SQLite store, real HTTP, API keys.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InlineQueue } from '../../jobs/inline-queue.js';
import { createApp } from '../../src/api/app.js';
import { generateKey, hashKey } from '../../src/api/auth.js';
import { makeReportRoutes } from '../../src/api/routes/reports.js';
import { loadConfig } from '../../src/core/config.js';
import { createLogger } from '../../src/core/logger.js';
import type { Brand, Launch, Mention, RollupIncrement } from '../../src/core/types.js';
import { SqliteStore } from '../../src/store/sqlite/index.js';
import { alertInput, brandInput, launchInput, mention, sourceInput } from '../store/factories.js';

const HOUR = 3_600_000;
const NOW = new Date('2026-03-05T00:00:00.000Z');

/** What the ingest pipeline adds to rollups for one new mention. */
function incrementOf(m: Mention): RollupIncrement {
  const d = new Date(m.publishedAt);
  d.setUTCMinutes(0, 0, 0);
  const label = m.scores.sentiment.label;
  const aspects: Record<string, number> = {};
  for (const a of m.scores.aspects) aspects[`${a.aspect}:${a.polarity}`] = (aspects[`${a.aspect}:${a.polarity}`] ?? 0) + 1;
  return {
    brandId: m.brandId, launchId: m.launchId ?? '', kind: m.kind, hour: d.toISOString(), count: 1,
    sentimentSum: m.scores.sentiment.score, pos: label === 'positive' ? 1 : 0, neu: label === 'neutral' ? 1 : 0, neg: label === 'negative' ? 1 : 0,
    fakeSuspects: m.flags.fakeSuspect ? 1 : 0, mismatches: m.flags.mismatch ? 1 : 0, undisclosed: m.flags.undisclosed ? 1 : 0, fiveStar: 0,
    reach: m.author?.followers ?? 0, aspects,
  };
}

describe('report API (real SQLite, real HTTP)', () => {
  let dir: string;
  let store: SqliteStore;
  let queue: InlineQueue;
  let server: Server;
  let url: string;
  let a: Brand;
  let b: Brand;
  let la: Launch;
  let lb: Launch;
  let viewer: Record<string, string>;
  let scopedA: Record<string, string>;

  const call = async (path: string, headers: Record<string, string> = viewer) => {
    const res = await fetch(url + path, { headers });
    const text = await res.text();
    let body: any = text;
    try { body = JSON.parse(text); } catch { /* CSV */ }
    return { status: res.status, body, text, headers: res.headers };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trustlens-reports-'));
    store = new SqliteStore({ path: join(dir, 'trustlens.db') });
    await store.init();
    queue = new InlineQueue();
    const config = loadConfig({ TRUSTLENS_DATA_DIR: dir, TRUSTLENS_LOG_LEVEL: 'silent', TRUSTLENS_REQUIRE_KEYS: 'true', TRUSTLENS_PORT: '0' });
    const app = createApp({ store, queue, config, clock: { now: () => NOW }, logger: createLogger('silent') }, { apiRouters: [makeReportRoutes({ cacheTtlMs: 0 })] });
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    const addr = server.address();
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;

    a = await store.createBrand(brandInput({ name: 'Verde Skin' }));
    // A hostile name: must reach CSV defused.
    b = await store.createBrand(brandInput({ name: '=HYPERLINK("http://evil")' }));
    la = await store.createLaunch(launchInput(a.id, { name: 'Glow Calendar', startAt: '2026-03-01T00:00:00.000Z', endAt: undefined }));
    lb = await store.createLaunch(launchInput(b.id, { name: 'Inclusive Range', type: 'campaign', startAt: '2026-02-01T00:00:00.000Z', endAt: undefined }));
    const srcA = await store.createSource(sourceInput(a.id));
    const srcB = await store.createSource(sourceInput(b.id));

    const mentions: Mention[] = [];
    // Brand A baseline: 4 a day for 28 days before the launch, mostly positive.
    for (let i = 0; i < 112; i++) {
      const at = new Date(Date.parse(la.startAt) - (i + 1) * 6 * HOUR).toISOString();
      mentions.push(mention({ sourceId: srcA.id, brandId: a.id, externalId: `base-${i}`, publishedAt: at, label: i % 10 === 0 ? 'negative' : 'positive', text: 'lovely serum, gentle on skin' }));
    }
    // Launch A: 80 mentions in the first 20 hours, half negative about the price.
    for (let i = 0; i < 80; i++) {
      const at = new Date(Date.parse(la.startAt) + Math.floor(i / 4) * HOUR + 60_000).toISOString();
      const neg = i % 2 === 0;
      const m = mention({ sourceId: srcA.id, brandId: a.id, launchId: la.id, externalId: `la-${i}`, publishedAt: at, label: neg ? 'negative' : 'positive',
        kind: i % 8 === 1 ? 'influencer' : 'review', text: neg ? 'overpriced calendar, the price is a joke' : 'cute calendar box', flags: { negative: neg, fakeSuspect: i % 10 === 3, undisclosed: i % 16 === 1 } });
      m.author = { handle: `@fan${i % 5}`, followers: (i % 5) * 1000 };
      m.engagement = { likes: i };
      mentions.push(m);
    }
    // Launch B (campaign): 80 mentions in its first 20 hours, mostly positive.
    for (let i = 0; i < 80; i++) {
      const at = new Date(Date.parse(lb.startAt) + Math.floor(i / 4) * HOUR + 60_000).toISOString();
      mentions.push(mention({ sourceId: srcB.id, brandId: b.id, launchId: lb.id, externalId: `lb-${i}`, publishedAt: at, label: i % 10 === 0 ? 'negative' : 'positive', text: 'finally a shade for me' }));
    }
    const res = await store.upsertMentions(mentions);
    await store.addToRollups(res.insertedMentions.map(incrementOf));
    const alert = await store.createAlert({ ...alertInput(a.id), openedAt: '2026-03-01T10:00:00.000Z' });
    await store.updateAlert(alert.id, { status: 'acknowledged', acknowledgedAt: '2026-03-01T12:00:00.000Z', acknowledgedBy: 'pr' });

    const mk = async (role: 'viewer' | 'admin', brandIds: string[] = []) => {
      const key = generateKey();
      await store.createApiKey({ name: role, hash: hashKey(key), role, brandIds });
      return { authorization: `Bearer ${key}` };
    };
    viewer = await mk('viewer');
    scopedA = await mk('viewer', [a.id]);
  });

  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await queue.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves a launch trend in hour buckets of a time zone, with samples', async () => {
    const r = await call(`/api/reports/trend?launchId=${la.id}&from=2026-02-28T23:00:00Z&to=2026-03-02T00:00:00Z&bucket=hour&tz=Europe/Madrid`);
    expect(r.status).toBe(200);
    expect(r.body.target).toMatchObject({ type: 'launch', launchId: la.id, brandId: a.id, launchName: 'Glow Calendar' });
    expect(r.body.range).toMatchObject({ bucket: 'hour', timeZone: 'Europe/Madrid' });
    expect(r.body.buckets).toHaveLength(25);
    expect(r.body.buckets[1]).toMatchObject({ start: '2026-03-01T00:00:00.000Z', label: '2026-03-01T01:00:00+01:00', volume: 4, negativeShare: 0.5 });
    expect(r.body.totals.volume).toBe(80);
    expect(r.body.totals.negativeShare).toBe(0.5);
    expect(r.body.byKind.influencer.volume).toBe(10);
    expect(r.body.totals.undisclosedShare).toBe(0.5);
    expect(r.body.aspects.top[0].aspect).toBe('price');
    expect(r.body.topAuthors.authors[0]).toMatchObject({ author: '@fan4', followers: 4000 });
    expect(r.body.risingTerms).not.toBeNull();
    expect(r.body.method.sentimentCi).toMatch(/Bhatia–Davis/);
  });

  it('serves a brand trend by day and week (default brand range, 30 days)', async () => {
    const day = await call(`/api/reports/trend?brandId=${a.id}&bucket=day&samples=false`);
    expect(day.status).toBe(200);
    expect(day.body.buckets.length).toBeGreaterThanOrEqual(30);
    expect(day.body.risingTerms).toBeNull();
    // 30 days before NOW: baseline mentions from Feb 3 on + the 80 launch mentions.
    expect(day.body.totals.volume).toBeGreaterThan(80);
    const week = await call(`/api/reports/trend?brandId=${a.id}&bucket=week&from=2026-02-02T00:00:00Z&to=2026-03-02T00:00:00Z&samples=false`);
    expect(week.body.buckets.map((x: { label: string }) => x.label)[0]).toBe('2026-02-02T00:00:00+00:00');
    expect(week.body.totals.volume).toBe(112 - 4 + 80); // Feb 2 onwards: 27 days × 4 baseline + launch
  });

  it('serves the trend as CSV', async () => {
    const r = await call(`/api/reports/trend?launchId=${la.id}&from=2026-03-01T00:00:00Z&to=2026-03-02T00:00:00Z&bucket=day&format=csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(r.headers.get('content-disposition')).toMatch(/attachment; filename="trend-[0-9a-f]{24}-day\.csv"/);
    const lines = r.text.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^start_utc,start_local,hours,volume,sentiment_mean/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^2026-03-01T00:00:00.000Z,2026-03-01T00:00:00\+00:00,24,80,/);
  });

  it('serves launch reception against the baseline', async () => {
    const r = await call(`/api/reports/reception?launchId=${la.id}`);
    expect(r.status).toBe(200);
    expect(r.body.baseline.measures.volume).toBe(112);
    const [w24, w72, w7] = r.body.windows;
    expect(w24).toMatchObject({ name: '24h', complete: true, basis: 'launch' });
    expect(w24.launch.volume).toBe(80);
    expect(w24.changes.negativeShare.significant).toBe(true);
    expect(w24.changes.volumePerHour.ratio).toBeCloseTo(20, 0);
    expect(w24.complaints[0].aspect).toBe('price');
    expect(w72.complete).toBe(true);
    expect(w7).toMatchObject({ complete: false, hoursObserved: 96 });
    expect(r.body.summary[0]).toMatch(/^24h: volume ×/);
    expect(r.body.samples.complaints).toHaveLength(3);
    expect(r.body.samples.complaints[0].text).toMatch(/overpriced/);
    expect(r.body.samples.complaints[0].engagement).toBe(78);
  });

  it('compares launches aligned on days since start, as JSON and CSV with formulas defused', async () => {
    const r = await call(`/api/reports/compare?launchIds=${la.id},${lb.id}&days=3`);
    expect(r.status).toBe(200);
    expect(r.body.mode).toBe('launches');
    expect(r.body.targets.map((t: { key: string }) => t.key)).toEqual(['A', 'B']);
    expect(r.body.targets[0].series.map((p: { volume: number }) => p.volume)).toEqual([80, 0, 0]);
    expect(r.body.targets[1].series.map((p: { volume: number }) => p.volume)).toEqual([80, 0, 0]);
    const d = r.body.differences[0];
    expect(d.negativeShare).toMatchObject({ significant: true, effect: 'large' }); // h = 2·asin√0.5 − 2·asin√0.1 = 0.93
    expect(d.negativeShare.diff).toBeCloseTo(0.4, 6);
    expect(d.mismatchRate.verdict).toMatch(/^not significant \(noise\)/);

    const csv = await call(`/api/reports/compare?launchIds=${la.id},${lb.id}&days=3&format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain(`B,"'=HYPERLINK(""http://evil"")",Inclusive Range,campaign,`);
  });

  it('compares brands over the same calendar range', async () => {
    const r = await call(`/api/reports/compare?brandIds=${a.id},${b.id}&from=2026-01-25T00:00:00Z&to=2026-03-03T00:00:00Z`);
    expect(r.status).toBe(200);
    expect(r.body.mode).toBe('brands');
    expect(r.body.targets[0].measures.volume).toBe(192);
    expect(r.body.targets[1].measures.volume).toBe(80);
    expect(r.body.targets[0].series).toHaveLength(37);
  });

  it('ranks brands by trust index with components', async () => {
    const r = await call('/api/reports/trust-index?from=2026-01-01T00:00:00Z&to=2026-03-05T00:00:00Z');
    expect(r.status).toBe(200);
    expect(r.body.ranking).toHaveLength(2);
    expect(r.body.ranking[0].brandId).toBe(b.id); // mostly positive, no fakes
    expect(r.body.ranking.map((x: { rank: number }) => x.rank)).toEqual([1, 2]);
    const ta = r.body.ranking[1];
    const resp = ta.components.find((c: { name: string }) => c.name === 'responsiveness');
    expect(resp.value).toBeCloseTo(0.6 + 0.4 * (1 - 2 / 48), 3);
    const sum = ta.components.reduce((s: number, c: { contribution: number }) => s + c.contribution, 0);
    expect(sum).toBeCloseTo(ta.index, 0);
  });

  it('answers 400 on bad parameters', async () => {
    for (const q of [
      `trend?brandId=${a.id}&tz=Mars/Olympus`,
      `trend?brandId=${a.id}&bucket=month`,
      `trend?brandId=${a.id}&format=xml`,
      `trend?brandId=${a.id}&isAdmin=1`,
      `trend?brandId[$ne]=x`,
      'trend?bucket=day',
      `trend?brandId=${a.id}&from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z`,
      `trend?brandId=${a.id}&from=2025-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=hour`,
      `trend?brandId=${a.id}&from=yesterday`,
      'reception',
      'reception?launchId=123',
      `compare?launchIds=${la.id}`,
      `compare?launchIds=${la.id},${la.id}`,
      `compare?launchIds=${la.id},${lb.id}&brandIds=${a.id},${b.id}`,
      `compare?launchIds=${la.id},${lb.id}&days=365`,
      'trust-index?brandIds=nope',
    ]) {
      const r = await call(`/api/reports/${q}`);
      expect(r.status, q).toBe(400);
      expect(r.headers.get('content-type'), q).toMatch(/application\/problem\+json/);
    }
    const missing = await call('/api/reports/reception?launchId=ffffffffffffffffffffffff');
    expect(missing.status).toBe(404);
  });

  it('answers 401 without a key and 403 outside the key\'s brand scope, learning nothing', async () => {
    expect((await call(`/api/reports/trend?brandId=${a.id}`, {})).status).toBe(401);
    expect((await call(`/api/reports/trend?brandId=${a.id}&samples=false`, scopedA)).status).toBe(200);
    for (const q of [
      `trend?brandId=${b.id}`,
      `trend?launchId=${lb.id}`,
      `trend?launchId=${la.id}&brandId=${b.id}`,
      `reception?launchId=${lb.id}`,
      'reception?launchId=ffffffffffffffffffffffff',
      `compare?launchIds=${la.id},${lb.id}`,
      `compare?brandIds=${a.id},${b.id}`,
      `trust-index?brandIds=${b.id}`,
      `trust-index?brandIds=${a.id},${b.id}`,
    ]) {
      const r = await call(`/api/reports/${q}`, scopedA);
      expect(r.status, q).toBe(403);
      expect(r.text, q).not.toContain('HYPERLINK');
      expect(r.text, q).not.toContain('Inclusive');
    }
    const own = await call('/api/reports/trust-index', scopedA);
    expect(own.status).toBe(200);
    expect(own.body.ranking.map((x: { brandId: string }) => x.brandId)).toEqual([a.id]);
  });

  it('documents the endpoints in the OpenAPI document', async () => {
    const r = await call('/api/openapi.json');
    for (const p of ['/api/reports/trend', '/api/reports/reception', '/api/reports/compare', '/api/reports/trust-index']) {
      expect(r.body.paths[p]?.get?.['x-required-role'], p).toBe('viewer');
    }
    expect(Object.keys(r.body.paths['/api/reports/trend'].get.responses['200'].content)).toEqual(['application/json', 'text/csv']);
  });
});
