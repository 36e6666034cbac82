// The polite fetcher shared by every scraper (the Fetcher port). One request goes through:
//   scheme check → robots.txt (cached per origin) → per-host slot (concurrency + min delay)
//   → shared gate when given (the same min delay across worker processes, queue mode)
//   → HTTP exchange (timeout, size cap, decompression by undici, proxy from env)
//   → redirects followed by hand (each hop checked again; loops and long chains refused)
//   → status classified: 2xx ok, 304 notModified, 408/425/429/5xx/network retried with
//     exponential backoff + jitter honouring Retry-After, other 4xx permanent.
// Errors: RetryableError (transient, carries retryAfterMs) and NonRetryableError (permanent).
import { Agent, ProxyAgent, fetch as undiciFetch, type Dispatcher } from 'undici';
import { NonRetryableError, RetryableError } from '../src/core/errors.js';
import type { FetchOptions, Fetcher } from '../src/ports/fetcher.js';
import { decodeBody } from './charset.js';
import { createHostLimiter } from './host-limiter.js';
import { proxyFor, type ProxyEnv } from './proxy.js';
import { createRobotsCache, type RobotsVerdict } from './robots.js';

export interface FetcherOptions {
  userAgent: string;
  timeoutMs: number;
  maxBytes: number;
  hostDelayMs: number;
  hostConcurrency: number;
  /** Extra tries after the first on transient failures (default 3). */
  retries?: number;
  maxRedirects?: number;
  sleep?: (ms: number) => Promise<void>;
  /** First backoff step in ms (default 500); doubles per try, with ±50% jitter. */
  backoffBaseMs?: number;
  /** A Retry-After longer than this is not waited out in-process: the error goes to the job (default 60 s). */
  maxInlineWaitMs?: number;
  /** Environment read for HTTP(S)_PROXY / NO_PROXY (default process.env). */
  env?: ProxyEnv;
  /** Random source for jitter (tests pass a constant). */
  random?: () => number;
  /** Largest robots.txt Crawl-delay honoured, in ms (default 30 s); longer ones are capped. */
  maxCrawlDelayMs?: number;
  /**
   * A gate shared with other processes (queue mode: JobQueue.rateGate on Redis), awaited right
   * before each request start to a host, after this process's own limiter gave a slot; resolves
   * when `host` may be hit again with at least `intervalMs` (hostDelayMs or the robots Crawl-delay,
   * the larger) since the last start by ANY process sharing it. Not called when that interval is 0.
   * Absent: per-host limits hold per process only. If it throws (e.g. Redis unreachable), the
   * request is not made and the error goes to the caller.
   */
  sharedGate?: (host: string, intervalMs: number) => Promise<void>;
}

/** The concrete fetcher: the port plus what the browser scraper needs to stay polite. */
export interface PoliteFetcher extends Fetcher {
  /** Throws NonRetryableError when robots.txt forbids the URL (or the scheme is not http/https). */
  assertAllowed(url: string): Promise<void>;
  /**
   * Waits for a politeness slot on the URL's host (robots.txt checked first) and returns its
   * release function: the browser scraper navigates under the same per-host limits.
   */
  hostSlot(url: string): Promise<() => void>;
  /** Which proxy the URL would use, if any. */
  proxyFor(url: string): string | undefined;
  close(): Promise<void>;
}

/** Content types a scraper can read; anything else (images, PDFs, archives) is refused. */
const TEXT_TYPE = /^\s*(text\/|application\/([\w.+-]*\+)?(xml|json|xhtml\+xml|rss\+xml|atom\+xml|rdf\+xml|ld\+json|javascript|x-javascript)\b|application\/octet-stream)/i;

const RETRY_STATUSES = new Set([408, 425, 429, 500, 502, 503, 504, 522, 524]);
const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;
const ROBOTS_MAX_BYTES = 512 * 1024;

interface RawResponse {
  status: number;
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array;
}

