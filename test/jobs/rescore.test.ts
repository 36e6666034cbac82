// Rescoring a brand's stored mentions (jobs/rescore.ts) on real SQLite, with real models: the
// reviews are scored again with the brand's own fake-review model, keeping what cannot be counted
// again (the copy a review was of, the reviewer-behaviour counts); the rollups follow the new
// scores exactly; a second run changes nothing; a run cut short between writing the scores and
// moving the rollups is finished by the next one, once; mentions of an ingest batch not yet
// counted are left for after it is counted. Each run is recorded with its progress and its end.
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rollupIncrements } from '../../jobs/ingest.js';
import { previewRescore, processPreview, processRescore, type RescoreDeps } from '../../jobs/rescore.js';
import { applyRollups, toMention } from '../../jobs/scrape-source.js';
import type { Brand, Mention, RawMention, Rollup, Source } from '../../src/core/types.js';
import type { Store } from '../../src/ports/store.js';
import { parseLabelledTsv } from '../../src/scoring/classifier-data.js';
import { fakeModelFromJson, type FakeModel } from '../../src/scoring/fake-model.js';
import { trainFakeClassifier } from '../../src/scoring/fake-train.js';
import { DuplicateIndex } from '../../src/scoring/minhash.js';
import { scoreMention } from '../../src/scoring/score.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { brandInput, sourceInput } from '../store/factories.js';

const HARD = parseLabelledTsv(readFileSync(new URL('../fixtures/fake-hard/reviews.tsv', import.meta.url), 'utf8')).rows;
const brandModel = (name: string, seed: number): FakeModel => fakeModelFromJson(trainFakeClassifier(HARD, { name }, { seed }).toJSON(0.002), name);
const logger = pino({ level: 'silent' });
const FROM = '2026-01-01T00:00:00.000Z';
const TO = '2027-01-01T00:00:00.000Z';

/** The reviews of the hard set as a source returns them, one a day, and one review copied word for word. */
function reviews(n: number): RawMention[] {
  const out: RawMention[] = HARD.slice(0, n).map((r, i) => ({
    kind: 'review', externalId: `r${i}`, text: r.text, author: { name: `author ${i % 7}` },
    rating: { value: Number(r.rating ?? 3), best: 5, worst: 1, normalized: (Number(r.rating ?? 3) - 1) / 4 },
    publishedAt: new Date(Date.parse('2026-06-01T10:00:00Z') + (i % 9) * 86_400_000).toISOString(),
  }));
  const long = out.find((m) => m.text.split(' ').length >= 30)!;
  out.push({ ...long, externalId: 'copy', author: { name: 'copier' } });
  return out;
}

/** The model that scored a review, from its reasons. */
const modelOf = (m: Mention) => /text model \(([^)]+)\)/.exec(m.scores.fake.reasons.join(' '))?.[1];

