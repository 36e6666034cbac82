// The whole pipeline as a user runs it, in either mode: a launch's reception turns sour on a
// local feed, the schedule runs, mentions are scored and stored, a backlash alert opens with the
// right explanation, and a webhook that fails twice still receives exactly one signed delivery.
// Time is injected: the test moves the clock through the launch's first hours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../src/core/time.js';
import { DELIVERY_HEADER, TIMESTAMP_HEADER, verifySignature } from '../../jobs/notify.js';
import { importMentions, importSource } from '../../jobs/import.js';
import { scoreMention } from '../../src/scoring/index.js';
import { aspectModelToFile } from '../../src/scoring/aspect-model.js';
import { trainAspectModels } from '../../src/scoring/aspect-train.js';
import { rollupIncrements } from '../../jobs/ingest.js';
import type { Mention, RescoreRun } from '../../src/core/types.js';
import type { TestServer } from '../support/server.js';
import { MovableClock, T0, baselineRows, startReceiver, startStorySite, storyItems, waitFor, type Receiver, type StorySite } from './launch-story.js';

const SECRET = 'e2e-webhook-secret-0123456789';

/** `start` gives a running TrustLens on the clock (workers included) and how to stop it all. */
export function pipelineScenario(name: string, start: (clock: MovableClock, tuning: { notifyBackoffMs: number }) => Promise<{ server: TestServer; close(): Promise<void> }>): void {
describe(`pipeline end to end (${name})`, () => {
  const clock = new MovableClock(T0 - HOUR_MS);
  let s: TestServer;
  let stop: () => Promise<void>;
  let site: StorySite;
  let receiver: Receiver;
  let brandId: string;
  let launchId: string;
  let sourceId: string;

  beforeAll(async () => {
    site = await startStorySite();
    receiver = await startReceiver(2, () => clock.ms);
    const started = await start(clock, { notifyBackoffMs: 100 });
    s = started.server;
    stop = started.close;
    const brand = await s.call('POST', '/api/brands', {
      name: 'Lune Labs', mission: 'Thoughtful skincare gifts', values: ['quality'], keywords: ['lune labs', 'glow calendar'],
      webhooks: [{ url: receiver.url, format: 'json', secret: SECRET }],
    });
    brandId = brand.body.id;
    launchId = (await s.call('POST', '/api/launches', { brandId, name: 'Glow calendar', startAt: new Date(T0).toISOString(), price: '£50' })).body.id;
    // A quiet fortnight before the launch, through the import path (trustlens import).
    const b = (await s.runtime.store.getBrand(brandId))!;
    const rows = baselineRows('Lune Labs');
    const imported = await importMentions((async function* () { let line = 1; for (const value of rows) yield { line: line++, value }; })(),
      b, await importSource(s.runtime.store, b, 'baseline'), { store: s.runtime.store, clock, score: (m, ctx) => scoreMention(m, ctx) });
    expect(imported.imported).toBe(rows.length);
  });

  afterAll(async () => {
    await stop?.();
    await site?.close();
    await receiver?.close();
  });

  const stored = () => s.runtime.store.countMentions({ sourceId });
  const detectIdle = async () => {
    const c = await s.runtime.queue.pending('detect');
    // Not `delayed`: bull keeps the next tick of the periodic detect schedule there.
    return c.waiting + c.active === 0;
  };

  it('collects on schedule, opens one explained backlash alert, and delivers it once, signed', async () => {
    const src = await s.call('POST', '/api/sources', {
      brandId, launchId, name: 'Calendar talk', kind: 'feed', url: `${site.url}/feed.xml`, mentionKind: 'social', schedule: '* * * * * *',
    });
    expect(src.status).toBe(201);
    sourceId = src.body.id;

    const alertsBy = async (hour: number) => {
      site.hours = hour + 1;
      clock.set(T0 + hour * HOUR_MS + 50 * 60_000);
      const want = storyItems(hour + 1).length;
      await waitFor(`hour ${hour}: ${want} mentions stored`, async () => (await stored()) === want);
      await waitFor('detection to settle', async () => (await new Promise((r) => setTimeout(r, 300)), await detectIdle()));
      return s.runtime.store.listAlerts({ brandId, kind: 'backlash' });
    };

    expect(await alertsBy(0)).toEqual([]); // a calm first hour
    expect(await alertsBy(1)).toEqual([]); // four complaints: below the minimum volume
    const opened = [...await alertsBy(2), ...await alertsBy(3)];
    expect(opened.length).toBeGreaterThan(0);
    const alerts = await s.runtime.store.listAlerts({ brandId, kind: 'backlash' });
    expect(alerts).toHaveLength(1); // one episode, one alert, updated as it grows
    const alert = alerts[0];
    expect(alert).toMatchObject({ status: 'open', launchId });
    expect(['medium', 'high']).toContain(alert.severity); // critical would be pushed a second time
    // The explanation: figures against baseline, what rose, and linked samples.
    expect(alert.evidence.figures.negPerHour).toBeGreaterThan(3 * alert.evidence.figures.baselineNegPerHour);
    expect(alert.evidence.figures.sentimentNow).toBeLessThan(alert.evidence.figures.sentimentBaseline);
    expect(alert.evidence.topAspects).toContain('price');
    expect(alert.evidence.topTerms.join(' | ')).toMatch(/£50|overpriced|nothing to do with her brand/);
    expect(alert.evidence.samples.length).toBeGreaterThan(0);
    for (const sample of alert.evidence.samples) expect(sample.url).toMatch(new RegExp(`^${site.url}/post/`));

    // The receiver failed twice, then accepted: exactly one accepted delivery, correctly signed.
    await waitFor('the webhook delivery', async () => receiver.requests.some((r) => r.status === 200), 15_000);
    await new Promise((r) => setTimeout(r, 1500)); // room for any duplicate to show up
    const forAlert = receiver.requests.filter((r) => r.headers[DELIVERY_HEADER] === alert.id);
    expect(forAlert.map((r) => r.status)).toEqual([500, 500, 200]);
    const ok = forAlert[2];
    // Checked as a receiver would a moment after it was sent. (Not at ok.at: the test moves its
    // simulated clock an hour at a time, and it may move while a retry is in flight.)
    const sentAt = Number(ok.headers[TIMESTAMP_HEADER]) * 1000;
    expect(ok.at).toBeGreaterThanOrEqual(sentAt - 1000);
    const now = sentAt + 2000;
    expect(verifySignature(SECRET, ok.headers, ok.body, now)).toBe(true);
    expect(verifySignature('wrong-secret-wrong-secret', ok.headers, ok.body, now)).toBe(false);
    expect(verifySignature(SECRET, ok.headers, ok.body.replace('Lune', 'Luna'), now)).toBe(false); // tampered
    expect(verifySignature(SECRET, ok.headers, ok.body, now + 3600_000)).toBe(false); // a replay an hour later
    expect(JSON.parse(ok.body)).toMatchObject({ id: alert.id, kind: 'backlash', brand: { id: brandId, name: 'Lune Labs' } });
    const viaApi = await s.call('GET', `/api/alerts/${alert.id}`);
    expect(viaApi.body.deliveries.map((d: { status: string }) => d.status)).toEqual(['failed', 'failed', 'delivered']);

    // The run log says what happened.
    const runs = (await s.call('GET', `/api/sources/${sourceId}/runs`)).body.items;
    expect(runs[0]).toMatchObject({ status: 'ok', errors: 0 });
    expect(runs.reduce((n: number, r: { new: number }) => n + r.new, 0)).toBe(storyItems(4).length);
  }, 90_000);

  it('changes no counts when the schedule re-runs over the same items', async () => {
    const total = await s.runtime.store.countMentions({ brandId });
    const before = new Set((await s.runtime.store.listScrapeRuns(sourceId, 50)).map((r) => r.id));
    await waitFor('two more scheduled runs', async () => {
      const runs = await s.runtime.store.listScrapeRuns(sourceId, 50);
      return runs.filter((r) => !before.has(r.id) && r.status === 'ok').length >= 2;
    }, 10_000);
    const rollups = await s.runtime.store.queryRollups({ brandId, from: new Date(T0 - 15 * 24 * HOUR_MS).toISOString(), to: new Date(T0 + 24 * HOUR_MS).toISOString() });
    expect(rollups.reduce((n, r) => n + r.count, 0)).toBe(total);
    expect(await s.runtime.store.countMentions({ brandId })).toBe(total);
  }, 30_000);

  it('pauses and resumes a source from the API', async () => {
    // The clock is frozen, so runs are told apart by id, not by start time.
    const runIds = async () => new Set((await s.runtime.store.listScrapeRuns(sourceId, 100)).map((r) => r.id));
    expect((await s.call('POST', `/api/sources/${sourceId}/pause`)).body.enabled).toBe(false);
    await new Promise((r) => setTimeout(r, 1500)); // a run already started may finish
    const paused = await runIds();
    await new Promise((r) => setTimeout(r, 2000));
    expect(await runIds()).toEqual(paused); // nothing ran while paused
    expect((await s.call('POST', `/api/sources/${sourceId}/resume`)).body.enabled).toBe(true);
    await waitFor('a run after resume', async () => [...await runIds()].some((id) => !paused.has(id)), 10_000);
    const run = await s.call('POST', `/api/sources/${sourceId}/run`);
    expect(run.status).toBe(202);
    expect(run.body.jobId).toBeTruthy();
  }, 30_000);

  it("rescores the brand's stored mentions when it saves a model of its own, and the rollups follow them exactly", async () => {
    await s.call('POST', `/api/sources/${sourceId}/pause`);
    const all = async () => {
      const out: Mention[] = [];
      let cursor: string | undefined;
      do {
        const page = await s.runtime.store.queryMentions({ brandId }, { cursor, limit: 500 });
        out.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return out;
    };
    const before = await all();
    const flagged = (m: Mention) => m.scores.aspects.some((a) => a.aspect === 'contact-frequency');
    expect(before.filter(flagged)).toEqual([]);
    // A made-up rule of this brand's labels (posts about the calendar are about contact
    // frequency), so the change can only come from its own model.
    const texts = [...new Set(before.map((m) => m.text))];
    const rows = texts.flatMap((t) => Array.from({ length: 3 }, (_, i) => ({ text: `${t} ${i}`, lang: 'en', aspects: /calendar/i.test(t) ? 'contact-frequency:negative' : '-' })));
    const file = aspectModelToFile(trainAspectModels({ tuneRows: rows, alsoRows: [] }).model, { name: 'lune:v1' });
    // First a dry run with the file (its JSON travels in the job): what it would change, nothing written.
    const dry = await s.call('POST', `/api/brands/${brandId}/rescore-preview`, { aspects: file });
    expect(dry.status).toBe(202);
    let preview: RescoreRun | undefined;
    await waitFor('the dry run', async () => {
      preview = ((await s.call('GET', `/api/brands/${brandId}/rescore-runs`)).body.items as RescoreRun[]).find((r) => r.jobId === dry.body.jobId && r.status === 'done');
      return preview !== undefined;
    }, 60_000);
    expect(preview).toMatchObject({ dryRun: true, total: before.length, scanned: before.length });
    expect(preview!.preview!.aspects['contact-frequency:negative']).toEqual({ before: 0, after: expect.any(Number) });
    expect(preview!.preview!.aspects['contact-frequency:negative']!.after).toBeGreaterThanOrEqual(before.filter((m) => /calendar/i.test(m.text)).length);
    expect(await all()).toEqual(before);
    const saved = await s.call('PUT', `/api/brands/${brandId}/models/aspects`, file);
    expect(saved.status).toBe(200);
    expect(saved.body.rescoreJobId).toBeTruthy();
    const about = (m: Mention) => /calendar/i.test(m.text);
    // FerretDB takes ~30 ms an update (real MongoDB a fraction of that), and hundreds change.
    await waitFor('the rescore job', async () => {
      const c = await s.runtime.queue.pending('rescore');
      return c.waiting + c.active + c.delayed === 0;
    }, 90_000);
    const after = await all();
    expect(after.length).toBe(before.length);
    expect(after.filter(about).length).toBeGreaterThan(0);
    expect(after.filter(about).every(flagged)).toBe(true);
    // The rollups hold exactly the stored mentions' counts, aspects included.
    const sum = (rs: { count: number; neg: number; aspects: Record<string, number> }[]) => {
      const out = { count: 0, neg: 0, aspects: {} as Record<string, number> };
      for (const r of rs) {
        out.count += r.count; out.neg += r.neg;
        for (const [k, v] of Object.entries(r.aspects)) if (v) out.aspects[k] = (out.aspects[k] ?? 0) + v;
      }
      out.aspects = Object.fromEntries(Object.entries(out.aspects).sort(([a], [b]) => a.localeCompare(b)));
      return out;
    };
    const rollups = await s.runtime.store.queryRollups({ brandId, from: new Date(T0 - 15 * 24 * HOUR_MS).toISOString(), to: new Date(T0 + 24 * HOUR_MS).toISOString() });
    expect(sum(rollups)).toEqual(sum(rollupIncrements(after)));
    expect(sum(rollups)).not.toEqual(sum(rollupIncrements(before)));
    expect(await s.runtime.store.resumePendingRescores(brandId)).toEqual([]);
    // The run is there to be followed: done, every mention read, the job the API answered with.
    const runs = (await s.call('GET', `/api/brands/${brandId}/rescore-runs`)).body.items;
    expect(runs[0]).toMatchObject({ jobId: saved.body.rescoreJobId, status: 'done', total: before.length, scanned: before.length });
    expect(runs[0].changed).toBeGreaterThanOrEqual(after.filter(about).length);
    // The dry run said as much: the contact-frequency verdicts it counted are the ones stored now.
    expect(sum(rollups).aspects['contact-frequency:negative']).toBe(preview!.preview!.aspects['contact-frequency:negative']!.after);
  }, 150_000);
});
}
