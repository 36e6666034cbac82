// Data for the end-to-end ingest bench (bench/pipeline-ingest.bench.ts): a seeded corpus of
// realistic ~30-word mentions, spread over K sources of three shapes (RSS of social posts, RSS of
// news, schema.org review pages with rel=next pagination), and a local site on 127.0.0.1 that
// serves them from prebuilt buffers so the server costs the pipeline as little as possible.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MentionKind } from '../src/core/types.js';
import { seededRandom as rng } from '../src/core/random.js';

export type BenchSourceShape = 'feed-social' | 'feed-news' | 'reviews';

export interface BenchItem {
  id: string;
  author: string;
  title?: string;
  text: string;
  at: number;
  rating?: number;
}

export interface BenchSource {
  index: number;
  shape: BenchSourceShape;
  /** Which bench brand (0..brands-1) the source belongs to. */
  brand: number;
  items: BenchItem[];
}

export interface CorpusOptions {
  sources: number;
  itemsPerSource: number;
  brands: number;
  /** Newest item time; items spread over the 72 hours before it. */
  now: number;
  seed?: number;
}

export const BRAND_NAMES = ['Lune Labs', 'Verde Botanics', 'Northwick Skin', 'Ora Cosmetics', 'Kelp & Co', 'Saltmarsh Beauty', 'Aster Apothecary', 'Brisa Care'];
const PRODUCTS = ['Glow Serum', 'night cream', 'vitamin C drops', 'clay mask', 'SPF 50 fluid', 'lip oil', 'advent calendar', 'cleansing balm', 'retinol serum', 'hand cream'];
const SHOPS = ['Boots', 'the airport duty free', 'their pop-up store', 'Sephora', 'the website', 'a market stall', 'Amazon'];
const PRICES = ['£12', '£29', '£50', '€35', '$45', '£8.99'];

const OPENERS = [
  'Just tried the {p} from {b}',
  "Finally got my hands on {b}'s new {p}",
  'Been using the {b} {p} for {n} weeks now',
  'Picked up the {p} at {s} yesterday',
  'My sister gifted me the {b} {p} for my birthday',
  'Third morning in a row with the {p}',
  'Saw the {b} launch all over my feed so I caved and ordered the {p}',
  'Quick update on the {p} I bought last month',
  'Swapped my usual routine for the {b} {p}',
  'Ordered the {p} after reading so many reviews',
];

/** Aspect sentences with a polarity, so sentiment and aspects have something to find. */
const ASPECTS: { pos: string[]; neg: string[]; neu: string[] } = {
  pos: [
    'the texture is light and sinks in fast without any sticky feeling',
    'honestly worth every penny at {price}, lasts for ages',
    'the packaging is gorgeous and fully recyclable which I love',
    'it smells fresh and subtle, not overpowering at all',
    'delivery was quick and the box arrived in perfect condition',
    'my skin looks brighter and calmer than it has in months',
    'customer service replied within an hour and sorted my question',
  ],
  neg: [
    '{price} is way overpriced for such a tiny bottle',
    'the pump broke on day two and half of it leaked into the box',
    'it broke me out along my jawline within a week',
    'the scent is so strong it gave me a headache',
    'delivery took three weeks and nobody answered my emails',
    'it pills under makeup and leaves a greasy film',
    'the doors are mostly sachets and cheap samples, really disappointing',
  ],
  neu: [
    'the bottle is 30ml and comes in a plain cardboard box',
    'I use two drops after toner in the morning',
    'it is fragrance free according to the label',
    'the formula seems similar to the older version',
    'it arrived on Tuesday with a sample of the eye cream',
  ],
};

const CLOSINGS = [
  'Would buy again.',
  "Not sure I'd repurchase at that price.",
  'Anyone else tried it?',
  'Honestly disappointed, expected more from {b}.',
  '10/10 would recommend to everyone.',
  '#ad thanks {b} for sending this over #gifted',
  '#skincare #{tag} #newin',
  'Customer service never replied to my refund request.',
  "They say it's cruelty-free and made in Spain, which matters to me.",
  'Someone told me it cures acne, I really doubt it.',
  'Will report back in a month.',
  'Sponsored by {b}, but opinions are my own.',
];

const SPANISH = [
  'Acabo de probar el {p} de {b} y la textura es ligera, se absorbe rápido y deja la piel suave. Lo recomiendo.',
  'El {p} de {b} cuesta {price} y me parece carísimo para lo que trae, el envío tardó tres semanas. Muy decepcionada.',
  'Llevo {n} semanas usando el {p}, el olor es suave y mi piel está más luminosa. Volvería a comprarlo.',
];

