// Review pages marked up with schema.org: JSON-LD (Review, AggregateRating, reviews nested in a
// Product, in @graph, in arrays) and microdata. Pagination by rel=next, a "next" selector or a
// page parameter. JSON-LD-only pages are read with htmlparser2's streaming tokenizer (no DOM):
// that is the cheapest way through a 200 KB shop page. Microdata or a next selector builds a DOM.
import { Parser, parseDocument } from 'htmlparser2';
import type { Document, Element, ChildNode } from 'domhandler';
import * as cheerio from 'cheerio';
import { NonRetryableError } from '../src/core/errors.js';
import type { MentionKind, RawMention } from '../src/core/types.js';
import type { AggregateRating, KindResult, ScrapeContext, SourceSpec } from './context.js';
import { absUrl, cleanAuthor, compact, hashId, htmlToText, makeRating, parseCount, tidy, toIso } from './normalise.js';
import { crawlPages } from './pagination.js';
import type { AcceptResult } from './collector.js';
import { validateReviewOptions, type ReviewPageOptions } from './recipe-schema.js';

type Json = Record<string, unknown>;

export interface ExtractedReviews {
  reviews: { mention: RawMention; ownUrl: boolean }[];
  aggregate?: AggregateRating;
  next?: string;
  skipped: { reason: string; detail?: string }[];
}

