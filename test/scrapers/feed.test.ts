import { describe, expect, it } from 'vitest';
import { NonRetryableError } from '../../src/core/errors.js';
import { runSource } from '../../scrapers/index.js';
import { parseFeed } from '../../scrapers/feed.js';
import { useFixtureSite } from './helpers.js';

const fx = useFixtureSite();
const { fetcher } = fx;

const feed = (path: string, extra: object = {}) => runSource({ kind: 'feed', url: `${fx.site.url}${path}`, state: {}, ...extra }, { fetcher });

describe('feeds', () => {
  it('RSS 2.0 from Google Alerts: unwraps redirect links, strips markup, skips the empty item', async () => {
    const r = await feed('/feeds/google-alerts.rss');
    expect(r.mentions).toHaveLength(2);
    const [a, b] = r.mentions;
    expect(a).toMatchObject({
      kind: 'news',
      externalId: 'tag:google.com,2013:googlealerts/feed:1001',
      url: 'https://news.example.com/lumen-serum-launch',
      title: 'Lumen Serum launch draws mixed reviews',
      text: 'The new Lumen Serum promises "clinically proven" results & vegan packaging.',
      publishedAt: '2026-11-29T10:00:00.000Z',
      author: { name: 'Ana Ruiz' },
      langHint: 'en',
    });
    expect(b.text).toBe('Five creators tried Lumen Serum for a week.');
    expect(b.publishedAt).toBe('2026-11-28T07:30:00.000Z');
    expect(r.skipped).toEqual([{ reason: 'empty item (no title, text or description)' }]);
  });

  it('Google Alerts Atom: HTML title, real link, double-escaped text, no empty author', async () => {
    const r = await feed('/feeds/google-alerts.atom');
    expect(r.mentions).toEqual([
      {
        kind: 'news',
        externalId: 'tag:google.com,2013:googlealerts/feed:2001',
        url: 'https://mag.example.com/lumen-test',
        title: 'Is Lumen Serum worth it? We tested it',
        text: 'Our editors tried Lumen Serum for two weeks & found "no visible change".',
        publishedAt: '2026-11-29T10:00:00.000Z',
      },
    ]);
  });

  it('Reddit Atom: social mentions with u/ handles, boilerplate removed', async () => {
    const r = await feed('/feeds/reddit.atom');
    expect(r.mentions).toHaveLength(2);
    expect(r.mentions[0]).toMatchObject({
      kind: 'social',
      externalId: 't3_1abcde',
      url: 'https://www.reddit.com/r/SkincareAddiction/comments/1abcde/lumen_serum_broke_me_out/',
      author: { name: 'glowgetter', handle: 'u/glowgetter' },
      title: 'Lumen Serum broke me out',
      text: 'Lumen Serum broke me out after two days. Anyone else?',
      publishedAt: '2026-11-29T09:12:00.000Z',
    });
    expect(r.mentions[1].text).toBe('Holy grail & no fragrance.');
  });

  it('YouTube Atom: views, star rating and the raw description as caption for influencers', async () => {
    const r = await feed('/feeds/youtube.atom', { mentionKind: 'influencer' });
    expect(r.mentions).toHaveLength(1);
    const v = r.mentions[0];
    expect(v).toMatchObject({
      kind: 'influencer',
      externalId: 'yt:vid001',
      url: 'https://www.youtube.com/watch?v=vid001',
      author: { name: 'Glow With Mia' },
      engagement: { views: 48211, likes: 1520 },
      rating: { value: 4.6, best: 5, worst: 1, normalized: 0.9 },
    });
    expect(v.caption).toBe('Gifted by @lumenbeauty #ad #lumenserum\nShop: https://lumen.example.com/serum?ref=mia');
    expect(v.text).toContain('#ad');
  });

  it('Mastodon RSS: handle from the status URL, text from HTML', async () => {
    const r = await feed('/feeds/mastodon.rss');
    expect(r.mentions[0]).toMatchObject({
      kind: 'social',
      author: { handle: '@skinfluencer@mastodon.example' },
      text: 'Not impressed by #lumenserum, it stings.',
      publishedAt: '2026-11-29T12:00:00.000Z',
    });
    expect(r.mentions[0].title).toBeUndefined();
  });

  it('RSS 1.0 / RDF', async () => {
    const r = await feed('/feeds/rdf.xml');
    expect(r.mentions.map((m) => m.externalId)).toEqual(['https://slashnews.example/story/1', 'https://slashnews.example/story/2']);
    expect(r.mentions[0]).toMatchObject({ kind: 'news', title: 'Lumen recalls a batch of serum', author: { name: 'editor' }, langHint: 'en-us', publishedAt: '2026-11-30T07:00:00.000Z' });
  });

  it('a truncated feed yields its whole items; a non-feed is a clear permanent error', async () => {
    const r = await feed('/feeds/malformed.rss');
    expect(r.mentions).toHaveLength(1);
    expect(r.mentions[0]).toMatchObject({ title: 'Whole item', text: 'still readable' });
    expect(r.skipped).toEqual([{ reason: 'truncated item (document ended inside it)' }]);
    await expect(feed('/feeds/not-a-feed')).rejects.toThrow(/not a feed: expected <rss>, <feed> or <rdf:RDF>, found <html>/);
    expect(() => parseFeed('', 'http://x/')).toThrow(NonRetryableError);
    expect(() => parseFeed('{"json": true}', 'http://x/')).toThrow(/not a feed/);
  });

  it('conditional GET: the second run costs one 304 and yields nothing', async () => {
    const first = await feed('/feeds/conditional.rss');
    expect(first.mentions).toHaveLength(3);
    expect(first.state).toMatchObject({ etag: '"v1"', lastModified: 'Sun, 29 Nov 2026 10:00:00 GMT' });
    expect(first.state.lastSeenIds).toHaveLength(3);
    const second = await runSource({ kind: 'feed', url: `${fx.site.url}/feeds/conditional.rss`, state: first.state }, { fetcher });
    expect(second).toMatchObject({ notModified: true, mentions: [], pagesFetched: 1 });
    expect(second.state).toEqual(first.state);
  });

  it('incremental without validators: a second run over the same items yields zero new', async () => {
    const first = await feed('/feeds/big.rss?n=20&seed=3');
    expect(first.mentions).toHaveLength(20);
    const second = await runSource({ kind: 'feed', url: `${fx.site.url}/feeds/big.rss?n=20&seed=3`, state: first.state }, { fetcher });
    expect(second.notModified).toBe(false);
    expect(second.mentions).toHaveLength(0);
    expect(second.known).toBe(20);
  });

  it('limit caps new mentions', async () => {
    const r = await runSource({ kind: 'feed', url: `${fx.site.url}/feeds/big.atom?n=30`, state: {} }, { fetcher, limit: 7 });
    expect(r.mentions).toHaveLength(7);
    expect(r.state.lastSeenIds).toHaveLength(7);
    // the 23 others come on the next run
    const next = await runSource({ kind: 'feed', url: `${fx.site.url}/feeds/big.atom?n=30`, state: r.state }, { fetcher });
    expect(next.mentions).toHaveLength(23);
  });
});