const TITLES = ['Love it', 'Not for me', 'Decent but pricey', 'Holy grail', 'Broke me out', 'Nice packaging, meh formula', 'Five stars', 'Would not buy again', 'Surprisingly good', 'Average'];


const SHAPES: BenchSourceShape[] = ['feed-social', 'feed-news', 'reviews', 'feed-social'];

export function shapeKind(shape: BenchSourceShape): MentionKind {
  return shape === 'reviews' ? 'review' : shape === 'feed-news' ? 'news' : 'social';
}

/** K sources × N items; texts of 25–40 words, roughly 45% positive, 35% negative, 20% neutral, 8% Spanish. */
export function buildCorpus(o: CorpusOptions): BenchSource[] {
  const r = rng(o.seed ?? 20261102);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const out: BenchSource[] = [];
  for (let s = 0; s < o.sources; s++) {
    const brand = s % o.brands;
    const b = BRAND_NAMES[brand % BRAND_NAMES.length];
    const fill = (t: string) => t
      .replace(/\{b\}/g, b).replace(/\{p\}/g, pick(PRODUCTS)).replace(/\{s\}/g, pick(SHOPS))
      .replace(/\{price\}/g, pick(PRICES)).replace(/\{n\}/g, String(2 + Math.floor(r() * 6)))
      .replace(/\{tag\}/g, b.replace(/[^A-Za-z]/g, '').toLowerCase());
    const shape = SHAPES[s % SHAPES.length];
    const seen = new Set<string>();
    const items: BenchItem[] = [];
    while (items.length < o.itemsPerSource) {
      const author = `@${pick(['glow', 'skin', 'beauty', 'daily', 'sam', 'alex', 'jo', 'mira', 'leo', 'nina'])}_${Math.floor(r() * 3000)}`;
      const mood = r();
      let text: string;
      let rating: number;
      if (r() < 0.08) {
        text = fill(pick(SPANISH));
        rating = text.includes('decepcionada') ? 2 : 5;
      } else {
        const pol = mood < 0.45 ? 'pos' : mood < 0.8 ? 'neg' : 'neu';
        const second = r() < 0.3 ? (pol === 'pos' ? 'neg' : 'pos') : pol; // mixed reviews exist
        const a1 = fill(pick(ASPECTS[pol]));
        const a2 = fill(pick(ASPECTS[second]));
        text = `${fill(pick(OPENERS))}. ${a1[0].toUpperCase()}${a1.slice(1)}, and ${a2}. ${fill(pick(CLOSINGS))}`;
        rating = pol === 'pos' ? 4 + Math.round(r()) : pol === 'neg' ? 1 + Math.round(r()) : 3;
      }
      const key = `${author}\0${text}`;
      if (seen.has(key)) continue; // the scrapers collapse same author + same text: keep every item countable
      seen.add(key);
      const i = items.length;
      items.push({
        id: `s${s}-i${i}`, author, text, rating,
        at: o.now - Math.floor(r() * 72 * 3600_000),
        ...(shape === 'reviews' ? { title: pick(TITLES) } : {}),
      });
    }
    out.push({ index: s, shape, brand, items });
  }
  return out;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** News items carry a headline: the text's first few words, as aggregators cut them. */
const headline = (t: string) => `${t.split(/\s+/).slice(0, 7).join(' ')}…`;

function rss(src: BenchSource, base: string): string {
  const kind = src.shape === 'feed-news' ? 'news' : 'posts';
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Source ${src.index} ${kind}</title><link>${base}/</link><description>bench ${kind}</description><language>en</language>
${src.items.map((it) => `<item><guid isPermaLink="false">${it.id}</guid>${src.shape === 'feed-news' ? `<title>${esc(headline(it.text))}</title>` : ''}<link>${base}/post/${it.id}</link>
<description>${esc(it.text)}</description><author>${esc(it.author)}</author><pubDate>${new Date(it.at).toUTCString()}</pubDate></item>`).join('\n')}
</channel></rss>`;
}

/** Review pages of `perPage` reviews in JSON-LD, linked by rel=next, like a shop's review tab. */
function reviewPages(src: BenchSource, base: string, perPage: number): string[] {
  const pages: string[] = [];
  for (let p = 0; p * perPage < src.items.length; p++) {
    const slice = src.items.slice(p * perPage, (p + 1) * perPage);
    const more = (p + 1) * perPage < src.items.length;
    const ld = {
      '@context': 'https://schema.org', '@type': 'Product', name: `Product of source ${src.index}`,
      aggregateRating: { '@type': 'AggregateRating', ratingValue: 3.9, reviewCount: src.items.length },
      review: slice.map((it) => ({
        '@type': 'Review', url: `${base}/r/${src.index}/${it.id}`, name: it.title, reviewBody: it.text,
        author: { '@type': 'Person', name: it.author.slice(1) }, datePublished: new Date(it.at).toISOString(),
        reviewRating: { '@type': 'Rating', ratingValue: it.rating, bestRating: 5, worstRating: 1 },
      })),
    };
    pages.push(`<!doctype html><html lang="en"><head><title>Reviews, page ${p + 1}</title>
${more ? `<link rel="next" href="${base}/s/${src.index}/reviews?page=${p + 2}">` : ''}
<script type="application/ld+json">${JSON.stringify(ld).replace(/</g, '\\u003c')}</script></head>
<body><h1>Customer reviews</h1><p>${slice.length} reviews on this page.</p></body></html>`);
  }
  return pages;
}

export interface BenchSite {
  url: string;
  /** Source definition (kind, url, mentionKind) of source i. */
  definition(i: number): { kind: 'feed' | 'schema-reviews'; url: string; mentionKind: MentionKind };
  /** Every document the site serves, with its URL (the parse-only stage of the bench reads them). */
  documents(): { url: string; body: string; shape: BenchSourceShape }[];
  requests: number;
  close(): Promise<void>;
}

/** Serves the corpus on 127.0.0.1 (port 0). Review sources are split into `pages` pages (≤ 10, the scrapers' default cap). */
export async function startBenchSite(corpus: BenchSource[], pages = 10): Promise<BenchSite> {
  const server: Server = createServer((req, res) => {
    site.requests++;
    const body = docs.get(req.url ?? '');
    if (!body) { res.writeHead(404).end(); return; }
    res.writeHead(200, { 'content-type': body.type, 'content-length': body.buf.length }).end(body.buf);
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const docs = new Map<string, { buf: Buffer; type: string; text: string; shape?: BenchSourceShape }>();
  docs.set('/robots.txt', { buf: Buffer.from('User-agent: *\nAllow: /\n'), type: 'text/plain', text: '' });
  for (const src of corpus) {
    if (src.shape === 'reviews') {
      const perPage = Math.ceil(src.items.length / Math.max(1, Math.min(10, pages)));
      reviewPages(src, base, perPage).forEach((html, p) => {
        docs.set(p === 0 ? `/s/${src.index}/reviews` : `/s/${src.index}/reviews?page=${p + 1}`, { buf: Buffer.from(html), type: 'text/html; charset=utf-8', text: html, shape: src.shape });
      });
    } else {
      const xml = rss(src, base);
      docs.set(`/s/${src.index}/feed.xml`, { buf: Buffer.from(xml), type: 'application/rss+xml; charset=utf-8', text: xml, shape: src.shape });
    }
  }
  const site: BenchSite = {
    url: base,
    requests: 0,
    definition(i) {
      const src = corpus[i];
      return src.shape === 'reviews'
        ? { kind: 'schema-reviews', url: `${base}/s/${i}/reviews`, mentionKind: 'review' }
        : { kind: 'feed', url: `${base}/s/${i}/feed.xml`, mentionKind: shapeKind(src.shape) };
    },
    documents: () => [...docs].filter(([, d]) => d.shape).map(([path, d]) => ({ url: base + path, body: d.text, shape: d.shape! })),
    close: () => {
      server.closeAllConnections();
      return new Promise((ok) => server.close(() => ok()));
    },
  };
  return site;
}

/** A brand record for bench brand i: real-looking mission, claims and keywords, no webhooks. */
export function benchBrand(i: number) {
  const name = BRAND_NAMES[i % BRAND_NAMES.length] + (i >= BRAND_NAMES.length ? ` ${Math.floor(i / BRAND_NAMES.length)}` : '');
  return {
    name,
    mission: 'Honest, gentle skincare: cruelty-free, made in Spain, recyclable packaging, fair prices.',
    values: ['honesty', 'cruelty-free', 'sustainability'],
    claims: ['cruelty-free', 'made in Spain', 'recyclable packaging'],
    forbiddenClaims: ['cures acne'],
    keywords: [name.toLowerCase(), 'glow serum'],
    handles: [`@${name.replace(/[^A-Za-z]/g, '').toLowerCase()}`],
    competitors: [],
    languages: ['en', 'es'],
    sensitivity: 1,
    webhooks: [],
  };
}
