// A pool of pages in one headless Chromium (playwright-core, the system browser, a fresh temporary
// profile). It reuses the browser and its pages, caps how many pages run at once, recycles a page
// after `pageUses` uses (long-lived pages leak memory), and relaunches the browser when it crashed
// or after `browserUses` pages. The temporary profile is removed on close.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// playwright-core is imported when the first browser starts: it costs ~85 MB of RSS, and most
// processes (the API, workers without browser sources) never start one.
import type { BrowserContext, Page } from 'playwright-core';
import { UnavailableError } from '../src/core/errors.js';
import type { BrowserPool } from './context.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** HTTPS_PROXY / HTTP_PROXY and NO_PROXY for Chromium; loopback is never proxied by Chromium. */
export function proxyFromEnv(env: Record<string, string | undefined> = process.env): { server: string; bypass?: string } | undefined {
  const server = env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy;
  if (!server) return undefined;
  const noProxy = (env.NO_PROXY ?? env.no_proxy ?? '').split(/[\s,]+/).filter(Boolean);
  // Chromium's bypass list: "example.com" matches only that host, so add "*.example.com" too.
  const bypass = noProxy.flatMap((h) => (h === '*' ? ['*'] : h.startsWith('.') ? [`*${h}`] : [h, `*.${h}`]));
  return bypass.length ? { server, bypass: bypass.join(',') } : { server };
}

const ASSET_URL = /\.(png|jpe?g|gif|webp|avif|svg|ico|bmp|woff2?|ttf|otf|eot|mp4|webm|m4a|mp3|ogg|wav|mov)(\?|#|$)/i;

export interface BrowserPoolOptions {
  executablePath: string;
  /** Pages open at most (the concurrency cap). */
  maxPages: number;
  /** Reuse a page for this many jobs before closing it (default 25; 1 = new page per job). */
  pageUses?: number;
  /** Relaunch the browser after this many jobs to bound its memory (default 500). */
  browserUses?: number;
  /**
   * Relaunch the browser (between jobs) once its processes' resident memory, summed, passes this
   * many MB; checked every 10 jobs (default 4096; 0 = never).
   */
  maxMemoryMb?: number;
  userAgent?: string;
  /** Proxy for the browser, e.g. from the fetcher's proxyFor(). */
  proxy?: { server: string; bypass?: string };
  /** Abort requests for images, fonts and media (default true): scraping needs the DOM only. */
  blockAssets?: boolean;
  launchTimeoutMs?: number;
}

/** Pids of the Chromium started with this profile and all its children (Linux /proc). */
export function browserProcessTree(profileDir: string): number[] {
  const parent = new Map<number, number>();
  let root: number | undefined;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(name), ppid);
      if (root === undefined && ppid === process.pid && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(profileDir)) root = Number(name);
    } catch {
      /* process ended meanwhile */
    }
  }
  if (root === undefined) return [];
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const [pid, pp] of parent) if (pp === out[i]) out.push(pid);
  return out;
}

/**
 * Proportional set size of processes in bytes (Linux smaps_rollup): shared pages are split
 * between the processes that map them, so Chromium's many processes are not double-counted.
 */
export function pssOf(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      /* gone, or not readable */
    }
  }
  return total;
}

/** Resident memory of processes in bytes, summed (Linux /proc; shared pages counted per process). */
export function rssOf(pids: number[]): number {
  let total = 0;
  for (const pid of pids) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) total += Number(m[1]) * 1024;
    } catch {
      /* gone */
    }
  }
  return total;
}

export interface PoolStats {
  launches: number;
  memoryRestarts: number;
  pagesCreated: number;
  jobs: number;
  open: number;
  idle: number;
}

interface Pooled {
  page: Page;
  uses: number;
}

