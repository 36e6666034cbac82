import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import { runSource } from '../../scrapers/index.js';
import { validateRecipe, validateSourceDefinition } from '../../scrapers/recipe-schema.js';
import { parseDate, parseWithFormat } from '../../scrapers/dates.js';
import { makeRating, parseCount } from '../../scrapers/normalise.js';
import { useFixtureSite } from './helpers.js';

const fx = useFixtureSite();
const { fetcher } = fx;

export const forumRecipe = {
  item: 'li.post',
  fields: {
    id: { attr: 'data-id' },
    title: '.title',
    text: '.body',
    handle: '.user',
    followers: '.followers',
    authorReviews: '.reviews-by',
    date: { selector: 'time', attr: 'title' },
    rating: { selector: '.score', regex: 'Rated (\\d+)' },
    link: 'a.permalink',
    likes: '.likes',
    comments: '.replies',
  },
  dateFormats: ['DD/MM/YYYY HH:mm'],
  next: 'a.next',
};

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
}

describe('selector recipe', () => {
  it('extracts items and fields, follows the next link, skips empty items', async () => {
    const r = await runSource({ kind: 'recipe', url: `${fx.site.url}/recipe/forum`, recipe: forumRecipe, state: {} }, { fetcher });
    expect(r.pagesFetched).toBe(2);
    expect(r.mentions).toHaveLength(6);
    expect(r.mentions[0]).toEqual({
      kind: 'social',
      externalId: 'p11',
      url: `${fx.site.url}/recipe/thread/11`,
      author: { handle: '@user11', followers: 11500, reviewCount: 11 },
      title: 'Thread 11: Lumen?',
      text: 'Post 11 about Lumen & its #glow claims. link',
      rating: { value: 2, best: 5, worst: 1, normalized: 0.25 },
      publishedAt: '2026-11-12T14:05:00.000Z',
      engagement: { likes: 33, comments: 11 },
    });
    expect(r.skipped.filter((s) => s.reason === 'item without text')).toHaveLength(2);
  });

  it('influencer recipes keep the raw caption with hashtags, handles and links', async () => {
    const r = await runSource(
      { kind: 'recipe', url: `${fx.site.url}/recipe/forum`, mentionKind: 'influencer', recipe: { ...forumRecipe, fields: { ...forumRecipe.fields, caption: '.body' } }, state: {} },
      { fetcher, maxPages: 1 },
    );
    expect(r.mentions[0].kind).toBe('influencer');
    expect(r.mentions[0].caption).toBe('Post 11 about Lumen & its #glow claims. https://lumen.example.com/x?ref=11');
  });

  it('a second run yields zero new and stops after the first page', async () => {
    const first = await runSource({ kind: 'recipe', url: `${fx.site.url}/recipe/forum`, recipe: forumRecipe, state: {} }, { fetcher });
    const second = await runSource({ kind: 'recipe', url: `${fx.site.url}/recipe/forum`, recipe: forumRecipe, state: first.state }, { fetcher });
    expect(second.mentions).toEqual([]);
    expect(second.pagesFetched).toBe(1);
  });
});