export const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new NonRetryableError(`invalid URL: ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NonRetryableError(`refused URL scheme ${url.protocol} (only http and https): ${raw}`);
  }
  url.hash = '';
  return url;
}

/** Retry-After as ms: delta-seconds or an HTTP date; undefined when absent or unreadable. Capped. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(v)) ms = Number(v) * 1000;
  else {
    const at = Date.parse(v);
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(Math.max(0, Math.round(ms)), MAX_RETRY_AFTER_MS);
}

export function createFetcher(opts: FetcherOptions): PoliteFetcher {
  const sleep = opts.sleep ?? realSleep;
  const retries = opts.retries ?? 3;
  const maxRedirects = opts.maxRedirects ?? 10;
  const backoffBase = opts.backoffBaseMs ?? 500;
  const maxInlineWait = opts.maxInlineWaitMs ?? 60_000;
  const random = opts.random ?? Math.random;
  const env = opts.env ?? process.env;
  const limiter = createHostLimiter({ concurrency: opts.hostConcurrency, delayMs: opts.hostDelayMs, sleep });
  const sharedGate = opts.sharedGate;

  /**
   * This process's slot on the host, then (when shared) the cross-process gate. The local slot is
   * held while waiting at the shared gate, so hostConcurrency still bounds what we have queued.
   */
  async function hostTurn(host: string): Promise<() => void> {
    const release = await limiter.acquire(host);
    const interval = limiter.delayOf(host);
    if (!sharedGate || interval <= 0) return release;
    try {
      await sharedGate(host, interval);
    } catch (err) {
      release();
      throw err;
    }
    return release;
  }
  const direct = new Agent({ connect: { timeout: opts.timeoutMs } });
  const proxies = new Map<string, ProxyAgent>();

  function dispatcherFor(url: URL): Dispatcher {
    const proxy = proxyFor(url, env);
    if (!proxy) return direct;
    let agent = proxies.get(proxy);
    if (!agent) proxies.set(proxy, (agent = new ProxyAgent({ uri: proxy })));
    return agent;
  }

  /** One HTTP exchange inside a host slot. Reads the body only for 2xx (and only when asked). */
  async function exchange(url: URL, o: FetchOptions, conditional: boolean, readBody: boolean, maxBytes: number): Promise<RawResponse> {
    const release = await hostTurn(url.host);
    const timeoutMs = o.timeoutMs ?? opts.timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error('timeout'));
    }, timeoutMs);
    const onAbort = () => controller.abort(o.signal?.reason);
    o.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const headers: Record<string, string> = {
        'user-agent': opts.userAgent,
        accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,application/json;q=0.9,*/*;q=0.8',
        'accept-encoding': 'gzip, deflate, br',
        ...o.headers,
      };
      if (conditional && o.etag) headers['if-none-match'] = o.etag;
      if (conditional && o.lastModified) headers['if-modified-since'] = o.lastModified;
      const res = await undiciFetch(url, {
        headers,
        redirect: 'manual',
        signal: controller.signal,
        dispatcher: dispatcherFor(url),
      });
      const out: RawResponse = { status: res.status, url: url.href, headers: Object.fromEntries(res.headers) };
      const ok = res.status >= 200 && res.status < 300;
      if (!ok || !readBody) {
        await res.body?.cancel().catch(() => {});
        return out;
      }
      const declared = Number(res.headers.get('content-length'));
      // content-length is the compressed size: only refuse early when even that is too big.
      if (Number.isFinite(declared) && declared > maxBytes) {
        await res.body?.cancel().catch(() => {});
        throw new NonRetryableError(`body larger than ${maxBytes} bytes (content-length ${declared}): ${url.href}`);
      }
      const chunks: Uint8Array[] = [];
      let total = 0;
      if (res.body) {
        for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
          total += chunk.byteLength;
          if (total > maxBytes) {
            controller.abort(new Error('too big'));
            throw new NonRetryableError(`body larger than ${maxBytes} bytes: ${url.href}`);
          }
          chunks.push(chunk);
        }
      }
      out.body = Buffer.concat(chunks, total);
      return out;
    } catch (err) {
      if (err instanceof NonRetryableError) throw err;
      if (timedOut) throw new RetryableError(`timed out after ${timeoutMs} ms: ${url.href}`, undefined, { cause: err });
      if (o.signal?.aborted) throw o.signal.reason ?? err;
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (err as Error).message;
      throw new RetryableError(`network error (${why}): ${url.href}`, undefined, { cause: err });
    } finally {
      clearTimeout(timer);
      o.signal?.removeEventListener('abort', onAbort);
      release();
    }
  }

  /** Follows redirects by hand so every hop is checked (scheme, robots) and loops are caught. */
  async function follow(start: URL, o: FetchOptions, readBody: boolean, maxBytes: number): Promise<RawResponse> {
    let url = start;
    const seen = new Set<string>([url.href]);
    for (let hop = 0; ; hop++) {
      if (!o.ignoreRobots) await checkRobots(url);
      const res = await exchange(url, o, hop === 0, readBody, maxBytes);
      if (res.status < 300 || res.status >= 400 || res.status === 304) return res;
      const location = res.headers.location;
      if (!location) return res;
      const next = parseUrl(new URL(location, url).href);
      if (seen.has(next.href)) throw new NonRetryableError(`redirect loop: ${[...seen, next.href].join(' → ')}`);
      if (hop + 1 > maxRedirects) throw new NonRetryableError(`more than ${maxRedirects} redirects from ${start.href}`);
      seen.add(next.href);
      url = next;
    }
  }

  const robots = createRobotsCache(async (robotsUrl) => {
    const res = await withRetries(() => follow(new URL(robotsUrl), { ignoreRobots: true }, true, ROBOTS_MAX_BYTES), true);
    return { status: res.status, body: res.body ? decodeBody(res.body, res.headers['content-type']).text : '' };
  });

  async function checkRobots(url: URL): Promise<void> {
    let verdict: RobotsVerdict;
    try {
      verdict = await robots.verdict(url.origin);
    } catch (err) {
      if (err instanceof NonRetryableError) verdict = { kind: 'allow-all' }; // e.g. robots.txt too big or a redirect loop
      else throw err;
    }
    if (verdict.kind === 'allow-all') return;
    if (verdict.kind === 'deny-all') throw new NonRetryableError(`robots.txt forbids ${url.href} (${verdict.why})`);
    const crawlDelay = verdict.rules.getCrawlDelay(opts.userAgent);
    if (crawlDelay && crawlDelay > 0) limiter.setMinDelay(url.host, Math.min(crawlDelay * 1000, opts.maxCrawlDelayMs ?? 30_000));
    if (verdict.rules.isAllowed(url.href, opts.userAgent) === false) {
      throw new NonRetryableError(`robots.txt forbids ${url.href} for ${opts.userAgent}`);
    }
  }

  function backoff(attempt: number): number {
    const base = backoffBase * 2 ** attempt;
    return Math.round(base * (0.5 + random()));
  }

  /**
   * Runs `once` with retries on transient failures. With `lenient` (robots.txt), 4xx/5xx are
   * returned for the caller to interpret instead of thrown.
   */
  async function withRetries(once: () => Promise<RawResponse>, lenient = false): Promise<RawResponse> {
    for (let attempt = 0; ; attempt++) {
      let failure: RetryableError;
      try {
        const res = await once();
        if (!RETRY_STATUSES.has(res.status) || (lenient && attempt >= 1)) return res;
        failure = new RetryableError(`HTTP ${res.status}: ${res.url}`, parseRetryAfter(res.headers['retry-after']));
      } catch (err) {
        if (!(err instanceof RetryableError)) throw err;
        failure = err;
      }
      if (attempt >= retries) throw failure;
      const wait = failure.retryAfterMs ?? backoff(attempt);
      // A long Retry-After is the job's business (it reschedules), not something to block on here.
      if (wait > maxInlineWait) throw failure;
      await sleep(wait);
    }
  }

  return {
    async fetch(rawUrl, o = {}) {
      const url = parseUrl(rawUrl);
      o.signal?.throwIfAborted();
      const maxBytes = o.maxBytes ?? opts.maxBytes;
      const res = await withRetries(() => follow(url, o, true, maxBytes));
      const etag = res.headers.etag;
      const lastModified = res.headers['last-modified'];
      if (res.status === 304) {
        return { status: 304, url: res.url, headers: res.headers, body: '', notModified: true, etag: etag ?? o.etag, lastModified: lastModified ?? o.lastModified };
      }
      if (res.status >= 300 && res.status < 400) throw new NonRetryableError(`HTTP ${res.status} without a usable Location: ${res.url}`);
      if (res.status >= 400) throw new NonRetryableError(`HTTP ${res.status}: ${res.url}`);
      const type = res.headers['content-type'];
      if (type && !TEXT_TYPE.test(type)) throw new NonRetryableError(`not a text document (${type.split(';')[0]}): ${res.url}`);
      const body = res.body ? decodeBody(res.body, type).text : '';
      return { status: res.status, url: res.url, headers: res.headers, body, notModified: false, etag, lastModified };
    },
    async assertAllowed(rawUrl) {
      await checkRobots(parseUrl(rawUrl));
    },
    async hostSlot(rawUrl) {
      const url = parseUrl(rawUrl);
      await checkRobots(url);
      return hostTurn(url.host);
    },
    proxyFor(rawUrl) {
      return proxyFor(parseUrl(rawUrl), env);
    },
    async close() {
      await Promise.all([direct.close(), ...[...proxies.values()].map((p) => p.close())]);
    },
  };
}
