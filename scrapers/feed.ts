// Feeds: RSS 2.0, Atom and RSS 1.0/RDF, including the shapes of Google Alerts, Reddit, YouTube
// (media:statistics views, media:starRating) and Mastodon. Parsed with htmlparser2 in XML mode,
// which is forgiving: a truncated feed still yields its whole items. Items → news/social mentions.
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import { NonRetryableError } from '../src/core/errors.js';
import type { MentionKind, RawMention } from '../src/core/types.js';
import type { KindResult, ScrapeContext, SourceSpec } from './context.js';
import { absUrl, cleanAuthor, compact, hashId, htmlToText, makeRating, parseCount, tidy, toIso, unwrapRedirect } from './normalise.js';

export type FeedFormat = 'rss' | 'atom' | 'rdf';

export interface ParsedFeed {
  format: FeedFormat;
  title?: string;
  lang?: string;
  items: RawMention[];
  skipped: { reason: string; detail?: string }[];
}

const local = (name: string) => {
  const i = name.indexOf(':');
  return (i < 0 ? name : name.slice(i + 1)).toLowerCase();
};

function isEl(n: ChildNode): n is Element {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style';
}

function kids(el: Element): Element[] {
  const out: Element[] = [];
  for (const c of el.children) if (isEl(c)) out.push(c);
  return out;
}

/** Text of an element, CDATA included. */
function text(el: Element | undefined): string {
  if (!el) return '';
  let s = '';
  const walk = (nodes: ChildNode[]) => {
    for (const n of nodes) {
      if (n.type === 'text') s += n.data;
      else if ('children' in n) walk(n.children as ChildNode[]);
    }
  };
  walk(el.children);
  return s;
}

/** Children indexed by local name (first one wins), plus every <link>. */
function index(el: Element): { by: Map<string, Element>; links: Element[] } {
  const by = new Map<string, Element>();
  const links: Element[] = [];
  for (const c of kids(el)) {
    const n = local(c.name);
    if (n === 'link') links.push(c);
    // media:group / media:community hold YouTube's description and statistics: flatten them.
    if (n === 'group' || n === 'community') {
      for (const g of kids(c)) {
        const gn = local(g.name);
        if (!by.has(gn)) by.set(gn, g);
        if (gn === 'community') for (const cc of kids(g)) if (!by.has(local(cc.name))) by.set(local(cc.name), cc);
      }
    }
    if (!by.has(n)) by.set(n, c);
  }
  return { by, links };
}

function linkOf(links: Element[]): string | undefined {
  let fallback: string | undefined;
  for (const l of links) {
    const href = l.attribs.href;
    if (href) {
      const rel = l.attribs.rel ?? 'alternate';
      if (rel === 'alternate') return href;
      fallback ??= rel === 'self' || rel === 'enclosure' ? undefined : href;
    } else {
      const t = text(l).trim();
      if (t) return t;
    }
  }
  return fallback;
}

function socialHost(url: string | undefined): boolean {
  return !!url && /(^https?:\/\/([^/]*\.)?(reddit\.com|youtube\.com|youtu\.be|twitter\.com|x\.com|tiktok\.com|instagram\.com|bsky\.app|threads\.net)\/)|\/@[\w.]+\/\d+/.test(url);
}

/** Parses a feed document into mentions. Throws NonRetryableError when it is not a feed at all. */
export function parseFeed(xml: string, baseUrl: string, mentionKind?: MentionKind): ParsedFeed {
  const doc = parseDocument(xml, { xmlMode: true, decodeEntities: true });
  const root = doc.children.find((c): c is Element => isEl(c) && ['rss', 'feed', 'rdf'].includes(local(c.name)));
  if (!root) {
    const first = doc.children.find(isEl);
    throw new NonRetryableError(`not a feed: expected <rss>, <feed> or <rdf:RDF>, found ${first ? `<${first.name}>` : 'no XML element'}`);
  }
  const rootName = local(root.name);
  const format: FeedFormat = rootName === 'rss' ? 'rss' : rootName === 'feed' ? 'atom' : 'rdf';
  const channel = format === 'atom' ? root : kids(root).find((c) => local(c.name) === 'channel');
  const chan = channel ? index(channel) : undefined;
  const lang = (text(chan?.by.get('language')).trim() || root.attribs['xml:lang'] || undefined)?.toLowerCase();
  const feedTitle = tidy(text(chan?.by.get('title'))) || undefined;
  const feedAuthor = chan?.by.get('author');
  const itemEls =
    format === 'atom'
      ? kids(root).filter((c) => local(c.name) === 'entry')
      : format === 'rss'
        ? channel
          ? kids(channel).filter((c) => local(c.name) === 'item')
          : []
        : kids(root).filter((c) => local(c.name) === 'item');

  const items: RawMention[] = [];
  const skipped: ParsedFeed['skipped'] = [];
  for (const el of itemEls) {
    try {
      const m = parseItem(el, format, baseUrl, mentionKind, lang, feedAuthor);
      if (typeof m === 'string') skipped.push({ reason: m });
      else items.push(m);
    } catch (err) {
      skipped.push({ reason: 'bad item', detail: (err as Error).message });
    }
  }
  return { format, title: feedTitle, lang, items, skipped };
}

