// A brand's own models through the API and the pipeline (embedded mode, real SQLite, real HTTP,
// the fixture site): a fake-review model saved with PUT scores the brand's next batches of
// reviews (their reasons name it), a replacement is picked up by version, and after DELETE the
// shipped model is back, and each change rescores the reviews stored before; an aspect model the
// same way, on its own. Files that are not models of their kind, and files over the size cap, are
// refused.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLabelledTsv } from '../../src/scoring/classifier-data.js';
import { trainFakeClassifier } from '../../src/scoring/fake-train.js';
import { aspectModelToFile } from '../../src/scoring/aspect-model.js';
import { trainAspectModels } from '../../src/scoring/aspect-train.js';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';
import { keyHeader, startTestServer, type TestServer } from '../support/server.js';
import type { Mention, RescoreRun } from '../../src/core/types.js';

const HARD = parseLabelledTsv(readFileSync(new URL('../fixtures/fake-hard/reviews.tsv', import.meta.url), 'utf8')).rows;
/** A model file as `trustlens train fake` writes it, named `name`. */
const modelFile = (name: string) => trainFakeClassifier(HARD, { name, rows: HARD.length }, { seed: 1 }).toJSON(0.002) as unknown as Record<string, unknown>;

describe("a brand's own models", () => {
  let s: TestServer;
  let site: FixtureSite;
  beforeAll(async () => {
    [s, site] = await Promise.all([startTestServer({ TRUSTLENS_HOST_DELAY_MS: '0' }), startFixtureSite()]);
  });
  afterAll(async () => { await Promise.all([s?.close(), site?.close()]); });

  /** Creates a paused source on the fixture shop's reviews, runs it once, returns what it stored. */
  async function scrape(brandId: string, name: string): Promise<Mention[]> {
    const src = await s.call('POST', '/api/sources', { brandId, name, kind: 'schema-reviews', mentionKind: 'review', url: `${site.url}/reviews/jsonld/1`, enabled: false });
    expect(src.status).toBe(201);
    expect((await s.call('POST', `/api/sources/${src.body.id}/run`)).status).toBe(202);
    const deadline = Date.now() + 15_000;
    while (!(await s.call('GET', `/api/sources/${src.body.id}/runs`)).body.items.some((r: { status: string }) => r.status !== 'running')) {
      if (Date.now() > deadline) throw new Error(`${name}: the run did not finish`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const got = (await s.call('GET', `/api/mentions?sourceId=${src.body.id}&limit=100`)).body.items as Mention[];
    expect(got).toHaveLength(15); // three pages linked by rel=next
    return got;
  }
  const modelsNamed = (ms: Mention[]) => new Set(ms.map((m) => /text model \(([^)]+)\)/.exec(m.scores.fake.reasons.join(' '))?.[1]));
  /** The models that scored the brand's stored reviews, once they are all `want` (the rescore job runs in the background). */
  async function rescoredTo(brandId: string, want: string[]): Promise<Set<string | undefined>> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const got = modelsNamed((await s.call('GET', `/api/mentions?brandId=${brandId}&limit=100`)).body.items as Mention[]);
      if ([...got].sort().join() === [...want].sort().join() || Date.now() > deadline) return got;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('is used for the brand\'s reviews from the next batch on, replaced by version, and dropped by DELETE', async () => {
    const brand = (await s.call('POST', '/api/brands', { name: 'Lumen Skin', mission: 'Gentle skincare.' })).body;
    const other = (await s.call('POST', '/api/brands', { name: 'Other Skin', mission: 'Other skincare.' })).body;
    const none = await s.call('GET', `/api/brands/${brand.id}/models/fake`);
    expect(none.status).toBe(404);
    expect(none.body.detail).toMatch(/shipped one is used/);

    const v1 = await s.call('PUT', `/api/brands/${brand.id}/models/fake`, modelFile('lumen:v1'));
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ brandId: brand.id, kind: 'fake', version: 1, name: 'lumen:v1', meta: { rows: 240 } });
    expect(v1.body.bytes).toBeGreaterThan(10_000);
    // Saving queued a rescore of the brand's stored mentions (none yet).
    expect(v1.body.rescoreJobId).toEqual(expect.any(String));
    delete v1.body.rescoreJobId;
    expect((await s.call('GET', `/api/brands/${brand.id}/models/fake`)).body).toEqual(v1.body);
    expect((await s.call('GET', `/api/brands/${brand.id}/models`)).body).toEqual({ items: [v1.body] });
    expect((await s.call('GET', `/api/brands/${other.id}/models`)).body).toEqual({ items: [] });
    expect((await s.call('GET', '/api/brands/0123456789abcdef01234567/models')).status).toBe(404);
    expect(modelsNamed(await scrape(brand.id, 'with v1'))).toEqual(new Set(['lumen:v1']));
    // Another brand's reviews keep the shipped model.
    expect(modelsNamed(await scrape(other.id, 'other brand'))).toEqual(new Set(['shipped:salminen-2022+trustlens-reviews']));

    const v2 = await s.call('PUT', `/api/brands/${brand.id}/models/fake`, modelFile('lumen:v2'));
    expect(v2.body.version).toBe(2);
    // The reviews stored with v1 are rescored with v2; new batches use v2.
    expect(await rescoredTo(brand.id, ['lumen:v2'])).toEqual(new Set(['lumen:v2']));
    expect(modelsNamed(await scrape(brand.id, 'with v2'))).toEqual(new Set(['lumen:v2']));

    expect((await s.call('DELETE', `/api/brands/${brand.id}/models/fake`)).status).toBe(204);
    expect((await s.call('DELETE', `/api/brands/${brand.id}/models/fake`)).status).toBe(404);
    expect(await rescoredTo(brand.id, ['shipped:salminen-2022+trustlens-reviews'])).toEqual(new Set(['shipped:salminen-2022+trustlens-reviews']));
    expect(modelsNamed(await scrape(brand.id, 'after delete'))).toEqual(new Set(['shipped:salminen-2022+trustlens-reviews']));
    // The other brand was never rescored with this brand's models.
    expect(await rescoredTo(other.id, ['shipped:salminen-2022+trustlens-reviews'])).toEqual(new Set(['shipped:salminen-2022+trustlens-reviews']));
    // A rescore on demand: 202 with its job; an unknown brand 404.
    const again = await s.call('POST', `/api/brands/${brand.id}/rescore`);
    expect(again.status).toBe(202);
    expect(again.body.jobId).toEqual(expect.any(String));
    expect((await s.call('POST', '/api/brands/0123456789abcdef01234567/rescore')).status).toBe(404);
    // Each run is listed, newest first, with its job: the one just asked for, once it has run,
    // read all 15 stored reviews and changed none (the models did not change since the last).
    const deadline = Date.now() + 15_000;
    let runs: RescoreRun[] = [];
    for (;;) {
      runs = (await s.call('GET', `/api/brands/${brand.id}/rescore-runs`)).body.items as RescoreRun[];
      if (runs.some((r) => r.jobId === again.body.jobId && r.status === 'done') || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(runs[0]).toMatchObject({ jobId: again.body.jobId, status: 'done', total: 45, scanned: 45, changed: 0 });
    // The runs queued by PUT v1, PUT v2 and DELETE before it, each done.
    expect(runs.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
    expect((await s.call('GET', `/api/brands/${other.id}/rescore-runs`)).body.items).toEqual([]);
    expect((await s.call('GET', '/api/brands/0123456789abcdef01234567/rescore-runs')).status).toBe(404);
  }, 60_000);

  it("scores the brand's mentions with its own aspect models, and refuses a fake-review file saved as aspects", async () => {
    const brand = (await s.call('POST', '/api/brands', { name: 'Aspect Skin', mission: 'Skincare.' })).body;
    const aspectsOf = (ms: Mention[], word: string) => ms.filter((m) => m.text.includes(word)).map((m) => m.scores.aspects.map((a) => a.aspect));
    const before = await scrape(brand.id, 'shipped aspects');
    // The shipped models find no contact frequency in "…it absorbs fast…" reviews.
    expect(aspectsOf(before, 'absorbs').length).toBeGreaterThan(0);
    expect(aspectsOf(before, 'absorbs').flat()).not.toContain('contact-frequency');
    // This brand's labels say otherwise (a made-up rule, so the change can only come from its model).
    const texts = [...new Set(before.map((m) => m.text.replace(/\(review \d+\)/, '').trim()))];
    const rows = texts.flatMap((t) => Array.from({ length: 6 }, (_, i) => ({ text: `${t} ${i}`, lang: 'en', aspects: t.includes('absorbs') ? 'contact-frequency:negative' : '-' })));
    const file = aspectModelToFile(trainAspectModels({ tuneRows: rows, alsoRows: [] }).model, { name: 'aspect-skin:v1' });
    expect((await s.call('PUT', `/api/brands/${brand.id}/models/aspects`, modelFile('wrong kind'))).status).toBe(400);
    const saved = await s.call('PUT', `/api/brands/${brand.id}/models/aspects`, file);
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ kind: 'aspects', version: 1, name: 'aspect-skin:v1' });
    const after = await scrape(brand.id, 'own aspects');
    expect(aspectsOf(after, 'absorbs')).toHaveLength(3); // one review in five, on three pages
    for (const aspects of aspectsOf(after, 'absorbs')) expect(aspects).toContain('contact-frequency');
    expect(aspectsOf(after, 'leaking').flat()).not.toContain('contact-frequency');
    // The fake-review model is still the shipped one: the kinds are separate.
    expect(modelsNamed(after)).toEqual(new Set(['shipped:salminen-2022+trustlens-reviews']));
  }, 60_000);

  it('previews a model file before it is saved: a dry run says what a rescore would change and writes nothing', async () => {
    const brand = (await s.call('POST', '/api/brands', { name: 'Preview Skin', mission: 'Skincare.' })).body;
    const stored = await scrape(brand.id, 'before the preview');
    const url = `/api/brands/${brand.id}/rescore-preview`;
    /** The dry run of job `jobId`, once done. */
    const done = async (jobId: string): Promise<RescoreRun> => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const run = ((await s.call('GET', `/api/brands/${brand.id}/rescore-runs`)).body.items as RescoreRun[]).find((r) => r.jobId === jobId && r.status === 'done');
        if (run) return run;
        if (Date.now() > deadline) throw new Error(`the dry run of job ${jobId} did not finish`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const queued = await s.call('POST', url, { fake: modelFile('preview:v1'), examples: 2 });
    expect(queued.status).toBe(202);
    const run = await done(queued.body.jobId);
    // Every review would be scored by the new model (its name is in their reasons): all 15 would change.
    expect(run).toMatchObject({ dryRun: true, total: 15, scanned: 15, changed: 15, preview: { files: { fake: 'preview:v1' }, aspects: {}, examples: { becomeSuspect: expect.any(Array), stopSuspect: expect.any(Array) } } });
    const examples = [...run.preview!.examples.becomeSuspect, ...run.preview!.examples.stopSuspect];
    for (const e of examples) expect(stored.find((m) => m.id === e.id)!.text.startsWith(e.text)).toBe(true);
    expect(run.preview!.examples.becomeSuspect.length).toBeLessThanOrEqual(2);
    // Nothing was written: the stored reviews are as they were, scored by the shipped model, and no model was saved.
    expect((await s.call('GET', `/api/mentions?brandId=${brand.id}&limit=100`)).body.items).toEqual(expect.arrayContaining(stored));
    expect(modelsNamed((await s.call('GET', `/api/mentions?brandId=${brand.id}&limit=100`)).body.items)).toEqual(new Set(['shipped:salminen-2022+trustlens-reviews']));
    expect((await s.call('GET', `/api/brands/${brand.id}/models`)).body.items).toEqual([]);
    // With no file: the saved (here shipped) models, which change nothing.
    const same = await s.call('POST', url, {});
    expect(same.status).toBe(202);
    // Bad requests say what is wrong: a file that is not a model, an unknown field or brand.
    const notModel = await s.call('POST', url, { fake: { weights: [1, 2, 3] } });
    expect(notModel.status).toBe(400);
    expect(notModel.body.detail).toMatch(/^Invalid fake model: /);
    expect((await s.call('POST', url, { aspects: modelFile('a fake-review file') })).body.detail).toMatch(/^Invalid aspects model: /);
    expect((await s.call('POST', url, { sentiment: modelFile('x') })).status).toBe(400);
    expect((await s.call('POST', url, { examples: 1000 })).status).toBe(400);
    expect((await s.call('POST', '/api/brands/0123456789abcdef01234567/rescore-preview', {})).status).toBe(404);
    // A model file over the 1 MB of other bodies is taken here too.
    const big = await s.call('POST', url, { fake: { ...modelFile('big'), meta: { name: 'big', note: 'x'.repeat(2 * 2 ** 20) } } });
    expect(big.status).toBe(202);
    // Once the file is the brand's own: what deleting it would do, a dry run with the shipped model.
    const saved = await s.call('PUT', `/api/brands/${brand.id}/models/fake`, modelFile('preview:v1'));
    expect(await rescoredTo(brand.id, ['preview:v1'])).toEqual(new Set(['preview:v1']));
    const back = await s.call('POST', url, { fake: 'shipped' });
    expect(back.status).toBe(202);
    expect(await done(back.body.jobId)).toMatchObject({ dryRun: true, scanned: 15, changed: 15, preview: { files: { fake: 'shipped:salminen-2022+trustlens-reviews' } } });
    expect(modelsNamed((await s.call('GET', `/api/mentions?brandId=${brand.id}&limit=100`)).body.items)).toEqual(new Set(['preview:v1']));
    expect(saved.body.rescoreJobId).toEqual(expect.any(String));
    expect((await s.call('POST', url, { fake: 'shipped-ish' })).status).toBe(400);
  }, 60_000);

  it('refuses what is not a model, an unknown kind or brand, and a file over 12 MB; takes one over the 1 MB of other bodies', async () => {
    const brand = (await s.call('POST', '/api/brands', { name: 'Strict Skin', mission: 'Strict skincare.' })).body;
    const url = `/api/brands/${brand.id}/models/fake`;
    const notModel = await s.call('PUT', url, { weights: [1, 2, 3] });
    expect(notModel.status).toBe(400);
    expect(notModel.body.detail).toMatch(/^Invalid fake model: /);
    expect((await s.call('PUT', url, [1, 2])).status).toBe(400);
    expect((await s.call('PUT', url, '{"truncated": ')).status).toBe(400);
    expect((await s.call('PUT', `/api/brands/${brand.id}/models/sentiment`, modelFile('x'))).status).toBe(400);
    expect((await s.call('PUT', `/api/brands/${brand.id}/models/aspects`, { format: 'trustlens-aspects/1' })).body.detail).toMatch(/^Invalid aspects model: /);
    expect((await s.call('PUT', '/api/brands/0123456789abcdef01234567/models/fake', modelFile('x'))).status).toBe(404);
    expect((await s.call('GET', url)).status).toBe(404); // nothing was saved

    // Real models of a big labelled set run to megabytes: 3 MB of meta passes this route only.
    const big = { ...modelFile('big'), meta: { name: 'big', note: 'x'.repeat(3 * 2 ** 20) } };
    const saved = await s.call('PUT', url, big);
    expect(saved.status).toBe(200);
    expect(saved.body.bytes).toBeGreaterThan(3 * 2 ** 20);
    expect((await s.call('PATCH', `/api/brands/${brand.id}`, { mission: 'y'.repeat(2 * 2 ** 20) })).status).toBe(413);
    const huge = await s.call('PUT', url, { ...big, meta: { name: 'huge', note: 'x'.repeat(13 * 2 ** 20) } });
    expect(huge.status).toBe(413);
    expect((await s.call('GET', url)).body.name).toBe('big');

    // Deleting the brand deletes its model.
    expect((await s.call('DELETE', `/api/brands/${brand.id}`)).status).toBe(204);
    expect((await s.call('GET', url)).status).toBe(404);
  }, 60_000);
});

describe("a brand's own model: access", () => {
  it('needs an admin key to save or delete, a key for the brand to read, and any key before a body is read', async () => {
    const s = await startTestServer({ TRUSTLENS_REQUIRE_KEYS: 'true' });
    try {
      const mk = (role: 'admin' | 'analyst' | 'viewer', brandIds: string[] = []) => keyHeader(s, role, brandIds);
      const admin = await mk('admin');
      const brand = (await s.call('POST', '/api/brands', { name: 'Keyed Skin' }, admin)).body;
      const other = (await s.call('POST', '/api/brands', { name: 'Other' }, admin)).body;
      const url = `/api/brands/${brand.id}/models/fake`;
      // No key: refused before the (large) body is read, so the answer is 401, not 413.
      expect((await s.call('PUT', url, { note: 'x'.repeat(2 * 2 ** 20) })).status).toBe(401);
      expect((await s.call('PUT', url, modelFile('v'), await mk('viewer'))).status).toBe(403);
      expect((await s.call('PUT', url, modelFile('v'), admin)).status).toBe(200);
      expect((await s.call('GET', url, undefined, await mk('viewer', [brand.id]))).body.name).toBe('v');
      expect((await s.call('GET', url, undefined, await mk('analyst', [other.id]))).status).toBe(403);
      expect((await s.call('DELETE', url, undefined, await mk('analyst'))).status).toBe(403);
      expect((await s.call('DELETE', url, undefined, admin)).status).toBe(204);
      // Rescoring rewrites stored scores and rollups: admins only, for a brand they may reach.
      const rescore = `/api/brands/${brand.id}/rescore`;
      expect((await s.call('POST', rescore, undefined, await mk('analyst'))).status).toBe(403);
      expect((await s.call('POST', rescore, undefined, await mk('admin', [other.id]))).status).toBe(403);
      expect((await s.call('POST', rescore, undefined, admin)).status).toBe(202);
      // A dry run writes nothing: analysts may ask for one, viewers may not.
      expect((await s.call('POST', `${rescore}-preview`, {}, await mk('viewer', [brand.id]))).status).toBe(403);
      expect((await s.call('POST', `${rescore}-preview`, {}, await mk('analyst', [other.id]))).status).toBe(403);
      expect((await s.call('POST', `${rescore}-preview`, {}, await mk('analyst', [brand.id]))).status).toBe(202);
      // Its runs can be followed by anyone who may read the brand.
      expect((await s.call('GET', `${rescore}-runs`, undefined, await mk('viewer', [brand.id]))).status).toBe(200);
      expect((await s.call('GET', `${rescore}-runs`, undefined, await mk('viewer', [other.id]))).status).toBe(403);
    } finally {
      await s.close();
    }
  }, 60_000);
});