describe('recipe validation', () => {
  it('accepts a good recipe', () => {
    expect(validateRecipe(forumRecipe, 'recipe').item).toBe('li.post');
    expect(validateRecipe({ ...forumRecipe, waitFor: '.post', scroll: { times: 3 } }, 'browser').scroll?.times).toBe(3);
  });

  it('points at the bad field', () => {
    expect(issuesOf(() => validateRecipe({ ...forumRecipe, fields: { ...forumRecipe.fields, rating: 'div[[' } }, 'recipe'))).toEqual([
      { path: 'recipe.fields.rating', message: expect.stringMatching(/invalid CSS selector/) },
    ]);
    expect(issuesOf(() => validateRecipe({ fields: { text: '.x' } }, 'recipe'))[0].path).toBe('recipe.item');
    expect(issuesOf(() => validateRecipe({ item: '.x', fields: { title: '.t' } }, 'recipe'))[0].path).toBe('recipe.fields.text');
    expect(issuesOf(() => validateRecipe({ item: '.x', fields: { text: '.t', ratng: '.r' } }, 'recipe'))).toEqual([{ path: 'recipe.fields.ratng', message: 'unknown field ratng' }]);
    expect(issuesOf(() => validateRecipe({ item: '.x', fields: { text: { selector: '.t', regex: '(' } } }, 'recipe'))[0].path).toBe('recipe.fields.text.regex');
    expect(issuesOf(() => validateRecipe({ item: '.x', fields: { text: '.t' }, dateFormats: ['DD/QQ'] }, 'recipe'))[0].path).toBe('recipe.dateFormats.0');
    expect(issuesOf(() => validateRecipe({ item: '.x', fields: { text: '.t' }, scroll: { times: 2 } }, 'recipe'))[0].path).toBe('recipe.scroll');
    expect(issuesOf(() => validateRecipe(undefined, 'browser'))).toEqual([{ path: 'recipe', message: 'required' }]);
  });

  it('validates whole source definitions', () => {
    expect(validateSourceDefinition({ kind: 'feed', url: 'https://example.com/feed.xml' }).kind).toBe('feed');
    expect(issuesOf(() => validateSourceDefinition({ kind: 'feed' }))[0].path).toBe('url');
    expect(issuesOf(() => validateSourceDefinition({ kind: 'feed', url: 'ftp://x/' }))[0]).toEqual({ path: 'url', message: 'expected an http(s) URL' });
    expect(issuesOf(() => validateSourceDefinition({ kind: 'rss', url: 'https://x/' }))[0].path).toBe('kind');
    expect(issuesOf(() => validateSourceDefinition({ kind: 'json-api', api: 'appstore', query: 'lumen' }))[0].path).toBe('query');
    expect(issuesOf(() => validateSourceDefinition({ kind: 'json-api', api: 'tiktok', query: 'x' }))[0].path).toBe('api');
    expect(issuesOf(() => validateSourceDefinition({ kind: 'recipe', url: 'https://x/', recipe: { item: '' , fields: { text: '.t' } } }))[0].path).toBe('recipe.item');
    expect(issuesOf(() => validateSourceDefinition({ kind: 'schema-reviews', url: 'https://x/', recipe: { nxt: 'a' } }))[0].path).toBe('recipe.nxt');
    expect(issuesOf(() => validateSourceDefinition({ kind: 'feed', url: 'https://x/', mentionKind: 'tweet' }))[0].path).toBe('mentionKind');
  });
});

describe('normalisers', () => {
  it('ratings keep their scale', () => {
    expect(makeRating(4, 5, 1)).toEqual({ value: 4, best: 5, worst: 1, normalized: 0.75 });
    expect(makeRating('8', '10', '0')).toEqual({ value: 8, best: 10, worst: 0, normalized: 0.8 });
    expect(makeRating(85, 100)).toEqual({ value: 85, best: 100, worst: 1, normalized: 0.848 });
    expect(makeRating(7, 5)).toBeUndefined();
    expect(makeRating('n/a')).toBeUndefined();
  });
  it('counts', () => {
    expect(parseCount('1.2K followers')).toBe(1200);
    expect(parseCount('3,4M')).toBe(3_400_000);
    expect(parseCount('1,234 likes')).toBe(1234);
    expect(parseCount('no')).toBeUndefined();
  });
  it('dates with formats and relative dates', () => {
    expect(parseWithFormat('12/11/2026 14:05', 'DD/MM/YYYY HH:mm')).toBe('2026-11-12T14:05:00.000Z');
    expect(parseWithFormat('Nov 3, 2026 2:30 PM', 'MMM D, YYYY h:mm A')).toBe('2026-11-03T14:30:00.000Z');
    expect(parseWithFormat('03.11.2026 10:00 +0100', 'DD.MM.YYYY HH:mm Z')).toBe('2026-11-03T09:00:00.000Z');
    const now = Date.UTC(2026, 10, 29, 12);
    expect(parseDate('3 hours ago', [], now)).toBe('2026-11-29T09:00:00.000Z');
    expect(parseDate('yesterday', [], now)).toBe('2026-11-28T12:00:00.000Z');
    expect(parseDate('garbage', ['DD/MM/YYYY'], now)).toBeUndefined();
  });
});

describe('browser proxy from the environment', () => {
  it('maps HTTPS_PROXY and NO_PROXY to Chromium settings', async () => {
    const { proxyFromEnv } = await import('../../scrapers/browser-pool.js');
    expect(proxyFromEnv({})).toBeUndefined();
    expect(proxyFromEnv({ HTTPS_PROXY: 'http://proxy:3128', NO_PROXY: 'corp.example,.internal' })).toEqual({
      server: 'http://proxy:3128',
      bypass: 'corp.example,*.corp.example,*.internal',
    });
  });
});
