// The Store contract: every adapter must pass this suite unchanged.
// `make` returns a fresh, empty, initialised store that keeps CONTRACT_RUNS_KEPT runs per source
// and brand; the suite closes it after each test.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { ID_PATTERN, mentionId, newId } from '../../src/core/ids.js';
import type { Mention, MentionFlag, RescoreRun, RollupIncrement, ScrapeRun } from '../../src/core/types.js';
import type { Store } from '../../src/ports/store.js';
import { alertInput, brandInput, increment, launchInput, mention, sourceInput } from '../store/factories.js';

/** The runs a contract store keeps per source and per brand (the stores' option runsKept; RUNS_KEPT by default). */
export const CONTRACT_RUNS_KEPT = 4;
const RUNS_KEPT = CONTRACT_RUNS_KEPT;

const H = (n: number) => new Date(Date.UTC(2026, 2, 1) + n * 3_600_000).toISOString();

export function storeContract(name: string, make: () => Promise<Store>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await make();
    });
    afterEach(async () => {
      await store?.close();
    });

    it('pings and tolerates a second init()', async () => {
      expect(await store.ping()).toBe(true);
      await store.init();
      expect(await store.ping()).toBe(true);
    });

    describe('brands', () => {
      it('creates, gets, lists, updates and deletes', async () => {
        const a = await store.createBrand(brandInput({ name: 'Acme' }));
        expect(a.id).toMatch(ID_PATTERN);
        expect(a.createdAt).toBe(a.updatedAt);
        expect(await store.getBrand(a.id)).toEqual(a);
        const b = await store.createBrand(brandInput({ name: 'Globex', webhooks: [] }));
        expect((await store.listBrands()).map((x) => x.name).sort()).toEqual(['Acme', 'Globex']);

        await new Promise((r) => setTimeout(r, 5));
        const up = await store.updateBrand(a.id, { mission: 'New mission', values: ['x'], sensitivity: 1.5 });
        expect(up).toMatchObject({ id: a.id, name: 'Acme', mission: 'New mission', values: ['x'], sensitivity: 1.5, createdAt: a.createdAt });
        expect(up!.updatedAt > a.updatedAt).toBe(true);
        expect(await store.getBrand(a.id)).toEqual(up);
        // id and createdAt are not patchable.
        const sneaky = await store.updateBrand(a.id, { id: 'x', createdAt: '2000-01-01T00:00:00.000Z' } as never);
        expect(sneaky).toMatchObject({ id: a.id, createdAt: a.createdAt });

        expect(await store.updateBrand(newId(), { name: 'nobody' })).toBeNull();
        expect(await store.deleteBrand(b.id)).toBe(true);
        expect(await store.deleteBrand(b.id)).toBe(false);
        expect(await store.getBrand(b.id)).toBeNull();
        expect(await store.getBrand(newId())).toBeNull();
        expect((await store.listBrands()).map((x) => x.id)).toEqual([a.id]);
      });
    });

    describe('launches', () => {
      it('creates, gets, lists by brand, updates and deletes', async () => {
        const brand = await store.createBrand(brandInput());
        const other = await store.createBrand(brandInput({ name: 'Other' }));
        const l1 = await store.createLaunch(launchInput(brand.id, { name: 'Spring', startAt: '2026-03-01T00:00:00.000Z' }));
        const l2 = await store.createLaunch(launchInput(brand.id, { name: 'Summer', type: 'campaign', startAt: '2026-06-01T00:00:00.000Z', endAt: undefined, price: undefined }));
        const l3 = await store.createLaunch(launchInput(other.id));
        expect(await store.getLaunch(l2.id)).toEqual(l2);
        expect((await store.getLaunch(l2.id))!.endAt).toBeUndefined();
        expect((await store.listLaunches(brand.id)).map((l) => l.id)).toEqual([l1.id, l2.id]);
        expect((await store.listLaunches()).map((l) => l.id).sort()).toEqual([l1.id, l2.id, l3.id].sort());
        const up = await store.updateLaunch(l1.id, { name: 'Spring 2026', promises: ['a', 'b'] });
        expect(up).toMatchObject({ id: l1.id, brandId: brand.id, name: 'Spring 2026', promises: ['a', 'b'], products: l1.products });
        expect(await store.getLaunch(l1.id)).toEqual(up);
        expect(await store.updateLaunch(newId(), { name: 'x' })).toBeNull();
        expect(await store.deleteLaunch(l1.id)).toBe(true);
        expect(await store.deleteLaunch(l1.id)).toBe(false);
        expect(await store.getLaunch(l1.id)).toBeNull();
      });
    });

    describe('sources', () => {
      it('creates, gets, lists with filters, updates, saves state and deletes', async () => {
        const brand = await store.createBrand(brandInput());
        const other = await store.createBrand(brandInput({ name: 'Other' }));
        const s1 = await store.createSource(sourceInput(brand.id));
        expect(s1.state).toEqual({});
        const s2 = await store.createSource(sourceInput(brand.id, {
          name: 'Recipe', kind: 'recipe', enabled: false, recipe: { item: '.review', fields: { text: '.body' } }, state: { etag: 'W/"1"' },
        }));
        const s3 = await store.createSource(sourceInput(other.id));
        expect(await store.getSource(s2.id)).toEqual(s2);
        expect((await store.listSources()).map((s) => s.id).sort()).toEqual([s1.id, s2.id, s3.id].sort());
        expect((await store.listSources({ brandId: brand.id })).map((s) => s.id).sort()).toEqual([s1.id, s2.id].sort());
        expect((await store.listSources({ brandId: brand.id, enabled: true })).map((s) => s.id)).toEqual([s1.id]);
        expect((await store.listSources({ enabled: false })).map((s) => s.id)).toEqual([s2.id]);

        const up = await store.updateSource(s1.id, { schedule: '0 * * * *', enabled: false });
        expect(up).toMatchObject({ id: s1.id, brandId: brand.id, schedule: '0 * * * *', enabled: false, url: s1.url });
        expect(await store.getSource(s1.id)).toEqual(up);

        const state = { etag: 'W/"abc"', lastModified: 'Tue, 03 Mar 2026 10:00:00 GMT', lastSeenIds: ['a', 'b'], lastSeenAt: H(3), cursor: { page: 2 } };
        await store.saveSourceState(s1.id, state);
        expect((await store.getSource(s1.id))!.state).toEqual(state);
        await expect(store.saveSourceState(newId(), state)).rejects.toThrow();

        expect(await store.updateSource(newId(), { name: 'x' })).toBeNull();
        expect(await store.deleteSource(s3.id)).toBe(true);
        expect(await store.getSource(s3.id)).toBeNull();
        expect(await store.deleteSource(s3.id)).toBe(false);
      });
    });

    describe('mentions', () => {
      const brandId = newId();
      const sourceId = newId();

      it('round-trips a mention exactly', async () => {
        const m = mention({ sourceId, brandId, externalId: 'r1', launchId: newId(), title: 'Great', flags: { negative: true, undisclosed: true } });
        m.verifiedPurchase = true;
        m.caption = 'Loving it #ad';
        m.langHint = 'en';
        m.scores.mission.mismatches = [{ type: 'forbidden-claim', claim: 'cures acne', evidence: 'it cured my acne', reason: 'forbidden' }];
        const res = await store.upsertMentions([m]);
        expect(res.inserted).toBe(1);
        expect(res.insertedMentions).toEqual([m]);
        expect(await store.getMention(m.id)).toEqual(m);
        expect(await store.getMention(newId())).toBeNull();
      });

      it('upserts idempotently and reports exactly the new mentions', async () => {
        const batch = Array.from({ length: 30 }, (_, i) => mention({ sourceId, brandId, externalId: `e${i}` }));
        const first = await store.upsertMentions(batch);
        expect(first.inserted).toBe(30);
        expect(first.insertedMentions.map((m) => m.id).sort()).toEqual(batch.map((m) => m.id).sort());

        const again = await store.upsertMentions(batch);
        expect(again).toEqual({ inserted: 0, insertedMentions: [] });
        expect(await store.countMentions({ brandId })).toBe(30);

        // Existing mentions are left as they are, even if the new copy differs.
        const changed = { ...batch[0], text: 'edited text' };
        const fresh = [mention({ sourceId, brandId, externalId: 'n1' }), mention({ sourceId, brandId, externalId: 'n2' })];
        const mixed = await store.upsertMentions([changed, fresh[0], batch[5], fresh[1], batch[29]]);
        expect(mixed.inserted).toBe(2);
        expect(mixed.insertedMentions.map((m) => m.externalId).sort()).toEqual(['n1', 'n2']);
        expect((await store.getMention(batch[0].id))!.text).toBe(batch[0].text);
        expect(await store.countMentions({ brandId })).toBe(32);

        // The same external id from another source is another mention.
        const otherSource = mention({ sourceId: newId(), brandId, externalId: 'e0' });
        expect((await store.upsertMentions([otherSource])).inserted).toBe(1);
        // A duplicate inside one batch counts once.
        const dup = mention({ sourceId, brandId, externalId: 'd1' });
        const r = await store.upsertMentions([dup, { ...dup }]);
        expect(r.inserted).toBe(1);
        expect(await store.upsertMentions([])).toEqual({ inserted: 0, insertedMentions: [] });
      });

      it('paginates 250 mentions with ties: no duplicates, no gaps, stable order', async () => {
        // 50 distinct timestamps x 5 mentions each: ties on publishedAt are broken by id.
        const all = Array.from({ length: 250 }, (_, i) => mention({ sourceId, brandId, externalId: `p${i}`, publishedAt: H(Math.floor(i / 5)) }));
        for (let i = 0; i < all.length; i += 100) await store.upsertMentions(all.slice(i, i + 100));
        const expected = [...all].sort((a, b) => (a.publishedAt === b.publishedAt ? (a.id < b.id ? 1 : -1) : a.publishedAt < b.publishedAt ? 1 : -1)).map((m) => m.id);

        const seen: string[] = [];
        let cursor: string | undefined;
        const sizes: number[] = [];
        do {
          const page = await store.queryMentions({ brandId }, { cursor, limit: 100 });
          sizes.push(page.items.length);
          seen.push(...page.items.map((m) => m.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(sizes).toEqual([100, 100, 50]);
        expect(new Set(seen).size).toBe(250);
        expect(seen).toEqual(expected);

        // Exactly one full page leaves no cursor behind.
        const exact = await store.queryMentions({ brandId, from: H(30) }, { limit: 100 });
        expect(exact.items).toHaveLength(100);
        expect(exact.nextCursor).toBeUndefined();

        // Default page size, and a page size that is out of range.
        expect((await store.queryMentions({ brandId })).items.length).toBeGreaterThan(0);
        await expect(store.queryMentions({ brandId }, { limit: 0 })).rejects.toBeInstanceOf(ValidationError);
      });

      it('rejects a malformed cursor with ValidationError', async () => {
        await store.upsertMentions([mention({ sourceId, brandId, externalId: 'c1' })]);
        for (const bad of ['not a cursor!', 'eyJ4IjoxfQ', Buffer.from('{"p":"nope","i":"x"}').toString('base64url'), Buffer.from('[1,2]').toString('base64url'), '']) {
          await expect(store.queryMentions({ brandId }, { cursor: bad })).rejects.toBeInstanceOf(ValidationError);
        }
      });

      it('filters by brand, launch, source, time range, kind, flags, lang, label and text', async () => {
        const launchId = newId();
        const otherBrand = newId();
        const src2 = newId();
        const ms: Mention[] = [
          mention({ sourceId, brandId, externalId: 'a', launchId, kind: 'review', publishedAt: H(1), label: 'negative', flags: { negative: true, fakeSuspect: true }, text: 'The PRICE is a joke', title: 'Too expensive' }),
          mention({ sourceId, brandId, externalId: 'b', launchId, kind: 'social', publishedAt: H(2), label: 'positive', lang: 'es', text: 'Me encanta, 100% natural' }),
          mention({ sourceId: src2, brandId, externalId: 'c', kind: 'influencer', publishedAt: H(3), label: 'neutral', flags: { undisclosed: true, mismatch: true }, text: 'Crème ÉCLAT review_1' }),
          mention({ sourceId: src2, brandId, externalId: 'd', kind: 'news', publishedAt: H(4), label: 'negative', flags: { negative: true, mismatch: true }, text: 'Recall announced', title: 'Price of trust' }),
          mention({ sourceId, brandId: otherBrand, externalId: 'e', kind: 'review', publishedAt: H(2), label: 'negative', flags: { negative: true }, text: 'price price' }),
        ];
        await store.upsertMentions(ms);
        const ids = async (f: Parameters<Store['queryMentions']>[0]) => (await store.queryMentions(f, { limit: 100 })).items.map((m) => m.externalId);

        expect(await ids({ brandId })).toEqual(['d', 'c', 'b', 'a']);
        expect(await ids({ brandId: otherBrand })).toEqual(['e']);
        expect(await ids({})).toHaveLength(5);
        expect(await ids({ brandId, launchId })).toEqual(['b', 'a']);
        expect(await ids({ sourceId: src2 })).toEqual(['d', 'c']);
        expect(await ids({ brandId, from: H(2), to: H(4) })).toEqual(['c', 'b']);
        expect(await ids({ brandId, from: H(4) })).toEqual(['d']);
        expect(await ids({ brandId, to: H(2) })).toEqual(['a']);
        expect(await ids({ brandId, kind: 'influencer' })).toEqual(['c']);
        expect(await ids({ brandId, flags: ['negative'] })).toEqual(['d', 'a']);
        expect(await ids({ brandId, flags: ['fakeSuspect'] })).toEqual(['a']);
        expect(await ids({ brandId, flags: ['mismatch'] })).toEqual(['d', 'c']);
        expect(await ids({ brandId, flags: ['undisclosed'] })).toEqual(['c']);
        expect(await ids({ brandId, flags: ['negative', 'mismatch'] })).toEqual(['d']);
        expect(await ids({ brandId, lang: 'es' })).toEqual(['b']);
        expect(await ids({ brandId, label: 'negative' })).toEqual(['d', 'a']);
        expect(await ids({ brandId, label: 'neutral' })).toEqual(['c']);
        // Text: case-insensitive substring of title or text; wildcard characters are literal.
        expect(await ids({ brandId, text: 'price' })).toEqual(['d', 'a']);
        expect(await ids({ brandId, text: 'EXPENSIVE' })).toEqual(['a']);
        expect(await ids({ brandId, text: '100%' })).toEqual(['b']);
        expect(await ids({ brandId, text: '%' })).toEqual(['b']);
        expect(await ids({ brandId, text: 'w_1' })).toEqual(['c']);
        expect(await ids({ brandId, text: '_' })).toEqual(['c']);
        expect(await ids({ brandId, text: 'crème éclat' })).toEqual(['c']);
        expect(await ids({ brandId, text: '.*' })).toEqual([]);
        expect(await ids({ brandId, text: 'price', kind: 'news', flags: ['negative'] })).toEqual(['d']);

        expect(await store.countMentions({ brandId })).toBe(4);
        expect(await store.countMentions({ brandId, flags: ['negative'] })).toBe(2);
        expect(await store.countMentions({ text: 'price' })).toBe(3);
        expect(await store.countMentions({ brandId: newId() })).toBe(0);
      });

      it('rejects filter values that are not plain typed values', async () => {
        const smuggled = [
          { brandId: { $ne: null } }, { launchId: { $gt: '' } }, { kind: 'rumour' }, { flags: ['nope'] }, { flags: 'negative' },
          { from: 'yesterday' }, { label: { $in: ['negative'] } }, { text: { $regex: '.*' } }, { lang: ['en'] },
        ];
        for (const f of smuggled) {
          await expect(store.queryMentions(f as never)).rejects.toBeInstanceOf(ValidationError);
          await expect(store.countMentions(f as never)).rejects.toBeInstanceOf(ValidationError);
        }
      });
    });

    describe('rollups', () => {
      const brandId = newId();

      it('adds increments and assembles aspects', async () => {
        await store.addToRollups([
          increment({ brandId, hour: H(1), aspects: { 'price:negative': 2, 'texture:positive': 1 } }),
          increment({ brandId, hour: H(1), neg: 1, pos: 0, sentimentSum: -0.5, aspects: { 'price:negative': 1 } }),
          increment({ brandId, hour: '2026-03-01T02:59:59.000Z', fakeSuspects: 1, mismatches: 2, undisclosed: 1, reach: 1000, fiveStar: 1 }),
          increment({ brandId, hour: H(2), count: 0, pos: 0, sentimentSum: 0, reach: 0, fiveStar: 2 }),
        ]);
        const rows = await store.queryRollups({ brandId, from: H(0), to: H(24) });
        expect(rows).toEqual([
          { brandId, launchId: '', kind: 'review', hour: H(1), count: 2, sentimentSum: 0, pos: 1, neu: 0, neg: 1, fakeSuspects: 0, mismatches: 0, undisclosed: 0, reach: 20, fiveStar: 0, aspects: { 'price:negative': 3, 'texture:positive': 1 } },
          { brandId, launchId: '', kind: 'review', hour: H(2), count: 1, sentimentSum: 0.5, pos: 1, neu: 0, neg: 0, fakeSuspects: 1, mismatches: 2, undisclosed: 1, reach: 1000, fiveStar: 3, aspects: {} },
        ]);
        await store.addToRollups([]);
      });

      it('stays exact under 20 concurrent writers', async () => {
        const hours = [H(10), H(11), H(12)];
        const writers = Array.from({ length: 20 }, (_, w) => {
          const incs: RollupIncrement[] = [];
          for (let i = 0; i < 10; i++) {
            const hour = hours[(w + i) % 3];
            incs.push(increment({ brandId, hour, count: 1, neg: 1, pos: 0, sentimentSum: -0.25, reach: 7, aspects: { 'price:negative': 1, [`w${w % 2}:positive`]: 2 } }));
          }
          return incs;
        });
        // Fire in several waves so that first-insert races on an empty bucket happen too.
        await Promise.all(writers.map((incs) => store.addToRollups(incs)));
        await Promise.all(writers.map((incs) => Promise.all(incs.map((inc) => store.addToRollups([inc])))));
        const rows = await store.queryRollups({ brandId, from: H(0), to: H(48) });
        expect(rows.map((r) => r.hour)).toEqual(hours);
        const total = (k: 'count' | 'neg' | 'reach' | 'sentimentSum') => rows.reduce((s, r) => s + r[k], 0);
        // 20 writers x 10 increments, sent twice.
        expect(total('count')).toBe(400);
        expect(total('neg')).toBe(400);
        expect(total('reach')).toBe(2800);
        expect(total('sentimentSum')).toBeCloseTo(-100, 6);
        expect(rows.reduce((s, r) => s + r.aspects['price:negative'], 0)).toBe(400);
        expect(rows.reduce((s, r) => s + r.aspects['w0:positive'] + r.aspects['w1:positive'], 0)).toBe(800);
        for (const r of rows) expect(r.count).toBe(r.aspects['price:negative']);
      });

      it('applies a batch id once, even when the same batch is retried or raced', async () => {
        const incs = [
          increment({ brandId, hour: H(30), count: 3, neg: 3, pos: 0, aspects: { 'price:negative': 3 } }),
          increment({ brandId, hour: H(31), count: 1 }),
        ];
        await store.addToRollups(incs, 'batch-a');
        await store.addToRollups(incs, 'batch-a'); // a retry after a crash
        await Promise.all([store.addToRollups(incs, 'batch-b'), store.addToRollups(incs, 'batch-b')]); // two workers racing
        await store.addToRollups(incs); // no batch id: always applied
        const rows = await store.queryRollups({ brandId, from: H(30), to: H(32) });
        expect(rows.map((r) => [r.hour, r.count])).toEqual([[H(30), 9], [H(31), 3]]);
        expect(rows[0].aspects).toEqual({ 'price:negative': 9 });
        await expect(store.addToRollups(incs, { $ne: 'x' } as never)).rejects.toBeInstanceOf(ValidationError);
      });

      it('filters by range, launch and kind', async () => {
        const launchId = newId();
        await store.addToRollups([
          increment({ brandId, launchId: '', kind: 'review', hour: H(0) }),
          increment({ brandId, launchId, kind: 'review', hour: H(0), count: 2 }),
          increment({ brandId, launchId, kind: 'social', hour: H(1), count: 3 }),
          increment({ brandId, launchId: '', kind: 'news', hour: H(5), count: 4 }),
          increment({ brandId: newId(), launchId: '', kind: 'review', hour: H(0), count: 9 }),
        ]);
        const all = await store.queryRollups({ brandId, from: H(0), to: H(6) });
        expect(all.map((r) => [r.hour, r.launchId, r.kind, r.count])).toEqual([
          [H(0), '', 'review', 1], [H(0), launchId, 'review', 2], [H(1), launchId, 'social', 3], [H(5), '', 'news', 4],
        ]);
        expect((await store.queryRollups({ brandId, from: H(1), to: H(5) })).map((r) => r.count)).toEqual([3]);
        expect((await store.queryRollups({ brandId, launchId, from: H(0), to: H(6) })).map((r) => r.count)).toEqual([2, 3]);
        expect((await store.queryRollups({ brandId, launchId: '', from: H(0), to: H(6) })).map((r) => r.count)).toEqual([1, 4]);
        expect((await store.queryRollups({ brandId, kind: 'review', from: H(0), to: H(6) })).map((r) => r.count)).toEqual([1, 2]);
        expect((await store.queryRollups({ brandId, launchId, kind: 'social', from: H(0), to: H(6) })).map((r) => r.count)).toEqual([3]);
        expect(await store.queryRollups({ brandId, from: H(6), to: H(12) })).toEqual([]);
        await expect(store.queryRollups({ brandId, from: 'soon', to: H(1) })).rejects.toBeInstanceOf(ValidationError);
        await expect(store.queryRollups({ brandId: { $ne: '' } as never, from: H(0), to: H(1) })).rejects.toBeInstanceOf(ValidationError);
      });
    });

    describe('alerts', () => {
      it('creates, gets, lists with filters, finds the active episode, updates and logs deliveries', async () => {
        const brandId = newId();
        const launchId = newId();
        const a1 = await store.createAlert(alertInput(brandId, { openedAt: H(1) }));
        expect(a1).toMatchObject({ brandId, kind: 'backlash', status: 'open', deliveries: [], openedAt: H(1) });
        expect(a1.id).toMatch(ID_PATTERN);
        const a2 = await store.createAlert(alertInput(brandId, { kind: 'fake-review-wave', severity: 'medium', episodeKey: 'fake:1', launchId, openedAt: H(2) }));
        const a3 = await store.createAlert(alertInput(newId(), { openedAt: H(3) }));
        expect(await store.getAlert(a1.id)).toEqual(a1);
        expect(await store.getAlert(newId())).toBeNull();

        expect((await store.listAlerts()).map((a) => a.id)).toEqual([a3.id, a2.id, a1.id]);
        expect((await store.listAlerts({ brandId })).map((a) => a.id)).toEqual([a2.id, a1.id]);
        expect((await store.listAlerts({ brandId, kind: 'backlash' })).map((a) => a.id)).toEqual([a1.id]);
        expect((await store.listAlerts({ launchId })).map((a) => a.id)).toEqual([a2.id]);
        expect((await store.listAlerts({ severity: 'medium' })).map((a) => a.id)).toEqual([a2.id]);
        expect((await store.listAlerts({ limit: 1 })).map((a) => a.id)).toEqual([a3.id]);

        expect((await store.findActiveAlert(brandId, 'backlash', a1.episodeKey))?.id).toBe(a1.id);
        expect(await store.findActiveAlert(brandId, 'backlash', 'other-episode')).toBeNull();
        expect(await store.findActiveAlert(brandId, 'mission-mismatch', a1.episodeKey)).toBeNull();

        const acked = await store.updateAlert(a1.id, { status: 'acknowledged', acknowledgedBy: 'pr@acme', acknowledgedAt: H(4), severity: 'critical' });
        expect(acked).toMatchObject({ id: a1.id, status: 'acknowledged', acknowledgedBy: 'pr@acme', severity: 'critical', episodeKey: a1.episodeKey });
        expect((await store.findActiveAlert(brandId, 'backlash', a1.episodeKey))?.id).toBe(a1.id);
        expect((await store.listAlerts({ status: 'acknowledged' })).map((a) => a.id)).toEqual([a1.id]);
        await store.updateAlert(a1.id, { status: 'resolved', resolvedBy: 'pr@acme', resolvedAt: H(5) });
        expect(await store.findActiveAlert(brandId, 'backlash', a1.episodeKey)).toBeNull();
        expect(await store.updateAlert(newId(), { status: 'resolved' })).toBeNull();

        const d1 = { at: H(2), target: 'http://127.0.0.1:9/hook', attempt: 1, status: 'failed' as const, httpStatus: 500, error: 'HTTP 500' };
        const d2 = { at: H(3), target: 'http://127.0.0.1:9/hook', attempt: 2, status: 'delivered' as const, httpStatus: 200 };
        await store.addDelivery(a2.id, d1);
        await store.addDelivery(a2.id, d2);
        await Promise.all(Array.from({ length: 5 }, (_, i) => store.addDelivery(a2.id, { ...d2, attempt: 3 + i })));
        const got = await store.getAlert(a2.id);
        expect(got!.deliveries.slice(0, 2)).toEqual([d1, d2]);
        expect(got!.deliveries).toHaveLength(7);
        await expect(store.addDelivery(newId(), d1)).rejects.toThrow();
      });
    });

    describe('scrape runs', () => {
      it('creates, finishes and lists newest first', async () => {
        const sourceId = newId();
        const brandId = newId();
        const r1 = await store.createScrapeRun({ sourceId, brandId, startedAt: H(1) });
        expect(r1).toMatchObject({ sourceId, brandId, startedAt: H(1), status: 'running', fetched: 0, new: 0, skipped: 0, errors: 0, messages: [] });
        const r2 = await store.createScrapeRun({ sourceId, brandId, startedAt: H(2) });
        await store.createScrapeRun({ sourceId: newId(), brandId, startedAt: H(3) });
        await store.finishScrapeRun(r1.id, { status: 'ok', fetched: 10, new: 7, skipped: 1, errors: 0, messages: ['skipped x: no text'], finishedAt: H(1.5) });
        await store.finishScrapeRun(r2.id, { status: 'failed', fetched: 0, new: 0, skipped: 0, errors: 1, messages: ['HTTP 503'], finishedAt: H(2.5) });
        const runs = await store.listScrapeRuns(sourceId);
        expect(runs.map((r) => r.id)).toEqual([r2.id, r1.id]);
        expect(runs[1]).toEqual({ ...r1, status: 'ok', fetched: 10, new: 7, skipped: 1, errors: 0, messages: ['skipped x: no text'], finishedAt: H(1.5) });
        expect(runs[0]).toMatchObject({ status: 'failed', errors: 1, messages: ['HTTP 503'] });
        expect((await store.listScrapeRuns(sourceId, 1)).map((r) => r.id)).toEqual([r2.id]);
        expect(await store.listScrapeRuns(newId())).toEqual([]);
        await expect(store.finishScrapeRun(newId(), { status: 'ok', fetched: 0, new: 0, skipped: 0, errors: 0, messages: [], finishedAt: H(1) })).rejects.toThrow();
      });

      it(`keeps a source's newest ${RUNS_KEPT} runs: each new run deletes the ones past them`, async () => {
        const sourceId = newId(), brandId = newId();
        const elsewhere = await store.createScrapeRun({ sourceId: newId(), brandId, startedAt: H(0) });
        // The two oldest start at the same instant (the list orders ties by id).
        const at = (i: number) => new Date(Date.parse(H(1)) + Math.max(i, 1) * 1000).toISOString();
        const runs: ScrapeRun[] = [];
        for (let i = 0; i < RUNS_KEPT + 2; i++) runs.push(await store.createScrapeRun({ sourceId, brandId, startedAt: at(i) }));
        const kept = await store.listScrapeRuns(sourceId, RUNS_KEPT);
        expect(kept).toHaveLength(RUNS_KEPT);
        expect(kept.map((r) => r.id)).toEqual(runs.slice(2).reverse().map((r) => r.id));
        // The oldest ones are gone (finishing one is an unknown run); another source's run stays.
        await expect(store.finishScrapeRun(runs[0]!.id, { status: 'ok', fetched: 0, new: 0, skipped: 0, errors: 0, messages: [], finishedAt: H(2) })).rejects.toThrow(/not found/i);
        expect(await store.listScrapeRuns(elsewhere.sourceId)).toEqual([elsewhere]);
      });
    });

    describe('api keys', () => {
      it('creates, finds by hash, lists, touches and deletes', async () => {
        const k1 = await store.createApiKey({ name: 'ci', hash: 'a'.repeat(64), role: 'admin', brandIds: [] });
        const k2 = await store.createApiKey({ name: 'agency', hash: 'b'.repeat(64), role: 'viewer', brandIds: [newId()] });
        expect(k1.id).toMatch(ID_PATTERN);
        expect(k1.lastUsedAt).toBeUndefined();
        expect(await store.findApiKeyByHash('b'.repeat(64))).toEqual(k2);
        expect(await store.findApiKeyByHash('c'.repeat(64))).toBeNull();
        expect((await store.listApiKeys()).map((k) => k.id).sort()).toEqual([k1.id, k2.id].sort());
        await store.touchApiKey(k1.id, H(7));
        expect((await store.findApiKeyByHash('a'.repeat(64)))!.lastUsedAt).toBe(H(7));
        await store.touchApiKey(newId(), H(7));
        expect(await store.deleteApiKey(k1.id)).toBe(true);
        expect(await store.deleteApiKey(k1.id)).toBe(false);
        expect(await store.findApiKeyByHash('a'.repeat(64))).toBeNull();
        expect((await store.listApiKeys()).map((k) => k.id)).toEqual([k2.id]);
      });
    });

    describe("brands' own models", () => {
      it('saves with a rising version, reads info without the file and with it, replaces and deletes', async () => {
        const brand = await store.createBrand(brandInput({ name: 'Own model' }));
        const other = await store.createBrand(brandInput({ name: 'Shipped model' }));
        expect(await store.getBrandModelInfo(brand.id, 'fake')).toBeNull();
        expect(await store.getBrandModel(brand.id, 'fake')).toBeNull();
        // Meta keys MongoDB refuses in documents are kept as they are.
        const meta = { rows: 240, langs: ['en', 'es'], '$odd.key': 'kept' };
        const json1 = JSON.stringify({ weights: [0.5, -1], note: 'é 😀' });
        const v1 = await store.saveBrandModel(brand.id, 'fake', json1, { name: 'user:a.tsv', meta });
        expect(v1).toEqual({ brandId: brand.id, kind: 'fake', version: 1, name: 'user:a.tsv', bytes: Buffer.byteLength(json1), savedAt: expect.any(String), meta });
        expect(await store.getBrandModelInfo(brand.id, 'fake')).toEqual(v1);
        expect(await store.getBrandModel(brand.id, 'fake')).toEqual({ info: v1, json: json1 });
        const json2 = JSON.stringify({ weights: [1] });
        const v2 = await store.saveBrandModel(brand.id, 'fake', json2, { name: 'user:b.tsv', meta: {} });
        expect(v2.version).toBe(2);
        expect(await store.getBrandModel(brand.id, 'fake')).toEqual({ info: v2, json: json2 });
        expect(await store.getBrandModelInfo(other.id, 'fake')).toBeNull();
        // Every kind in one read, in BRAND_MODEL_KINDS order, whatever the order they were saved in.
        const aspects = await store.saveBrandModel(brand.id, 'aspects', '{"a":1}', { name: 'user:c.tsv', meta: {} });
        expect(await store.listBrandModelInfos(brand.id)).toEqual([v2, aspects]);
        expect(await store.listBrandModelInfos(other.id)).toEqual([]);
        expect(await store.deleteBrandModel(brand.id, 'aspects')).toBe(true);
        expect(await store.listBrandModelInfos(brand.id)).toEqual([v2]);
        expect(await store.deleteBrandModel(brand.id, 'fake')).toBe(true);
        expect(await store.deleteBrandModel(brand.id, 'fake')).toBe(false);
        expect(await store.getBrandModelInfo(brand.id, 'fake')).toBeNull();
      });

      it('refuses an unknown brand, an unknown kind and an empty file; deleteBrand takes the model with it', async () => {
        await expect(store.saveBrandModel(newId(), 'fake', '{}', { name: 'x', meta: {} })).rejects.toThrow(/not found/i);
        const brand = await store.createBrand(brandInput({ name: 'Gone' }));
        await expect(store.saveBrandModel(brand.id, 'sentiment' as never, '{}', { name: 'x', meta: {} })).rejects.toBeInstanceOf(ValidationError);
        await expect(store.saveBrandModel(brand.id, 'fake', '', { name: 'x', meta: {} })).rejects.toBeInstanceOf(ValidationError);
        await expect(store.getBrandModelInfo(brand.id, { $ne: null } as never)).rejects.toBeInstanceOf(ValidationError);
        await store.saveBrandModel(brand.id, 'fake', '{}', { name: 'x', meta: {} });
        expect(await store.deleteBrand(brand.id)).toBe(true);
        expect(await store.getBrandModelInfo(brand.id, 'fake')).toBeNull();
      });
    });

    describe('rescore runs', () => {
      it('starts, records progress and the end, lists newest first, and interrupts what was still running', async () => {
        const brandId = newId();
        const other = newId();
        const r1 = await store.startRescoreRun({ brandId, jobId: 'j1', startedAt: H(1), total: 300 });
        expect(r1).toEqual({ id: r1.id, brandId, jobId: 'j1', startedAt: H(1), status: 'running', total: 300, scanned: 0, changed: 0, fakeSuspectsBefore: 0, fakeSuspectsAfter: 0, recovered: 0 });
        await store.updateRescoreRun(r1.id, { scanned: 200, changed: 31 });
        const elsewhere = await store.startRescoreRun({ brandId: other, startedAt: H(1.5), total: 5 });
        // A new run of the brand: the one still running was cut short; another brand's is not touched.
        const r2 = await store.startRescoreRun({ brandId, jobId: 'j2', startedAt: H(2), total: 310 });
        await store.updateRescoreRun(r2.id, { scanned: 310, changed: 4, fakeSuspectsBefore: 9, fakeSuspectsAfter: 12, recovered: 31, status: 'done', finishedAt: H(2.5) });
        const runs = await store.listRescoreRuns(brandId);
        expect(runs.map((r) => r.id)).toEqual([r2.id, r1.id]);
        expect(runs[1]).toEqual({ ...r1, scanned: 200, changed: 31, status: 'interrupted', finishedAt: H(2) });
        expect(runs[0]).toEqual({ ...r2, scanned: 310, changed: 4, fakeSuspectsBefore: 9, fakeSuspectsAfter: 12, recovered: 31, status: 'done', finishedAt: H(2.5) });
        expect(await store.listRescoreRuns(other)).toEqual([elsewhere]);
        expect((await store.listRescoreRuns(brandId, 1)).map((r) => r.id)).toEqual([r2.id]);
        // A skipped run names the run that did its work.
        const r3 = await store.startRescoreRun({ brandId, jobId: 'j3', startedAt: H(3), total: 310 });
        await store.updateRescoreRun(r3.id, { status: 'skipped', finishedAt: H(3), coveredBy: r2.id });
        expect((await store.listRescoreRuns(brandId, 1))[0]).toEqual({ ...r3, status: 'skipped', finishedAt: H(3), coveredBy: r2.id });
        // A dry run is marked so, and keeps what it found (texts cut to 160 characters).
        const dry = await store.startRescoreRun({ brandId, jobId: 'j4', startedAt: H(4), total: 310, dryRun: true });
        expect(dry).toMatchObject({ dryRun: true, status: 'running' });
        const example = { id: 'm1', externalId: 'e1', text: 'y'.repeat(400), likelihood: { before: 0.2, after: 0.9 } };
        await store.updateRescoreRun(dry.id, { status: 'done', finishedAt: H(4), changed: 7, preview: { files: { aspects: 'alba:v2' }, aspects: { 'price:negative': { before: 3, after: 5 } }, examples: { becomeSuspect: [example], stopSuspect: [] } } });
        expect((await store.listRescoreRuns(brandId, 1))[0]).toEqual({
          ...dry, status: 'done', finishedAt: H(4), changed: 7,
          preview: { files: { aspects: 'alba:v2' }, aspects: { 'price:negative': { before: 3, after: 5 } }, examples: { becomeSuspect: [{ ...example, text: 'y'.repeat(160) }], stopSuspect: [] } },
        });
        await expect(store.updateRescoreRun(dry.id, { preview: { files: { fake: 42 } as never, aspects: {}, examples: { becomeSuspect: [], stopSuspect: [] } } })).rejects.toThrow(/preview\.files\.fake/);
        await expect(store.updateRescoreRun(dry.id, { preview: { aspects: { '$where.x': { before: 1, after: 2 } }, examples: { becomeSuspect: [], stopSuspect: [] } } })).rejects.toThrow(/preview\.aspects/);
        expect((await store.listRescoreRuns(brandId)).filter((r) => r.dryRun).map((r) => r.id)).toEqual([dry.id]);
        await expect(store.updateRescoreRun(dry.id, { preview: { aspects: { 'price:positive': { before: -1, after: 0 } }, examples: { becomeSuspect: [], stopSuspect: [] } } })).rejects.toThrow(/preview\.aspects\.price:positive\.before/);
        await expect(store.updateRescoreRun(dry.id, { preview: { aspects: {}, examples: { becomeSuspect: [{ ...example, likelihood: { before: 2, after: 0 } }], stopSuspect: [] } } })).rejects.toThrow(/likelihood\.before/);
        await expect(store.startRescoreRun({ brandId, startedAt: H(5), total: 1, dryRun: 'yes' as never })).rejects.toThrow(/dryRun/);
        // A failed run keeps its error, cut to a readable length.
        await store.updateRescoreRun(elsewhere.id, { status: 'failed', finishedAt: H(3), error: 'x'.repeat(2000) });
        expect((await store.listRescoreRuns(other))[0]!.error).toHaveLength(500);
        // Bad input is refused, unknown runs are not found.
        await expect(store.updateRescoreRun(r2.id, { scanned: -1 })).rejects.toThrow(/scanned/);
        await expect(store.updateRescoreRun(r2.id, { status: 'paused' as never })).rejects.toThrow(/status/);
        await expect(store.startRescoreRun({ brandId, startedAt: 'yesterday', total: 1 })).rejects.toThrow(/startedAt/);
        await expect(store.updateRescoreRun(newId(), { scanned: 1 })).rejects.toThrow(/not found/);
        expect(await store.listRescoreRuns(newId())).toEqual([]);
      });

      it(`keeps a brand's newest ${RUNS_KEPT} rescore runs`, async () => {
        const brandId = newId();
        const runs: RescoreRun[] = [];
        for (let i = 0; i < RUNS_KEPT + 1; i++) runs.push(await store.startRescoreRun({ brandId, startedAt: new Date(Date.parse(H(1)) + i * 1000).toISOString(), total: i }));
        const kept = await store.listRescoreRuns(brandId, RUNS_KEPT);
        expect(kept.map((r) => r.total)).toEqual(runs.slice(1).reverse().map((r) => r.total));
        await expect(store.updateRescoreRun(runs[0]!.id, { scanned: 1 })).rejects.toThrow(/not found/);
      });
    });

    describe('deleteBrand', () => {
      it('removes everything under the brand and nothing of another brand', async () => {
        const seed = async (name: string) => {
          const brand = await store.createBrand(brandInput({ name }));
          const launch = await store.createLaunch(launchInput(brand.id));
          const source = await store.createSource(sourceInput(brand.id, { launchId: launch.id }));
          const ms = Array.from({ length: 5 }, (_, i) => mention({ sourceId: source.id, brandId: brand.id, launchId: launch.id, externalId: `x${i}`, publishedAt: H(i) }));
          await store.upsertMentions(ms);
          await store.addToRollups([increment({ brandId: brand.id, launchId: launch.id, hour: H(0), aspects: { 'price:negative': 1 } })]);
          const alert = await store.createAlert(alertInput(brand.id, { launchId: launch.id }));
          const run = await store.createScrapeRun({ sourceId: source.id, brandId: brand.id, startedAt: H(0) });
          const rescore = await store.startRescoreRun({ brandId: brand.id, startedAt: H(0), total: 5 });
          return { brand, launch, source, ms, alert, run, rescore };
        };
        const a = await seed('Doomed');
        const b = await seed('Survivor');

        expect(await store.deleteBrand(a.brand.id)).toBe(true);
        expect(await store.getBrand(a.brand.id)).toBeNull();
        expect(await store.getLaunch(a.launch.id)).toBeNull();
        expect(await store.listLaunches(a.brand.id)).toEqual([]);
        expect(await store.getSource(a.source.id)).toBeNull();
        expect(await store.countMentions({ brandId: a.brand.id })).toBe(0);
        expect(await store.getMention(a.ms[0].id)).toBeNull();
        expect(await store.queryRollups({ brandId: a.brand.id, from: H(0), to: H(24) })).toEqual([]);
        expect(await store.getAlert(a.alert.id)).toBeNull();
        expect(await store.listScrapeRuns(a.source.id)).toEqual([]);
        expect(await store.listRescoreRuns(a.brand.id)).toEqual([]);
        // Re-ingesting the deleted brand's mentions works again (nothing left over in unique keys).
        expect((await store.upsertMentions([a.ms[0]])).inserted).toBe(1);

        expect(await store.getBrand(b.brand.id)).toEqual(b.brand);
        expect(await store.getLaunch(b.launch.id)).toEqual(b.launch);
        expect(await store.getSource(b.source.id)).toEqual(b.source);
        expect(await store.countMentions({ brandId: b.brand.id })).toBe(5);
        expect(await store.queryRollups({ brandId: b.brand.id, from: H(0), to: H(24) })).toHaveLength(1);
        expect((await store.queryRollups({ brandId: b.brand.id, from: H(0), to: H(24) }))[0].aspects).toEqual({ 'price:negative': 1 });
        expect(await store.getAlert(b.alert.id)).toEqual(b.alert);
        expect((await store.listScrapeRuns(b.source.id)).map((r) => r.id)).toEqual([b.run.id]);
        expect(await store.listRescoreRuns(b.brand.id)).toEqual([b.rescore]);
        expect(await store.deleteBrand(a.brand.id)).toBe(false);
      });
    });

    it('keeps a batch pending, with the mentions it added, until it is completed', async () => {
      const brand = await store.createBrand(brandInput());
      const src = await store.createSource(sourceInput(brand.id));
      const other = await store.createSource(sourceInput(brand.id, { name: 'other' }));
      const batch = ['u1', 'u2', 'u3'].map((externalId) => mention({ sourceId: src.id, brandId: brand.id, externalId }));
      await store.upsertMentions(batch.slice(0, 1));
      // b1 adds u2 and u3 only: u1 was already stored (by a call without a batch).
      expect((await store.upsertMentions(batch, { batch: 'b1' })).inserted).toBe(2);
      await store.upsertMentions([mention({ sourceId: other.id, brandId: brand.id, externalId: 'o1' })], { batch: 'b2' });
      const pending = await store.listPendingBatches(src.id);
      expect(pending.map((p) => p.batch)).toEqual(['b1']);
      expect(pending[0].mentions.map((m) => m.externalId).sort()).toEqual(['u2', 'u3']);
      expect(pending[0].mentions.find((m) => m.externalId === 'u2')).toEqual(batch[1]); // no bookkeeping fields leak
      // A batch that adds nothing new leaves nothing pending.
      await store.upsertMentions(batch, { batch: 'b3' });
      expect((await store.listPendingBatches(src.id)).map((p) => p.batch)).toEqual(['b1']);
      await store.completeBatch('b1');
      expect(await store.listPendingBatches(src.id)).toEqual([]);
      expect((await store.listPendingBatches(other.id)).map((p) => p.batch)).toEqual(['b2']);
      expect(await store.countMentions({ sourceId: src.id })).toBe(3);
      // One source per batch; deleting a source forgets its pending batches.
      await expect(store.upsertMentions([
        mention({ sourceId: src.id, brandId: brand.id, externalId: 'x1' }), mention({ sourceId: other.id, brandId: brand.id, externalId: 'x2' }),
      ], { batch: 'b4' })).rejects.toBeInstanceOf(ValidationError);
      await store.deleteSource(other.id);
      expect(await store.listPendingBatches(other.id)).toEqual([]);
    });

    it('rescores mentions under a batch pending until completed, with their scores from before', async () => {
      const brand = await store.createBrand(brandInput());
      const src = await store.createSource(sourceInput(brand.id));
      const [a, b, c] = ['r1', 'r2', 'r3'].map((externalId) => mention({ sourceId: src.id, brandId: brand.id, externalId, title: 'A title' }));
      const elsewhere = mention({ sourceId: newId(), brandId: newId(), externalId: 'x1' });
      await store.upsertMentions([a, b, elsewhere]);
      // c belongs to an ingest batch not counted yet: rescoring leaves it alone.
      await store.upsertMentions([c], { batch: 'ingest-1' });
      const fake = (m: Mention) => ({
        id: m.id,
        scores: { ...m.scores, fake: { likelihood: 0.9, reasons: ['text model (brand): reads as templated'] } },
        flags: { ...m.flags, fakeSuspect: true },
      });
      // Unknown ids and another brand's mentions are skipped too.
      const done = await store.rescoreMentions(brand.id, [fake(a), fake(c), fake(elsewhere), { ...fake(b), id: newId() }], 'rs-1');
      expect(done.map((r) => r.mention.id)).toEqual([a.id]);
      expect(done[0].before).toEqual({ scores: a.scores, flags: a.flags });
      expect(done[0].mention).toEqual({ ...a, scores: fake(a).scores, flags: fake(a).flags });
      expect(await store.getMention(a.id)).toEqual(done[0].mention); // no bookkeeping fields leak
      expect(await store.getMention(c.id)).toEqual(c);
      expect(await store.getMention(elsewhere.id)).toEqual(elsewhere);
      expect((await store.queryMentions({ brandId: brand.id, flags: ['fakeSuspect'] })).items.map((m) => m.id)).toEqual([a.id]);
      // Nothing to rescore: no batch.
      expect(await store.rescoreMentions(brand.id, [{ ...fake(b), id: newId() }], 'rs-empty')).toEqual([]);
      // Pending until completed: resuming writes the new scores again and hands the batch back.
      const { text: _t, title: _ti, caption: _c, ...kept } = done[0].mention;
      expect(await store.resumePendingRescores(brand.id)).toEqual([{ batch: 'rs-1', mentions: [{ mention: { ...kept, text: '' }, before: done[0].before }] }]);
      expect(await store.getMention(a.id)).toEqual(done[0].mention);
      expect(await store.resumePendingRescores(newId())).toEqual([]);
      await store.completeRescore('rs-1');
      expect(await store.resumePendingRescores(brand.id)).toEqual([]);
      // Once the ingest batch is counted, c can be rescored; a mention can be rescored again.
      await store.completeBatch('ingest-1');
      const again = await store.rescoreMentions(brand.id, [fake(c), { id: a.id, scores: a.scores, flags: a.flags }], 'rs-3');
      expect(again.map((r) => r.mention.id).sort()).toEqual([a.id, c.id].sort());
      expect(again.find((r) => r.mention.id === a.id)!.before.flags.fakeSuspect).toBe(true);
      expect(await store.getMention(a.id)).toEqual(a);
      await expect(store.rescoreMentions(brand.id, [{ id: a.id } as never], 'rs-4')).rejects.toBeInstanceOf(ValidationError);
      // deleteBrand takes pending batches with it.
      await store.deleteBrand(brand.id);
      expect(await store.resumePendingRescores(brand.id)).toEqual([]);
    });

    it('uses deterministic mention ids from (sourceId, externalId)', async () => {
      const sourceId = newId();
      const m = mention({ sourceId, brandId: newId(), externalId: 'stable-1' });
      expect(m.id).toBe(mentionId(sourceId, 'stable-1'));
      await store.upsertMentions([m]);
      expect((await store.getMention(mentionId(sourceId, 'stable-1')))?.externalId).toBe('stable-1');
    });

    it('keeps flags filterable for every flag', async () => {
      const brandId = newId();
      const sourceId = newId();
      const flags: MentionFlag[] = ['negative', 'fakeSuspect', 'mismatch', 'undisclosed'];
      await store.upsertMentions(flags.map((f) => mention({ sourceId, brandId, externalId: f, flags: { [f]: true } })));
      for (const f of flags) {
        const page = await store.queryMentions({ brandId, flags: [f] });
        expect(page.items.map((m) => m.externalId)).toEqual([f]);
        expect(page.items[0].flags[f]).toBe(true);
      }
    });
  });
}