const asArray = <T>(v: T | T[] | undefined | null): T[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

function typesOf(node: Json): string[] {
  return asArray(node['@type'] as string | string[]).map((t) => String(t).replace(/^https?:\/\/schema\.org\//i, '').toLowerCase());
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return str(v[0]);
  if (v && typeof v === 'object') return str((v as Json)['@value'] ?? (v as Json).name ?? (v as Json)['@id']);
  return undefined;
}

interface Walk {
  reviews: { node: Json; itemName?: string; best?: number; worst?: number }[];
  aggregate?: AggregateRating;
}

function walk(node: unknown, w: Walk, itemName?: string, depth = 0, parentKey = ''): void {
  if (depth > 12 || node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) walk(n, w, itemName, depth + 1, parentKey);
    return;
  }
  const o = node as Json;
  const types = typesOf(o);
  if (types.some((t) => t === 'review' || t.endsWith('review')) || (parentKey === 'review' || parentKey === 'reviews') && !types.length) {
    w.reviews.push({ node: o, itemName });
    return;
  }
  if (types.includes('aggregaterating') || parentKey === 'aggregaterating') {
    const best = o.bestRating ?? 5;
    const r = makeRating(o.ratingValue, best, o.worstRating ?? (Number(best) > 5 ? 0 : 1));
    if (r && !w.aggregate) w.aggregate = compact({ ...r, itemName, count: parseCount(o.reviewCount ?? o.ratingCount) });
    return;
  }
  const name = types.length && !types.includes('webpage') && !types.includes('organization') ? str(o.name) ?? itemName : itemName;
  for (const [k, v] of Object.entries(o)) {
    if (k === '@context' || k === 'author' || k === 'publisher' || k === 'brand' || k === 'offers' || k === 'image') continue;
    if (v && typeof v === 'object') walk(v, w, name, depth + 1, k.toLowerCase());
  }
}

function toMention(r: Walk['reviews'][number], aggregate: AggregateRating | undefined, pageUrl: string, lang: string | undefined, kind: MentionKind): { mention: RawMention; ownUrl: boolean } | string {
  const n = r.node;
  const text = htmlToText(str(n.reviewBody) ?? str(n.description) ?? str(n.text) ?? '');
  const title = htmlToText(str(n.name) ?? str(n.headline) ?? '') || undefined;
  if (!text && !title) return 'review without text';
  const a = asArray(n.author as unknown)[0];
  const author = cleanAuthor(
    typeof a === 'string' ? { name: a } : a && typeof a === 'object' ? { name: str((a as Json).name), handle: str((a as Json).alternateName) } : {},
  );
  // ratingValue straight on the Review is wrong but common.
  const rr = ((Array.isArray(n.reviewRating) ? n.reviewRating[0] : n.reviewRating) ?? (n.ratingValue !== undefined ? n : undefined)) as Json | undefined;
  // A review's own scale wins; otherwise the page's AggregateRating scale; otherwise 1..5.
  const ownScale = rr?.bestRating !== undefined;
  const best = ownScale ? rr!.bestRating : aggregate?.best ?? 5;
  const worst = rr?.worstRating ?? (ownScale ? (Number(best) > 5 ? 0 : 1) : aggregate?.worst ?? 1);
  const rating = rr ? makeRating(rr.ratingValue ?? rr['@value'], best, worst) : undefined;
  if (rr && rr.ratingValue !== undefined && !rating) return 'rating out of scale';
  const own = [str(n.url), str(n['@id'])].map((u) => absUrl(u, pageUrl)).find(Boolean);
  const publishedAt = toIso(str(n.datePublished) ?? str(n.dateCreated));
  const body = text || title!;
  const externalId = own ?? hashId(r.itemName, author?.name, body, publishedAt);
  const mention: RawMention = compact({
    kind,
    externalId,
    url: own ?? pageUrl,
    author,
    title: title && title !== body ? title : undefined,
    text: body,
    rating,
    publishedAt,
    langHint: str(n.inLanguage)?.toLowerCase() ?? lang,
  });
  return { mention, ownUrl: !!own };
}

// ---- microdata ----

function isEl(n: ChildNode): n is Element {
  return n.type === 'tag' || n.type === 'script' || n.type === 'style';
}

/** Text of an element; with `ownOnly`, descendants that are other properties or items are left out. */
function textOf(el: Element, ownOnly = false): string {
  let s = '';
  const rec = (nodes: ChildNode[]) => {
    for (const c of nodes) {
      if (c.type === 'text') s += c.data;
      else if (isEl(c) && c.name !== 'script' && c.name !== 'style') {
        if (ownOnly && (c.attribs.itemprop !== undefined || 'itemscope' in c.attribs)) continue;
        if (c.name === 'br' || c.name === 'p' || c.name === 'div') s += '\n';
        rec(c.children);
      }
    }
  };
  rec(el.children);
  return tidy(s);
}

function propValue(el: Element): unknown {
  if ('itemscope' in el.attribs) return itemOf(el);
  const a = el.attribs;
  switch (el.name) {
    case 'meta': return a.content;
    case 'a': case 'link': case 'area': return a.href;
    case 'img': case 'audio': case 'video': case 'source': case 'iframe': case 'embed': return a.src;
    case 'time': return a.datetime || textOf(el, true);
    case 'data': case 'meter': return a.value;
    default: return a.content ?? textOf(el, true);
  }
}

function itemOf(scope: Element): Json {
  const out: Json = {};
  const type = scope.attribs.itemtype;
  if (type) out['@type'] = type.split(/\s+/).map((t) => t.replace(/^https?:\/\/schema\.org\//i, ''));
  if (scope.attribs.itemid) out['@id'] = scope.attribs.itemid;
  const rec = (el: Element) => {
    for (const c of el.children) {
      if (!isEl(c)) continue;
      const prop = c.attribs.itemprop;
      if (prop) {
        const v = propValue(c);
        for (const p of prop.split(/\s+/)) {
          const prev = out[p];
          out[p] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
        }
      }
      if (!('itemscope' in c.attribs)) rec(c);
    }
  };
  rec(scope);
  return out;
}

function microdataRoots(doc: Document): Json[] {
  const roots: Json[] = [];
  const rec = (nodes: ChildNode[]) => {
    for (const c of nodes) {
      if (!isEl(c)) continue;
      // A scope without itemprop is a top-level item even when broken markup nests it in another.
      if ('itemscope' in c.attribs && !c.attribs.itemprop) roots.push(itemOf(c));
      rec(c.children);
    }
  };
  rec(doc.children);
  return roots;
}

// ---- page extraction ----

/** Extracts reviews, the aggregate rating and the next-page link from one page. */
export function extractReviewPage(html: string, pageUrl: string, opts: { nextSelector?: string; kind?: MentionKind } = {}): ExtractedReviews {
  const skipped: ExtractedReviews['skipped'] = [];
  const scripts: string[] = [];
  let next: string | undefined;
  let lang: string | undefined;
  const needDom = !!opts.nextSelector || html.includes('itemscope');
  let doc: Document | undefined;
  if (!needDom) {
    // Streaming pass: JSON-LD scripts, rel=next, <html lang>.
    let inLd = false;
    let buf = '';
    const parser = new Parser(
      {
        onopentag(name, a) {
          if (name === 'script' && a.type && /ld\+json/i.test(a.type)) {
            inLd = true;
            buf = '';
          } else if ((name === 'link' || name === 'a') && a.rel && /(^|\s)next(\s|$)/i.test(a.rel) && a.href) next ??= a.href;
          else if (name === 'html' && a.lang) lang = a.lang.toLowerCase();
        },
        ontext(t) {
          if (inLd) buf += t;
        },
        onclosetag(name) {
          if (name === 'script' && inLd) {
            inLd = false;
            scripts.push(buf);
          }
        },
      },
      { decodeEntities: false },
    );
    parser.end(html);
  } else {
    doc = parseDocument(html, { decodeEntities: true });
    const rec = (nodes: ChildNode[]) => {
      for (const c of nodes) {
        if (!isEl(c)) continue;
        const a = c.attribs;
        if (c.name === 'script' && a.type && /ld\+json/i.test(a.type)) scripts.push(textOf(c) || c.children.map((t) => (t.type === 'text' ? t.data : '')).join(''));
        else {
          if ((c.name === 'link' || c.name === 'a') && a.rel && /(^|\s)next(\s|$)/i.test(a.rel) && a.href) next ??= a.href;
          if (c.name === 'html' && a.lang) lang = a.lang.toLowerCase();
          rec(c.children);
        }
      }
    };
    rec(doc.children);
    if (opts.nextSelector) {
      const $ = cheerio.load(doc, null, false);
      const href = $(opts.nextSelector).first().attr('href');
      next = href ?? undefined;
    }
  }

  const out = reviewsFromJsonLd(scripts, pageUrl, { lang, kind: opts.kind, microdata: doc ? microdataRoots(doc) : [] });
  return { reviews: out.reviews, aggregate: out.aggregate, next: absUrl(next, pageUrl), skipped: [...skipped, ...out.skipped] };
}


/**
 * Reviews from the text of JSON-LD scripts (and microdata items already read): the extraction
 * step on its own, shared with the benchmark's crawlee handler so both do the same work.
 */
export function reviewsFromJsonLd(
  scripts: string[],
  pageUrl: string,
  opts: { lang?: string; kind?: MentionKind; microdata?: Json[] } = {},
): Omit<ExtractedReviews, 'next'> {
  const skipped: ExtractedReviews['skipped'] = [];
  const lang = opts.lang;
  const w: Walk = { reviews: [] };
  for (const s of scripts) {
    let data: unknown;
    try {
      data = JSON.parse(s.trim().replace(/^<!--|-->$/g, ''));
    } catch (err) {
      skipped.push({ reason: 'malformed JSON-LD', detail: (err as Error).message });
      continue;
    }
    walk(data, w);
  }
  for (const root of opts.microdata ?? []) walk(root, w);

  const reviews: ExtractedReviews['reviews'] = [];
  for (const r of w.reviews) {
    const m = toMention(r, w.aggregate, pageUrl, lang, opts.kind ?? 'review');
    if (typeof m === 'string') skipped.push({ reason: m, detail: JSON.stringify(r.node).slice(0, 200) });
    else reviews.push(m);
  }
  return { reviews, aggregate: w.aggregate, skipped };
}

/** Review-page source: follows pagination until the limit, maxPages, or a page with nothing new. */
export async function scrapeSchemaReviews(spec: SourceSpec, ctx: ScrapeContext): Promise<KindResult & { aggregate?: AggregateRating }> {
  if (!spec.url) throw new NonRetryableError('schema-reviews source needs a url');
  const opts: ReviewPageOptions = validateReviewOptions(spec.recipe);
  let aggregate: AggregateRating | undefined;
  const out = await crawlPages({ ...spec, url: spec.url }, ctx, opts, (res) => {
    const page = extractReviewPage(res.body, res.url, { nextSelector: opts.next, kind: spec.mentionKind });
    aggregate ??= page.aggregate;
    for (const s of page.skipped) ctx.collector.skip(s.reason, s.detail);
    const results: AcceptResult[] = [];
    for (const r of page.reviews) {
      const o = ctx.collector.accept(r.mention, { urlIsItem: r.ownUrl });
      results.push(o);
      if (o === 'full') break;
    }
    return { results, next: page.next };
  });
  return { ...out, aggregate };
}
