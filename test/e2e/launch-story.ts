// A launch whose reception turns sour, served by a local feed, plus the pieces an end-to-end test
// needs around it: a webhook receiver that fails twice before it accepts, a clock the test moves,
// and a quiet baseline fortnight. Shared by the embedded and the queue-mode end-to-end tests.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HOUR_MS } from '../../src/core/time.js';

export const T0 = Date.parse('2026-11-02T09:00:00.000Z'); // launch day, a Monday

export class MovableClock {
  constructor(public ms: number) {}
  now(): Date { return new Date(this.ms); }
  set(ms: number): void { this.ms = ms; }
}

interface Item { id: string; text: string; at: number; author: string; followers: number }

const PRAISE = ['Opened the Glow calendar today, cute packaging', 'Day one of the calendar and I like the first door', 'Nice little treat from @lunelabs this morning'];
const COMPLAINTS = [
  '£50 for this calendar is overpriced, the doors are sachets',
  'Honestly £50 for stickers and samples, overpriced and disappointing',
  'This calendar has nothing to do with her brand, so disappointed',
  'Overpriced junk, £50 wasted, nothing to do with her brand at all',
  'Terrible value, £50 for keyrings, I want a refund',
];

/** The feed's items for the first `hours` hours after T0: a calm start, then a wave of complaints about price. */
export function storyItems(hours: number): Item[] {
  const items: Item[] = [];
  const perHour = [3, 4, 12, 25, 30];
  for (let h = 0; h < hours; h++) {
    for (let i = 0; i < perHour[Math.min(h, perHour.length - 1)]; i++) {
      const negative = h >= 1;
      const pool = negative ? COMPLAINTS : PRAISE;
      items.push({
        id: `h${h}-${i}`,
        text: `${pool[i % pool.length]} (${h}.${i})`,
        at: T0 + h * HOUR_MS + (i + 1) * 60_000,
        author: `@fan${h}_${i}`,
        followers: 100 + (i % 10) * 50,
      });
    }
  }
  return items;
}

function rss(items: Item[], base: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Glow calendar talk</title><link>${base}/</link><description>mentions</description>
${items.map((it) => `<item><guid isPermaLink="false">${it.id}</guid><title>${esc(it.author)}</title><link>${base}/post/${it.id}</link>
<description>${esc(it.text)}</description><author>${esc(it.author)}</author><pubDate>${new Date(it.at).toUTCString()}</pubDate></item>`).join('\n')}
</channel></rss>`;
}

export interface StorySite {
  url: string;
  /** How many hours of the story the feed shows. */
  hours: number;
  close(): Promise<void>;
}

export async function startStorySite(): Promise<StorySite> {
  const site = { hours: 0 } as StorySite;
  const server = createServer((req, res) => {
    if (req.url === '/robots.txt') { res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nAllow: /\n'); return; }
    if (req.url === '/feed.xml') {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(rss(storyItems(site.hours), site.url));
      return;
    }
    res.writeHead(404).end();
  });
  site.url = await listen(server);
  site.close = () => close(server);
  return site;
}

export interface Receiver {
  url: string;
  /** Every request, accepted or not. */
  /** `at` is the injected clock's time when the request arrived (what a receiver checks the timestamp against). */
  requests: { status: number; body: string; headers: Record<string, string>; at: number }[];
  close(): Promise<void>;
}

/** A webhook receiver that answers 500 to its first `failures` requests, then 200. */
export async function startReceiver(failures: number, now: () => number): Promise<Receiver> {
  const r = { requests: [] } as unknown as Receiver;
  const server = createServer(async (req, res) => {
    const body = await read(req);
    const status = r.requests.length < failures ? 500 : 200;
    r.requests.push({ status, body, at: now(), headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])) });
    res.writeHead(status).end(status === 200 ? 'ok' : 'try later');
  });
  r.url = await listen(server) + '/hook';
  r.close = () => close(server);
  return r;
}

/** Two weeks of calm before the launch: about two mentions an hour, mostly friendly. */
export function baselineRows(brandName: string): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const lines = [`Love my ${brandName} serum`, `${brandName} customer service was helpful`, `Trying the new ${brandName} cleanser, nice`, `${brandName} shipping took a while but fine`];
  for (let h = 14 * 24; h >= 1; h--) {
    for (let i = 0; i < 2; i++) {
      rows.push({ id: `b${h}-${i}`, text: `${lines[(h + i) % lines.length]} #${h}`, publishedAt: new Date(T0 - h * HOUR_MS + i * 600_000).toISOString(), kind: 'social', author: `@regular${(h * 2 + i) % 40}` });
    }
  }
  return rows;
}

export async function waitFor<T>(what: string, f: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((res) => server.close(() => res()));
}

function read(req: IncomingMessage): Promise<string> {
  return new Promise((res) => {
    let s = '';
    req.on('data', (c: Buffer) => { s += c.toString(); });
    req.on('end', () => res(s));
  });
}
