import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NonRetryableError, RetryableError } from '../../src/core/errors.js';
import { createFetcher, parseRetryAfter, type FetcherOptions } from '../../scrapers/fetcher.js';
import { decodeBody } from '../../scrapers/charset.js';
import { proxyFor } from '../../scrapers/proxy.js';
import { createHostLimiter } from '../../scrapers/host-limiter.js';
import { startFixtureSite, type FixtureSite } from '../fixtures/site/server.js';

let site: FixtureSite;
beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(async () => site?.close());

const sleeps: number[] = [];
function make(extra: Partial<FetcherOptions> = {}) {
  return createFetcher({
    userAgent: 'TrustLensTest/1.0',
    timeoutMs: 2000,
    maxBytes: 1024 * 1024,
    hostDelayMs: 0,
    hostConcurrency: 4,
    retries: 2,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    env: {},
    ...extra,
  });
}
const key = () => Math.random().toString(36).slice(2);

describe('fetcher: basics', () => {
  it('fetches a page, sends the user agent and reports headers', async () => {
    const f = make();
    const res = await f.fetch(`${site.url}/echo/headers`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)['user-agent']).toBe('TrustLensTest/1.0');
    expect(res.headers['content-type']).toContain('application/json');
    await f.close();
  });

  it.each(['gzip', 'deflate', 'br'])('decompresses %s', async (enc) => {
    const f = make();
    const res = await f.fetch(`${site.url}/hostile/${enc}`);
    expect(res.body).toContain('compressed body ✓');
    expect(res.body.length).toBe('<p class="t">compressed body ✓</p>'.length * 50);
  });

  it('refuses schemes other than http and https', async () => {
    const f = make();
    for (const u of ['ftp://example.com/x', 'file:///etc/passwd', 'javascript:alert(1)', 'not a url']) {
      await expect(f.fetch(u)).rejects.toBeInstanceOf(NonRetryableError);
    }
    await expect(f.fetch(`${site.url}/hostile/to-ftp`)).rejects.toThrow(/scheme ftp/);
  });

  it('404 and 410 are permanent', async () => {
    const f = make();
    await expect(f.fetch(`${site.url}/hostile/404`)).rejects.toThrow(NonRetryableError);
    await expect(f.fetch(`${site.url}/hostile/410`)).rejects.toThrow(/HTTP 410/);
  });
});

describe('fetcher: robots.txt', () => {
  it('refuses a path robots.txt forbids and fetches robots.txt once per origin', async () => {
    const f = make();
    const before = site.hits.get('/robots.txt') ?? 0;
    await expect(f.fetch(`${site.url}/private/secret`)).rejects.toThrow(/robots\.txt forbids/);
    await f.fetch(`${site.url}/echo/headers`);
    await f.fetch(`${site.url}/hostile/gzip`);
    expect((site.hits.get('/robots.txt') ?? 0) - before).toBe(1);
    expect(site.hits.get('/private/secret')).toBeUndefined();
  });

  it('honours a user-agent-specific group', async () => {
    const f = make({ userAgent: 'EvilBot/2.0' });
    await expect(f.fetch(`${site.url}/echo/headers`)).rejects.toThrow(/robots\.txt forbids/);
  });

  it('a missing robots.txt allows all; a 5xx robots.txt disallows all', async () => {
    const missing = await startFixtureSite({ robots: 'missing' });
    const failing = await startFixtureSite({ robots: 'error' });
    try {
      const f = make();
      expect((await f.fetch(`${missing.url}/private/secret`)).status).toBe(200);
      await expect(f.fetch(`${failing.url}/echo/headers`)).rejects.toThrow(/robots\.txt forbids .*503/);
    } finally {
      await missing.close();
      await failing.close();
    }
  });

  it('honours Crawl-delay as a per-host minimum delay', async () => {
    const slow = await startFixtureSite({ robots: { body: 'User-agent: *\nCrawl-delay: 2\nDisallow: /private/\n' } });
    try {
      const waits: number[] = [];
      const f = make({ sleep: async (ms) => void waits.push(ms) });
      await f.fetch(`${slow.url}/echo/headers`);
      await f.fetch(`${slow.url}/echo/headers`);
      expect(Math.max(...waits)).toBeGreaterThan(1500);
      expect(Math.max(...waits)).toBeLessThanOrEqual(2000);
    } finally {
      await slow.close();
    }
  });

  it('ignoreRobots skips the check', async () => {
    const f = make();
    expect((await f.fetch(`${site.url}/private/secret`, { ignoreRobots: true })).body).toContain('secret');
  });
});

