// Public JSON APIs that need no key: Apple App Store customer reviews (RSS-JSON), Reddit search,
// Hacker News search (Algolia), Mastodon public tag timeline. Base URLs are overridable through
// source.url (tests point them at the fixture site). Each API pages until the limit, maxPages,
// the end, or a page with nothing new.
import { NonRetryableError } from '../src/core/errors.js';
import type { MentionKind, RawMention } from '../src/core/types.js';
import type { AcceptResult } from './collector.js';
import type { KindResult, ScrapeContext, SourceSpec } from './context.js';
import { cleanAuthor, compact, htmlToText, makeRating, parseCount, tidy, toIso } from './normalise.js';
import { stopReason } from './pagination.js';
import { JSON_APIS, type JsonApi } from './recipe-schema.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const DEFAULT_BASES: Record<JsonApi, string> = {
  appstore: 'https://itunes.apple.com',
  reddit: 'https://www.reddit.com',
  hn: 'https://hn.algolia.com/api/v1',
  mastodon: 'https://mastodon.social',
};

type Item = RawMention | { skip: string; detail?: string };

interface ApiAdapter {
  /** URL of page `n` (0-based), given the cursor from the previous page. */
  url(base: string, query: string, n: number, cursor: string | undefined): string;
  /** Items of a page and the cursor of the next one (undefined = last page). */
  read(body: unknown, kind: MentionKind | undefined, n: number): { items: Item[]; cursor?: string; last: boolean };
}

const label = (v: unknown): string | undefined => (v && typeof v === 'object' && 'label' in v ? String((v as Json).label) : undefined);

const adapters: Record<JsonApi, ApiAdapter> = {
  appstore: {
    url(base, query, n) {
      const [country, id] = query.includes(':') ? query.split(':') : ['us', query];
      return `${base}/${country}/rss/customerreviews/page=${n + 1}/id=${id}/sortby=mostrecent/json`;
    },
    read(body, kind, n) {
      const feed = (body as Json)?.feed;
      if (!feed || typeof feed !== 'object') throw new NonRetryableError('App Store response has no "feed" object');
      const entries: Json[] = Array.isArray(feed.entry) ? feed.entry : feed.entry ? [feed.entry] : [];
      const items: Item[] = [];
      for (const e of entries) {
        if (e?.['im:name']) continue; // the app itself, listed first on some pages
        const id = label(e?.id);
        const text = tidy(label(e?.content) ?? '');
        const rating = makeRating(label(e?.['im:rating']), 5, 1);
        if (!id || !text || !rating) {
          items.push({ skip: 'App Store entry without id, text or rating', detail: JSON.stringify(e).slice(0, 200) });
          continue;
        }
        items.push(compact({
          kind: kind ?? 'review',
          externalId: `appstore:${id}`,
          url: label(e.author?.uri),
          author: cleanAuthor({ name: label(e.author?.name) }),
          title: label(e.title),
          text,
          rating,
          publishedAt: toIso(label(e.updated)),
          engagement: compact({ likes: parseCount(label(e['im:voteSum'])) }),
        }) as RawMention);
      }
      // Apple serves at most 10 pages.
      return { items, last: entries.length === 0 || n >= 9 };
    },
  },
  reddit: {
    url(base, query, _n, cursor) {
      const u = new URL(`${base}/search.json`);
      u.searchParams.set('q', query);
      u.searchParams.set('sort', 'new');
      u.searchParams.set('limit', '100');
      u.searchParams.set('raw_json', '1');
      if (cursor) u.searchParams.set('after', cursor);
      return u.href;
    },
    read(body, kind) {
      const data = (body as Json)?.data;
      if (!data || !Array.isArray(data.children)) throw new NonRetryableError('Reddit response has no data.children listing');
      const items: Item[] = data.children.map((c: Json): Item => {
        const d = c?.data;
        if (!d?.id) return { skip: 'Reddit item without id' };
        const text = tidy([d.title, d.selftext ?? d.body].filter(Boolean).join('\n\n'));
        if (!text) return { skip: 'Reddit item without text', detail: d.id };
        return compact({
          kind: kind ?? 'social',
          externalId: `reddit:${d.name ?? d.id}`,
          url: d.permalink ? `https://www.reddit.com${d.permalink}` : d.url,
          author: cleanAuthor({ name: d.author, handle: d.author ? `u/${d.author}` : undefined }),
          title: d.title,
          text,
          publishedAt: toIso(d.created_utc),
          engagement: compact({ likes: parseCount(d.score ?? d.ups), comments: parseCount(d.num_comments) }),
        }) as RawMention;
      });
      return { items, cursor: data.after ?? undefined, last: !data.after };
    },
  },
  hn: {
    url(base, query, n) {
      const u = new URL(`${base}/search_by_date`);
      u.searchParams.set('query', query);
      u.searchParams.set('tags', '(story,comment)');
      u.searchParams.set('hitsPerPage', '50');
      u.searchParams.set('page', String(n));
      return u.href;
    },
    read(body, kind, n) {
      const b = body as Json;
      if (!b || !Array.isArray(b.hits)) throw new NonRetryableError('HN Algolia response has no "hits" array');
      const items: Item[] = b.hits.map((h: Json): Item => {
        if (!h?.objectID) return { skip: 'HN hit without objectID' };
        const text = htmlToText(h.comment_text ?? h.story_text ?? '') || tidy(h.title ?? '');
        if (!text) return { skip: 'HN hit without text', detail: h.objectID };
        return compact({
          kind: kind ?? 'social',
          externalId: `hn:${h.objectID}`,
          url: `https://news.ycombinator.com/item?id=${h.objectID}`,
          author: cleanAuthor({ name: h.author, handle: h.author }),
          title: h.title ?? (h.story_title ? `Re: ${h.story_title}` : undefined),
          text,
          publishedAt: toIso(h.created_at ?? h.created_at_i),
          engagement: compact({ likes: parseCount(h.points), comments: parseCount(h.num_comments) }),
        }) as RawMention;
      });
      return { items, last: b.hits.length === 0 || (typeof b.nbPages === 'number' && n + 1 >= b.nbPages) };
    },
  },
  mastodon: {
    url(base, query, _n, cursor) {
      const u = new URL(`${base}/api/v1/timelines/tag/${encodeURIComponent(query.replace(/^#/, ''))}`);
      u.searchParams.set('limit', '40');
      if (cursor) u.searchParams.set('max_id', cursor);
      return u.href;
    },
    read(body, kind) {
      if (!Array.isArray(body)) throw new NonRetryableError('Mastodon response is not an array of statuses');
      const items: Item[] = body.map((s: Json): Item => {
        if (!s?.id) return { skip: 'Mastodon status without id' };
        const text = tidy([s.spoiler_text, htmlToText(s.content ?? '')].filter(Boolean).join('\n\n'));
        if (!text) return { skip: 'Mastodon status without text', detail: s.id };
        const acct: string | undefined = s.account?.acct;
        const host = s.account?.url ? new URL(s.account.url).host : undefined;
        return compact({
          kind: kind ?? 'social',
          externalId: `mastodon:${s.uri ?? s.url ?? s.id}`,
          url: s.url ?? s.uri,
          author: cleanAuthor({
            name: s.account?.display_name || s.account?.username,
            handle: acct ? (acct.includes('@') ? `@${acct}` : `@${acct}${host ? `@${host}` : ''}`) : undefined,
            followers: parseCount(s.account?.followers_count),
          }),
          text,
          publishedAt: toIso(s.created_at),
          langHint: s.language ?? undefined,
          engagement: compact({ likes: parseCount(s.favourites_count), shares: parseCount(s.reblogs_count), comments: parseCount(s.replies_count) }),
        }) as RawMention;
      });
      const lastId = body.length ? String(body[body.length - 1]?.id) : undefined;
      return { items, cursor: lastId, last: body.length === 0 };
    },
  },
};

