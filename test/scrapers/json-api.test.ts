import { describe, expect, it } from 'vitest';
import { runSource } from '../../scrapers/index.js';
import { useFixtureSite } from './helpers.js';

const fx = useFixtureSite();
const { fetcher } = fx;

const api = (name: string, query: string, path = `/api/${name}`, state = {}) =>
  runSource({ kind: 'json-api', api: name, query, url: `${fx.site.url}${path}`, state }, { fetcher });

describe('JSON APIs', () => {
  it('App Store customer reviews: ratings, pages until empty, invalid entry skipped', async () => {
    const r = await api('appstore', '123456');
    expect(r.mentions).toHaveLength(4);
    expect(r.pagesFetched).toBe(3);
    expect(r.mentions[0]).toMatchObject({
      kind: 'review',
      externalId: 'appstore:110011',
      author: { name: 'apple_user_11' },
      title: 'App review 11',
      text: 'The Lumen app crashes on login (11).',
      rating: { value: 2, best: 5, worst: 1, normalized: 0.25 },
      publishedAt: '2026-11-21T17:00:00.000Z',
    });
    expect(r.skipped).toEqual([expect.objectContaining({ reason: 'App Store entry without id, text or rating' })]);
  });

  it('Reddit search JSON follows `after`, posts and comments', async () => {
    const r = await api('reddit', 'lumen serum');
    expect(r.mentions).toHaveLength(4);
    expect(r.mentions[0]).toMatchObject({
      kind: 'social',
      externalId: 'reddit:t3_abc11',
      url: 'https://www.reddit.com/r/SkincareAddiction/comments/abc11/post/',
      author: { name: 'redditor11', handle: 'u/redditor11' },
      engagement: { likes: 22, comments: 11 },
    });
    expect(r.mentions[0].text).toBe('Reddit post 11 about Lumen\n\nSelf text 11: the serum is ok.');
    expect(r.mentions[3].text).toBe('Comment 22: nope.');
    expect(fx.site.hits.has('/api/reddit/search.json?q=lumen+serum&sort=new&limit=100&raw_json=1&after=t3_abc12')).toBe(true);
  });

  it('Hacker News (Algolia): stories and comments, HTML decoded', async () => {
    const r = await api('hn', 'lumen');
    expect(r.mentions.map((m) => m.externalId)).toEqual(['hn:4001', 'hn:4002']);
    expect(r.mentions[1]).toMatchObject({ text: 'Their "clinically proven" claim has no study behind it.', title: 'Re: Lumen raises $10M', author: { handle: 'skeptic' } });
    expect(r.mentions[0].engagement).toEqual({ likes: 120, comments: 45 });
  });

  it('Mastodon tag timeline: language, followers, boosts', async () => {
    const r = await api('mastodon', '#lumenserum');
    expect(r.mentions).toHaveLength(2);
    expect(r.mentions[0]).toMatchObject({
      langHint: 'de',
      text: 'Das #lumenserum brennt auf der Haut.',
      author: { name: 'Haut Nah', handle: '@hautnah@mastodon.example', followers: 830 },
      engagement: { likes: 11, shares: 5, comments: 2 },
    });
    expect(r.mentions[1].author?.handle).toBe('@remote@other.example');
    expect(r.mentions[1].text).toBe('skin\n\nBoost of a remote post');
  });

  it('second run yields zero new', async () => {
    const first = await api('mastodon', 'lumenserum');
    const second = await api('mastodon', 'lumenserum', '/api/mastodon', first.state);
    expect(second.mentions).toHaveLength(0);
    expect(second.known).toBe(2);
  });

  it('backfill: a run capped by maxPages resumes at its cursor next time', async () => {
    const first = await runSource({ kind: 'json-api', api: 'reddit', query: 'lumen', url: `${fx.site.url}/api/reddit`, state: {} }, { fetcher, maxPages: 1 });
    expect(first.mentions).toHaveLength(2);
    expect(JSON.parse(first.state.resume as string)).toEqual({ n: 1, cursor: 't3_abc12' });
    const second = await runSource({ kind: 'json-api', api: 'reddit', query: 'lumen', url: `${fx.site.url}/api/reddit`, state: first.state }, { fetcher, maxPages: 1 });
    expect(second.mentions.map((m) => m.externalId)).toEqual(['reddit:t3_abc21', 'reddit:t3_abc22']);
    expect(second.state.resume).toBeUndefined();
  });

  it('malformed JSON and a wrong shape are clear permanent errors', async () => {
    await expect(runSource({ kind: 'json-api', api: 'appstore', query: '1', url: `${fx.site.url}/api/malformed.json#`, state: {} }, { fetcher })).rejects.toThrow(/appstore: malformed JSON from .*\/api\/malformed\.json/);
    await expect(runSource({ kind: 'json-api', api: 'hn', query: 'x', url: `${fx.site.url}/api/appstore`, state: {} }, { fetcher })).rejects.toThrow(/HTTP 404/);
    await expect(runSource({ kind: 'json-api', api: 'reddit', query: 'x', url: `${fx.site.url}/api/hn`, state: {} }, { fetcher })).rejects.toThrow(/HTTP 404|no data.children/);
    await expect(runSource({ kind: 'json-api', api: 'twitter', query: 'x', state: {} }, { fetcher })).rejects.toThrow(/unknown json-api "twitter"/);
  });
});