export function createBrowserPool(opts: BrowserPoolOptions): BrowserPool & { stats(): PoolStats; pids(): number[] } {
  const pageUses = opts.pageUses ?? 25;
  const browserUses = opts.browserUses ?? 500;
  const maxMemory = (opts.maxMemoryMb ?? 4096) * 1024 * 1024;
  let overMemory = false;
  let context: BrowserContext | undefined;
  let launching: Promise<BrowserContext> | undefined;
  let profileDir: string | undefined;
  let closed = false;
  let jobsSinceLaunch = 0;
  const idle: Pooled[] = [];
  let active = 0;
  const waiters: (() => void)[] = [];
  const stats = { launches: 0, pagesCreated: 0, jobs: 0, memoryRestarts: 0 };

  async function launch(): Promise<BrowserContext> {
    profileDir = await mkdtemp(join(tmpdir(), 'trustlens-chromium-'));
    const { chromium } = await import('playwright-core');
    const ctx = await chromium.launchPersistentContext(profileDir, {
      executablePath: opts.executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
      userAgent: opts.userAgent,
      proxy: opts.proxy ?? proxyFromEnv(),
      timeout: opts.launchTimeoutMs ?? 30_000,
      viewport: { width: 1280, height: 900 },
    });
    stats.launches++;
    jobsSinceLaunch = 0;
    overMemory = false;
    if (opts.blockAssets ?? true) {
      // Once per context, by URL pattern: documents, scripts and XHR are never intercepted, so
      // they pay no round trip through the driver; images, fonts and media are refused.
      await ctx.route(ASSET_URL, (route) => route.abort());
    }
    // A crash closes the context: forget it so the next job relaunches.
    ctx.on('close', () => {
      if (context === ctx) {
        context = undefined;
        idle.length = 0;
      }
    });
    // launchPersistentContext opens a first tab; keep it as the first pooled page.
    for (const p of ctx.pages()) idle.push({ page: p, uses: 0 });
    return ctx;
  }

  async function getContext(): Promise<BrowserContext> {
    if (closed) throw new UnavailableError('browser pool is closed');
    // Relaunch only while no other job holds a page (active counts this job).
    if (context && (jobsSinceLaunch >= browserUses || overMemory) && active === 1) await restart();
    if (context) return context;
    launching ??= launch()
      .then((c) => (context = c))
      .finally(() => (launching = undefined));
    try {
      return await launching;
    } catch (err) {
      throw new UnavailableError(`cannot launch Chromium at ${opts.executablePath}: ${(err as Error).message.split('\n')[0]}`, { cause: err });
    }
  }

  async function restart(): Promise<void> {
    const old = context;
    const dir = profileDir;
    context = undefined;
    idle.length = 0;
    await old?.close().catch(() => {});
    if (dir) await rm(dir, { recursive: true, force: true }).catch(() => {});
  }

  async function acquire(): Promise<void> {
    if (active < opts.maxPages && waiters.length === 0) {
      active++;
      return;
    }
    await new Promise<void>((r) => waiters.push(r));
  }

  function release(): void {
    const next = waiters.shift();
    if (next) next();
    else active--;
  }

  async function takePage(): Promise<Pooled> {
    const ctx = await getContext();
    while (idle.length) {
      const p = idle.pop()!;
      if (!p.page.isClosed()) return p;
    }
    const page = await ctx.newPage();
    stats.pagesCreated++;
    return { page, uses: 0 };
  }

  return {
    async withPage(fn) {
      await acquire();
      let pooled: Pooled | undefined;
      try {
        pooled = await takePage();
        stats.jobs++;
        jobsSinceLaunch++;
        pooled.uses++;
        const out = await fn(pooled.page);
        if (maxMemory > 0 && stats.jobs % 10 === 0 && profileDir && rssOf(browserProcessTree(profileDir)) > maxMemory) {
          overMemory = true;
          stats.memoryRestarts++;
        }
        if (pooled.uses < pageUses && !pooled.page.isClosed() && context) {
          idle.push(pooled);
          pooled = undefined;
        }
        return out;
      } finally {
        if (pooled) await pooled.page.close().catch(() => {});
        release();
      }
    },
    async close() {
      closed = true;
      await restart();
    },
    stats: () => ({ ...stats, open: context?.pages().length ?? 0, idle: idle.length }),
    pids: () => (context && profileDir ? browserProcessTree(profileDir) : []),
  };
}
