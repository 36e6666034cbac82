// The bundled demo site: a small local web (127.0.0.1, port 0) that the demo's sources scrape.
// It serves the story in content.ts progressively: simulated time starts at the launches' start
// and runs `speed` simulated hours per real second, and an item appears once its hour has come.
// Dates are real: the launches started 48 h before the demo, so the last simulated hours are
// the last real hours, which is what the detectors look at.
//
// Routes (GET):
//   /                                    index with links
//   /robots.txt                          allows everything
//   /feeds/:brand.rss                    RSS 2.0 news/social chatter (maya | verde), newest first
//   /shop/:product/reviews?page=N        schema.org Product in JSON-LD, 10 reviews a page, <link rel=next>
//   /creators/:brand?page=N              influencer posts for a selector recipe, 10 a page, a.next
//   /status                              { simHours, released, total }
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { demoItems, DEMO_BRANDS, DEMO_LAUNCHES, type DemoBrandKey, type DemoItem } from './content.js';

const HOUR = 3_600_000;
/** Simulated hours the story lasts (after the launch). */
export const STORY_HOURS = 48;
const PER_PAGE = 10;

export const DEMO_PRODUCTS: Record<string, DemoBrandKey> = { 'lune-advent-calendar': 'maya', 'every-shade-foundation': 'verde' };

export interface DemoSiteOptions {
  /** Simulated hours per real second (default 1: the 48-hour story plays in 48 s). */
  speed?: number;
  /** Real time (ms) the demo starts; default now. */
  startedAt?: number;
  /** Injected clock (tests). */
  now?: () => number;
  items?: DemoItem[];
}

export interface DemoSite {
  url: string;
  /** The launches' start: STORY_HOURS before the demo began. */
  launchStart: number;
  simHours(): number;
  released(): DemoItem[];
  publishedAt(item: DemoItem): string;
  close(): Promise<void>;
}