export async function scrapeJsonApi(spec: SourceSpec, ctx: ScrapeContext): Promise<KindResult> {
  const api = spec.api as JsonApi;
  if (!JSON_APIS.includes(api)) throw new NonRetryableError(`unknown json-api "${spec.api}" (known: ${JSON_APIS.join(', ')})`);
  if (!spec.query) throw new NonRetryableError(`json-api ${api} needs a query`);
  const adapter = adapters[api];
  const base = (spec.url ?? DEFAULT_BASES[api]).replace(/\/+$/, '');
  // Resume point of a capped earlier run: page index and the API's cursor (see pagination.ts).
  let resume: { n: number; cursor?: string } | undefined;
  try {
    resume = typeof spec.state.resume === 'string' ? JSON.parse(spec.state.resume) : undefined;
  } catch {
    resume = undefined;
  }
  const encode = (n: number, cursor: string | undefined) => JSON.stringify(cursor === undefined ? { n } : { n, cursor });
  let n = 0;
  let cursor: string | undefined;
  let pages = 0;
  let counted = 0; // pages counted against maxPages (the check before a resume jump is free)
  let resumeUsed = !resume;
  let first: { etag?: string; lastModified?: string } = {};
  let nextResume: string | undefined;
  for (;;) {
    const url = adapter.url(base, spec.query, n, cursor);
    const res = await ctx.fetcher.fetch(url, {
      headers: { accept: 'application/json' },
      ...(pages === 0 ? { etag: spec.state.etag, lastModified: spec.state.lastModified } : {}),
    });
    pages++;
    counted++;
    if (pages === 1) first = { etag: res.etag, lastModified: res.lastModified };
    let page: ReturnType<ApiAdapter['read']> | undefined;
    const results: AcceptResult[] = [];
    if (!res.notModified) {
      let body: unknown;
      try {
        body = JSON.parse(res.body);
      } catch (err) {
        throw new NonRetryableError(`${api}: malformed JSON from ${res.url}: ${(err as Error).message}`);
      }
      page = adapter.read(body, spec.mentionKind, n);
      for (const it of page.items) {
        if ('skip' in it) {
          ctx.collector.skip(it.skip, it.detail);
          continue;
        }
        const r = ctx.collector.accept(it);
        results.push(r);
        if (r === 'full') break;
      }
    }
    if (!resumeUsed && (res.notModified || !results.includes('new')) && !ctx.collector.full()) {
      resumeUsed = true;
      counted = 0;
      n = resume!.n;
      cursor = resume!.cursor;
      continue;
    }
    const why = res.notModified ? 'not modified' : page!.last ? 'last page' : stopReason(results, ctx.collector.full(), counted, ctx.maxPages);
    if (why === 'not modified') return { pagesFetched: pages, notModified: pages === 1, ...first, resume: spec.state.resume as string | undefined };
    if (why === 'limit reached') nextResume = results.includes('full') ? encode(n, cursor) : encode(n + 1, page!.cursor);
    else if (why === 'max pages reached') nextResume = encode(n + 1, page!.cursor);
    else if (why && !resumeUsed) nextResume = spec.state.resume as string;
    if (why) break;
    n++;
    cursor = page!.cursor;
  }
  return { pagesFetched: pages, notModified: false, ...first, resume: nextResume };
}
