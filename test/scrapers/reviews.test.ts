import { describe, expect, it } from 'vitest';
import { runSource } from '../../scrapers/index.js';
import { extractReviewPage } from '../../scrapers/schema-reviews.js';
import { useFixtureSite } from './helpers.js';

const fx = useFixtureSite();
const { fetcher } = fx;

const reviews = (path: string, recipe?: Record<string, unknown>, deps: { limit?: number; maxPages?: number } = {}, state = {}) =>
  runSource({ kind: 'schema-reviews', url: `${fx.site.url}${path}`, recipe, state }, { fetcher, ...deps });

describe('schema.org reviews', () => {
  it('JSON-LD Product with nested reviews, following rel=next over 3 pages', async () => {
    const r = await reviews('/reviews/jsonld/1');
    expect(r.pagesFetched).toBe(3);
    expect(r.mentions).toHaveLength(15);
    expect(r.mentions[0]).toMatchObject({
      kind: 'review',
      externalId: 'https://shop.example.com/p/lumen#r1000',
      author: { name: 'Alice M.' },
      title: 'Review 1000',
      rating: { value: 1, best: 5, worst: 1, normalized: 0 },
      publishedAt: '2026-11-21T00:00:00.000Z',
      langHint: 'en',
    });
    expect(r.mentions[3].rating).toEqual({ value: 4, best: 5, worst: 1, normalized: 0.75 });
    expect(r.aggregate).toMatchObject({ value: 3.4, best: 5, count: 1234, itemName: 'Lumen Serum' });
  });

  it('limit and maxPages stop pagination early', async () => {
    const limited = await reviews('/reviews/jsonld/1', undefined, { limit: 7 });
    expect(limited.mentions).toHaveLength(7);
    expect(limited.pagesFetched).toBe(2);
    const paged = await reviews('/reviews/jsonld/1', undefined, { maxPages: 1 });
    expect(paged.pagesFetched).toBe(1);
    expect(paged.mentions).toHaveLength(5);
  });

  it('@graph, top-level arrays, string and array authors, a 0..10 scale; a malformed script and a bad review are skipped', async () => {
    const r = await reviews('/reviews/graph');
    expect(r.mentions.map((m) => m.text)).toEqual(['Eight out of ten, would buy.', 'Array review one.', 'Array review two.']);
    expect(r.mentions[0]).toMatchObject({ author: { name: 'Zoe' }, rating: { value: 8, best: 10, worst: 0, normalized: 0.8 }, publishedAt: '2026-11-20T10:00:00.000Z' });
    expect(r.mentions[1]).toMatchObject({ url: 'https://shop.example.com/r/array-1', externalId: 'https://shop.example.com/r/array-1', rating: { normalized: 0.75 } });
    expect(r.mentions[2]).toMatchObject({ author: { name: 'Xia' }, rating: { value: 2.5, best: 10, worst: 0 } });
    expect(r.aggregate).toMatchObject({ value: 8.1, best: 10, worst: 0, count: 77 });
    expect(r.skipped.map((s) => s.reason).sort()).toEqual(['malformed JSON-LD', 'review without text']);
  });

  it('microdata with a "next" selector', async () => {
    const r = await reviews('/reviews/microdata/1', { next: 'a.next-page' });
    expect(r.pagesFetched).toBe(3);
    expect(r.mentions).toHaveLength(9);
    expect(r.mentions[0]).toMatchObject({ author: { name: 'Alice M.' }, title: 'Review 51000', rating: { best: 5, worst: 1 } });
    expect(r.mentions[0].text).toMatch(/^Lovely texture/);
    expect(r.aggregate).toMatchObject({ value: 4.1, count: 88 });
  });

  it('microdata with a page parameter stops at the first empty page', async () => {
    const r = await reviews('/reviews/microdata-param', { pageParam: 'page' });
    expect(r.mentions).toHaveLength(9);
    expect(r.pagesFetched).toBe(4);
    expect(fx.site.hits.get('/reviews/microdata-param?page=5')).toBeUndefined();
  });

  it('second run over unchanged pages: zero new, and pagination stops at the first page', async () => {
    const first = await reviews('/reviews/jsonld/1');
    const before = fx.site.hits.get('/reviews/jsonld/2') ?? 0;
    const second = await reviews('/reviews/jsonld/1', undefined, {}, first.state);
    expect(second.mentions).toHaveLength(0);
    expect(second.known).toBe(5);
    expect(second.pagesFetched).toBe(1);
    expect(fx.site.hits.get('/reviews/jsonld/2')).toBe(before);
  });

  it('an interrupted run loses nothing: state is only what the caller saves', async () => {
    const partial = await reviews('/reviews/jsonld/1', undefined, { limit: 4 });
    const rest = await reviews('/reviews/jsonld/1', undefined, {}, partial.state);
    const all = new Set([...partial.mentions, ...rest.mentions].map((m) => m.externalId));
    expect(all.size).toBe(15);
  });

  it('backfill: a run capped at the limit or maxPages is continued by the next run, not lost', async () => {
    // limit 5 consumes page 1 exactly: resume at page 2; the next run finds nothing new on page 1 and jumps there
    const capped = await reviews('/reviews/jsonld/1', undefined, { limit: 5 });
    expect(capped.state.resume).toBe(`${fx.site.url}/reviews/jsonld/2`);
    const rest = await reviews('/reviews/jsonld/1', undefined, {}, capped.state);
    expect(rest.mentions).toHaveLength(10);
    expect(rest.state.resume).toBeUndefined();
    // stopped inside a page: resume on that page
    const mid = await reviews('/reviews/jsonld/1', undefined, { limit: 7 });
    expect(mid.state.resume).toBe(`${fx.site.url}/reviews/jsonld/2`);
    const after = await reviews('/reviews/jsonld/1', undefined, {}, mid.state);
    expect(after.mentions).toHaveLength(8);
    // maxPages 1, then the next run picks up at page 2
    const onePage = await reviews('/reviews/microdata-param', { pageParam: 'page' }, { maxPages: 1 });
    expect(onePage.mentions).toHaveLength(3);
    expect(onePage.state.resume).toBe(`${fx.site.url}/reviews/microdata-param?page=2`);
    // page 1 is checked for news first (not counted against maxPages), then page 2
    const more = await reviews('/reviews/microdata-param', { pageParam: 'page' }, { maxPages: 1 }, onePage.state);
    expect(more.mentions).toHaveLength(3);
    expect(more.pagesFetched).toBe(2);
    expect(more.state.resume).toBe(`${fx.site.url}/reviews/microdata-param?page=3`);
    const last = await reviews('/reviews/microdata-param', { pageParam: 'page' }, {}, more.state);
    expect(last.mentions).toHaveLength(3);
    expect(last.state.resume).toBeUndefined();
    const none = await reviews('/reviews/microdata-param', { pageParam: 'page' }, {}, last.state);
    expect(none.mentions).toHaveLength(0);
    expect(none.pagesFetched).toBe(1);
  });

  it('malformed HTML still yields what is readable', async () => {
    const r = await reviews('/hostile/malformed.html');
    expect(r.mentions.length).toBeGreaterThanOrEqual(1);
    expect(r.mentions.some((m) => m.text === 'Second review survives' && m.rating?.value === 2)).toBe(true);
  });

  it('externalId is stable across runs and independent of the page a review sits on', () => {
    const html = '<script type="application/ld+json">{"@type":"Review","author":"A","reviewBody":"Same text"}</script>';
    const a = extractReviewPage(html, 'https://shop.example.com/p?page=1').reviews[0].mention;
    const b = extractReviewPage(html, 'https://shop.example.com/p?page=2').reviews[0].mention;
    expect(a.externalId).toBe(b.externalId);
    expect(a.externalId).toMatch(/^h:[0-9a-f]{24}$/);
  });

  it('duplicates across pages are collapsed', async () => {
    const html = `<script type="application/ld+json">[{"@type":"Review","author":"A","reviewBody":"Twice"},{"@type":"Review","author":"A","reviewBody":"Twice"},{"@type":"Review","author":"B","reviewBody":"Once"}]</script>`;
    const page = extractReviewPage(html, 'https://x.example/');
    expect(page.reviews).toHaveLength(3);
  });
});
