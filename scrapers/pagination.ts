// Pagination shared by the page-based kinds: where the next page is, and when to stop.
import type { FetchResult } from '../src/ports/fetcher.js';
import type { AcceptResult } from './collector.js';
import type { KindResult, ScrapeContext, SourceSpec } from './context.js';

export interface PageOutcome {
  /** Results of offering the page's items to the collector. */
  results: AcceptResult[];
}

/** Why a paginated crawl should stop after this page, or undefined to go on. */
export function stopReason(results: AcceptResult[], collectorFull: boolean, pagesFetched: number, maxPages: number): string | undefined {
  if (collectorFull || results.includes('full')) return 'limit reached';
  if (pagesFetched >= maxPages) return 'max pages reached';
  if (results.length === 0) return 'page had no items';
  // Incremental: a page with nothing new means the rest was collected on an earlier run.
  if (!results.includes('new')) return 'page had nothing new';
  return undefined;
}

/** The URL of page n with a page parameter set. */
export function withPageParam(url: string, param: string, n: number): string {
  const u = new URL(url);
  u.searchParams.set(param, String(n));
  return u.href;
}

/** The page number in a URL's page parameter, or `start` when absent. */
export function pageNumberOf(url: string, param: string, start: number): number {
  const v = Number(new URL(url).searchParams.get(param));
  return Number.isInteger(v) && v >= 0 ? v : start;
}

export interface PageVisit {
  results: AcceptResult[];
  /** Absolute URL of the next page, if the page links one. */
  next?: string;
  notModified?: boolean;
}

export interface Paginated {
  pages: number;
  notModified: boolean;
  /** Where a later run should carry on (the crawl stopped at the limit or maxPages), if anywhere. */
  resume?: string;
}

/**
 * Walks pages from `first`. Stops at the limit, maxPages, a page without items, a page with
 * nothing new, a loop, or the last page. Backfill: a run that stops at the limit or maxPages leaves
 * `resume`; the next run reads the first page for new items and, when nothing there is new,
 * carries on from `resume` instead of stopping — so an interrupted or capped crawl still reaches
 * its older pages.
 */
export async function paginate(opts: {
  first: string;
  resume?: string;
  maxPages: number;
  collectorFull: () => boolean;
  visit: (url: string, index: number) => Promise<PageVisit>;
}): Promise<Paginated> {
  const visited = new Set<string>();
  let url: string | undefined = opts.first;
  let pages = 0;
  // Pages counted against maxPages: the first-page check before a resume jump is not counted.
  let counted = 0;
  let resumeUsed = !opts.resume;
  while (url && !visited.has(url)) {
    visited.add(url);
    const page = await opts.visit(url, pages);
    pages++;
    counted++;
    const nothingNew = page.notModified || !page.results.includes('new');
    if (!resumeUsed && nothingNew && !opts.collectorFull()) {
      resumeUsed = true;
      counted = 0;
      // The resume point may be this very page (the last run stopped inside it): go past it.
      url = opts.resume === url ? page.next : opts.resume;
      continue;
    }
    if (page.notModified) return { pages, notModified: pages === 1, resume: resumeUsed ? undefined : opts.resume };
    const why = stopReason(page.results, opts.collectorFull(), counted, opts.maxPages);
    // Stopped inside a page: resume there; stopped at its end: resume at the next one.
    if (why === 'limit reached') return { pages, notModified: false, resume: page.results.includes('full') ? url : page.next };
    if (why === 'max pages reached') return { pages, notModified: false, resume: page.next };
    if (why) return { pages, notModified: false, resume: resumeUsed ? undefined : opts.resume };
    url = page.next;
  }
  return { pages, notModified: false, resume: resumeUsed ? undefined : opts.resume };
}

/** How a page-based source is paged: a page parameter (counted from startPage) or the page's own "next" link. */
export interface Paging {
  pageParam?: string;
  startPage?: number;
  maxPages?: number;
}

/**
 * The crawl every page-based kind shares: the first page (conditional GET from the saved
 * validators), then the pages after it by page parameter or by the page's "next" link, resuming
 * where a capped run stopped. `read` extracts one fetched page: what the collector said of its
 * items, and its "next" link.
 */
export async function crawlPages(
  spec: SourceSpec & { url: string },
  ctx: ScrapeContext,
  paging: Paging,
  read: (res: FetchResult) => { results: AcceptResult[]; next?: string },
): Promise<KindResult> {
  const start = paging.startPage ?? 1;
  let validators: { etag?: string; lastModified?: string } = {};
  const out = await paginate({
    first: paging.pageParam ? withPageParam(spec.url, paging.pageParam, start) : spec.url,
    resume: typeof spec.state.resume === 'string' ? spec.state.resume : undefined,
    maxPages: Math.min(ctx.maxPages, paging.maxPages ?? Infinity),
    collectorFull: () => ctx.collector.full(),
    visit: async (url, index) => {
      const res = await ctx.fetcher.fetch(url, index === 0 ? { etag: spec.state.etag, lastModified: spec.state.lastModified } : {});
      if (index === 0) validators = { etag: res.etag, lastModified: res.lastModified };
      if (res.notModified) return { results: [], notModified: true };
      const page = read(res);
      const next = paging.pageParam ? withPageParam(spec.url, paging.pageParam, pageNumberOf(url, paging.pageParam, start) + 1) : page.next;
      return { results: page.results, next };
    },
  });
  return { pagesFetched: out.pages, notModified: out.notModified, ...validators, resume: out.resume };
}