function parseItem(el: Element, format: FeedFormat, baseUrl: string, mentionKind: MentionKind | undefined, lang: string | undefined, feedAuthor: Element | undefined): RawMention | string {
  const { by, links } = index(el);
  const get = (n: string) => by.get(n);
  const rawLink = linkOf(links) ?? (format === 'rdf' ? el.attribs['rdf:about'] : undefined);
  const url = absUrl(unwrapRedirect(rawLink?.trim()), baseUrl);
  const title = htmlToText(text(get('title'))) || undefined;

  // Body: the richest of content:encoded / content / description / summary / media:description.
  let body = '';
  for (const n of ['encoded', 'content', 'description', 'summary']) {
    const c = get(n);
    if (!c || (n === 'content' && c.attribs.url)) continue; // media:content is a file, not text
    const raw = text(c);
    const t = c.attribs.type === 'text' ? tidy(raw) : htmlToText(raw);
    if (t.length > body.length) body = t;
  }
  // Reddit appends "submitted by /u/x [link] [comments]": drop that boilerplate.
  body = body.replace(/\s*submitted by\s+\/u\/[\w-]+[\s\S]*$/i, '').trim();
  const text_ = body || title || '';
  if (!text_) return 'empty item (no title, text or description)';

  const guid = tidy(text(get('guid')) || text(get('id')) || text(get('videoid')));
  const ytId = tidy(text(get('videoid')));
  const externalId = ytId ? `yt:${ytId}` : guid || url || hashId(title, text_);

  const authorEl = get('author');
  const authorName = tidy(authorEl ? text(kids(authorEl).find((k) => local(k.name) === 'name') ?? authorEl) : text(get('creator'))) || undefined;
  let handle: string | undefined;
  let name = authorName;
  const reddit = authorName && /^\/?u\/([\w-]+)$/.exec(authorName);
  if (reddit) {
    handle = `u/${reddit[1]}`;
    name = reddit[1];
  }
  const masto = url && /^https?:\/\/([^/]+)\/@([\w.]+)\/\d+/.exec(url);
  if (masto && !handle) handle = `@${masto[2]}@${masto[1]}`;
  if (!name && !handle && feedAuthor) name = tidy(text(kids(feedAuthor).find((k) => local(k.name) === 'name') ?? feedAuthor)) || undefined;

  const stats = get('statistics');
  const star = get('starrating');
  const views = parseCount(stats?.attribs.views);
  const likes = star ? parseCount(star.attribs.count) : undefined;
  const rating = star ? makeRating(star.attribs.average, star.attribs.max ?? 5, star.attribs.min ?? 1) : undefined;
  const comments = parseCount(text(get('comments')).match(/^\d+$/) ? text(get('comments')) : undefined);

  const kind: MentionKind = mentionKind ?? (socialHost(url) || ytId || reddit || masto ? 'social' : 'news');
  const published = toIso(tidy(text(get('pubdate')) || text(get('published')) || text(get('date')) || text(get('updated'))));
  const itemLang = el.attribs['xml:lang']?.toLowerCase() ?? lang;
  const m: RawMention = compact({
    kind,
    externalId,
    url,
    author: cleanAuthor({ name, handle }),
    title: title && title !== text_ ? title : undefined,
    text: text_,
    rating,
    publishedAt: published,
    langHint: itemLang,
    engagement: compact({ views, likes, comments }),
  });
  if (kind === 'influencer') {
    const desc = get('description');
    m.caption = desc ? (desc.attribs.type === 'html' || /<[a-z]/i.test(text(desc)) ? htmlToText(text(desc)) : text(desc).trim()) : text_;
  }
  return m;
}

/** Feed source: one conditional GET, then every item offered to the collector. */
export async function scrapeFeed(spec: SourceSpec, ctx: ScrapeContext): Promise<KindResult> {
  if (!spec.url) throw new NonRetryableError('feed source needs a url');
  const res = await ctx.fetcher.fetch(spec.url, { etag: spec.state.etag, lastModified: spec.state.lastModified });
  if (res.notModified) return { pagesFetched: 1, notModified: true, etag: res.etag, lastModified: res.lastModified };
  const feed = parseFeed(res.body, res.url, spec.mentionKind);
  for (const s of feed.skipped) ctx.collector.skip(s.reason, s.detail);
  for (const m of feed.items) {
    if (ctx.collector.accept(m) === 'full') break;
  }
  return { pagesFetched: 1, notModified: false, etag: res.etag, lastModified: res.lastModified };
}
