// Selector recipes: a user-written description of where items and their fields are on a page,
// applied with cheerio (htmlparser2 mode: faster than parse5 and forgiving enough for scraping).
// The browser kind reuses extractRecipePage on the rendered HTML.
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { NonRetryableError } from '../src/core/errors.js';
import type { MentionKind, RawMention } from '../src/core/types.js';
import type { AcceptResult } from './collector.js';
import type { KindResult, ScrapeContext, SourceSpec } from './context.js';
import { parseDate } from './dates.js';
import { absUrl, cleanAuthor, compact, hashId, makeRating, parseCount, tidy, toNumber } from './normalise.js';
import { crawlPages } from './pagination.js';
import { validateRecipe, type FieldSpec, type Recipe } from './recipe-schema.js';

type $ = cheerio.CheerioAPI;
type Sel = cheerio.Cheerio<AnyNode>;

const BLOCK = new Set(['p', 'div', 'br', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'tr', 'section', 'article']);

/**
 * Visible text of elements. With keepLinks, a link whose text is not a #hashtag or @handle is
 * written as its URL, so captions keep their links (disclosure detection reads them).
 */
export function nodeText(nodes: AnyNode[], keepLinks = false, base = ''): string {
  let s = '';
  const rec = (list: AnyNode[]) => {
    for (const n of list) {
      if (n.type === 'text') s += (n as unknown as { data: string }).data;
      else if (n.type === 'tag') {
        const el = n as Element;
        if (keepLinks && el.name === 'a' && el.attribs.href) {
          const t = nodeText(el.children).trim();
          const href = absUrl(el.attribs.href, base || 'http://x.invalid/');
          if (/^[#@]/.test(t) || !href || href.startsWith('http://x.invalid/')) s += t;
          else s += href;
          continue;
        }
        if (BLOCK.has(el.name)) s += '\n';
        rec(el.children);
        if (BLOCK.has(el.name)) s += '\n';
      }
    }
  };
  rec(nodes);
  return tidy(s);
}

function read(item: Sel, spec: FieldSpec | undefined, opts: { keepLinks?: boolean; defaultAttr?: string; base: string }): string | undefined {
  if (spec === undefined) return undefined;
  const s = typeof spec === 'string' ? { selector: spec } : spec;
  let el = s.selector ? item.find(s.selector) : item;
  if ('count' in s && s.count) return String(el.length);
  el = el.first();
  if (!el.length) return undefined;
  const attr = 'attr' in s && s.attr ? s.attr : opts.defaultAttr && el.attr(opts.defaultAttr) !== undefined ? opts.defaultAttr : undefined;
  let value = attr ? el.attr(attr) : nodeText(el.toArray(), ('keepLinks' in s ? s.keepLinks : undefined) ?? opts.keepLinks, opts.base);
  if (value !== undefined && 'regex' in s && s.regex) {
    const m = new RegExp(s.regex).exec(value);
    value = m ? (m[1] ?? m[0]) : undefined;
  }
  value = value?.trim();
  return value ? value : undefined;
}

export interface RecipePage {
  items: (RawMention | { skip: string; detail?: string })[];
  next?: string;
}

/** Applies a recipe to one page of HTML. */
export function extractRecipePage(html: string, pageUrl: string, recipe: Recipe, kind: MentionKind, now = Date.now()): RecipePage {
  const $: $ = cheerio.load(html, { xml: { xmlMode: false, decodeEntities: true }, baseURI: pageUrl });
  const root = $.root();
  const base = pageUrl;
  const f = recipe.fields;
  const pageAuthor = recipe.page ? read(root, recipe.page.author, { base }) : undefined;
  const pageHandle = recipe.page ? read(root, recipe.page.handle, { base }) : undefined;
  const pageFollowers = recipe.page ? parseCount(read(root, recipe.page.followers, { base })) : undefined;
  const pageLang = (recipe.page ? read(root, recipe.page.lang, { base }) : undefined) ?? $('html').attr('lang') ?? recipe.lang;
  const best = recipe.rating?.best ?? 5;
  const worst = recipe.rating?.worst ?? (best > 5 ? 0 : 1);
  const influencer = kind === 'influencer';

  const items: RecipePage['items'] = [];
  $(recipe.item).each((_, node) => {
    const item = $(node);
    const text = read(item, f.text, { base }) ?? read(item, f.caption, { base, keepLinks: true });
    if (!text) {
      items.push({ skip: 'item without text', detail: tidy($.html(node)).slice(0, 160) });
      return;
    }
    const ratingRaw = read(item, f.rating, { base });
    const rating = ratingRaw !== undefined ? makeRating(toNumber(ratingRaw), best, worst) : undefined;
    if (ratingRaw !== undefined && !rating) {
      items.push({ skip: 'rating unreadable or out of scale', detail: ratingRaw });
      return;
    }
    const link = absUrl(read(item, f.link, { base, defaultAttr: 'href' }), base);
    const author = read(item, f.author, { base }) ?? pageAuthor;
    const handle = read(item, f.handle, { base }) ?? pageHandle;
    const rawId = read(item, f.id, { base });
    const dateRaw = read(item, f.date, { base, defaultAttr: 'datetime' });
    const title = read(item, f.title, { base });
    const m: RawMention = compact({
      kind,
      externalId: rawId ?? link ?? hashId(author ?? handle, text),
      url: link ?? pageUrl,
      author: cleanAuthor({
        name: author,
        handle,
        followers: parseCount(read(item, f.followers, { base })) ?? pageFollowers,
        reviewCount: parseCount(read(item, f.authorReviews, { base })),
      }),
      title: title && title !== text ? title : undefined,
      text,
      rating,
      publishedAt: parseDate(dateRaw, recipe.dateFormats, now),
      langHint: (read(item, f.lang, { base }) ?? pageLang)?.toLowerCase(),
      engagement: compact({
        likes: parseCount(read(item, f.likes, { base })),
        comments: parseCount(read(item, f.comments, { base })),
        shares: parseCount(read(item, f.shares, { base })),
        views: parseCount(read(item, f.views, { base })),
      }),
    });
    if (f.verified) m.verifiedPurchase = read(item, f.verified, { base }) !== undefined;
    if (influencer) m.caption = read(item, f.caption ?? f.text, { base, keepLinks: true }) ?? text;
    items.push(m);
  });
  const nextHref = recipe.next ? $(recipe.next).first().attr('href') : undefined;
  return { items, next: absUrl(nextHref, base) };
}

/** Offers a page's items to the collector; returns what happened to each. */
export function offer(ctx: ScrapeContext, page: RecipePage, ownUrl: (m: RawMention) => boolean): AcceptResult[] {
  const results: AcceptResult[] = [];
  for (const it of page.items) {
    if ('skip' in it) {
      ctx.collector.skip(it.skip, it.detail);
      continue;
    }
    const r = ctx.collector.accept(it, { urlIsItem: ownUrl(it) });
    results.push(r);
    if (r === 'full') break;
  }
  return results;
}

export async function scrapeRecipe(spec: SourceSpec, ctx: ScrapeContext): Promise<KindResult> {
  if (!spec.url) throw new NonRetryableError('recipe source needs a url');
  const recipe = validateRecipe(spec.recipe, 'recipe');
  const kind = spec.mentionKind ?? 'social';
  return crawlPages({ ...spec, url: spec.url }, ctx, recipe, (res) => {
    const page = extractRecipePage(res.body, res.url, recipe, kind);
    return { results: offer(ctx, page, (m) => m.url !== res.url), next: page.next };
  });
}