describe('fetcher: retries', () => {
  it('retries a 429 after its Retry-After seconds', async () => {
    const f = make();
    sleeps.length = 0;
    const k = key();
    const res = await f.fetch(`${site.url}/hostile/429?k=${k}`);
    expect(res.body).toContain('ok after 429');
    expect(site.hits.get(`/hostile/429?k=${k}`)).toBe(2);
    expect(sleeps).toContain(1000);
  });

  it('honours an HTTP-date Retry-After', async () => {
    const f = make();
    sleeps.length = 0;
    const res = await f.fetch(`${site.url}/hostile/429-date?k=${key()}`);
    expect(res.status).toBe(200);
    const waited = sleeps.find((s) => s > 0)!;
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThanOrEqual(2000);
  });

  it('recovers from a 500 with backoff', async () => {
    const f = make({ random: () => 0.5, backoffBaseMs: 100 });
    sleeps.length = 0;
    const res = await f.fetch(`${site.url}/hostile/500-once?k=${key()}`);
    expect(res.body).toContain('recovered');
    expect(sleeps).toEqual([100]);
  });

  it('gives up on a persistent 500 with a RetryableError after the retries, backing off exponentially', async () => {
    const f = make({ random: () => 0.5, backoffBaseMs: 100, retries: 3 });
    sleeps.length = 0;
    const before = site.hits.get('/hostile/500-always') ?? 0;
    await expect(f.fetch(`${site.url}/hostile/500-always`)).rejects.toBeInstanceOf(RetryableError);
    expect((site.hits.get('/hostile/500-always') ?? 0) - before).toBe(4);
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('a Retry-After longer than the inline cap goes to the caller with retryAfterMs', async () => {
    const f = make({ maxInlineWaitMs: 500 });
    const err = await f.fetch(`${site.url}/hostile/429?k=${key()}`).catch((e) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect(err.retryAfterMs).toBe(1000);
  });

  it('parses Retry-After forms and caps them', () => {
    expect(parseRetryAfter('120')).toBe(120_000);
    expect(parseRetryAfter(new Date(Date.now() + 5000).toUTCString())).toBeGreaterThan(3000);
    expect(parseRetryAfter('999999999')).toBe(3_600_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('network errors are retryable', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const f = make({ retries: 1 });
    await expect(f.fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow(/network error \(ECONNREFUSED\)/);
  });
});

describe('fetcher: limits', () => {
  it('caps the body size (streamed and declared)', async () => {
    const f = make({ maxBytes: 1024 * 1024 });
    await expect(f.fetch(`${site.url}/hostile/big`)).rejects.toThrow(/body larger than 1048576 bytes/);
    await expect(f.fetch(`${site.url}/hostile/big-declared`)).rejects.toThrow(NonRetryableError);
  });

  it('times out a page that never finishes, and one that never answers', async () => {
    const f = make({ timeoutMs: 300, retries: 0 });
    const t0 = Date.now();
    await expect(f.fetch(`${site.url}/hostile/hang`)).rejects.toThrow(/timed out after 300 ms/);
    await expect(f.fetch(`${site.url}/hostile/hang-headers`)).rejects.toBeInstanceOf(RetryableError);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('detects a redirect loop and too many redirects; follows a short chain', async () => {
    const f = make({ maxRedirects: 3 });
    await expect(f.fetch(`${site.url}/hostile/loop-a`)).rejects.toThrow(/redirect loop/);
    await expect(f.fetch(`${site.url}/hostile/chain/5`)).rejects.toThrow(/more than 3 redirects/);
    const ok = await f.fetch(`${site.url}/hostile/chain/2`);
    expect(ok.url).toBe(`${site.url}/hostile/chain/0`);
  });

  it('keeps at most hostConcurrency requests in flight and spaces their starts', async () => {
    const starts: number[] = [];
    let active = 0;
    let peak = 0;
    const limiter = createHostLimiter({ concurrency: 2, delayMs: 40, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        const release = await limiter.acquire('h');
        starts.push(Date.now());
        active++;
        peak = Math.max(peak, active);
        await new Promise((r) => setTimeout(r, 20));
        active--;
        release();
      }),
    );
    expect(peak).toBeLessThanOrEqual(2);
    starts.sort((a, b) => a - b);
    for (let i = 1; i < starts.length; i++) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(35);
  });
});

describe('fetcher: conditional GET', () => {
  it('sends validators and reports notModified on 304', async () => {
    const f = make();
    const first = await f.fetch(`${site.url}/feeds/conditional.rss`);
    expect(first.notModified).toBe(false);
    expect(first.etag).toBe('"v1"');
    expect(first.lastModified).toBeTruthy();
    const second = await f.fetch(`${site.url}/feeds/conditional.rss`, { etag: first.etag });
    expect(second).toMatchObject({ status: 304, notModified: true, body: '', etag: '"v1"' });
    const third = await f.fetch(`${site.url}/feeds/conditional.rss`, { lastModified: first.lastModified });
    expect(third.notModified).toBe(true);
  });
});

describe('charset', () => {
  const text = async (path: string) => {
    const res = await make().fetch(`${site.url}${path}`);
    return /<p class="t">([^<]*)</.exec(res.body)![1];
  };
  it('Latin-1 declared in the header', async () => expect(await text('/charset/latin1')).toBe('Café crème brûlée naïve'));
  it('Windows-1252 declared in <meta http-equiv>', async () => expect(await text('/charset/cp1252-meta')).toBe('“Great” value € 9.99 – déjà vu'));
  it('no charset at all', async () => expect(await text('/charset/none')).toBe('señor piña'));
  it('a header that wrongly says UTF-8', async () => expect(await text('/charset/wrong-header')).toBe('Café crème brûlée naïve'));
  it('UTF-8 served as ISO-8859-1', async () => expect(await text('/charset/utf8-said-latin1')).toBe('Café crème'));
  it('a UTF-8 BOM', async () => expect(await text('/charset/utf8-bom')).toBe('Ünïcödé'));
  it('XML declaration encoding', () => {
    const bytes = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>Espa\xf1a</title></rss>', 'latin1');
    expect(decodeBody(bytes).text).toContain('España');
  });
});

describe('proxy', () => {
  it('picks the proxy from the environment, honouring NO_PROXY and loopback', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128', HTTP_PROXY: 'http://proxy:8080', NO_PROXY: 'internal.example,.corp.example,api.example:8443' };
    expect(proxyFor(new URL('https://shop.example.com/'), env)).toBe('http://proxy:3128');
    expect(proxyFor(new URL('http://shop.example.com/'), env)).toBe('http://proxy:8080');
    expect(proxyFor(new URL('https://internal.example/'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://a.internal.example/'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://x.corp.example/'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://api.example:8443/'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://api.example/'), env)).toBe('http://proxy:3128');
    expect(proxyFor(new URL('http://127.0.0.1:9/'), env)).toBeUndefined();
    expect(proxyFor(new URL('http://localhost/'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://x/'), { ...env, NO_PROXY: '*' })).toBeUndefined();
  });

  it('sends requests for a non-loopback host through an HTTP proxy (CONNECT or absolute-form)', async () => {
    const target = new URL(site.url);
    const seen: string[] = [];
    // A tiny real proxy that maps every host to the fixture site.
    const proxy = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      const u = new URL(req.url!);
      const up = httpRequest({ host: target.hostname, port: target.port, path: u.pathname + u.search, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode!, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    proxy.on('connect', (req, socket, head) => {
      seen.push(`CONNECT ${req.url}`);
      const up = connect(Number(target.port), target.hostname, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        up.write(head);
        up.pipe(socket);
        socket.pipe(up);
      });
      up.on('error', () => socket.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    try {
      const f = make({ env: { HTTP_PROXY: proxyUrl } });
      const res = await f.fetch('http://fixture.invalid/echo/headers');
      expect(JSON.parse(res.body)['user-agent']).toBe('TrustLensTest/1.0');
      expect(seen.some((s) => s.includes('fixture.invalid'))).toBe(true);
      await f.close();
    } finally {
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
    }
  });
});