describe('rescoring a brand', () => {
  let store: SqliteStore;
  let brand: Brand;
  let source: Source;
  beforeEach(async () => {
    store = new SqliteStore({ path: ':memory:' });
    await store.init();
    brand = await store.createBrand(brandInput({ name: 'Alba', webhooks: [] }));
    source = await store.createSource(sourceInput(brand.id));
  });
  afterEach(async () => { await store.close(); });

  /** Scores and stores raw mentions as a scrape does (shipped models, a duplicate index), counted or left pending. */
  async function ingest(raws: RawMention[], opts: { pending?: boolean; behaviourOf?: string } = {}): Promise<void> {
    const index = new DuplicateIndex();
    const now = '2026-06-10T00:00:00.000Z';
    const ms = raws.map((r) => {
      const behaviour = r.externalId === opts.behaviourOf ? { authorReviewsSameDay: 5 } : undefined;
      const { scores, flags } = scoreMention(r, { brand, duplicates: index, behaviour });
      return toMention(r, source, now, scores, flags);
    });
    const batch = `ingest-${raws[0]!.externalId}`;
    await store.upsertMentions(ms, { batch });
    if (!opts.pending) await applyRollups(store, batch, ms);
  }

  async function all(): Promise<Mention[]> {
    return (await store.queryMentions({ brandId: brand.id }, { limit: 1000 })).items;
  }

  /** The rollups summed over buckets, and the same sums computed from the stored mentions. */
  async function rollupsAndMentions(counted?: (m: Mention) => boolean): Promise<[Partial<Rollup>, Partial<Rollup>]> {
    const sum = (rs: Rollup[]) => {
      const out = { count: 0, pos: 0, neu: 0, neg: 0, fakeSuspects: 0, sentimentSum: 0, aspects: {} as Record<string, number> };
      for (const r of rs) {
        for (const k of ['count', 'pos', 'neu', 'neg', 'fakeSuspects'] as const) out[k] += r[k];
        out.sentimentSum += r.sentimentSum;
        for (const [k, v] of Object.entries(r.aspects)) if (v) out.aspects[k] = (out.aspects[k] ?? 0) + v;
      }
      out.sentimentSum = Math.round(out.sentimentSum * 1e6) / 1e6;
      return out;
    };
    const ms = (await all()).filter(counted ?? (() => true));
    return [sum(await store.queryRollups({ brandId: brand.id, from: FROM, to: TO })), sum(rollupIncrements(ms))];
  }

  function deps(model: FakeModel, over: Partial<RescoreDeps> = {}): RescoreDeps {
    return {
      store, logger, pageSize: 7,
      score: (m, ctx) => scoreMention(m, { ...ctx, fakeModel: model }),
      ...over,
    };
  }
  const job = (id = '1') => ({ id, queue: 'rescore', attempt: 1, data: { brandId: brand.id } });

  it('scores the stored reviews with the brand model, keeps copies and behaviour, and moves the rollups with them', async () => {
    await ingest(reviews(60), { behaviourOf: 'r3' });
    // r3's score as stored before the counts were kept with it: only its reasons say them.
    const r3 = (await all()).find((m) => m.externalId === 'r3')!;
    expect(r3.scores.fake.behaviour).toEqual({ authorReviewsSameDay: 5 });
    const { behaviour: _kept, ...older } = r3.scores.fake;
    await store.rescoreMentions(brand.id, [{ id: r3.id, scores: { ...r3.scores, fake: older }, flags: r3.flags }], 'older');
    await store.completeRescore('older');
    const before = await all();
    expect(new Set(before.map(modelOf))).toEqual(new Set(['shipped:salminen-2022+trustlens-reviews']));
    expect(before.find((m) => m.externalId === 'copy')!.scores.fake.copyOf?.basis).toBe('shingles');

    const told: number[] = [];
    // Progress is recorded after each page, as the run goes (7 mentions a page here).
    const progress: unknown[] = [];
    const watched = Object.assign(Object.create(store) as Store, {
      updateRescoreRun: (...a: Parameters<Store['updateRescoreRun']>) => { progress.push({ scanned: a[1].scanned, status: a[1].status }); return store.updateRescoreRun(...a); },
    });
    const summary = await processRescore(job(), deps(brandModel('alba:v1', 1), { store: watched, afterRescore: async (_b, s) => { told.push(s.changed); } }));
    expect(progress).toEqual([...[7, 14, 21, 28, 35, 42, 49, 56, 61].map((scanned) => ({ scanned, status: undefined })), { scanned: 61, status: 'done' }]);
    const after = await all();
    expect(summary).toMatchObject({ scanned: 61, recovered: 0 });
    expect(told).toEqual([summary!.changed]); // the worker queues detection then
    expect(summary!.changed).toBeGreaterThan(30);
    expect(summary!.fakeSuspects.before).toBe(before.filter((m) => m.flags.fakeSuspect).length);
    expect(summary!.fakeSuspects.after).toBe(after.filter((m) => m.flags.fakeSuspect).length);
    expect(summary!.fakeSuspects.after).not.toBe(summary!.fakeSuspects.before);
    expect(new Set(after.map(modelOf))).toEqual(new Set(['alba:v1']));
    // What cannot be counted again is kept: the copy and the reviewer's burst of reviews.
    const copy = after.find((m) => m.externalId === 'copy')!;
    expect(copy.scores.fake.copyOf).toEqual(before.find((m) => m.externalId === 'copy')!.scores.fake.copyOf);
    expect(copy.scores.fake.reasons.join(' ')).toMatch(/near-duplicate of review r\d+/);
    expect(after.find((m) => m.externalId === 'r3')!.scores.fake.reasons).toContain('author wrote 5 reviews of the brand in one day');
    // Only the scores changed.
    const strip = (m: Mention) => ({ ...m, scores: undefined, flags: undefined });
    expect(after.map(strip)).toEqual(before.map(strip));

    const [rollups, fromMentions] = await rollupsAndMentions();
    expect(rollups).toEqual(fromMentions);
    expect(rollups.count).toBe(61);
    // The run as the API shows it.
    const [run] = await store.listRescoreRuns(brand.id);
    expect(run).toMatchObject({
      brandId: brand.id, jobId: '1', status: 'done', total: 61, scanned: 61, changed: summary!.changed, recovered: 0,
      fakeSuspectsBefore: summary!.fakeSuspects.before, fakeSuspectsAfter: summary!.fakeSuspects.after,
    });
    expect(Date.parse(run!.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(run!.startedAt));

    // A second run finds nothing to change (and says nothing).
    expect(await processRescore(job('2'), deps(brandModel('alba:v1', 1), { afterRescore: async () => { told.push(-1); } }))).toMatchObject({ scanned: 61, changed: 0 });
    expect(told).toHaveLength(1);
    expect(await rollupsAndMentions()).toEqual([rollups, fromMentions]);
    expect((await store.listRescoreRuns(brand.id)).map((r) => [r.jobId, r.status, r.changed])).toEqual([['2', 'done', 0], ['1', 'done', summary!.changed]]);
  });

  it('finishes a run cut short between the scores and the rollups, counting its difference once', async () => {
    await ingest(reviews(40));
    let failures = 1;
    const flaky = Object.assign(Object.create(store) as Store, {
      addToRollups: (...a: Parameters<Store['addToRollups']>) => (failures-- > 0 ? Promise.reject(new Error('database went away')) : store.addToRollups(...a)),
    });
    await expect(processRescore(job(), deps(brandModel('alba:v1', 1), { store: flaky }))).rejects.toThrow('database went away');
    // The first page's scores are written and pending; the rollups do not follow them yet.
    const pending = await store.resumePendingRescores(brand.id);
    expect(pending).toHaveLength(1);
    const [stale, fromMentions] = await rollupsAndMentions();
    expect(stale).not.toEqual(fromMentions);

    // The run says how it ended and how far it got.
    const [failed] = await store.listRescoreRuns(brand.id);
    expect(failed).toMatchObject({ status: 'failed', error: 'database went away', total: 41 });
    // It failed on the first page with a change (which one depends on the order of the random ids).
    expect(failed!.scanned % 7).toBe(0);
    expect(failed!.scanned).toBeGreaterThan(0);
    expect(failed!.scanned).toBeLessThan(41);

    // The retry finishes the pending batch first (once), then the rest.
    const summary = await processRescore(job(), deps(brandModel('alba:v1', 1)));
    expect(summary!.recovered).toBe(pending[0]!.mentions.length);
    expect((await store.listRescoreRuns(brand.id)).map((r) => [r.status, r.recovered])).toEqual([['done', pending[0]!.mentions.length], ['failed', 0]]);
    expect(await store.resumePendingRescores(brand.id)).toEqual([]);
    const [rollups, now] = await rollupsAndMentions();
    expect(rollups).toEqual(now);
    expect(new Set((await all()).map(modelOf))).toEqual(new Set(['alba:v1']));
  });

  it('leaves the mentions of an ingest batch not yet counted, and rescores them once it is', async () => {
    await ingest(reviews(20));
    const late = reviews(30).slice(20, 30).map((r) => ({ ...r, externalId: `late-${r.externalId}` }));
    await ingest(late, { pending: true });
    await processRescore(job(), deps(brandModel('alba:v1', 1)));
    const isLate = (m: Mention) => m.externalId.startsWith('late-');
    const ms = await all();
    expect(new Set(ms.filter(isLate).map(modelOf))).toEqual(new Set(['shipped:salminen-2022+trustlens-reviews']));
    expect(new Set(ms.filter((m) => !isLate(m)).map(modelOf))).toEqual(new Set(['alba:v1']));
    // The rollups hold the counted mentions, as rescored; the late batch is not counted yet.
    const [rollups, counted] = await rollupsAndMentions((m) => !isLate(m));
    expect(rollups).toEqual(counted);

    // Its recovery counts it as stored; then a rescore takes it too.
    const [{ batch, mentions }] = await store.listPendingBatches(source.id);
    await applyRollups(store, batch, mentions);
    const summary = await processRescore(job('2'), deps(brandModel('alba:v1', 1)));
    expect(summary!.changed).toBeGreaterThan(0);
    expect(new Set((await all()).map(modelOf))).toEqual(new Set(['alba:v1']));
    const [total, fromAll] = await rollupsAndMentions();
    expect(total).toEqual(fromAll);
  });

  it('marks a run whose process stopped as interrupted when the next run of the brand starts', async () => {
    await ingest(reviews(10));
    // A worker killed mid-run leaves its run marked running (the lease then expires).
    const killed = await store.startRescoreRun({ brandId: brand.id, jobId: '1', startedAt: new Date(Date.now() - 60_000).toISOString(), total: 11 });
    await store.updateRescoreRun(killed.id, { scanned: 7 });
    await processRescore(job('1'), deps(brandModel('alba:v1', 1)));
    const [now, before] = await store.listRescoreRuns(brand.id);
    expect(now).toMatchObject({ status: 'done', scanned: 11, total: 11 });
    expect(before).toMatchObject({ id: killed.id, status: 'interrupted', scanned: 7, finishedAt: now!.startedAt });
  });

  it('previews what a rescore would change, writing nothing, and the rescore then does just that', async () => {
    await ingest(reviews(60), { behaviourOf: 'r3' });
    const before = await all();
    const rollupsBefore = await rollupsAndMentions();
    const model = brandModel('alba:v1', 1);
    const preview = await previewRescore(brand.id, deps(model), 3);
    // Nothing written: mentions, rollups, pending batches and runs as they were.
    expect(await all()).toEqual(before);
    expect(await rollupsAndMentions()).toEqual(rollupsBefore);
    expect(await store.resumePendingRescores(brand.id)).toEqual([]);
    expect(await store.listRescoreRuns(brand.id)).toEqual([]);

    const summary = await processRescore(job(), deps(model));
    const after = await all();
    expect(preview).toMatchObject({ brandId: brand.id, scanned: 61, changed: summary!.changed, fakeSuspects: summary!.fakeSuspects });
    // The examples are reviews that did flip, each way, at most 3.
    const flag = (ms: Mention[], id: string) => ms.find((m) => m.id === id)!.flags.fakeSuspect;
    const { becomeSuspect, stopSuspect } = preview!.examples;
    expect(becomeSuspect.length + stopSuspect.length).toBeGreaterThan(0);
    for (const [list, was] of [[becomeSuspect, false], [stopSuspect, true]] as const) {
      expect(list.length).toBeLessThanOrEqual(3);
      for (const e of list) {
        expect([flag(before, e.id), flag(after, e.id)]).toEqual([was, !was]);
        expect(e.likelihood.after).toBe(after.find((m) => m.id === e.id)!.scores.fake.likelihood);
        expect(before.find((m) => m.id === e.id)!.text.startsWith(e.text)).toBe(true);
      }
    }
    // The aspects said to move moved by as much in the rollups (a fake-review model moves none here).
    const aspectCounts = (ms: Mention[]) => rollupIncrements(ms).reduce<Record<string, number>>((acc, r) => {
      for (const [k, v] of Object.entries(r.aspects ?? {})) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {});
    const [b, a] = [aspectCounts(before), aspectCounts(after)];
    const moved = Object.fromEntries([...new Set([...Object.keys(b), ...Object.keys(a)])].map((k) => [k, (a[k] ?? 0) - (b[k] ?? 0)]).filter(([, d]) => d !== 0));
    expect(Object.fromEntries(Object.entries(preview!.aspects).map(([k, v]) => [k, v.after - v.before]))).toEqual(moved);
    // Once rescored, a preview finds nothing left to change.
    expect(await previewRescore(brand.id, deps(model))).toMatchObject({ changed: 0, aspects: {}, examples: { becomeSuspect: [], stopSuspect: [] } });
    expect(await previewRescore('0123456789abcdef01234567', deps(model))).toBeNull();
  });

  it('skips a request whose work a run started after it has done, and runs one asked for after that run started', async () => {
    await ingest(reviews(20));
    const model = brandModel('alba:v1', 1);
    const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
    // Asked for a minute ago, while an earlier request still waited; that one's run starts now, with the models of now.
    const waited = { ...job('2'), data: { brandId: brand.id, requestedAt: at(60_000) } };
    const first = await processRescore({ ...job('1'), data: { brandId: brand.id, requestedAt: at(90_000) } }, deps(model));
    expect(first!.changed).toBeGreaterThan(0);
    const [done] = await store.listRescoreRuns(brand.id);
    const written = await all();
    expect(await processRescore(waited, deps(brandModel('alba:v2', 2)))).toBeNull();
    const [skipped] = await store.listRescoreRuns(brand.id);
    expect(skipped).toMatchObject({ jobId: '2', status: 'skipped', coveredBy: done!.id, scanned: 0, total: 0, finishedAt: expect.any(String) });
    expect(await all()).toEqual(written); // the v2 model it was given was not applied: nothing read, nothing written
    // A third request made while the first waited is served by the same run, past the skipped one.
    expect(await processRescore({ ...job('2b'), data: { brandId: brand.id, requestedAt: at(45_000) } }, deps(model))).toBeNull();
    expect((await store.listRescoreRuns(brand.id))[0]).toMatchObject({ jobId: '2b', status: 'skipped', coveredBy: done!.id });
    // Asked for after the last run had started (its models may be newer): it runs, and so does a
    // request whose clock is a few seconds off (inside the margin), and one with no time at all.
    const lastStart = async () => Date.parse((await store.listRescoreRuns(brand.id, 1))[0]!.startedAt);
    const requests: [string, () => Promise<string | undefined>][] = [
      ['3', async () => at(-1_000)], ['4', async () => new Date((await lastStart()) - 3_000).toISOString()], ['5', async () => undefined],
    ];
    for (const [id, when] of requests) {
      const requestedAt = await when();
      const summary = await processRescore({ ...job(id), data: { brandId: brand.id, ...(requestedAt ? { requestedAt } : {}) } }, deps(brandModel('alba:v2', 2)));
      expect(summary).toMatchObject({ scanned: 21 });
      expect((await store.listRescoreRuns(brand.id))[0]).toMatchObject({ jobId: id, status: 'done' });
    }
    // After a failed run, nothing counts as done: the request runs.
    const [last] = await store.listRescoreRuns(brand.id);
    await store.updateRescoreRun(last!.id, { status: 'failed' });
    expect(await processRescore({ ...job('6'), data: { brandId: brand.id, requestedAt: at(600_000) } }, deps(model))).toMatchObject({ scanned: 21 });
  });

  it('records a dry run as a run of the brand, with its counts as it goes and its findings, writes nothing, and never stands in for a rescore', async () => {
    await ingest(reviews(20));
    const before = await all();
    const rollupsBefore = await rollupsAndMentions();
    const model = brandModel('alba:v1', 1);
    const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();
    const pages: number[] = [];
    const dry = { ...job('p1'), data: { brandId: brand.id, requestedAt: at(60_000), preview: { examples: 2 } } };
    const preview = await processPreview(dry, deps(model, {
      // Each page's counts are recorded before the next page is read.
      store: Object.assign(Object.create(store) as SqliteStore, {
        updateRescoreRun: async (id: string, p: Parameters<Store['updateRescoreRun']>[1]) => { if (p.status === undefined) pages.push(p.scanned!); return store.updateRescoreRun(id, p); },
      }),
    }));
    expect(pages).toEqual([7, 14, 21]);
    expect(await all()).toEqual(before);
    expect(await rollupsAndMentions()).toEqual(rollupsBefore);
    expect(await store.resumePendingRescores(brand.id)).toEqual([]);
    const [run] = await store.listRescoreRuns(brand.id);
    expect(run).toEqual({
      id: expect.any(String), brandId: brand.id, jobId: 'p1', dryRun: true, status: 'done', startedAt: expect.any(String), finishedAt: expect.any(String),
      total: 21, scanned: 21, changed: preview!.changed, recovered: 0, fakeSuspectsBefore: preview!.fakeSuspects.before, fakeSuspectsAfter: preview!.fakeSuspects.after,
      preview: { files: {}, aspects: preview!.aspects, examples: preview!.examples },
    });
    expect(preview!.changed).toBeGreaterThan(0);
    expect(preview!.examples.becomeSuspect.length).toBeLessThanOrEqual(2);
    // A rescore asked for before the dry run started still runs: the dry run wrote nothing.
    expect(await processRescore({ ...job('r1'), data: { brandId: brand.id, requestedAt: at(30_000) } }, deps(model))).toMatchObject({ scanned: 21, changed: preview!.changed });
    expect((await store.listRescoreRuns(brand.id))[0]).toMatchObject({ jobId: 'r1', status: 'done' });
    expect((await store.listRescoreRuns(brand.id))[0]!.dryRun).toBeUndefined();
    // A dry run that fails is recorded as failed, with why, and the job fails (the queue tries it again).
    const broken = deps(model, { score: () => { throw new Error('model exploded'); } });
    await expect(processPreview({ ...job('p2'), data: { brandId: brand.id, preview: {} } }, broken)).rejects.toThrow(/model exploded/);
    expect((await store.listRescoreRuns(brand.id))[0]).toMatchObject({ jobId: 'p2', dryRun: true, status: 'failed', error: 'model exploded' });
    expect(await processPreview({ ...job('p3'), data: { brandId: '0123456789abcdef01234567', preview: {} } }, deps(model))).toBeNull();
  });

  it('does nothing for a brand deleted since the job was queued', async () => {
    expect(await processRescore({ ...job(), data: { brandId: '0123456789abcdef01234567' } }, deps(brandModel('x', 1)))).toBeNull();
  });
});