export async function startDemoSite(opts: DemoSiteOptions = {}): Promise<DemoSite> {
  const now = opts.now ?? Date.now;
  const speed = opts.speed && opts.speed > 0 ? opts.speed : 1;
  const startedAt = opts.startedAt ?? now();
  const launchStart = startedAt - STORY_HOURS * HOUR;
  const items = opts.items ?? demoItems();
  const simHours = () => Math.min(STORY_HOURS, ((now() - startedAt) / 1000) * speed);
  const released = () => { const h = simHours(); return items.filter((i) => i.h <= h); };
  const publishedAt = (i: DemoItem) => new Date(launchStart + Math.round(i.h * HOUR)).toISOString();

  const server = createServer((req, res) => {
    try {
      route(req, res);
    } catch (err) {
      send(res, 500, 'text/plain', `demo site error: ${(err as Error).message}`);
    }
  });

  function route(req: IncomingMessage, res: ServerResponse): void {
    const u = new URL(req.url ?? '/', 'http://demo.local');
    const base = `http://${req.headers.host ?? '127.0.0.1'}`;
    const page = Math.max(1, Number.parseInt(u.searchParams.get('page') ?? '1', 10) || 1);
    let m: RegExpMatchArray | null;
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'GET only');
    if (u.pathname === '/robots.txt') return send(res, 200, 'text/plain', 'User-agent: *\nAllow: /\n');
    if (u.pathname === '/status') return send(res, 200, 'application/json', JSON.stringify({ simHours: Math.round(simHours() * 10) / 10, released: released().length, total: items.length }));
    if (u.pathname === '/') return send(res, 200, 'text/html; charset=utf-8', indexPage());
    if ((m = u.pathname.match(/^\/feeds\/(maya|verde)\.rss$/))) {
      return send(res, 200, 'application/rss+xml; charset=utf-8', rss(m[1] as DemoBrandKey, base));
    }
    if ((m = u.pathname.match(/^\/shop\/([a-z-]+)\/reviews$/)) && DEMO_PRODUCTS[m[1]!]) {
      return send(res, 200, 'text/html; charset=utf-8', reviewPage(m[1]!, page, base));
    }
    if ((m = u.pathname.match(/^\/creators\/(maya|verde)$/))) {
      return send(res, 200, 'text/html; charset=utf-8', creatorPage(m[1] as DemoBrandKey, page, base));
    }
    if ((m = u.pathname.match(/^\/p\/([a-z0-9-]+)$/))) {
      const it = items.find((i) => i.id === m![1] && i.h <= simHours());
      if (it) return send(res, 200, 'text/html; charset=utf-8', layout(it.title ?? it.author, `<p>${esc(it.text)}</p>`, it.lang));
    }
    send(res, 404, 'text/plain', 'not found');
  }

  const newestFirst = (list: DemoItem[]) => [...list].sort((a, b) => b.h - a.h || b.id.localeCompare(a.id));

  function rss(brand: DemoBrandKey, base: string): string {
    const list = newestFirst(released().filter((i) => i.brand === brand && i.channel === 'feed')).slice(0, 60);
    const entries = list.map((i) => `    <item>
      <title>${esc(i.title ?? i.text.slice(0, 80))}</title>
      <link>${base}/p/${i.id}</link>
      <guid isPermaLink="false">${i.id}</guid>
      <pubDate>${new Date(publishedAt(i)).toUTCString()}</pubDate>
      <dc:creator>${esc(i.author)}</dc:creator>
      <dc:language>${i.lang}</dc:language>
      <description>${esc(i.text)}</description>
    </item>`).join('\n');
    return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${esc(DEMO_BRANDS[brand].name)} in the news (demo)</title>
    <link>${base}/</link>
    <description>Fictional coverage for the TrustLens demo</description>
${entries}
  </channel>
</rss>
`;
  }

  function reviewPage(product: string, page: number, base: string): string {
    const brand = DEMO_PRODUCTS[product]!;
    const all = newestFirst(released().filter((i) => i.brand === brand && i.channel === 'review'));
    const slice = all.slice((page - 1) * PER_PAGE, page * PER_PAGE);
    const pages = Math.max(1, Math.ceil(all.length / PER_PAGE));
    const avg = all.length ? all.reduce((a, i) => a + (i.rating ?? 0), 0) / all.length : 0;
    const ld = {
      '@context': 'https://schema.org', '@type': 'Product', name: DEMO_LAUNCHES[brand].products[0], brand: { '@type': 'Brand', name: DEMO_BRANDS[brand].name },
      offers: { '@type': 'Offer', price: DEMO_LAUNCHES[brand].price.replace(/[^\d.]/g, ''), priceCurrency: 'GBP' },
      ...(all.length ? { aggregateRating: { '@type': 'AggregateRating', ratingValue: Math.round(avg * 10) / 10, bestRating: 5, worstRating: 1, reviewCount: all.length } } : {}),
      review: slice.map((i) => ({
        '@type': 'Review', '@id': `${base}/p/${i.id}`, url: `${base}/p/${i.id}`, inLanguage: i.lang,
        author: { '@type': 'Person', name: i.author }, datePublished: publishedAt(i),
        ...(i.title ? { name: i.title } : {}), reviewBody: i.text,
        reviewRating: { '@type': 'Rating', ratingValue: i.rating, bestRating: 5, worstRating: 1 },
      })),
    };
    const json = JSON.stringify(ld).replace(/</g, '\\u003c');
    const next = page < pages ? `${base}/shop/${product}/reviews?page=${page + 1}` : undefined;
    const head = `<script type="application/ld+json">${json}</script>${next ? `<link rel="next" href="${next}">` : ''}`;
    const body = `<h1>${esc(DEMO_LAUNCHES[brand].products[0])}</h1><p>${all.length} reviews · page ${page} of ${pages}</p>
${slice.map((i) => `<div class="review"><strong>${'★'.repeat(i.rating ?? 0)}</strong> ${esc(i.title ?? '')}<p>${esc(i.text)}</p><small>${esc(i.author)}${i.verified ? ' · verified purchase' : ''}</small></div>`).join('\n')}
${next ? `<a class="next" href="${next}">Next page</a>` : ''}`;
    return layout(`Reviews: ${DEMO_LAUNCHES[brand].name}`, body, 'en', head);
  }

  function creatorPage(brand: DemoBrandKey, page: number, base: string): string {
    const all = newestFirst(released().filter((i) => i.brand === brand && i.channel === 'post'));
    const slice = all.slice((page - 1) * PER_PAGE, page * PER_PAGE);
    const next = page * PER_PAGE < all.length ? `${base}/creators/${brand}?page=${page + 1}` : undefined;
    const body = `<h1>Creators on ${esc(DEMO_BRANDS[brand].name)}</h1>
${slice.map((i) => `<article class="post" data-id="${i.id}" lang="${i.lang}">
  <header><span class="author">${esc(i.author)}</span> <span class="handle">${esc(i.handle ?? '')}</span> · <span class="followers">${i.followers ?? 0} followers</span></header>
  <p class="caption">${esc(i.text)}</p>
  <footer><time datetime="${publishedAt(i)}">${publishedAt(i).slice(0, 16).replace('T', ' ')}</time> · <span class="likes">${i.likes ?? 0}</span> likes · <span class="comments">${i.comments ?? 0}</span> comments · <a class="permalink" href="${base}/p/${i.id}">link</a></footer>
</article>`).join('\n')}
${next ? `<a class="next" href="${next}">Older posts</a>` : ''}`;
    return layout(`Creators: ${DEMO_BRANDS[brand].name}`, body, 'en');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    launchStart, simHours, released, publishedAt,
    async close() {
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** The selector recipe for /creators/:brand pages (validated by scrapers/recipe-schema). */
export const CREATOR_RECIPE = {
  item: 'article.post',
  fields: {
    caption: '.caption',
    author: '.author',
    handle: '.handle',
    followers: '.followers',
    date: { selector: 'time', attr: 'datetime' },
    likes: '.likes',
    comments: '.comments',
    link: { selector: 'a.permalink', attr: 'href' },
    id: { attr: 'data-id' },
    lang: { attr: 'lang' },
  },
  next: 'a.next',
  maxPages: 3,
} as const;

function indexPage(): string {
  const links = [
    ...(['maya', 'verde'] as const).map((b) => [`/feeds/${b}.rss`, `${DEMO_BRANDS[b].name}: news feed`]),
    ...Object.entries(DEMO_PRODUCTS).map(([p, b]) => [`/shop/${p}/reviews`, `${DEMO_LAUNCHES[b].name}: reviews`]),
    ...(['maya', 'verde'] as const).map((b) => [`/creators/${b}`, `${DEMO_BRANDS[b].name}: influencer posts`]),
  ];
  return layout('TrustLens demo site', `<h1>TrustLens demo site</h1><p>Fictional brands, fictional people.</p><ul>${links.map(([href, t]) => `<li><a href="${href}">${esc(t!)}</a></li>`).join('')}</ul>`, 'en');
}

function layout(title: string, body: string, lang: string, head = ''): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(title)}</title>${head}</head><body>${body}</body></html>`;
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
